"""Where the session lives: the environment, the base URL, the client token, the HTTP client.

The UI's one door to the network, so screens stay free of httpx. Failures of any kind are turned
into a text for a person by :func:`describe_failure` (Primer's description, recovery suggestion
and diagnostics id; what to do next), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from primer_tui.token import ClientToken, TokenError, decode, env_mismatch

if TYPE_CHECKING:  # httpx and pydantic load when a session is, not when the app starts
    from primer_tui.client import PrimerClient


@dataclass
class Remote:
    """A loaded (or to-be-loaded) session's address and the client that reaches it."""

    client: PrimerClient
    environment: str
    """"sandbox", "production", "custom" or "demo"."""
    token: str
    demo_tokens: list[tuple[str, str]] = field(default_factory=list)
    """(name, token) of the emulator's seeded sessions, in the demo."""
    secret: str | None = field(default=None, repr=False)
    """The API key, kept only so that files about to be written can be checked not to hold it."""

    @property
    def base_url(self) -> str:
        return self.client.base_url

    @property
    def decoded(self) -> ClientToken | None:
        try:
            return decode(self.token)
        except TokenError:
            return None

    def env_problem(self) -> str | None:
        """Why this token must not be used against this environment, or None."""
        token = self.decoded
        if token is None or self.environment not in {"sandbox", "production"}:
            return None
        return env_mismatch(token, self.environment)

    async def load(self) -> dict[str, Any]:
        """GET the session (retried on transport errors and 5xx, never on 4xx)."""
        return await self.client.get_with_retry(self.token)

    async def update(self, body: dict[str, Any]) -> dict[str, Any]:
        """PATCH once: never repeated behind the user's back."""
        return await self.client.update(body)


def describe_failure(error: BaseException) -> str:
    """A failure as lines for a person: what happened, Primer's details, what to do."""
    from pydantic import ValidationError

    from primer_tui.client import PrimerError
    from primer_tui.model import describe_errors

    if isinstance(error, PrimerError):
        lines = [str(error)]
        diagnostics = getattr(error, "diagnostics_id", None)
        if diagnostics and diagnostics not in lines[0]:
            lines.append(f"Diagnostics id (quote it to Primer): {diagnostics}")
        if error.hint:
            lines.append(f"What to do: {error.hint}")
        return "\n".join(lines)
    if isinstance(error, ValidationError):
        problems = "; ".join(f"{path or 'session'}: {msg}" for path, msg in describe_errors(error))
        return f"The server's answer is not a session this tool can read: {problems}"
    return f"Unexpected error: {type(error).__name__}: {error}"
