"""Metadata: one ``key = value`` a line; whole numbers become integers, the rest strings.

Primer takes string or integer values and refuses an empty key (``MetadataContainsEmptyKey``);
the panel names the line at fault and keeps the text as typed.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from primer_tui.model import Session
from primer_tui.ui.widgets.form import FormPanel

PATH = ("metadata",)


def parse_metadata(text: str) -> dict[str, Any] | None:
    """``key = value`` lines as a dict (``None`` when empty); ``ValueError`` names the bad line."""
    result: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ValueError(f"line {number}: write key = value")
        key, value = key.strip(), value.strip()
        if not key:
            raise ValueError(f"line {number}: the key is empty (Primer refuses empty keys)")
        result[key] = int(value) if value.isdigit() and len(value) < 19 else value
    return result or None


def format_metadata(metadata: dict[str, Any] | None) -> str:
    return "\n".join(f"{key} = {value}" for key, value in (metadata or {}).items())


class MetadataPanel(Vertical):
    """Edits ``metadata`` as text."""

    def compose(self) -> ComposeResult:
        yield Static("One [b]key = value[/] a line. Digits only: an integer.", classes="hint")
        yield TextArea(id="metadata-text", soft_wrap=False)
        yield Static("", classes="field-note")

    def load(self, session: Session, base: Session) -> None:
        area = self.query_one(TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text(format_metadata(session.metadata))
        self.set_class(session.metadata != base.metadata, "-changed")
        self.show_error(PATH, None)  # what is shown now is the model's valid value

    def show_error(self, path: tuple, message: str | None) -> None:
        self.set_class(message is not None, "-invalid")
        self.query_one(".field-note", Static).update(message or "")

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        try:
            value = parse_metadata(event.text_area.text)
        except ValueError as error:
            self.show_error(PATH, str(error))
            return
        self.show_error(PATH, None)
        self.post_message(FormPanel.Edited(self, PATH, value))  # type: ignore[arg-type]
