"""Primer's error envelope, as the emulator sends it.

Every error body is ``{"error": {"errorId", "description", "recoverySuggestion"?,
"diagnosticsId", "validationErrors"?}}`` (the spec's ``ErrorObject``). The texts of the two
documented 400s and of the 422 are Primer's own (the spec's examples). The rest are guesses, because
Primer documents neither body: 401 (wrong or missing key), 500 and 504 use the same envelope; 502
and 503 are the HTML pages a load balancer sends, so a client's "not JSON" path gets exercised too.

``diagnosticsId`` is what support quotes to Primer, so every error carries a fresh one. Primer's
example is ``'1234567898'``: ten digits, which is the shape used here.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.responses import HTMLResponse, JSONResponse, Response

INVALID_TOKEN = "ClientSessionValidationError"
METADATA_EMPTY_KEY = "MetadataContainsEmptyKey"
REQUEST_VALIDATION = "RequestValidationError"
CREATE_MODEL = "ClientSessionAPIRequest"
UPDATE_MODEL = "ClientSessionUpdateAPIRequest"

_VALIDATION_TEXT = (
    "We were unable to validate your request, please check your payload against /docs/api"
)
_GATEWAY_PAGES = {
    502: "502 Bad Gateway",
    503: "503 Service Temporarily Unavailable",
}
_SERVER_ERRORS: dict[int, tuple[str, str]] = {
    500: ("InternalServerError", "An unexpected error occurred."),
    # Primer: "every request is cut at 90 s; a 504 means the timeout was hit".
    504: (
        "RequestTimeout",
        "The request timed out: this API enforces a timeout of 90 seconds for all requests.",
    ),
}
_SERVER_RECOVERY = {
    # After a failed POST or PATCH the caller cannot tell whether it took effect: a plain "retry"
    # could create a second session or apply a change twice.
    "GET": "Please retry the request.",
    "POST": "A client session may have been created: check before creating another.",
    "PATCH": "Retrieve the client session to see whether the change was applied, then retry.",
}


def diagnostics_id() -> str:
    """A fresh ten-digit id, like Primer's example ``'1234567898'``."""
    return str(10**9 + secrets.randbelow(9 * 10**9))


def error_body(
    error_id: str,
    description: str,
    recovery: str | None = None,
    validation_errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The ``{"error": {...}}`` envelope, with a new ``diagnosticsId``."""
    error: dict[str, Any] = {"errorId": error_id, "description": description}
    if recovery:
        error["recoverySuggestion"] = recovery
    error["diagnosticsId"] = diagnostics_id()
    if validation_errors is not None:
        error["validationErrors"] = validation_errors
    return {"error": error}


def invalid_token() -> JSONResponse:
    """400 for an unknown, altered or expired client token (the spec's example, verbatim)."""
    body = error_body(
        INVALID_TOKEN, "The client token is invalid.", "Please provide a valid client token."
    )
    return JSONResponse(body, status_code=400)


def metadata_empty_key() -> JSONResponse:
    """400 for ``metadata`` with an empty key (the spec's example, verbatim)."""
    body = error_body(
        METADATA_EMPTY_KEY,
        "Metadata field contains empty string key.",
        "Either remove empty string keys or provide non-empty string instead.",
    )
    return JSONResponse(body, status_code=400)


def request_validation(model: str, problems: list[tuple[str, str]]) -> JSONResponse:
    """422 listing each (path, description) under the request model's name."""
    errors = [{"path": path, "description": text} for path, text in problems]
    groups = [{"model": model, "errors": errors}]
    body = error_body(REQUEST_VALIDATION, _VALIDATION_TEXT, None, groups)
    return JSONResponse(body, status_code=422)


def unauthorized(description: str) -> JSONResponse:
    """401 for a missing or wrong ``X-API-KEY`` (shape undocumented: the common envelope)."""
    body = error_body(
        "Unauthorized", description, "Check the X-API-KEY header: use an API key of this account."
    )
    return JSONResponse(body, status_code=401)


def server_error(status: int, method: str = "GET") -> Response:
    """What an injected fault answers: Primer's envelope, or a gateway's HTML page.

    A 5xx in the envelope carries a recovery suggestion fitting ``method``: retry a GET; check
    what a POST or a PATCH did before sending it again.
    """
    if status in _GATEWAY_PAGES:
        title = _GATEWAY_PAGES[status]
        page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>\n"
        return HTMLResponse(page, status_code=status)
    error_id, description = _SERVER_ERRORS.get(
        status, (f"HTTP{status}", f"The request failed with status {status}.")
    )
    recovery = _SERVER_RECOVERY.get(method.upper()) if status >= 500 else None
    return JSONResponse(error_body(error_id, description, recovery), status_code=status)


def bad_control_request(description: str) -> JSONResponse:
    """400 for a malformed request to the emulator's own control API (``/_emulator/...``)."""
    return JSONResponse(error_body("InvalidEmulatorRequest", description), status_code=400)
