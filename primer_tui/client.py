"""Primer's client-session API over HTTP: get, create and update, with typed errors.

One ``httpx.AsyncClient`` per :class:`PrimerClient`, its transport injectable: tests pass
``httpx.MockTransport``, the demo and the emulator ``httpx.ASGITransport(app)``, so every caller
runs the same code. Methods return the parsed JSON object; the model layer parses it further.

Errors are the tree in :mod:`primer_tui.errors` (re-exported here).
Every error's ``str()`` says what happened, ``hint`` says what to do, and ``outcome_unknown`` is
True when a POST or PATCH may have taken effect (read/write timeout, lost connection, 5xx, a 2xx
we cannot read): the caller reloads before sending again.

Decisions and their trade-offs:

- A 4xx/5xx whose body is not JSON (a proxy's HTML 502 page) is an :class:`ApiError` whose
  ``description`` is an excerpt of the body, not a :class:`BadResponse`: the status is what tells
  the caller to retry, re-key or reload. ``BadResponse`` is kept for 2xx answers.
- No automatic retries: a PATCH is never repeated behind the user's back. ``get_with_retry`` is
  there for GET, which is safe to repeat.
- The API key never reaches an error, a log line or a repr: it lives in a masked ``httpx.Auth``;
  errors hold strings only (with the key scrubbed from any echoed body) and are raised outside the
  ``except`` block, so no httpx exception (whose ``request`` holds the headers) is chained. The
  cost: the original httpx exception is not in the traceback; its type and text are in
  ``TransportError.detail``.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Generator
from typing import Any

from primer_tui import __version__
from primer_tui._httpx import httpx
from primer_tui.errors import (
    ApiError,
    AuthError,
    BadResponse,
    ConnectFailed,
    ConnectionLost,
    FieldError,
    PrimerError,
    RequestNotSent,
    Timeout,
    TransportError,
    ValidationFailed,
)
from primer_tui.token import PRIMER_URLS

__all__ = [
    "DEFAULT_TIMEOUT", "ENVIRONMENTS", "ApiError", "AuthError", "BadResponse", "ConnectFailed",
    "ConnectionLost", "FieldError", "PrimerClient", "PrimerError", "RequestNotSent", "Timeout",
    "TransportError", "ValidationFailed",
]

ENVIRONMENTS = PRIMER_URLS
DEFAULT_API_VERSION = "2.4"
# Primer cuts every request at 90 s and answers 504 (NOTES.md): read a little longer to see it.
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=95.0, write=10.0, pool=5.0)
USER_AGENT = f"primer-tui/{__version__}"

_PATH = "/client-session"
_UNSAFE = frozenset({"POST", "PATCH"})
_EXCERPT = 200
_MAX_FIELD_LINES = 20
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

_PHASES = {httpx.ConnectTimeout: "connect", httpx.WriteTimeout: "write", httpx.PoolTimeout: "pool"}
_PHASE_WORDS = {
    "connect": "could not connect",
    "read": "no answer",
    "write": "could not send the request",
    "pool": "no free connection",
}
_UNKNOWN_HINT = {
    "PATCH": "the update may or may not have been applied: reload the session and compare "
    "before sending again",
    "POST": "a session may or may not have been created: check before creating another",
}


class _ApiKeyAuth(httpx.Auth):
    """Adds ``X-API-KEY`` to each request; keeps the key where no repr or traceback shows it."""

    def __init__(self, key: str) -> None:
        self._key = key
        self._forms = _quoted_forms(key)

    def __repr__(self) -> str:
        return "_ApiKeyAuth(***)"

    def scrub(self, text: str) -> str:
        """``text`` with the key replaced by ``***`` (a server may echo the request).

        Also its quoted forms: an exception's text shows the key as Python's repr of a str or of
        bytes (``b'a\\nb'``) or JSON escapes it, none of which contains the key verbatim.
        """
        for form in self._forms:
            text = text.replace(form, "***")
        return text

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-API-KEY"] = self._key
        yield request


def _quoted_forms(key: str) -> list[str]:
    """The key as it may appear in text: itself, escaped as repr, bytes repr and JSON do it."""
    raw = key.encode("utf-8", "surrogateescape")
    forms = {key, repr(key)[1:-1], repr(raw)[2:-1], json.dumps(key)[1:-1],
             key.encode("unicode_escape", "backslashreplace").decode("ascii")}
    return sorted((form for form in forms if form), key=len, reverse=True)


def _unsendable(text: str) -> bool:
    """Whether a header value holds a control character or a non-ASCII one (httpx fails on it)."""
    return not all(" " <= char <= "~" for char in text)


class PrimerClient:
    """An async client for ``/client-session``.

    Use as ``async with PrimerClient(...) as client`` or call :meth:`aclose` when done.
    """

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str,
        api_version: str = DEFAULT_API_VERSION,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        """Create the client.

        Args:
            api_key: Sent as ``X-API-KEY``; None sends no key (the emulator needs none).
            base_url: ``ENVIRONMENTS["sandbox"]``, ``ENVIRONMENTS["production"]`` or a custom URL.
            api_version: Sent as ``X-API-VERSION``: without it Primer uses its oldest version.
            transport: An httpx transport (MockTransport, ASGITransport); default: the network.
            timeout: Default :data:`DEFAULT_TIMEOUT`.

        Raises:
            ValueError: ``base_url`` is not an http(s) URL, or the key or the version holds a
                control or non-ASCII character, which a header cannot carry (the message does
                not show the key).
        """
        # Wrap the key at once and drop the name: Textual's crash screen prints frame locals.
        bad_key = bool(api_key) and _unsendable(api_key)
        self._auth = _ApiKeyAuth(api_key) if api_key and not bad_key else None
        del api_key
        if bad_key:
            raise ValueError("the API key holds a control character (such as a line break) or "
                             "a non-ASCII character, which an HTTP header cannot carry")
        if _unsendable(api_version):
            raise ValueError(f"the API version {api_version!r} holds a character an HTTP header "
                             f"cannot carry")
        self.base_url = _check_base_url(base_url)
        self.api_version = api_version
        self._timeout = timeout or DEFAULT_TIMEOUT
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=self._auth,
            headers=_headers(api_version),
            transport=transport,
            timeout=self._timeout,
        )

    def __repr__(self) -> str:
        key = "***" if self._auth else None
        # getattr: a traceback may show this object half-built, when __init__ refused the URL.
        base_url, version = getattr(self, "base_url", None), getattr(self, "api_version", None)
        return f"PrimerClient(base_url={base_url!r}, api_version={version!r}, api_key={key})"

    async def __aenter__(self) -> PrimerClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def get(self, client_token: str) -> dict[str, Any]:
        """``GET /client-session?clientToken=…``: the session as Primer's JSON object.

        Raises:
            PrimerError: One of its subclasses (see the module docstring).
        """
        return await self._request("GET", params={"clientToken": client_token})

    async def create(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /client-session``: the new session, with its ``clientToken``.

        Raises:
            PrimerError: One of its subclasses (see the module docstring).
        """
        return await self._request("POST", body=body, required="clientToken")

    async def update(self, body: dict[str, Any]) -> dict[str, Any]:
        """``PATCH /client-session`` (``clientToken`` inside ``body``): the whole updated session.

        Raises:
            PrimerError: One of its subclasses (see the module docstring).
        """
        return await self._request("PATCH", body=body)

    async def get_with_retry(
        self,
        client_token: str,
        attempts: int = 3,
        backoff: float = 0.5,
        *,
        sleep: Callable[[float], Awaitable[object]] | None = None,
    ) -> dict[str, Any]:
        """:meth:`get`, tried again after a transport error or a 5xx.

        Waits ``backoff``, then twice that, and so on between attempts. Other errors (401, 400,
        a bad body) are raised at once: trying again would not change them.

        Args:
            client_token: The session's client token.
            attempts: How many requests at most (at least 1).
            backoff: The first wait, in seconds.
            sleep: The wait function (default ``asyncio.sleep``); tests pass a fake.
        """
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        sleep = sleep or asyncio.sleep
        for attempt in range(attempts - 1):
            try:
                return await self.get(client_token)
            except (TransportError, ApiError) as error:
                if isinstance(error, ApiError) and error.status < 500:
                    raise
            await sleep(backoff * 2**attempt)
        return await self.get(client_token)

    async def _request(
        self,
        method: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        required: str | None = None,
    ) -> dict[str, Any]:
        context = {"method": method, "url": self.base_url + _PATH}
        try:
            response = await self._http.request(method, _PATH, params=params, json=body)
        except httpx.HTTPError as exc:
            failure = self._transport_error(exc, context)
        except (ValueError, TypeError, RecursionError) as exc:
            # Building the request failed outside httpx's own errors: a header value it cannot
            # encode (UnicodeEncodeError), a body json.dumps refuses (NaN, too deep, not JSON).
            failure = self._not_sent(exc, context)
        else:
            return self._answer(response, context, required)
        raise failure  # outside the except block: the httpx exception is not chained

    def _scrub(self, text: str) -> str:
        return self._auth.scrub(text) if self._auth else text

    def _answer(
        self, response: httpx.Response, context: dict[str, Any], required: str | None
    ) -> dict[str, Any]:
        if not response.is_success:
            raise _api_error(response.status_code, self._scrub(response.text), context)
        data = _loads(response.content)
        problem = _shape_problem(data, required)
        if problem:
            raise _bad_response(response.status_code, self._scrub(response.text), problem, context)
        return data

    def _not_sent(self, exc: Exception, context: dict[str, Any]) -> PrimerError:
        """A request that failed before it left: a header or body httpx could not encode."""
        detail = self._scrub(f"{type(exc).__name__}: {exc}".rstrip(": "))
        return RequestNotSent(
            f"{_where(context)}: the request could not be built, nothing was sent ({detail})",
            hint="check the API key, the API version and the body for values HTTP or JSON "
            "cannot carry",
            detail=detail,
            **context,
        )

    def _transport_error(self, exc: httpx.HTTPError, context: dict[str, Any]) -> PrimerError:
        detail = self._scrub(f"{type(exc).__name__}: {exc}".rstrip(": "))
        where = _where(context)
        if isinstance(exc, httpx.LocalProtocolError):  # h11 refused what we were about to send
            return self._not_sent(exc, context)
        if isinstance(exc, httpx.TimeoutException):
            return _timeout(exc, where, detail, self._timeout, context)
        if isinstance(exc, httpx.ConnectError | httpx.ProxyError | httpx.UnsupportedProtocol):
            return ConnectFailed(
                f"{where}: could not connect ({detail})",
                hint="check the network connection and the base URL (--env / --base-url)",
                detail=detail,
                **context,
            )
        if isinstance(exc, httpx.DecodingError | httpx.TooManyRedirects):
            return _bad_response(None, "", f"the answer could not be decoded ({detail})", context)
        unknown = context["method"] in _UNSAFE
        return ConnectionLost(
            f"{where}: the connection was lost before a full answer arrived ({detail})",
            hint=_UNKNOWN_HINT[context["method"]] if unknown else "the connection dropped: retry",
            detail=detail,
            outcome_unknown=unknown,
            **context,
        )


