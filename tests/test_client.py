"""PrimerClient: requests sent, every answer and failure mapped to its error, the key kept secret."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from primer_tui import __version__
from primer_tui.client import (
    DEFAULT_TIMEOUT,
    ENVIRONMENTS,
    ApiError,
    AuthError,
    BadResponse,
    ConnectFailed,
    ConnectionLost,
    FieldError,
    PrimerClient,
    PrimerError,
    RequestNotSent,
    Timeout,
    TransportError,
    ValidationFailed,
    _ApiKeyAuth,
)

KEY = "sk-test-SECRET-123"
SANDBOX = ENVIRONMENTS["sandbox"]
SESSION = {"clientToken": "tok-1", "customerId": "c-1", "currencyCode": "GBP", "amount": 650}
PATCH_BODY = {"clientToken": "tok-1", "customer": {"emailAddress": "a@example.com"}}

Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler, *, api_key: str | None = KEY, **kwargs: Any) -> PrimerClient:
    kwargs.setdefault("base_url", SANDBOX)
    return PrimerClient(api_key=api_key, transport=httpx.MockTransport(handler), **kwargs)


def answer(status: int, body: Any = None, *, text: str | None = None) -> Handler:
    """A handler that always gives this answer."""
    if text is not None:
        return lambda request: httpx.Response(status, text=text)
    return lambda request: httpx.Response(status, json=body)


def fail(error: type[httpx.HTTPError], message: str = "boom") -> Handler:
    """A handler that raises this httpx error, as a real transport would."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise error(message, request=request)

    return handler


def primer_error(error_id: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"errorId": error_id, "description": description, "diagnosticsId": "diag-42",
                      **extra}}


async def raised(awaitable: Awaitable[Any]) -> PrimerError:
    """The PrimerError the call raises (fails the test if it returns)."""
    try:
        await awaitable
    except PrimerError as error:
        return error
    raise AssertionError("no PrimerError raised")


async def call(client: PrimerClient, method: str) -> Any:
    """Call the client method named like the HTTP method."""
    if method == "GET":
        return await client.get("tok-1")
    if method == "POST":
        return await client.create({"currencyCode": "GBP"})
    return await client.update(PATCH_BODY)


# --- requests -------------------------------------------------------------------------------------


class Recorder:
    """A handler that records requests and answers with a session."""

    def __init__(self, body: Any = SESSION) -> None:
        self.requests: list[httpx.Request] = []
        self.body = body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=self.body)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


async def test_get_sends_the_token_in_the_query_and_the_headers() -> None:
    recorder = Recorder()
    async with client_for(recorder) as client:
        assert await client.get("tok/+ 1=") == SESSION
    request = recorder.last
    assert request.method == "GET"
    assert str(request.url.copy_with(query=None)) == "https://api.sandbox.primer.io/client-session"
    assert request.url.params["clientToken"] == "tok/+ 1="
    assert request.headers["X-API-KEY"] == KEY
    assert request.headers["X-API-VERSION"] == "2.4"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == f"primer-tui/{__version__}"


async def test_no_key_header_without_a_key() -> None:
    recorder = Recorder()
    async with client_for(recorder, api_key=None) as client:
        await client.get("tok-1")
    assert "X-API-KEY" not in recorder.last.headers
    assert recorder.last.headers["X-API-VERSION"] == "2.4"


async def test_api_version_is_configurable() -> None:
    recorder = Recorder()
    async with client_for(recorder, api_version="2.2") as client:
        await client.get("tok-1")
    assert recorder.last.headers["X-API-VERSION"] == "2.2"


async def test_update_patches_with_the_json_body() -> None:
    recorder = Recorder()
    async with client_for(recorder) as client:
        assert await client.update(PATCH_BODY) == SESSION
    request = recorder.last
    assert request.method == "PATCH"
    assert request.url.path == "/client-session"
    assert not request.url.query
    assert json.loads(request.content) == PATCH_BODY
    assert request.headers["X-API-KEY"] == KEY


async def test_create_posts_the_body_and_returns_the_token() -> None:
    recorder = Recorder()
    async with client_for(recorder) as client:
        created = await client.create({"currencyCode": "GBP", "orderId": "o-1"})
    assert created["clientToken"] == "tok-1"
    assert recorder.last.method == "POST"
    assert json.loads(recorder.last.content) == {"currencyCode": "GBP", "orderId": "o-1"}


