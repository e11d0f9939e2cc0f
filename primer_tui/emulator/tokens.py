"""Client tokens minted like Primer's: HS256 JWTs whose payload Primer's SDKs read.

The payload carries the claims listed in NOTES.md (``accessToken``, ``exp``, ``env``, ``intent``,
``configurationUrl``, ``coreUrl``, ``pciUrl``, ``analyticsUrl``, ``paymentFlow``,
``threeDSecureInitUrl``, ``threeDSecureToken``), so ``primer_tui.token`` decodes an emulator token
exactly as a real one. The signature is HMAC-SHA256 with a secret drawn at random per app: nothing
outside the emulator can check it, and nothing needs to (the store looks tokens up whole, so an
altered token is simply unknown).

The URLs in the payload are Primer's for the chosen environment, because real tokens look like
that. They are decoration: primer-tui takes its base URL from its own settings, never from a token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

TOKEN_LIFETIME = 24 * 60 * 60
"""Seconds: "client tokens expire 24 h after creation" (NOTES.md)."""

ENVIRONMENTS = ("SANDBOX", "PRODUCTION")

_HOSTS = {"SANDBOX": "api.sandbox.primer.io", "PRODUCTION": "api.primer.io"}
_HEADER = {"alg": "HS256", "typ": "JWT"}


def b64url(data: bytes) -> str:
    """Base64url without padding, as JWTs use."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def encode_jwt(payload: dict[str, Any], secret: bytes) -> str:
    """``header.payload.signature`` signed with HMAC-SHA256."""
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (_HEADER, payload)
    )
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


@dataclass(frozen=True)
class TokenMinter:
    """Mints client tokens for one environment with one secret.

    Attributes:
        env: ``SANDBOX`` or ``PRODUCTION``: the ``env`` claim.
        secret: The HMAC key; random unless a test fixes it.
    """

    env: str = "SANDBOX"
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def __post_init__(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise ValueError(f"env must be one of {', '.join(ENVIRONMENTS)}, not {self.env!r}")

    def mint(self, expires_at: int) -> str:
        """A new token that expires at ``expires_at`` (Unix seconds)."""
        return encode_jwt(self.claims(expires_at), self.secret)

    def claims(self, expires_at: int) -> dict[str, Any]:
        """The payload of a new token: Primer's claims, Primer's URLs for ``env``."""
        host = _HOSTS[self.env]
        core = f"https://{host}"
        return {
            "accessToken": str(uuid.uuid4()),
            "analyticsUrl": f"https://analytics.{host}/mixpanel",
            "intent": "CHECKOUT",
            "configurationUrl": f"{core}/client-sdk/configuration",
            "coreUrl": core,
            "pciUrl": f"https://sdk.{host}",
            "env": self.env,
            "paymentFlow": "DEFAULT",
            "threeDSecureInitUrl": "https://songbird.cardinalcommerce.com/edge/v1/songbird.js",
            "threeDSecureToken": secrets.token_urlsafe(24),
            "exp": expires_at,
        }