def _check_base_url(base_url: str) -> str:
    url = httpx.URL(base_url.strip())
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"the base URL must be an http:// or https:// URL, not {base_url!r}")
    return str(url.copy_with(query=None, fragment=None)).rstrip("/")


def _headers(api_version: str) -> dict[str, str]:
    return {
        "X-API-VERSION": api_version,
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }


def _loads(content: bytes | str) -> Any:
    """The parsed JSON, or None when the body is not JSON."""
    try:
        return json.loads(content)
    except (ValueError, RecursionError):  # ValueError covers bad UTF-8 and bad JSON
        return None


def _shape_problem(data: Any, required: str | None) -> str | None:
    if not isinstance(data, dict):
        return "the body is not a JSON object"
    if required and not isinstance(data.get(required), str):
        return f"the answer has no {required}"
    return None


# --- building errors ---------------------------------------------------------------------------


def _where(context: dict[str, Any]) -> str:
    return f"{context['method']} {context['url']}"


def _timeout(
    exc: httpx.TimeoutException,
    where: str,
    detail: str,
    limits: httpx.Timeout,
    context: dict[str, Any],
) -> Timeout:
    phase = _PHASES.get(type(exc), "read")
    seconds = getattr(limits, phase)
    within = f" within {seconds:g} s" if seconds is not None else ""
    what = _PHASE_WORDS[phase] + within
    # Connect and pool timeouts happen before a byte is sent: the server cannot have acted.
    unknown = context["method"] in _UNSAFE and phase in ("read", "write")
    if unknown:
        hint = _UNKNOWN_HINT[context["method"]]
    elif phase in ("connect", "pool"):
        hint = "check the network connection and the base URL, then try again"
    else:
        hint = "the server is slow or unreachable: try again in a moment"
    return Timeout(f"{where}: {what} ({phase} timeout)", phase=phase, hint=hint, detail=detail,
                   outcome_unknown=unknown, **context)


