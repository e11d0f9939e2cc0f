"""The live totals: subtotal, discounts, taxes, fees, shipping, total, and per payment method.

Updated on every keystroke, so it draws its own lines (Textual's line API), and a keystroke
redraws only the lines whose text changed: a label update costs a few ms; a DataTable cell
update 30-70 ms (STYLE.md). The two columns are laid out here (:func:`lay_out`) as a Rich grid
would lay them out (:func:`render_breakdown`, which the tests compare it with): rendering the
grid itself took 1.6 ms of each keystroke, and redrawing the whole text as a ``Static`` another
1.7 ms (issue 7).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.css.scalar import Unit
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from primer_tui.report import money
from primer_tui.totals import Breakdown
from primer_tui.ui.lines import LineStrips

NO_SESSION = "No session loaded"


class TotalsPanel(Widget):
    """Shows a :class:`Breakdown`; set ``breakdown`` to redraw.

    Its text (``render()``) is a list of laid-out lines, drawn a line at a time (``LineStrips``:
    each kept until its text changes); a new breakdown repaints only the lines that differ."""

    DEFAULT_CSS = """
    TotalsPanel { height: auto; }
    """

    # Not ``repaint``: that would redraw every line; ``_show`` asks for the lines that changed.
    breakdown: reactive[Breakdown | None] = reactive(None, repaint=False)
    """The figures shown; ``None`` before a session is loaded."""

    held_back: reactive[tuple[str, ...]] = reactive((), init=False, repaint=False)
    """Fields (``Items › Unit amount``) whose typed text is refused: the figures count their
    last valid value, not what they show, and say so."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[tuple[Text, Text]] | None = None
        """What is shown, a (label, amount) pair per line; ``None``: no session."""
        self._width = -1
        """The width the lines were laid out for."""
        self._lines: list[Text] = []
        self._strips = LineStrips()

    def watch_breakdown(self, breakdown: Breakdown | None) -> None:
        self._show(breakdown)

    def watch_held_back(self) -> None:
        self._show(self.breakdown)

    def _content_width(self) -> int:
        """Columns for the figures; before the first layout, those of a fixed CSS width."""
        width = self.content_region.width
        if width <= 0 and (scalar := self.styles.width) is not None and scalar.unit == Unit.CELLS:
            width = int(scalar.value) - self.styles.gutter.width
        return width

    def _show(self, breakdown: Breakdown | None) -> None:
        if breakdown is None:
            self._rows = None
        else:
            self._rows = breakdown_rows(breakdown) + [
                (Text(f"! {name}: not a value yet, its last valid one counts", style="italic"),
                 Text()) for name in self.held_back]
        # Laid out here even on the first show, before Textual's layout, when the CSS width
        # says how wide (a Rich grid's render cost about 4 ms at start-up).
        before, width = self._lines, self._content_width()
        if width <= 0:  # laid out when the layout gives the panel its width
            self._width, self._lines = -1, []
            self.refresh(layout=True)
            return
        self._lay_out(width)
        if len(self._lines) != len(before):
            # A layout pass walks the whole screen (tens of ms with every panel mounted): only
            # when the panel's height changes, not on each keystroke that changes a figure.
            self.refresh(layout=True)
            return
        for y, (old, new) in enumerate(zip(before, self._lines)):
            if not _same(old, new):
                self.refresh(Region(0, y, width, 1))

    def _lay_out(self, width: int) -> None:
        self._width = width
        self._lines = (lay_out_lines(self._rows, width, self.app.console) if self._rows is not None
                       else list(Text(NO_SESSION).wrap(self.app.console, width, overflow="fold")))

    def _lines_at(self, width: int) -> list[Text]:
        if width != self._width:
            self._lay_out(width)
        return self._lines

    def render(self) -> Text:
        """The text shown, a line per line (for text selection and the tests)."""
        width = self.size.width or self._content_width()
        return Text("\n").join(self._lines_at(width) if width > 0 else [])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines_at(width)) if width > 0 else 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines_at(width) if width > 0 else []
        if y >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        return self._strips.strip(self, y, lines[y], width)


def _same(a: Text, b: Text) -> bool:
    return a.plain == b.plain and a.spans == b.spans and a.style == b.style


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
    return Text("\n").join(lay_out_lines(rows, width, console))


def lay_out_lines(rows: list[tuple[Text, Text]], width: int, console: Console) -> list[Text]:
    """:func:`lay_out`, a ``Text`` per line."""
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
    return lines


def render_breakdown(b: Breakdown | list[tuple[Text, Text]]) -> Table:
    """The breakdown (or its rows) as a two-column Rich grid: the reference :func:`lay_out` is
    tested against."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    for label, amount in breakdown_rows(b) if isinstance(b, Breakdown) else b:
        table.add_row(label, amount)
    return table


def _stacked(rows: list[tuple[Text, Text]], width: int, console: Console) -> list[Text]:
    """Amounts too wide to stand beside their labels: each under its label, aligned right."""
    lines: list[Text] = []
    for label, amount in rows:
        lines.extend(label.wrap(console, width, overflow="fold") if label.plain else [Text()])
        if amount.plain:
            line = Text(" " * max(0, width - amount.cell_len))
            line.append_text(amount)
            lines.append(line)
    return lines
