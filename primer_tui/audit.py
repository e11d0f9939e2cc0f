"""A local, append-only audit log of every PATCH sent, and the revert of an entry.

One JSON object a line in ``audit.jsonl`` (platformdirs' user data dir, created on the first write,
mode 0o600). Each line is written with a single ``write`` followed by ``fsync``, so a crash loses
at most the line being written; a torn last line is skipped when read (and counted), never fatal.
The log holds client tokens and session data, never the API key: every line goes through
``_encode``, which refuses a record containing the ``forbidden`` secret.

Revert: each entry keeps ``before``, the wire values the body touched as they were in the base, in
the body's own merge shape (``customer``/``order``/``paymentMethod`` one level, the rest whole;
absent as ``null``). Reverting sends those values back. The trade-off: it restores exactly what
that PATCH touched, regardless of what changed since, so the UI reviews the result like any edit
(``build_patch(current, reverted_draft(entry, current))``). A GET's ``amount`` is the computed
total, not a choice, so when the base had no override ``before`` records ``amount: null`` ("let
Primer calculate again") rather than a figure that would become an override.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from primer_tui.model import Session
from primer_tui.patch import MERGED_OBJECTS, apply_patch
from primer_tui.totals import override_of


@dataclass(frozen=True)
class AuditEntry:
    """One PATCH as it was sent and answered."""

    time: str
    """When it was sent, ISO 8601 in UTC."""
    env: str
    base_url: str
    client_token: str
    order_id: str | None
    body: dict[str, Any]
    """The JSON body exactly as sent."""
    before: dict[str, Any]
    """What the body touched, as it was before, in the body's merge shape (absent as ``None``)."""
    status: int | str
    """The HTTP status, or what happened instead (``"timeout"``, ``"connection lost"``)."""
    diagnostics_id: str | None


@dataclass(frozen=True)
class AuditLog:
    """The log as read: entries newest first, and how many lines could not be read."""

    entries: list[AuditEntry]
    skipped: int


def audit_path() -> Path:
    """Where the log lives by default (not created here)."""
    from platformdirs import user_data_path

    return user_data_path("primer-tui") / "audit.jsonl"


def entry_for(
    base: Session, body: dict[str, Any], *, env: str, base_url: str,
    status: int | str, diagnostics_id: str | None,
) -> AuditEntry:
    """The entry for ``body`` sent against ``base`` (the session as loaded before sending)."""
    return AuditEntry(
        time=datetime.now(UTC).isoformat(timespec="milliseconds"),
        env=env, base_url=base_url, client_token=str(body.get("clientToken", "")),
        order_id=body.get("orderId", base.order_id), body=body, before=_before(base, body),
        status=status, diagnostics_id=diagnostics_id,
    )


def _before(base: Session, body: dict[str, Any]) -> dict[str, Any]:
    wire = base.to_wire()
    before: dict[str, Any] = {}
    for key, value in body.items():
        if key == "clientToken":
            continue
        old = wire.get(key)
        if key in MERGED_OBJECTS and isinstance(value, dict):
            held = old if isinstance(old, dict) else {}
            before[key] = {sub: held.get(sub) for sub in value}
        else:
            before[key] = old
    if "amount" in before and override_of(base) is None:
        before["amount"] = None  # it was computed, not chosen: reverting means "calculate again"
    return before


def append(entry: AuditEntry, *, path: Path | None = None, forbidden: str | None = None) -> None:
    """Add ``entry`` to the log, durably (raises ``ValueError`` if it contains ``forbidden``)."""
    line = _encode(asdict(entry), forbidden)
    path = path or audit_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
        size = os.fstat(fd).st_size
        # A crash mid-line leaves no newline; start afresh so only that torn line is lost.
        torn = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
        os.write(fd, (("\n" if torn else "") + line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _encode(record: dict[str, Any], forbidden: str | None) -> str:
    """``record`` as one JSON line; ``ValueError`` (not naming it) if the secret is inside."""
    text = json.dumps(record, separators=(",", ":"))
    if forbidden and (forbidden in text or json.dumps(forbidden)[1:-1] in text):
        raise ValueError("refusing to write the audit log: the record contains the API key")
    return text


def read_log(path: Path | None = None) -> AuditLog:
    """Every readable entry, newest first, and the count of lines skipped as corrupt."""
    try:
        lines = (path or audit_path()).read_text("utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return AuditLog([], 0)
    entries = [_decode(line) for line in lines if line.strip()]
    good = [entry for entry in reversed(entries) if entry is not None]
    return AuditLog(good, len(entries) - len(good))


def read_entries(path: Path | None = None) -> list[AuditEntry]:
    """Every readable entry, newest first; a missing file is an empty log."""
    return read_log(path).entries


_NAMES = tuple(field.name for field in fields(AuditEntry))


def _decode(line: str) -> AuditEntry | None:
    try:
        data = json.loads(line)
        entry = AuditEntry(**{name: data[name] for name in _NAMES})
    except (ValueError, TypeError, KeyError):
        return None
    return entry if isinstance(entry.body, dict) and isinstance(entry.before, dict) else None


def revert_body(entry: AuditEntry) -> dict[str, Any] | None:
    """The PATCH body that puts back what ``entry`` changed; ``None`` if it changed nothing."""
    return {"clientToken": entry.client_token, **entry.before} if entry.before else None


def reverted_draft(entry: AuditEntry, current: Session) -> Session:
    """``current`` with ``entry``'s changes undone, for review as ``build_patch(current, draft)``.

    Raises ``pydantic.ValidationError`` if the old values no longer fit the model.
    """
    body = revert_body(entry)
    return Session.from_wire(apply_patch(current.to_wire(), body)) if body else current