def _bad_response(
    status: int | None, text: str, problem: str, context: dict[str, Any]
) -> BadResponse:
    reason = httpx.codes.get_reason_phrase(status) if status else ""
    answered = f"answered {status} {reason}" if status else "answered"
    message = f"{_where(context)}: the server {answered}, but {problem}"
    if text:
        message += f": {_excerpt(text)}"
    unknown = context["method"] in _UNSAFE
    hint = "check the base URL: something other than Primer's API may be answering"
    if unknown:
        hint = f"{_UNKNOWN_HINT[context['method']]}; {hint}"
    return BadResponse(message, status=status, body=_excerpt(text), hint=hint,
                       outcome_unknown=unknown, **context)


def _api_error(status: int, text: str, context: dict[str, Any]) -> ApiError:
    fields = _error_fields(text)
    if status in (401, 403):
        kind: type[ApiError] = AuthError
    elif status == 422 or fields.get("validation_errors") or (
        fields.get("error_id") == "RequestValidationError"
    ):
        kind = ValidationFailed
    else:
        kind = ApiError
    unknown = context["method"] in _UNSAFE and status >= 500
    return kind(
        _api_message(status, text, fields, context),
        status=status,
        body=text,
        hint=_api_hint(status, fields, context["method"]),
        outcome_unknown=unknown,
        **fields,
        **context,
    )


