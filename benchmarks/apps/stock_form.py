"""The editor's first screen built the plain way from stock Textual widgets: a scale, not a floor.

The same parts as ``primer-tui --demo`` shows first, with nothing behind them: a header row, eight
tabs, the customer tab's 23 fields (a Label and an Input, or a Select of 250 countries, per row,
filled in), a button, a totals panel showing ``Computed total``, a footer of the same eight keys. No
session, no model, no validation, no HTTP, no emulator. Beside the minimal app it shows what
Textual itself charges for a screen like this one; beside the demo, what primer-tui adds.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (Button, Footer, Input, Label, LoadingIndicator, Select, Static,
                             TabbedContent, TabPane)

TABS = ("Customer", "Order", "Items", "Fees", "Shipping", "Payment", "Surcharges", "Metadata")
COUNTRIES = [f"{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXY"]
CONTACT = ("Customer id", "Email", "Mobile", "First name", "Last name", "Tax id",
           "National doc id")
ADDRESS = ("first name", "last name", "address 1", "address 2", "city", "state", "postal code")
TOTALS = """\
Items            £10.00
Fees              £0.50
Shipping          £1.00
Computed total   £11.50
"""

CSS = """
#header-row { height: 1; }
#header-row Static { width: 1fr; }
#header-row LoadingIndicator { width: 10; display: none; }
#body { height: 1fr; }
TabbedContent { width: 2fr; }
.row { height: 1; }
.row Label { width: 24; }
.row Input, .row Select { width: 1fr; }
#totals { width: 1fr; height: auto; border: round $primary; padding: 0 1; }
"""


class StockFormApp(App[None]):
    """The customer tab as stock widgets, with totals and a footer."""

    CSS = CSS
    BINDINGS = [Binding(key, f"notify({description!r})", description) for key, description in (
        ("ctrl+s", "Review"), ("ctrl+z", "Undo"), ("ctrl+r", "Reload"), ("f6", "Audit log"),
        ("f4", "Reset field"), ("f1", "Help"), ("ctrl+o", "Open"))]
    BINDINGS.append(Binding("ctrl+q", "quit", "Quit"))
    """The editor's footer keys."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="header-row"):
            yield Static("order-1234  GBP  sandbox")
            yield LoadingIndicator()
        with Horizontal(id="body"):
            with TabbedContent():
                for index, title in enumerate(TABS):
                    with TabPane(title):
                        if index == 0:
                            yield from self.customer()
            yield Static(TOTALS, id="totals")
        yield Footer()

    def customer(self) -> ComposeResult:
        with VerticalScroll():
            for label in CONTACT:
                yield from self.row(label, Input(f"{label.lower()} value", compact=True))
            for title in ("Billing", "Shipping"):
                if title == "Shipping":
                    yield Button("Shipping same as billing", compact=True)
                for part in ADDRESS:
                    yield from self.row(f"{title} {part}", Input(f"{part} value", compact=True))
                select = Select([(code, code) for code in COUNTRIES], value="GB",
                                allow_blank=True, compact=True, type_to_search=True)
                yield from self.row(f"{title} country", select)

    def row(self, label: str, control: Input | Select) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label)
            yield control


if __name__ == "__main__":
    StockFormApp().run()
