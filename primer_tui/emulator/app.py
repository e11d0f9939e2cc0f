"""The emulator as an ASGI app: Primer's ``/client-session`` endpoints and a small control API.

``create_app()`` returns a Starlette app that runs in process (``httpx.ASGITransport``) or on
loopback (``server.py``). Its state is public so tests can reach in:

- ``app.state.store``: the ``SessionStore``; ``app.state.sessions``: the seeded sessions (name,
  description, token), in seed order.
- ``app.state.faults``: the ``FaultSet`` (``app.state.faults.add("get:503:once")``).
- ``app.state.requests``: the ``/client-session`` requests seen (method, ``X-API-VERSION``, fault),
  the latest ``REQUEST_LOG_SIZE``.

Order of checks, a choice where Primer is silent: faults (a gateway's), then ``X-API-KEY`` when a
key is configured (401), then the body's schema (422), then the client token (400
``ClientSessionValidationError``), then ``MetadataContainsEmptyKey`` (400).

``X-API-VERSION`` is read and logged, not acted on: no documented client-session behaviour differs
between 2.1 and 2.4 that the emulator models. A GET without ``clientToken`` is an invalid token
(the spec makes the parameter optional), a PATCH without one is a 422 ("the only required field").

The control API (``/_emulator/faults``: GET lists, POST adds, DELETE clears; ``/_emulator/sessions``
lists the seeds) is not Primer's; it asks for the key too, since a trainer may expose the port.
"""

from __future__ import annotations

import hmac
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from primer_tui.emulator import errors
from primer_tui.emulator.faults import Fault, FaultSet, FaultSpecError, faults_from_json
from primer_tui.emulator.injection import FaultInjector
from primer_tui.emulator.seeds import Seed, SeedError, builtin_seeds
from primer_tui.emulator.store import (
    Clock,
    InvalidToken,
    SessionStore,
    charged_amount,
    merge_patch,
    response_view,
)
from primer_tui.emulator.tokens import TokenMinter
from primer_tui.emulator.validation import (
    TOO_DEEP,
    Problems,
    amount_problems,
    has_empty_metadata_key,
    request_problems,
)

Handler = Callable[[Request], Awaitable[Response]]

REQUEST_LOG_SIZE = 10_000
"""The request log keeps the latest requests only: a training server may run for days."""


@dataclass(frozen=True)
class SeededSession:
    """A session created at start-up: what the demo lists and the CLI prints."""

    name: str
    description: str
    token: str


def create_app(
    *,
    seeds: Iterable[Seed] | None = None,
    api_key: str | None = None,
    env: str = "SANDBOX",
    faults: Iterable[Fault | str] = (),
    clock: Clock = time.time,
    secret: bytes | None = None,
) -> Starlette:
    """A new emulator with its own sessions, tokens and faults.

    Args:
        seeds: Sessions to create at start-up; ``None`` = the built-in seeds, ``[]`` = none.
        api_key: When set, every request needs ``X-API-KEY`` equal to it (else 401).
        env: ``SANDBOX`` or ``PRODUCTION``: the tokens' ``env`` claim.
        faults: Fault rules active from the start (``Fault`` objects or spec strings).
        clock: Unix seconds now; inject one to test the 24 h expiry.
        secret: The tokens' HMAC key; random when ``None``.

    Raises:
        SeedError: A seed is not a valid POST body.
        FaultSpecError: A fault spec cannot be parsed.
        ValueError: ``env`` is unknown.
    """
    minter = TokenMinter(env.upper(), secret) if secret else TokenMinter(env.upper())
    app = Starlette(routes=_routes(), middleware=[Middleware(FaultInjector)])
    app.state.env = minter.env
    app.state.api_key = api_key or None
    app.state.store = SessionStore(minter, clock)
    app.state.faults = FaultSet(faults)
    app.state.requests = deque(maxlen=REQUEST_LOG_SIZE)
    app.state.connection_dropper = None
    app.state.sessions = _seed(app.state.store, builtin_seeds() if seeds is None else seeds)
    return app


def _routes() -> list[Route]:
    return [
        Route("/client-session", _api(_retrieve), methods=["GET"]),
        Route("/client-session", _api(_create), methods=["POST"]),
        Route("/client-session", _api(_update), methods=["PATCH"]),
        Route("/_emulator/faults", _api(_list_faults), methods=["GET"]),
        Route("/_emulator/faults", _api(_add_faults), methods=["POST"]),
        Route("/_emulator/faults", _api(_clear_faults), methods=["DELETE"]),
        Route("/_emulator/sessions", _api(_list_sessions), methods=["GET"]),
    ]