def _error_fields(text: str) -> dict[str, Any]:
    """Primer's ``{"error": {...}}`` as ApiError keywords; a description for anything else."""
    data = _loads(text)
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return {"description": _foreign_description(text, data)}
    return {
        "error_id": _text(error.get("errorId")),
        "description": _text(error.get("description")) or "",
        "recovery_suggestion": _text(error.get("recoverySuggestion")),
        "diagnostics_id": _text(error.get("diagnosticsId")),
        "validation_errors": _field_errors(error.get("validationErrors")),
    }


def _foreign_description(text: str, data: Any) -> str:
    # Gateways in front of APIs answer {"message": "Forbidden"} and the like.
    if isinstance(data, dict):
        for key in ("message", "detail", "description", "error"):
            if isinstance(data.get(key), str):
                return data[key]
    return _excerpt(text)


def _field_errors(value: Any) -> list[FieldError]:
    """Flatten 422's ``[{"model", "errors": [{"path", "description"}]}]`` (and flat lists)."""
    if not isinstance(value, list):
        return []
    items: list[Any] = []
    for entry in value:
        nested = entry.get("errors") if isinstance(entry, dict) else None
        items.extend(nested if isinstance(nested, list) else [entry])
    return [_field_error(item) for item in items]


def _field_error(item: Any) -> FieldError:
    if not isinstance(item, dict):
        return FieldError("", str(item), "")
    wire_path = _text(item.get("path")) or ""
    message = _text(item.get("description")) or _text(item.get("message")) or "is not valid"
    return FieldError(wire_path, message, _field_path(wire_path))


