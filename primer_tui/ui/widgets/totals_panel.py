"""The live totals: subtotal, discounts, taxes, fees, shipping, total, and per payment method.

Updated on every keystroke, so it is one ``Static`` whose text is rebuilt from a ``Breakdown``
(a label update costs a few ms; a DataTable cell update 30-70 ms, STYLE.md). The two columns
are laid out here (:func:`lay_out`) as a Rich grid would lay them out (:func:`render_breakdown`,
which the tests compare it with): rendering the grid itself took 1.6 ms of each keystroke.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.css.scalar import Unit
from textual.reactive import reactive
from textual.widgets import Static

from primer_tui.report import money
from primer_tui.totals import Breakdown


class TotalsPanel(Static):
    """Shows a :class:`Breakdown`; set ``breakdown`` to redraw."""

    breakdown: reactive[Breakdown | None] = reactive(None)
    """The figures shown; ``None`` before a session is loaded."""

    held_back: reactive[tuple[str, ...]] = reactive((), init=False)
    """Fields (``Items › Unit amount``) whose typed text is refused: the figures count their
    last valid value, not what they show, and say so."""

    _rows = -1
    _width = -1
    """The width the figures were laid out for."""

    def watch_breakdown(self, breakdown: Breakdown | None) -> None:
        self._show(breakdown)

    def watch_held_back(self) -> None:
        self._show(self.breakdown)

    def on_resize(self) -> None:
        if self.content_region.width != self._width:
            self._show(self.breakdown)

    def _content_width(self) -> int:
        """Columns for the figures; before the first layout, those of a fixed CSS width."""
        width = self.content_region.width
        if width <= 0 and (scalar := self.styles.width) is not None and scalar.unit == Unit.CELLS:
            width = int(scalar.value) - self.styles.gutter.width
        return width

    def _show(self, breakdown: Breakdown | None) -> None:
        if breakdown is None:
            self.update("No session loaded")
            return
        # Laid out here even on the first show, before Textual's layout, when the CSS width
        # says how wide: the grid is only for a width found by layout (about 4 ms at start-up).
        width = self._width = self._content_width()
        rows = breakdown_rows(breakdown) + [
            (Text(f"! {name}: not a value yet, its last valid one counts", style="italic"),
             Text()) for name in self.held_back]
        text = (lay_out(rows, width, self.app.console) if width > 0
                else render_breakdown(rows))
        # A layout pass walks the whole screen (tens of ms with every panel mounted): only when
        # the panel's height changes, not on each keystroke that changes a figure.
        lines = len(text.plain.splitlines()) if isinstance(text, Text) else -1
        self.update(text, layout=lines != self._rows or lines < 0)
        self._rows = lines


MIN_LABEL = 8
"""Columns a label keeps beside the widest amount; with less, each amount goes under its label
(a grid would squeeze the labels to nothing)."""


def breakdown_rows(b: Breakdown) -> list[tuple[Text, Text]]:
    """(label, amount) per line of the breakdown; an empty amount for headings and notes."""
    cur = b.currency
    bold, italic = "bold", "italic"
    rows = [
        (Text(f"Items ({b.line_count})"), Text(money(b.items_subtotal, cur))),
        (Text("Discounts"), Text(money(-b.discounts, cur) if b.discounts else money(0, cur))),
        (Text("Taxes"), Text(money(b.taxes, cur))),
        *((Text(f"Fee {kind or '(no type)'}".strip()), Text(money(amount, cur)))
          for kind, amount in b.fees_by_type),
        (Text("Shipping"), Text(money(b.shipping, cur))),
        (Text("Computed total", style=bold), Text(money(b.computed_total, cur), style=bold)),
    ]
    if b.override is not None:
        rows += [(Text("Amount override", style=bold), Text(money(b.override, cur), style=bold)),
                 (Text("surcharges are not calculated", style=italic), Text())]
    if b.by_method:
        rows += [(Text(), Text()),
                 (Text("Checkout total by method", style="bold underline"), Text()),
                 *((Text(method.label), Text(money(method.total, cur))) for method in b.by_method),
                 (Text("Any other method"), Text(money(b.other_methods_total, cur)))]
    rows += [(Text(f"! {warning}", style=italic), Text()) for warning in b.warnings]
    return rows


def lay_out(rows: list[tuple[Text, Text]], width: int, console: Console) -> Text:
    """``rows`` in ``width`` columns as ``render_breakdown``'s grid shows them: amounts right
    aligned in a column as wide as the widest, a space, labels wrapped in the rest (the grid's
    padding of one, collapsed between the columns)."""
    amount_width = max((amount.cell_len for _, amount in rows), default=0)
    if amount_width and amount_width + 1 + MIN_LABEL > width:
        return _stacked(rows, width, console)
    label_width = max(1, width - amount_width - 1) if amount_width else width
    lines: list[Text] = []
    for label, amount in rows:
        wrapped = list(label.wrap(console, label_width, overflow="ellipsis")) or [Text()]
        for index, part in enumerate(wrapped):
            part.rstrip()
            line = Text()  # the label's style up to the column's edge, then plain: as the grid
            line.append_text(part)
            line.append(" " * (label_width - part.cell_len), style=label.style)
            if amount_width:
                shown = amount if index == 0 else Text()
                line.append(" " * (1 + amount_width - shown.cell_len))
                line.append_text(shown)
            lines.append(line)
    return Text("\n").join(lines)


def render_breakdown(b: Breakdown | list[tuple[Text, Text]]) -> Table:
    """The breakdown (or its rows) as a two-column Rich grid (before the panel has a width, and
    the reference :func:`lay_out` is tested against)."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    for label, amount in breakdown_rows(b) if isinstance(b, Breakdown) else b:
        table.add_row(label, amount)
    return table


def _stacked(rows: list[tuple[Text, Text]], width: int, console: Console) -> Text:
    """Amounts too wide to stand beside their labels: each under its label, aligned right."""
    lines: list[Text] = []
    for label, amount in rows:
        lines.extend(label.wrap(console, width, overflow="fold") if label.plain else [Text()])
        if amount.plain:
            line = Text(" " * max(0, width - amount.cell_len))
            line.append_text(amount)
            lines.append(line)
    return Text("\n").join(lines)