async def test_default_timeouts_fit_primers_90_second_limit() -> None:
    assert (DEFAULT_TIMEOUT.connect, DEFAULT_TIMEOUT.read) == (5.0, 95.0)
    assert (DEFAULT_TIMEOUT.write, DEFAULT_TIMEOUT.pool) == (10.0, 5.0)
    recorder = Recorder()
    async with client_for(recorder) as client:
        await client.get("tok-1")
    assert recorder.last.extensions["timeout"] == {
        "connect": 5.0, "read": 95.0, "write": 10.0, "pool": 5.0}


def test_environment_base_urls() -> None:
    assert ENVIRONMENTS == {
        "sandbox": "https://api.sandbox.primer.io",
        "production": "https://api.primer.io",
    }


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        (ENVIRONMENTS["production"], "https://api.primer.io/client-session"),
        (ENVIRONMENTS["sandbox"] + "/", "https://api.sandbox.primer.io/client-session"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765/client-session"),
        ("https://proxy.example/primer/", "https://proxy.example/primer/client-session"),
    ],
)
async def test_requests_go_to_the_base_url(base_url: str, expected: str) -> None:
    recorder = Recorder()
    async with client_for(recorder, base_url=base_url) as client:
        await client.update(PATCH_BODY)
    assert str(recorder.last.url) == expected


@pytest.mark.parametrize("base_url", ["", "api.primer.io", "ftp://api.primer.io", "https://"])
def test_a_base_url_that_is_not_http_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base URL"):
        PrimerClient(api_key=None, base_url=base_url)


async def test_the_in_process_asgi_transport_works() -> None:
    async def endpoint(request: Request) -> JSONResponse:
        return JSONResponse({**SESSION, "clientToken": request.query_params["clientToken"]})

    app = Starlette(routes=[Route("/client-session", endpoint)])
    transport = httpx.ASGITransport(app=app)
    async with PrimerClient(api_key=None, base_url="http://emulator", transport=transport) as client:
        assert (await client.get("tok-9"))["clientToken"] == "tok-9"


async def test_closing_the_client_closes_its_connections() -> None:
    async with client_for(Recorder()) as client:
        await client.get("tok-1")
    with pytest.raises(RuntimeError):
        await client.get("tok-1")


def test_a_refused_base_url_does_not_show_the_key_in_frame_locals() -> None:
    with pytest.raises(ValueError) as caught:
        PrimerClient(api_key=KEY, base_url="not a url")
    shown = traceback.TracebackException.from_exception(caught.value, capture_locals=True)
    text = "".join(shown.format())
    assert "self = PrimerClient(base_url=None, api_version=None, api_key=***)" in text
    assert KEY not in text


def test_repr_masks_the_key() -> None:
    client = PrimerClient(api_key=KEY, base_url=SANDBOX)
    assert repr(client) == (
        "PrimerClient(base_url='https://api.sandbox.primer.io', api_version='2.4', api_key=***)"
    )
    assert "api_key=None" in repr(PrimerClient(api_key=None, base_url=SANDBOX))


# --- error answers ------------------------------------------------------------------------------


async def test_400_client_session_validation_error() -> None:
    body = primer_error("ClientSessionValidationError", "The client token is invalid.")
    async with client_for(answer(400, body)) as client:
        error = await raised(client.get("expired"))
    assert type(error) is ApiError
    assert error.status == 400
    assert error.error_id == "ClientSessionValidationError"
    assert error.description == "The client token is invalid."
    assert error.diagnostics_id == "diag-42"
    assert error.recovery_suggestion is None
    assert error.validation_errors == []
    assert json.loads(error.body) == body
    assert not error.outcome_unknown
    assert (error.method, error.url) == ("GET", "https://api.sandbox.primer.io/client-session")
    message = str(error)
    assert message.startswith("GET https://api.sandbox.primer.io/client-session was refused: 400")
    assert "ClientSessionValidationError" in message and "The client token is invalid." in message
    assert "diag-42" in message
    assert "expired" not in message, "the client token is not repeated in messages"
    assert "token" in error.hint


