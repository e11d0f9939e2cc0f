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
from primer_tui.ui.widgets.footer import Footer


def _cell(value: object) -> str:
    text = "—" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 30 else text[:29] + "…"


def conflict_table(conflicts: list[Conflict]) -> Table:
    table = Table("Field", "Loaded", "Server now", "Your edit", box=None, expand=True)
    for conflict in conflicts:
        mine = _cell(conflict.mine) if conflict.edited_by_me else "(not edited)"
        cells = (conflict.path, _cell(conflict.loaded), _cell(conflict.server), mine)
        table.add_row(*(Text(cell) for cell in cells))  # values may hold "[/b]": not markup
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
