"""Recently loaded sessions, so a token is one keystroke away the next time.

Kept as JSON in the user data dir (platformdirs), newest first, at most ``LIMIT`` entries, written
only when a session loads. It holds client tokens (short-lived, 24 h) and where they were used,
never an API key. A file that cannot be read counts as empty; one that cannot be written is
skipped: remembering is a convenience, never a reason to fail.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

LIMIT = 10


@dataclass(frozen=True)
class RecentSession:
    token: str
    environment: str
    base_url: str
    order_id: str | None
    at: float

    @property
    def label(self) -> str:
        when = time.strftime("%d %b %H:%M", time.localtime(self.at))
        # The token's end: every client token starts the same ("eyJhbGciOiJI...").
        return f"{self.order_id or '(no order id)'} · {self.environment} · {when} · …{self.token[-8:]}"


def recent_file() -> Path:
    from platformdirs import user_data_path

    return user_data_path("primer-tui") / "recent.json"


def load_recent(path: Path | None = None) -> list[RecentSession]:
    """The remembered sessions, newest first."""
    try:
        items = json.loads((path or recent_file()).read_text("utf-8"))
        return [RecentSession(**item) for item in items][:LIMIT]
    except (OSError, ValueError, TypeError):
        return []


def remember(entry: RecentSession, path: Path | None = None) -> None:
    """Put ``entry`` first (dropping an older entry for the same token)."""
    path = path or recent_file()
    entries = [entry, *(e for e in load_recent(path) if e.token != entry.token)][:LIMIT]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([asdict(e) for e in entries], indent=1), "utf-8")
        path.chmod(0o600)
    except OSError:
        pass
