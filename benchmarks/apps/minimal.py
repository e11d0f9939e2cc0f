"""The floor for first paint: Header, Footer and one Static, the smallest 'real' Textual screen.

Shows ``Computed total`` so the harness waits for the same text as for primer-tui.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class MinimalApp(App[None]):
    """Header, one Static, Footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Computed total  £6.50")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
