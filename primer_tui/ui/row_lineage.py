"""Which loaded row a row of the draft is, so that f4 resets a field to *that* row's value.

Rows are matched by identity, never by index: a line item moved down, or whose itemId was
edited, is still the item that was loaded; an added or duplicated row has no loaded counterpart.
The editor's edits copy only the row they change (``edit.set_value``), moving or deleting rows
keeps the row objects, and undo brings back earlier ones: so following each edit's copy back
to an object of the loaded session is enough (``carry``). A draft rebuilt from JSON (a restored
draft, a merge with the server's session) has new objects: there, a line item is matched by its
itemId when exactly one loaded item and one draft item have it.
"""

from __future__ import annotations

from typing import Any

from primer_tui.edit import Path, get_value
from primer_tui.model import Session


def row_path(path: Path) -> Path | None:
    """The path of the list row ``path`` is in (``order.line_items[2]``), or ``None``."""
    index = next((i for i, part in enumerate(path) if isinstance(part, int)), None)
    return None if index is None else path[: index + 1]


class RowLineage:
    """Edited rows of one editor, each followed back to the row object it was copied from."""

    def __init__(self) -> None:
        self._base: Session | None = None
        self._source: dict[int, tuple[Any, Any]] = {}
        """``id(row)``: (the row, kept alive so the id stays its own; the row it came from)."""

    def carry(self, base: Session, before: Any, after: Any) -> None:
        """``after`` is an edited copy of the row ``before`` (both in drafts over ``base``)."""
        self._for(base)
        if before is not None and after is not None and after is not before:
            self._source[id(after)] = (after, self._origin(before))

    def loaded_row(self, base: Session, draft: Session, path: Path) -> Any | None:
        """The row of ``base`` that the draft's row at ``path`` (a row path) is; ``None`` when
        it was added since, or cannot be told apart."""
        self._for(base)
        row, loaded = get_value(draft, path), list(get_value(base, path[:-1]) or [])
        origin = self._origin(row)
        if (found := next((item for item in loaded if item is origin), None)) is not None:
            return found
        return _same_item_id(row, loaded, list(get_value(draft, path[:-1]) or []))

    def _for(self, base: Session) -> None:
        if base is not self._base:  # a new session was loaded: earlier rows mean nothing
            self._base, self._source = base, {}

    def _origin(self, row: Any) -> Any:
        entry = self._source.get(id(row))
        return entry[1] if entry is not None and entry[0] is row else row


def _same_item_id(row: Any, loaded: list[Any], rows: list[Any]) -> Any | None:
    """The one loaded item with ``row``'s itemId, if no other item on either side has it."""
    item_id = getattr(row, "item_id", None)
    if item_id is None or any(item is not row and item.item_id == item_id for item in rows):
        return None
    matches = [item for item in loaded if item.item_id == item_id]
    return matches[0] if len(matches) == 1 else None
