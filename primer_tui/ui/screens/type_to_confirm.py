"""A deliberate confirmation for production: type a given word (the orderId) to go on."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class TypeToConfirmScreen(ModalScreen[bool]):
    """Dismissed with True only when ``expected`` is typed exactly and enter pressed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="type-cancel", tooltip="Do not send")]

    def __init__(self, message: str | Text, expected: str) -> None:
        super().__init__()
        self.message = message
        self.expected = expected

    def compose(self) -> ComposeResult:
        with Vertical(id="type-confirm"):
            yield Static(self.message)
            # Text, not markup: the expected text is the orderId, which may hold "[/b]".
            yield Static(Text.assemble("Type ", (self.expected, "bold"),
                                       " and press enter to send; escape cancels."))
            yield Input(placeholder=self.expected, id="type-confirm-input")
            yield Static("", id="type-confirm-note")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.expected:
            self.dismiss(True)
        else:
            self.query_one("#type-confirm-note", Static).update(
                Text(f"That is not {self.expected!r}: nothing was sent.")
            )

    def action_cancel(self) -> None:
        self.dismiss(False)
