"""The live totals: subtotal, discounts, taxes, fees, shipping, total, and per payment method.

Updated on every keystroke, so it is one ``Static`` whose text is rebuilt from a ``Breakdown``
(a label update costs a few ms; a DataTable cell update 30-70 ms, STYLE.md).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from primer_tui.report import money
from primer_tui.totals import Breakdown


class TotalsPanel(Static):
    """Shows a :class:`Breakdown`; set ``breakdown`` to redraw."""

    breakdown: reactive[Breakdown | None] = reactive(None)
    """The figures shown; ``None`` before a session is loaded."""

    _rows = -1

    def watch_breakdown(self, breakdown: Breakdown | None) -> None:
        if breakdown is None:
            self.update("No session loaded")
            return
        table = render_breakdown(breakdown)
        # A layout pass walks the whole screen (tens of ms with every panel mounted): only when
        # the panel's height changes, not on each keystroke that changes a figure.
        self.update(table, layout=table.row_count != self._rows)
        self._rows = table.row_count


def render_breakdown(b: Breakdown) -> Table:
    """The breakdown as a two-column Rich table."""
    cur = b.currency
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    table.add_row(f"Items ({b.line_count})", money(b.items_subtotal, cur))
    table.add_row("Discounts", money(-b.discounts, cur) if b.discounts else money(0, cur))
    table.add_row("Taxes", money(b.taxes, cur))
    for kind, amount in b.fees_by_type:
        table.add_row(f"Fee {kind or '(no type)'}".strip(), money(amount, cur))
    table.add_row("Shipping", money(b.shipping, cur))
    table.add_row(Text("Computed total", style="bold"), Text(money(b.computed_total, cur), style="bold"))
    if b.override is not None:
        table.add_row(Text("Amount override", style="bold"), Text(money(b.override, cur), style="bold"))
        table.add_row(Text("surcharges are not calculated", style="italic"), "")
    _add_methods(table, b)
    for warning in b.warnings:
        table.add_row(Text(f"! {warning}", style="italic"), "")
    return table


def _add_methods(table: Table, b: Breakdown) -> None:
    if not b.by_method:
        return
    cur = b.currency
    table.add_row("", "")
    table.add_row(Text("Checkout total by method", style="bold underline"), "")
    for method in b.by_method:
        table.add_row(method.label, money(method.total, cur))
    table.add_row("Any other method", money(b.other_methods_total, cur))