async def test_primers_recovery_suggestion_becomes_the_hint() -> None:
    body = primer_error("MetadataContainsEmptyKey", "Metadata has an empty key.",
                        recoverySuggestion="Remove the empty key from metadata.")
    async with client_for(answer(400, body)) as client:
        error = await raised(client.update(PATCH_BODY))
    assert error.recovery_suggestion == error.hint == "Remove the empty key from metadata."


@pytest.mark.parametrize("status", [500, 503, 504])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_after_a_5xx_on_post_or_patch_the_unknown_outcome_comes_before_a_retry(
    method: str, status: int
) -> None:
    body = primer_error("InternalServerError", "An unexpected error occurred.",
                        recoverySuggestion="Please retry the request.")
    async with client_for(answer(status, body)) as client:
        error = await raised(call(client, method))
    first = {"PATCH": "the update may or may not have been applied: reload the session",
             "POST": "a session may or may not have been created: check before creating"}
    assert error.outcome_unknown and error.hint.startswith(first[method])
    assert error.hint.endswith("(the server suggests: Please retry the request.)")


async def test_after_a_5xx_on_get_the_servers_suggestion_is_the_hint() -> None:
    body = primer_error("InternalServerError", "An unexpected error occurred.",
                        recoverySuggestion="Please retry the request.")
    async with client_for(answer(500, body)) as client:
        error = await raised(client.get("tok-1"))
    assert error.hint == "Please retry the request." and not error.outcome_unknown


async def test_400_with_validation_errors_is_validation_failed() -> None:
    body = primer_error("ClientSessionValidationError", "Invalid.",
                        validationErrors=[{"path": "$.orderId", "description": "Too long"}])
    async with client_for(answer(400, body)) as client:
        error = await raised(client.update(PATCH_BODY))
    assert isinstance(error, ValidationFailed)
    assert error.validation_errors == [FieldError("$.orderId", "Too long", "order_id")]


async def test_422_flattens_the_validation_errors_with_model_paths() -> None:
    paths = {
        "$.customer.emailAddress": "customer.email_address",
        "$.order.lineItems[0].productData.pageUrl": "order.line_items[0].product_data.page_url",
        "$.paymentMethod.options.PAYMENT_CARD.networks.VISA.surcharge.amount":
            "payment_method.options.PAYMENT_CARD.networks.VISA.surcharge.amount",
        "$.paymentMethod.vaultOn3DS": "payment_method.vault_on_3ds",
        "$.customerId": "customer_id",
    }
    wire = list(paths)
    body = primer_error(
        "RequestValidationError",
        "We were unable to validate your request, please check your payload against /docs/api",
        validationErrors=[
            {"model": "ClientSessionAPIRequest",
             "errors": [{"path": path, "description": f"bad {i}"} for i, path in enumerate(wire[:3])]},
            {"model": "ClientSessionUpdateAPIRequest",
             "errors": [{"path": path, "description": f"bad {i}"}
                        for i, path in enumerate(wire[3:], start=3)]},
        ],
    )
    async with client_for(answer(422, body)) as client:
        error = await raised(client.update(PATCH_BODY))
    assert isinstance(error, ValidationFailed) and isinstance(error, ApiError)
    assert error.status == 422 and error.error_id == "RequestValidationError"
    assert error.validation_errors == [
        FieldError(path, f"bad {i}", paths[path]) for i, path in enumerate(wire)]
    message = str(error)
    assert "422" in message and "diag-42" in message
    # Shown as Primer spells them (what the person wrote); the model's paths are for the editor.
    assert "  customer.emailAddress: bad 0" in message.splitlines()
    assert "  order.lineItems[0].productData.pageUrl: bad 1" in message.splitlines()
    assert "  customerId: bad 4" in message.splitlines()
    assert "fields listed" in error.hint
    assert not error.outcome_unknown, "a 422 means nothing was applied"


async def test_odd_validation_error_shapes_do_not_break_the_error() -> None:
    body = primer_error("RequestValidationError", "Bad.",
                        validationErrors=["free text", {"path": None}, {"errors": "x"}, 3])
    async with client_for(answer(422, body)) as client:
        error = await raised(client.update(PATCH_BODY))
    assert isinstance(error, ValidationFailed)
    assert [e.message for e in error.validation_errors] == [
        "free text", "is not valid", "is not valid", "3"]


