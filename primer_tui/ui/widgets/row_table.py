"""A read-only table that draws only the rows on screen: the list panels' table of rows.

Textual's ``DataTable`` measures every cell of every row with Rich when rows are added, so a
10,000-line order took 2-4 s to show and as long again after each add, delete or move (issue
7). Here the rows are plain strings, already formatted; column widths come from their lengths
(``cell_len``), and each frame draws the visible lines only (``render_line``). 10,000 lines:
about 100 ms to format and measure, then nothing per frame beyond what is on screen.

What the list panels need and no more: a header that stays put, a row cursor (keys, mouse,
``move_cursor``), zebra stripes, ``RowHighlighted`` when the cursor moves, and updating one
row in place. Styles are component classes, named and coloured after DataTable's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Sequence
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Justify = Literal["left", "right"]


class RowTable(ScrollView, can_focus=True):
    """Rows of text cells under a header, with a row cursor; only visible lines are drawn."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First row", show=False),
        Binding("end", "last", "Last row", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header", "row-table--cursor", "row-table--even-row",
    }

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .row-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .row-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .row-table--even-row { background: $surface-darken-1 40%; }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, init=False, repaint=False)
    """The highlighted row (0 when there are none)."""

    @dataclass
    class RowHighlighted(Message):
        """The cursor moved to ``cursor_row``."""

        table: RowTable
        cursor_row: int

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, columns: Sequence[tuple[str, Justify]] = (), *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._labels = [label for label, _ in columns]
        self._justify: list[Justify] = [justify for _, justify in columns]
        self._rows: list[tuple[str, ...]] = []
        self._widths = [cell_len(label) for label in self._labels]

    # --- data --------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> tuple[str, ...]:
        return self._rows[index]

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Show ``rows`` (each a cell per column) in place of those shown."""
        self._rows = [_clean(row) for row in rows]
        self._widths = [
            max([cell_len(label), *(_width(row[column]) for row in self._rows)])
            for column, label in enumerate(self._labels)
        ]
        self._resize()
        if self.cursor_row >= len(self._rows):
            self.set_reactive(RowTable.cursor_row, max(0, len(self._rows) - 1))
        self.refresh()

    def update_row(self, index: int, cells: Sequence[str]) -> None:
        """Replace row ``index``'s cells and redraw it (widths only ever grow here)."""
        self._rows[index] = cells = _clean(cells)
        wider = [max(width, _width(cell)) for width, cell in zip(self._widths, cells, strict=True)]
        if wider != self._widths:
            self._widths = wider
            self._resize()
            self.refresh()
        else:
            self._refresh_row(index)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped) and scroll it into view."""
        self.cursor_row = min(max(row, 0), max(0, len(self._rows) - 1))
        self._scroll_to_cursor()

    def _resize(self) -> None:
        width = sum(self._widths) + 2 * len(self._widths)
        self.virtual_size = Size(width, len(self._rows) + 1)

    # --- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            cells, style = self._labels, self.get_component_rich_style("row-table--header")
        else:
            index = scroll_y + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, self.rich_style)
            cells, style = self._rows[index], self._row_style(index)
        text = "".join(_cell(cell, size, justify)
                       for cell, size, justify in zip(cells, self._widths, self._justify))
        line = Strip([Segment(text, style)])
        if scroll_x:
            line = line.crop(scroll_x, scroll_x + width)  # by cell, not by character
        return line.adjust_cell_length(width, style)

    def _row_style(self, index: int) -> Style:
        base = self.rich_style
        if index == self.cursor_row:
            return base + self.get_component_rich_style("row-table--cursor")
        if index % 2:
            return base + self.get_component_rich_style("row-table--even-row")
        return base

    def watch_cursor_row(self, old: int, new: int) -> None:
        for index in (old, new):
            self._refresh_row(index)
        self.post_message(self.RowHighlighted(self, new))

    def _refresh_row(self, index: int) -> None:
        """Redraw the screen line of row ``index``, if it is on screen."""
        y = index + 1 - self.scroll_offset.y
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)  # less the header
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    # --- input -------------------------------------------------------------------------------

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._page())

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._page())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        y = event.get_content_offset(self)
        if y is not None and y.y >= 1 and self._rows:
            self.move_cursor(self.scroll_offset.y + y.y - 1)


_SPACES = re.compile(r"[\t\n\r]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _clean(cells: Sequence[str]) -> tuple[str, ...]:
    """Cells as one line of printable text: a session's strings may hold escape sequences,
    which must not reach the terminal (a window title, the clipboard), and line breaks."""
    return tuple(cell if cell.isprintable() else
                 _CONTROLS.sub("\N{REPLACEMENT CHARACTER}", _SPACES.sub(" ", cell))
                 for cell in cells)


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _cell(text: str, size: int, justify: Justify) -> str:
    """``text`` in a cell of ``size`` columns with a space either side."""
    if _width(text) > size:
        text = set_cell_size(text, size)
    pad = " " * (size - _width(text))
    return f" {pad}{text} " if justify == "right" else f" {text}{pad} "
