"""The floor for keystroke-to-screen: one Input whose value is echoed into a Static.

The harness types into it exactly what it types into primer-tui's amount field and waits for the
echo line to change, as it waits for primer-tui's total line.
"""

from __future__ import annotations

from ready import signal_ready  # a sibling script: this folder is on sys.path
from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Echo(Static):
    """The echo line (a class of its own so the headless probe can watch just it)."""


class OneInputApp(App[None]):
    """An Input and its echo."""

    def compose(self) -> ComposeResult:
        yield Input(id="field", select_on_focus=False)
        yield Echo("Echo: ", id="echo")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.value = "1"
        field.cursor_position = len(field.value)
        self.call_after_refresh(signal_ready)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(Echo).update(f"Echo: {event.value}")


if __name__ == "__main__":
    OneInputApp().run()
