"""The session changed on the server since it was loaded: loaded, server now, your edit.

Dismissed with ``"mine"`` (keep your edits on top of the server's session), ``"server"`` (take
the server's values where it changed, keep your other edits) or ``None`` (cancel: nothing sent).
"""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from primer_tui.conflicts import Conflict
from primer_tui.patch import _prune, diff_leaves
from primer_tui.ui.widgets.footer import Footer


def _cell(value: object) -> str:
    text = "—" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 30 else text[:29] + "…"


ROWS = 60
"""Rows shown at most; past that the table says how many more."""


def conflict_rows(conflict: Conflict) -> list[tuple[str, str, str, str]]:
    """(field, loaded, server now, your edit) for each value the server changed in the unit.

    A list or an address differs leaf by leaf: whole, the three columns of a line-item list
    look the same (``[{"itemId": "shoes-42", "nam…``). Your edit is what "keep mine" sends
    there: a list goes whole, so a value you did not touch goes back to what was loaded.
    """
    server = {c.path: c for c in diff_leaves(conflict.loaded, conflict.server, conflict.path)}
    mine = {c.path: c for c in diff_leaves(conflict.loaded, conflict.mine, conflict.path)}
    rows = []
    for path, change in server.items():
        if not conflict.edited_by_me:
            yours = "(not edited)"
        elif path in mine:
            yours = _cell(mine[path].new)
            if _prune(mine[path].new) == _prune(change.new):
                yours += " (the server has it)"
        else:
            yours = _cell(change.old) + " (as loaded)"
        rows.append((path, _cell(change.old), _cell(change.new), yours))
    if not rows:  # differs only in what is left out when compared (an empty list, say)
        yours = _cell(conflict.mine) if conflict.edited_by_me else "(not edited)"
        rows.append((conflict.path, _cell(conflict.loaded), _cell(conflict.server), yours))
    return rows


def conflict_table(conflicts: list[Conflict]) -> Table:
    table = Table("Field", "Loaded", "Server now", "Your edit", box=None, expand=True)
    rows = [row for conflict in conflicts for row in conflict_rows(conflict)]
    for row in rows[:ROWS]:
        table.add_row(*(Text(cell) for cell in row))  # values may hold "[/b]": not markup
    if len(rows) > ROWS:
        table.add_row(Text(f"… and {len(rows) - ROWS} more", style="bold"))
    return table


class ConflictScreen(ModalScreen[str | None]):
    """Someone else changed the session: choose whose values win."""

    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine", id="conflict-mine", tooltip="Your edits win"),
        Binding("t", "choose('server')", "Take server's", id="conflict-server",
                tooltip="The server's values win where it changed"),
        Binding("escape", "choose(None)", "Cancel", id="conflict-cancel", tooltip="Send nothing"),
    ]

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="conflict"):
            yield Static(
                "[b]The session changed on the server since you loaded it.[/b]\n"
                "Nothing has been sent. Choose whose values to keep; you will review again.",
            )
            yield Static(conflict_table(self.conflicts), id="conflict-table")
            with Horizontal():
                yield Button("Keep mine (m)", id="mine", variant="warning")
                yield Button("Take server's (t)", id="server", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