def _field_path(wire_path: str) -> str:
    if not wire_path:
        return ""
    from primer_tui.model import field_path_from_wire  # lazy: the model pulls in pydantic

    try:
        return field_path_from_wire(wire_path)
    except Exception:  # noqa: BLE001 - an odd path from the server must not hide the error
        return wire_path.removeprefix("$").lstrip(".")


def _api_message(status: int, text: str, fields: dict[str, Any], context: dict[str, Any]) -> str:
    where = _where(context)
    verb = "failed" if status >= 500 else "was refused"
    head = f"{where} {verb}: {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
    if "error_id" not in fields:  # not Primer's error JSON
        return head + _foreign_note(status, text, fields["description"])
    if fields["error_id"]:
        head += f" ({fields['error_id']})"
    lines = [f"{head}: {fields['description']}".rstrip(": ")]
    lines += _field_lines(fields["validation_errors"])
    if fields["diagnostics_id"]:
        lines.append(f"Diagnostics ID: {fields['diagnostics_id']} (quote it to Primer support)")
    return "\n".join(lines)


def _foreign_note(status: int, text: str, description: str) -> str:
    if not text.strip():
        return ", with an empty body"
    if _looks_like_html(text):
        note = f". The answer is an HTML page, not JSON: {description!r}"
        if status >= 500:
            note += "; a proxy or gateway in front of the API probably sent it"
        return note
    return f": {description}"


def _field_lines(errors: list[FieldError]) -> list[str]:
    # Primer's own path, as the person wrote the JSON (``order.lineItems[0].amount``);
    # ``field_path`` (the model's spelling) is for programs, such as the editor's form rows.
    lines = [f"  {_shown_path(e)}: {e.message}" for e in errors]
    if len(lines) > _MAX_FIELD_LINES:
        more = len(lines) - _MAX_FIELD_LINES
        lines = [*lines[:_MAX_FIELD_LINES], f"  … and {more} more"]
    return lines


def _shown_path(error: FieldError) -> str:
    return error.wire_path.removeprefix("$").lstrip(".") or error.field_path or "(request)"


def _api_hint(status: int, fields: dict[str, Any], method: str) -> str:
    if status == 401:
        return "check the API key (PRIMER_API_KEY) and the environment (--env / --base-url)"
    if status == 403:
        return ("check the API key (PRIMER_API_KEY) and the environment; the key needs the "
                "client_tokens:write scope")
    suggestion = fields.get("recovery_suggestion")
    if status >= 500 and method in _UNKNOWN_HINT:
        # First, whatever the server suggests: "Please retry the request." after a POST or a
        # PATCH whose outcome is unknown invites a duplicate session or a double change.
        unknown = _UNKNOWN_HINT[method]
        return f"{unknown} (the server suggests: {suggestion})" if suggestion else unknown
    if suggestion:
        return suggestion
    if fields.get("validation_errors"):
        return "correct the fields listed, then send again"
    if fields.get("error_id") == "ClientSessionValidationError":
        return ("the client token is invalid or expired, or belongs to another environment: "
                "paste a current token")
    if status == 504:
        return "Primer gives up on a request after 90 s: try again in a moment"
    if status >= 500:
        return "the server failed: try again in a moment"
    return _status_hint(status)


def _status_hint(status: int) -> str:
    if status == 404:
        return "check the base URL (--env / --base-url): nothing answers at this path"
    if status == 429:
        return "too many requests: wait a moment, then try again"
    if 300 <= status < 400:
        return "check the base URL: the server redirects elsewhere"
    return "correct the request and send again"


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body")) or "<title" in head


def _excerpt(text: str) -> str:
    """A short one-line excerpt: an HTML page's title, or the first characters of the text."""
    title = _TITLE.search(text) if _looks_like_html(text) else None
    if title:
        text = title.group(1)
    elif _looks_like_html(text):
        text = _TAG.sub(" ", text)
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


def _text(value: Any) -> str | None:
    """A JSON value as text (None stays None): the server's types are not trusted."""
    return None if value is None else str(value)
