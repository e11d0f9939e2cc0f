"""The review of a PATCH: change list, the exact JSON body, warnings, and where it goes.

``ctrl+s`` here sends (the screen is dismissed with ``True``); ``escape`` goes back with every
edit kept. With nothing changed it says so and sends nothing. A ctrl+s pressed before the
review was drawn (a second press while a large review was being built) does not send: the send
is a decision about what the review shows.
"""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual._time import get_time
from textual.screen import ModalScreen
from textual.widgets import Static

from primer_tui.export import STYLES, export_request
from primer_tui.patch import Patch
from primer_tui.ui.remote import Remote
from primer_tui.ui.widgets.footer import Footer
from primer_tui.ui.widgets.json_view import JsonView


LISTED = 200
"""Changes listed at most; past that the list says how many more (the body shows them all)."""


def change_table(patch: Patch) -> Table:
    table = Table("Field", "Old", "New", box=None, expand=True, show_edge=False)
    for change in patch.changes[:LISTED]:
        # Text cells: a str cell is read as markup, and values are whatever was typed ("[/b]").
        path = Text(change.path)
        if not change.sent:
            path.append("  not sent", style="bold")
        table.add_row(path, Text(_short(change.old)), Text(_short(change.new)))
    if len(patch.changes) > LISTED:
        more = len(patch.changes) - LISTED
        table.add_row(Text(f"… and {more} more: every one is in the body below", style="bold"))
    return table


def _short(value: object) -> str:
    text = "—" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


class ReviewScreen(ModalScreen[bool]):
    """Shows what will be sent; sends only on a second ``ctrl+s``."""

    BINDINGS = [
        Binding("ctrl+s", "send", "Send", id="send", tooltip="Send this PATCH", priority=True),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the editor, edits kept"),
        Binding("x", "export", "Export", id="export",
                tooltip="The request as curl / HTTPie / Python, key as $PRIMER_API_KEY; copied"),
    ]

    def __init__(self, patch: Patch, remote: Remote) -> None:
        super().__init__()
        self.patch = patch
        self.remote = remote
        self._style = ""
        self.drawn_at: float | None = None
        """When the review was first drawn (Textual's clock, as a key event's ``time``)."""

    def on_mount(self) -> None:
        self.set_class(self.remote.environment == "production", "-production")
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        self.drawn_at = get_time()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review"):
            target = f"PATCH {self.remote.base_url}/client-session  ({self.remote.environment.upper()})"
            yield Static(target, id="review-target")
            for warning in self.patch.warnings:
                yield Static(Text(f"⚠ {warning}"), classes="review-warning")
            if self.patch.body is None:
                # Changes a PATCH cannot carry (surcharge options) are listed, marked not sent.
                empty = ("Nothing to send: no change below can be sent by PATCH."
                         if self.patch.changes else "Nothing changed: there is nothing to send.")
                yield Static(empty, id="review-empty")
                if self.patch.changes:
                    yield Static(change_table(self.patch), id="review-changes")
            else:
                yield Static(change_table(self.patch), id="review-changes")
                body = json.dumps(self.patch.body, indent=2, ensure_ascii=False)
                yield JsonView(body, id="review-body")
                yield Static("ctrl+s sends it · escape goes back · x exports it", id="review-help")
                yield Static("", id="review-export")
        yield Footer()

    def action_export(self) -> None:
        """Show the next export style and copy it (the key stays ``$PRIMER_API_KEY``)."""
        if self.patch.body is None:
            return
        following = STYLES.index(self._style) + 1 if self._style else 0
        self._style = STYLES[following % len(STYLES)]
        command = export_request("PATCH", f"{self.remote.base_url}/client-session", self.patch.body,
                                 self.remote.client.api_version, self._style)
        export = self.query_one("#review-export", Static)
        export.update(Text(f"{self._style} (copied)\n{command}"))
        self.app.copy_to_clipboard(command)

    def action_send(self) -> None:
        pressed = getattr(self.app, "last_key_at", None)
        if self.patch.body is not None and (
                self.drawn_at is None or (pressed is not None and pressed < self.drawn_at)):
            self.notify("Not sent: ctrl+s was pressed before this review was shown. "
                        "Read it, then press ctrl+s to send.", severity="warning")
            return
        self.dismiss(self.patch.body is not None)

    def action_back(self) -> None:
        self.dismiss(False)