def _seed(store: SessionStore, seeds: Iterable[Seed]) -> list[SeededSession]:
    created = []
    for seed in seeds:
        problems = _create_problems(seed.session)
        if problems:
            details = "; ".join(f"{path}: {text}" for path, text in problems)
            raise SeedError(f"seed {seed.name!r} is not a valid session: {details}")
        created.append(SeededSession(seed.name, seed.description, store.create(seed.session).token))
    return created


def _create_problems(body: Any) -> Problems:
    problems = request_problems(body, update=False)
    if not problems and has_empty_metadata_key(body):
        problems = [("$.metadata", "Metadata field contains empty string key.")]
    return problems or amount_problems(charged_amount(body))


def _api(handler: Handler) -> Handler:
    """The handler behind the ``X-API-KEY`` check."""

    async def checked(request: Request) -> Response:
        return _key_problem(request) or await handler(request)

    return checked


def _key_problem(request: Request) -> Response | None:
    expected = request.app.state.api_key
    if not expected:
        return None
    given = request.headers.get("x-api-key")
    if not given:
        return errors.unauthorized("The X-API-KEY header is missing.")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return errors.unauthorized("The API key is not valid.")
    return None


async def _retrieve(request: Request) -> Response:
    store: SessionStore = request.app.state.store
    try:
        stored = store.lookup(request.query_params.get("clientToken"))
    except InvalidToken:
        return errors.invalid_token()
    return JSONResponse(response_view(stored.data))


async def _create(request: Request) -> Response:
    body, problems = await _json_body(request)
    problems = problems or request_problems(body, update=False)
    if problems:
        return errors.request_validation(errors.CREATE_MODEL, problems)
    if has_empty_metadata_key(body):
        return errors.metadata_empty_key()
    problems = amount_problems(charged_amount(body))
    if problems:
        return errors.request_validation(errors.CREATE_MODEL, problems)
    stored = request.app.state.store.create(body)
    token_fields = {
        "clientToken": stored.token, "clientTokenExpirationDate": stored.expiration_date,
    }
    return JSONResponse({**token_fields, **response_view(stored.data)})


async def _update(request: Request) -> Response:
    body, problems = await _json_body(request)
    problems = problems or request_problems(body, update=True)
    if problems:
        return errors.request_validation(errors.UPDATE_MODEL, problems)
    store: SessionStore = request.app.state.store
    try:
        stored = store.lookup(body["clientToken"])
    except InvalidToken:
        return errors.invalid_token()
    if has_empty_metadata_key(body):
        return errors.metadata_empty_key()
    merged = merge_patch(stored.data, body)
    problems = amount_problems(charged_amount(merged))
    if problems:
        return errors.request_validation(errors.UPDATE_MODEL, problems)
    answer = JSONResponse(response_view(merged))  # rendered first: a failure stores nothing
    store.save(stored.token, merged)
    return answer


async def _json_body(request: Request) -> tuple[Any, Problems]:
    """The parsed body, or a 422 problem: not JSON, NaN or Infinity, or nested too deep.

    Python's json reads NaN and Infinity, which no response could then carry (a JSON encoder
    refuses them): they are refused here, as JSON itself does. A body nested beyond the
    parser's recursion limit gets the same answer as one beyond ``MAX_DEPTH`` (validation).
    """
    try:
        return json.loads(await request.body(), parse_constant=_not_json), []
    except RecursionError:
        return None, [("$", TOO_DEEP)]
    except ValueError as error:  # also bad UTF-8 (UnicodeDecodeError is a ValueError)
        return None, [("$", f"Value must be valid JSON: {error}")]


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _faults_json(faults: FaultSet) -> JSONResponse:
    listed = [{**fault.to_json(), "remaining": left} for fault, left in faults.active()]
    return JSONResponse({"faults": listed})


async def _list_faults(request: Request) -> Response:
    return _faults_json(request.app.state.faults)


async def _add_faults(request: Request) -> Response:
    body, problems = await _json_body(request)
    if problems:
        return errors.bad_control_request(problems[0][1])
    try:
        request.app.state.faults.add(*faults_from_json(body))
    except FaultSpecError as error:
        return errors.bad_control_request(str(error))
    return _faults_json(request.app.state.faults)


async def _clear_faults(request: Request) -> Response:
    request.app.state.faults.clear()
    return _faults_json(request.app.state.faults)


async def _list_sessions(request: Request) -> Response:
    sessions = [asdict(seeded) for seeded in request.app.state.sessions]
    return JSONResponse({"env": request.app.state.env, "sessions": sessions})
