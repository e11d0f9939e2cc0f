"""Decode a Primer client token to show its environment and expiry.

A client token is a JWT (``header.payload.signature``, base64url without padding). Primer's SDKs
read its payload (NOTES.md, Client tokens): ``accessToken``, ``exp``, ``env``, ``intent`` and the
URLs the SDK talks to. We read the same claims and do **not** check the signature: Primer keeps the
signing key, and the only uses here are advice (the time left, a sandbox token pointed at
production). The trade-off: a forged or altered token decodes fine; the server remains the judge.

Pasted text is untrusted, so every failure is a :class:`TokenError` with a sentence a person can
act on, never a ``binascii`` or ``json`` exception.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["PRIMER_URLS", "ClientToken", "TokenError", "decode", "env_mismatch"]

MAX_TOKEN_LENGTH = 64 * 1024
"""Real client tokens are 1-2 KB; refusing far longer text keeps decoding cheap on a bad paste."""

_PART = re.compile(r"[A-Za-z0-9_\-]*={0,2}")
_REPR_PREFIX = 10
_ENVIRONMENTS = ("sandbox", "production", "custom")
_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
               type(None): "null"}

PRIMER_URLS = {"sandbox": "https://api.sandbox.primer.io", "production": "https://api.primer.io"}
"""Primer's API per environment (the client's ``ENVIRONMENTS``; here, with no HTTP stack, for
the load screen)."""


class TokenError(ValueError):
    """The text is not a client token; the message says why."""


@dataclass(frozen=True, repr=False)
class ClientToken:
    """A decoded client token.

    Attributes:
        raw: The token as sent to the API (surrounding whitespace removed).
        env: The ``env`` claim, e.g. ``"SANDBOX"`` or ``"PRODUCTION"``; None when absent.
        exp: The expiry (``exp`` claim) as an aware UTC datetime; None when absent.
        intent: The ``intent`` claim, e.g. ``"CHECKOUT"``; None when absent.
        claims: The whole payload, unknown claims included.
    """

    raw: str
    env: str | None = None
    exp: datetime | None = None
    intent: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:
        # The raw token and the accessToken claim grant access to the session: show neither.
        prefix = self.raw[:_REPR_PREFIX] + ("…" if len(self.raw) > _REPR_PREFIX else "")
        exp = self.exp.isoformat() if self.exp else None
        return f"ClientToken(raw={prefix!r}, env={self.env!r}, exp={exp!r}, intent={self.intent!r})"

    def expired(self, now: datetime | None = None) -> bool:
        """Whether ``exp`` is at or before ``now`` (default: the current time).

        A token without ``exp`` is never reported expired: only the server can tell.
        """
        left = self.time_left(now)
        return left is not None and left <= timedelta(0)

    def time_left(self, now: datetime | None = None) -> timedelta | None:
        """Time until ``exp``: negative once expired, None when the token has no ``exp``.

        Args:
            now: The reference time; a naive datetime is taken as UTC. Default: now.
        """
        if self.exp is None:
            return None
        now = datetime.now(UTC) if now is None else now
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return self.exp - now

    @property
    def is_production(self) -> bool:
        """True for a token whose ``env`` is PRODUCTION."""
        return (self.env or "").upper() == "PRODUCTION"

    @property
    def is_sandbox(self) -> bool:
        """True for a token whose ``env`` is SANDBOX."""
        return (self.env or "").upper() == "SANDBOX"


def decode(raw: str) -> ClientToken:
    """Decode a client token without checking its signature.

    Whitespace anywhere is removed first: a JWT never contains any, and tokens pasted from a
    terminal often arrive wrapped or with a trailing newline.

    Raises:
        TokenError: The text is not a client token (the message says why).
    """
    text = _clean(raw)
    parts = text.split(".")
    if len(parts) != 3:
        raise TokenError("not a client token: expected three parts separated by dots")
    if not all(_PART.fullmatch(part) for part in parts):
        raise TokenError("not a client token: it contains characters other than base64url and dots")
    _json_object(parts[0], "header")
    claims = _json_object(parts[1], "payload")
    return ClientToken(
        raw=text,
        env=_text_claim(claims, "env"),
        exp=_time_claim(claims, "exp"),
        intent=_text_claim(claims, "intent"),
        claims=claims,
    )


def env_mismatch(token: ClientToken, environment: str) -> str | None:
    """A message when the token belongs to another environment than the one in use, else None.

    Args:
        token: The decoded client token.
        environment: ``"sandbox"``, ``"production"`` or ``"custom"`` (a custom base URL, such as
            the emulator, accepts any token: never a mismatch).

    Raises:
        ValueError: ``environment`` is none of the three.
    """
    if environment not in _ENVIRONMENTS:
        raise ValueError(f"unknown environment {environment!r}: expected one of {_ENVIRONMENTS}")
    if environment == "custom" or token.env is None or token.env.lower() == environment:
        return None
    return (
        f"This client token is for {token.env.lower()}, but requests go to {environment}: "
        f"use --env {token.env.lower()} or a {environment} token."
    )


def _clean(raw: object) -> str:
    if not isinstance(raw, str):
        raise TokenError(f"not a client token: expected text, got {type(raw).__name__}")
    if len(raw) > MAX_TOKEN_LENGTH:
        raise TokenError(f"not a client token: far too long ({len(raw):,} characters)")
    text = "".join(raw.split())
    if not text:
        raise TokenError("not a client token: the text is empty")
    return text


def _json_object(part: str, name: str) -> dict[str, Any]:
    unpadded = part.rstrip("=")
    try:
        data = base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
        value = json.loads(data.decode("utf-8"))
    except (binascii.Error, ValueError, RecursionError):
        # ValueError covers UnicodeDecodeError, JSONDecodeError and over-long integers.
        raise TokenError(f"not a client token: the {name} is not base64url JSON") from None
    if not isinstance(value, dict):
        kind = _JSON_KINDS.get(type(value), "value")
        raise TokenError(f"not a client token: the {name} is a JSON {kind}, not an object")
    return value


def _text_claim(claims: dict[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is not None and not isinstance(value, str):
        raise TokenError(f"not a client token: the {name} claim is not text")
    return value


def _time_claim(claims: dict[str, Any], name: str) -> datetime | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TokenError(f"not a client token: the {name} claim is not a Unix time")
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise TokenError(f"not a client token: the {name} claim is out of range") from None