async def test_many_validation_errors_are_cut_short_in_the_message() -> None:
    errors = [{"path": f"$.metadata.k{i}", "description": "bad"} for i in range(30)]
    body = primer_error("RequestValidationError", "Bad.", validationErrors=errors)
    async with client_for(answer(422, body)) as client:
        error = await raised(client.update(PATCH_BODY))
    assert len(error.validation_errors) == 30
    assert "… and 10 more" in str(error)


@pytest.mark.parametrize("status", [401, 403])
async def test_401_and_403_are_auth_errors(status: int) -> None:
    body = primer_error("Unauthorized", "Invalid API key.")
    async with client_for(answer(status, body)) as client:
        error = await raised(client.get("tok-1"))
    assert isinstance(error, AuthError)
    assert error.status == status
    assert "PRIMER_API_KEY" in error.hint and "environment" in error.hint
    assert "Invalid API key." in str(error)


async def test_a_gateways_json_403_is_read_too() -> None:
    async with client_for(answer(403, {"message": "Forbidden"})) as client:
        error = await raised(client.get("tok-1"))
    assert isinstance(error, AuthError)
    assert error.description == "Forbidden" and error.error_id is None
    assert "403 Forbidden" in str(error) and "client_tokens:write" in error.hint


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "POST", "PATCH"])
async def test_5xx_is_an_api_error_and_leaves_a_write_unknown(status: int, method: str) -> None:
    body = primer_error("InternalServerError", "Something went wrong.")
    async with client_for(answer(status, body)) as client:
        error = await raised(call(client, method))
    assert type(error) is ApiError
    assert error.status == status
    assert f"failed: {status}" in str(error)
    assert error.outcome_unknown is (method != "GET")
    if method == "PATCH":
        assert error.hint.startswith("the update may or may not have been applied")
    elif method == "GET":
        assert "try again" in error.hint


async def test_504_on_get_explains_primers_time_limit() -> None:
    async with client_for(answer(504, primer_error("Timeout", "Timed out."))) as client:
        error = await raised(client.get("tok-1"))
    assert "90 s" in error.hint


async def test_a_proxys_html_502_names_the_status_and_the_page() -> None:
    page = ("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
            "<body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>")
    async with client_for(answer(502, text=page)) as client:
        error = await raised(client.get("tok-1"))
    assert type(error) is ApiError
    assert error.status == 502
    assert error.description == "502 Bad Gateway"
    assert error.error_id is None and error.diagnostics_id is None
    assert error.body == page
    message = str(error)
    assert "failed: 502 Bad Gateway" in message
    assert "HTML page, not JSON" in message and "proxy" in message
    assert "<html>" not in message


async def test_a_plain_text_error_body_is_quoted_trimmed() -> None:
    text = "upstream connect error " * 50
    async with client_for(answer(503, text=text)) as client:
        error = await raised(client.get("tok-1"))
    assert type(error) is ApiError
    assert error.description.startswith("upstream connect error upstream")
    assert len(error.description) <= 200 and error.description.endswith("…")
    assert error.description in str(error)


async def test_an_empty_error_body_is_said_so() -> None:
    async with client_for(answer(500, text="")) as client:
        error = await raised(client.get("tok-1"))
    assert type(error) is ApiError
    assert str(error).endswith("500 Internal Server Error, with an empty body")


async def test_a_404_points_at_the_base_url() -> None:
    async with client_for(answer(404, text="Not Found")) as client:
        error = await raised(client.get("tok-1"))
    assert type(error) is ApiError and error.status == 404
    assert "base URL" in error.hint


# --- bad 2xx answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handler", "problem"),
    [
        (answer(200, text="<html><title>Login</title></html>"), "not a JSON object: Login"),
        (answer(200, text="not json at all"), "not a JSON object: not json at all"),
        (answer(200, [SESSION]), "not a JSON object"),
        (answer(204, text=""), "not a JSON object"),
        (lambda r: httpx.Response(200, content=b"\xff\xfe{"), "not a JSON object"),
    ],
    ids=["html", "text", "json-array", "empty", "bad-utf8"],
)
async def test_a_2xx_body_that_is_not_a_json_object_is_a_bad_response(
    handler: Handler, problem: str
) -> None:
    async with client_for(handler) as client:
        error = await raised(client.get("tok-1"))
    assert type(error) is BadResponse
    assert error.status in (200, 204)
    assert problem in str(error)
    assert "base URL" in error.hint
    assert not error.outcome_unknown


