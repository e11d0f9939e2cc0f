"""The editor's unsent draft on disk, so a crash or a kill loses no work.

One file a session: ``drafts/<key>.json`` in platformdirs' user data dir (created on the first
save), where ``key`` is a hash of (base URL, client token): tokens are long and should not sit in a
file name, though the file itself holds the token, the base and the draft as wire JSON. The UI
decides when to save (debounced); this module only saves, loads and discards.

Each save writes a temp file in the same directory, fsyncs it and ``os.replace``s it over the old
one, so a reader sees the old draft or the new one, never half of either. Files are mode 0o600 and
never contain the API key: ``_encode`` refuses a record holding the ``forbidden`` secret. A file
that is unreadable, corrupt, of another ``VERSION`` or for another session loads as ``None``:
a draft is a convenience, and losing a bad one beats refusing to start.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from primer_tui.model import Session
from primer_tui.patch import build_patch

VERSION = 1
"""The file format; a file of another version is not loaded."""


@dataclass(frozen=True)
class SavedDraft:
    """A draft as saved: the session as loaded (``base``) and the user's edit of it."""

    saved_at: str
    """ISO 8601, UTC."""
    base_url: str
    client_token: str
    environment: str
    base: Session
    draft: Session
    typed: dict[str, str] = field(default_factory=dict)
    """Text fields held that was not a value yet (refused, so not in ``draft``), by wire path
    (``customer.emailAddress``; ``metadata`` for the metadata text)."""
    typed_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    """For a ``typed`` path in a list row: the row as ``draft`` held it, to find it again."""

    def changes(self) -> int:
        """How many leaves the draft changes, and texts typed: 0 means nothing to restore."""
        return len(build_patch(self.base, self.draft).changes) + len(self.typed)


def drafts_dir() -> Path:
    """Where drafts live by default (not created here)."""
    from platformdirs import user_data_path

    return user_data_path("primer-tui") / "drafts"


def draft_path(base_url: str, client_token: str, *, directory: Path | None = None) -> Path:
    """The file for this session: named by a hash, never by the token itself."""
    key = hashlib.sha256(json.dumps([base_url, client_token]).encode("utf-8")).hexdigest()[:32]
    return (directory or drafts_dir()) / f"{key}.json"


def save_draft(
    base_url: str, client_token: str, *, environment: str, base: Session, draft: Session,
    typed: dict[str, str] | None = None, typed_rows: dict[str, dict[str, Any]] | None = None,
    forbidden: str | None = None, directory: Path | None = None,
) -> Path:
    """Write the draft atomically; raises ``ValueError`` if it would contain ``forbidden``."""
    record = {
        "version": VERSION,
        "saved_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "base_url": base_url, "client_token": client_token, "environment": environment,
        "base": base.to_wire(), "draft": draft.to_wire(), "typed": dict(typed or {}),
        "typed_rows": dict(typed_rows or {}),
    }
    text = _encode(record, forbidden)
    path = draft_path(base_url, client_token, directory=directory)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _replace_atomically(path, text)
    return path


def _encode(record: dict[str, Any], forbidden: str | None) -> str:
    """``record`` as JSON; ``ValueError`` (not naming it) if the secret is inside."""
    text = json.dumps(record, indent=1)
    if forbidden and (forbidden in text or json.dumps(forbidden)[1:-1] in text):
        raise ValueError("refusing to save the draft: it contains the API key")
    return text


def _replace_atomically(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".draft-", suffix=".tmp")  # mode 0o600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def load_draft(
    base_url: str, client_token: str, *, directory: Path | None = None
) -> SavedDraft | None:
    """The saved draft for this session, or ``None`` (none, unreadable, corrupt, other version)."""
    try:
        data = json.loads(draft_path(base_url, client_token, directory=directory).read_text("utf-8"))
        if (data["version"], data["base_url"], data["client_token"]) != (
            VERSION, base_url, client_token
        ):
            return None  # another format, or (by a hash collision) another session
        typed = data.get("typed") or {}  # absent in files saved before it was kept
        if not isinstance(typed, dict) or not all(
                isinstance(key, str) and isinstance(text, str) for key, text in typed.items()):
            typed = {}  # a hand-edited or damaged part: the draft itself is still good
        rows = data.get("typed_rows") or {}
        if not isinstance(rows, dict) or not all(
                isinstance(key, str) and isinstance(row, dict) for key, row in rows.items()):
            rows = {}
        return SavedDraft(
            saved_at=str(data["saved_at"]), base_url=base_url, client_token=client_token,
            environment=str(data["environment"]),
            base=Session.from_wire(data["base"]), draft=Session.from_wire(data["draft"]),
            typed=typed, typed_rows=rows,
        )
    except (OSError, ValueError, TypeError, KeyError):  # pydantic's ValidationError is a ValueError
        return None


def discard_draft(base_url: str, client_token: str, *, directory: Path | None = None) -> None:
    """Forget the draft (after a send, or when the user declines to restore it)."""
    draft_path(base_url, client_token, directory=directory).unlink(missing_ok=True)
