"""A yes/no question in a modal."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks ``question``; dismissed with True for yes.

    ``default`` is the answer that has focus, the one enter gives: No, unless Yes is the safe
    answer (restoring a saved draft). A quit that loses edits must not be one key away.
    ``escape`` is the answer escape gives, "back out": No, unless No would throw something away
    (a saved draft), where backing out must keep it.
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", tooltip="Yes"),
        Binding("n", "answer(False)", "No", id="confirm-no", tooltip="No"),
        Binding("escape", "back_out", "Back", id="confirm-back", show=False),
    ]

    def __init__(self, question: str, *, default: bool = False, escape: bool = False) -> None:
        super().__init__()
        self.question = question
        self.escape_answer = escape
        self.AUTO_FOCUS = "#yes" if default else "#no"  # Textual focuses it when shown

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question)
            with Horizontal():
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no", variant="primary")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_back_out(self) -> None:
        self.dismiss(self.escape_answer)
