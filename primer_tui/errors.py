"""The errors of talking to Primer, as a tree (raised by ``client.PrimerClient``)::

    PrimerError
    ├── ApiError            the server answered with an error status
    │   ├── ValidationFailed  422 RequestValidationError, or any error with validationErrors
    │   └── AuthError         401 / 403
    ├── TransportError      no usable answer
    │   ├── ConnectFailed     refused, DNS failure, bad proxy
    │   ├── Timeout           connect / read / write / pool timeout (``phase``)
    │   └── ConnectionLost    dropped connection, remote protocol error
    ├── RequestNotSent      the request could not be built (a header or body httpx refused)
    └── BadResponse         a 2xx answer whose body is not the JSON object expected

Plain classes holding strings only (no httpx objects, so never the request's headers or key);
``client.py`` builds them from responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One field the server refused.

    Attributes:
        wire_path: Primer's path, e.g. ``$.customer.emailAddress`` (empty when none was given).
        message: Primer's description of the problem.
        field_path: The model's path, e.g. ``customer.email_address``.
    """

    wire_path: str
    message: str
    field_path: str


class PrimerError(Exception):
    """Base of every error raised by :class:`PrimerClient`.

    Attributes:
        message: What happened (also ``str(error)``).
        hint: What to do about it.
        method: The HTTP method, e.g. ``"PATCH"``.
        url: The URL without its query string (a GET's query holds the client token).
        outcome_unknown: True when a POST/PATCH may have been applied despite the error.
    """

    def __init__(
        self, message: str, *, hint: str, method: str, url: str, outcome_unknown: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.method = method
        self.url = url
        self.outcome_unknown = outcome_unknown


class ApiError(PrimerError):
    """The server answered with an error status.

    Attributes:
        status: The HTTP status code.
        error_id: Primer's ``errorId``, e.g. ``"ClientSessionValidationError"``.
        description: Primer's ``description``, or an excerpt of a body that is not Primer's JSON.
        recovery_suggestion: Primer's ``recoverySuggestion``, if any.
        diagnostics_id: Primer's ``diagnosticsId``: what Primer support asks for.
        validation_errors: The refused fields, flattened.
        body: The body as received (the API key scrubbed out).
    """

    def __init__(  # noqa: PLR0913 - one keyword per documented field of Primer's error object
        self,
        message: str,
        *,
        status: int,
        error_id: str | None = None,
        description: str = "",
        recovery_suggestion: str | None = None,
        diagnostics_id: str | None = None,
        validation_errors: list[FieldError] | None = None,
        body: str = "",
        **context: Any,
    ) -> None:
        super().__init__(message, **context)
        self.status = status
        self.error_id = error_id
        self.description = description
        self.recovery_suggestion = recovery_suggestion
        self.diagnostics_id = diagnostics_id
        self.validation_errors = validation_errors or []
        self.body = body


class ValidationFailed(ApiError):
    """The server refused fields of the request (``validation_errors`` lists them)."""


class AuthError(ApiError):
    """401/403: the API key is missing, wrong, lacks scope, or is for another environment."""


class TransportError(PrimerError):
    """No usable answer arrived.

    Attributes:
        detail: The underlying network error's type and text, for logs.
    """

    def __init__(self, message: str, *, detail: str = "", **context: Any) -> None:
        super().__init__(message, **context)
        self.detail = detail


class ConnectFailed(TransportError):
    """No connection could be made (refused, unknown host, proxy failure, bad scheme)."""


class Timeout(TransportError):
    """A time limit ran out.

    Attributes:
        phase: ``"connect"``, ``"read"``, ``"write"`` or ``"pool"``.
    """

    def __init__(self, message: str, *, phase: str, **context: Any) -> None:
        super().__init__(message, **context)
        self.phase = phase


class ConnectionLost(TransportError):
    """The connection dropped, or the server broke the HTTP protocol, before a full answer."""


class RequestNotSent(PrimerError):
    """The request failed before a byte left: httpx or h11 refused a header or the body.

    Not a :class:`TransportError`: the network is not at fault and trying again cannot help.

    Attributes:
        detail: The underlying error's type and text (the API key scrubbed out).
    """

    def __init__(self, message: str, *, detail: str = "", **context: Any) -> None:
        super().__init__(message, **context)
        self.detail = detail


class BadResponse(PrimerError):
    """A 2xx answer whose body is not the JSON object expected.

    Attributes:
        status: The HTTP status code (None when the body could not even be decoded).
        body: An excerpt of the body.
    """

    def __init__(self, message: str, *, status: int | None, body: str = "", **context: Any) -> None:
        super().__init__(message, **context)
        self.status = status
        self.body = body