async def test_a_bad_2xx_body_on_patch_leaves_the_outcome_unknown() -> None:
    async with client_for(answer(200, text="OK")) as client:
        error = await raised(client.update(PATCH_BODY))
    assert type(error) is BadResponse and error.outcome_unknown
    assert error.hint.startswith("the update may or may not have been applied")


async def test_create_without_a_client_token_is_a_bad_response() -> None:
    async with client_for(answer(200, {"customerId": "c-1"})) as client:
        error = await raised(client.create({"currencyCode": "GBP"}))
    assert type(error) is BadResponse
    assert "no clientToken" in str(error) and error.outcome_unknown


# --- no usable answer -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH"])
async def test_a_refused_connection_is_connect_failed(method: str) -> None:
    async with client_for(fail(httpx.ConnectError, "[Errno 111] Connection refused")) as client:
        error = await raised(call(client, method))
    assert type(error) is ConnectFailed and isinstance(error, TransportError)
    assert "could not connect" in str(error) and "Connection refused" in str(error)
    assert error.detail == "ConnectError: [Errno 111] Connection refused"
    assert not error.outcome_unknown, "nothing was sent"
    assert "base URL" in error.hint


@pytest.mark.parametrize(
    ("exc", "method", "phase", "unknown"),
    [
        (httpx.ReadTimeout, "PATCH", "read", True),
        (httpx.ReadTimeout, "POST", "read", True),
        (httpx.ReadTimeout, "GET", "read", False),
        (httpx.WriteTimeout, "PATCH", "write", True),
        (httpx.ConnectTimeout, "PATCH", "connect", False),
        (httpx.PoolTimeout, "PATCH", "pool", False),
    ],
)
async def test_timeouts(exc: type[httpx.HTTPError], method: str, phase: str, unknown: bool) -> None:
    async with client_for(fail(exc, "timed out")) as client:
        error = await raised(call(client, method))
    assert isinstance(error, Timeout) and isinstance(error, TransportError)
    assert error.phase == phase
    assert error.outcome_unknown is unknown
    assert f"({phase} timeout)" in str(error)


async def test_a_read_timeout_on_patch_says_to_reload_first() -> None:
    async with client_for(fail(httpx.ReadTimeout, "timed out")) as client:
        error = await raised(client.update(PATCH_BODY))
    assert isinstance(error, Timeout) and error.outcome_unknown
    assert "no answer within 95 s" in str(error)
    assert error.hint == ("the update may or may not have been applied: reload the session and "
                          "compare before sending again")


@pytest.mark.parametrize(
    ("exc", "method", "unknown"),
    [
        (httpx.RemoteProtocolError, "PATCH", True),
        (httpx.RemoteProtocolError, "GET", False),
        (httpx.ReadError, "POST", True),
    ],
)
async def test_a_dropped_connection_is_connection_lost(
    exc: type[httpx.HTTPError], method: str, unknown: bool
) -> None:
    message = "Server disconnected without sending a response."
    async with client_for(fail(exc, message)) as client:
        error = await raised(call(client, method))
    assert type(error) is ConnectionLost
    assert message in str(error) and "connection was lost" in str(error)
    assert error.outcome_unknown is unknown


@pytest.mark.parametrize("method", ["GET", "PATCH"])
async def test_a_request_httpx_refuses_to_send_is_not_a_dropped_connection(method: str) -> None:
    async with client_for(fail(httpx.LocalProtocolError, "Illegal header value b'x'")) as client:
        error = await raised(call(client, method))
    assert type(error) is RequestNotSent
    assert "nothing was sent" in str(error) and "Illegal header value" in str(error)
    assert not error.outcome_unknown
    assert "retry" not in error.hint and "dropped" not in error.hint


