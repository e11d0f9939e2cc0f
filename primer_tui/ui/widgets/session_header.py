"""The header: environment (production stands out), orderId, currency, token expiry, changes."""

from __future__ import annotations

from datetime import datetime, timezone

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from primer_tui.ui.remote import Remote


class SessionHeader(Static):
    """One line that always shows where you are and what you changed."""

    changes: reactive[int] = reactive(0)
    """How many fields differ from the loaded session."""
    busy: reactive[bool] = reactive(False)
    """A request is on its way."""
    order_id: reactive[str] = reactive("")
    currency: reactive[str] = reactive("")

    def __init__(self, remote: Remote) -> None:
        super().__init__(id="session-header")
        self.remote = remote
        self.set_class(remote.environment == "production", "-production")

    def render(self) -> Text:
        # Plain text, never markup: the orderId is whatever was typed or loaded ("[/" too).
        env = Text(self.remote.environment.upper(), style="bold")
        parts = [self.order_id or "(no order id)", self.currency or "(no currency)"]
        parts.append(_expiry(self.remote))
        parts.append(f"{self.changes} change{'s' if self.changes != 1 else ''}")
        if self.busy:
            parts.append("sending…")
        return Text("  │  ").join([env, *(Text(part) for part in parts)])


def _expiry(remote: Remote) -> str:
    token = remote.decoded
    if token is None or token.exp is None:
        return "token: no expiry"
    left = token.time_left(datetime.now(timezone.utc))
    if left is None or left.total_seconds() <= 0:
        return "token EXPIRED"
    hours, rest = divmod(int(left.total_seconds()), 3600)
    return f"token expires in {hours}h {rest // 60:02d}m"
