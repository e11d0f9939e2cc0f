"""The audit log: every PATCH sent, newest first; ``r`` reverts the selected one (for review)."""

from __future__ import annotations

import json

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from primer_tui.audit import AuditEntry
from primer_tui.ui.widgets.footer import Footer


class AuditScreen(ModalScreen[AuditEntry | None]):
    """Lists ``entries``; dismissed with the entry to revert, or None."""

    BINDINGS = [
        Binding("r", "revert", "Revert", id="audit-revert",
                tooltip="Build the PATCH that puts the previous values back (reviewed first)"),
        Binding("escape", "close", "Close", id="audit-close", tooltip="Back to the editor"),
    ]

    def __init__(self, entries: list[AuditEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="audit"):
            yield Static(f"[b]Audit log[/b] · {len(self.entries)} PATCH requests, newest first")
            yield DataTable(cursor_type="row", id="audit-table")
            yield Static("", id="audit-body")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Time (UTC)", "Env", "Order", "Status", "Diagnostics", "Fields")
        for entry in self.entries:
            fields = ", ".join(k for k in entry.body if k != "clientToken")
            cells = (entry.time[:19], entry.env, entry.order_id or "", str(entry.status),
                     entry.diagnostics_id or "", fields)
            table.add_row(*(Text(cell) for cell in cells))  # Text: a str cell is markup
        if not self.entries:
            self.query_one("#audit-body", Static).update("Nothing has been sent yet.")

    @on(DataTable.RowHighlighted)
    def _show(self, event: DataTable.RowHighlighted) -> None:
        entry = self.entries[event.cursor_row]
        body = Text(json.dumps(entry.body, indent=2)[:2000])
        self.query_one("#audit-body", Static).update(body)

    def action_revert(self) -> None:
        if self.entries:
            self.dismiss(self.entries[self.query_one(DataTable).cursor_row])

    def action_close(self) -> None:
        self.dismiss(None)