NOT_HTTPX = {
    "unencodable header": UnicodeEncodeError("utf-8", "k\udcff", 1, 2, "surrogates not allowed"),
    "echoing the key": ValueError(f"bad value {KEY!r}"),
    "not JSON": TypeError("Object of type set is not JSON serializable"),
    "too deep": RecursionError("maximum recursion depth exceeded"),
}


@pytest.mark.parametrize("exc", NOT_HTTPX.values(), ids=NOT_HTTPX.keys())
async def test_an_error_from_outside_httpx_while_sending_is_a_primer_error(
    exc: Exception,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    async with client_for(handler) as client:
        error = await raised(client.update(PATCH_BODY))
    assert type(error) is RequestNotSent and not error.outcome_unknown
    assert type(exc).__name__ in str(error)
    assert "SECRET" not in str(error) and "SECRET" not in error.detail
    assert error.__cause__ is None and error.__context__ is None


async def test_a_body_json_cannot_carry_is_refused_before_sending() -> None:
    seen: list[httpx.Request] = []
    async with client_for(lambda r: seen.append(r) or httpx.Response(200, json={})) as client:
        error = await raised(client.update({"clientToken": "t", "amount": float("nan")}))
    assert type(error) is RequestNotSent and seen == []


async def test_errors_do_not_chain_the_httpx_exception() -> None:
    async with client_for(fail(httpx.ReadTimeout)) as client:
        error = await raised(client.update(PATCH_BODY))
    assert error.__cause__ is None and error.__context__ is None


# --- the key never leaks ------------------------------------------------------------------------


BAD_KEYS = ["sekret\nkey-0123", "sekret\rkey-0123", "sekret-key\udcff123", "sekret-kéy-0123"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_a_key_no_header_can_carry_is_refused_by_the_client_without_showing_it(key: str) -> None:
    with pytest.raises(ValueError, match="control character") as caught:
        PrimerClient(api_key=key, base_url=SANDBOX)
    stack = traceback.StackSummary.extract(
        traceback.walk_tb(caught.value.__traceback__), capture_locals=True
    )
    frames = [frame for frame in stack if "primer_tui" in frame.filename]  # not this test's
    shown = str(caught.value) + "".join(repr(frame.locals) for frame in frames)
    assert frames and "sekret" not in shown and "0123" not in shown


def test_an_api_version_no_header_can_carry_is_refused() -> None:
    with pytest.raises(ValueError, match="API version"):
        PrimerClient(api_key=KEY, base_url=SANDBOX, api_version="2.4\n")


@pytest.mark.parametrize("key", [*BAD_KEYS, "sekret'\"\\key"])
def test_scrub_also_removes_the_quoted_and_escaped_forms_of_the_key(key: str) -> None:
    auth = _ApiKeyAuth(key)
    raw = key.encode("utf-8", "surrogateescape")
    for text in (key, repr(key), repr(raw), json.dumps(key), json.dumps(key, ensure_ascii=False),
                 f"LocalProtocolError: Illegal header value {raw!r}"):
        scrubbed = auth.scrub(text)
        assert "sekret" not in scrubbed and "***" in scrubbed, (text, scrubbed)


def echo_key(status: int) -> Handler:
    """A server that echoes the key it received: it must be scrubbed from the error."""
    return lambda request: httpx.Response(
        status, text=f'{{"error": {{"description": "bad key {request.headers["x-api-key"]}"}}}}')


LEAK_CASES = {
    "400": answer(400, primer_error("ClientSessionValidationError", "Invalid.")),
    "401-echo": echo_key(401),
    "422-echo": echo_key(422),
    "500-html-echo": lambda r: httpx.Response(500, text=f"<html>{r.headers['x-api-key']}</html>"),
    "200-text-echo": lambda r: httpx.Response(200, text=f"key={r.headers['x-api-key']}"),
    "connect": fail(httpx.ConnectError, f"refused {KEY}"),
    "read-timeout": fail(httpx.ReadTimeout),
    "write-timeout": fail(httpx.WriteTimeout),
    "remote-protocol": fail(httpx.RemoteProtocolError),
    "decoding": fail(httpx.DecodingError),
}


@pytest.mark.parametrize("case", LEAK_CASES)
@pytest.mark.parametrize("method", ["GET", "PATCH"])
async def test_the_api_key_never_appears_in_an_error(
    case: str, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with client_for(LEAK_CASES[case]) as client:
        error = await raised(call(client, method))
    rendered = [
        str(error),
        repr(error),
        "".join(traceback.format_exception(error)),
        # Textual's crash screen shows every frame's locals.
        "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format()),
        repr(vars(error)),
        repr(client),
        caplog.text,
    ]
    for text in rendered:
        assert KEY not in text


# --- retrying a GET -------------------------------------------------------------------------------


class Script:
    """A handler giving scripted answers in turn, counting requests."""

    def __init__(self, *steps: httpx.Response | type[httpx.HTTPError]) -> None:
        self.steps = list(steps)
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        step = self.steps[min(self.calls, len(self.steps) - 1)]
        self.calls += 1
        if isinstance(step, httpx.Response):
            return step
        raise step("scripted", request=request)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fake_sleep(sleeps: list[float]) -> Callable[[float], Awaitable[None]]:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return sleep


async def test_get_with_retry_retries_5xx_and_transport_errors(
    sleeps: list[float], fake_sleep: Callable[[float], Awaitable[None]]
) -> None:
    script = Script(httpx.Response(503, text="busy"), httpx.ConnectError,
                    httpx.Response(200, json=SESSION))
    async with client_for(script) as client:
        assert await client.get_with_retry("tok-1", attempts=4, sleep=fake_sleep) == SESSION
    assert script.calls == 3
    assert sleeps == [0.5, 1.0]


async def test_get_with_retry_gives_up_with_the_last_error(
    sleeps: list[float], fake_sleep: Callable[[float], Awaitable[None]]
) -> None:
    script = Script(httpx.Response(502, text="bad"), httpx.Response(503, text="busy"),
                    httpx.ReadTimeout)
    async with client_for(script) as client:
        error = await raised(client.get_with_retry("tok-1", backoff=0.1, sleep=fake_sleep))
    assert isinstance(error, Timeout)
    assert script.calls == 3
    assert sleeps == [0.1, 0.2]


@pytest.mark.parametrize(
    "step", [httpx.Response(401, json={}), httpx.Response(400, json={}), httpx.Response(200)],
    ids=["401", "400", "bad-200"],
)
async def test_get_with_retry_does_not_retry_what_would_not_change(
    step: httpx.Response, sleeps: list[float], fake_sleep: Callable[[float], Awaitable[None]]
) -> None:
    script = Script(step, httpx.Response(200, json=SESSION))
    async with client_for(script) as client:
        await raised(client.get_with_retry("tok-1", sleep=fake_sleep))
    assert script.calls == 1 and sleeps == []


async def test_get_with_retry_needs_an_attempt() -> None:
    async with client_for(Recorder()) as client:
        with pytest.raises(ValueError, match="attempts"):
            await client.get_with_retry("tok-1", attempts=0)


# --- real HTTP over loopback -------------------------------------------------------------------


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture
def loopback_server() -> Iterator[str]:
    """A tiny client-session server on 127.0.0.1, run by uvicorn in a thread."""

    async def endpoint(request: Request) -> JSONResponse:
        return JSONResponse({
            "clientToken": request.query_params.get("clientToken"),
            "seenKey": request.headers.get("x-api-key"),
            "seenVersion": request.headers.get("x-api-version"),
        })

    app = Starlette(routes=[Route("/client-session", endpoint)])
    sock = free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started, "the loopback server did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


async def test_get_over_real_loopback_http(loopback_server: str) -> None:
    async with PrimerClient(api_key=KEY, base_url=loopback_server) as client:
        session = await client.get("tok-loop")
    assert session == {"clientToken": "tok-loop", "seenKey": KEY, "seenVersion": "2.4"}


async def test_a_closed_loopback_port_is_connect_failed() -> None:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()  # bound, never listening, now closed: connections are refused
    timeout = httpx.Timeout(2.0)
    async with PrimerClient(api_key=KEY, base_url=f"http://127.0.0.1:{port}",
                            timeout=timeout) as client:
        error = await raised(client.get("tok-1"))
    assert type(error) is ConnectFailed
    assert f"127.0.0.1:{port}" in str(error)
    assert KEY not in str(error)
