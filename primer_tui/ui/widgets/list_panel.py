"""A list of objects (line items, fees): a table, a form for the selected row, and row actions.

The table (``RowTable``: only the visible rows are drawn) is refilled when rows are added,
removed or moved, and the cells of a row typed in are refreshed after a pause in typing; the live
totals panel shows the new figures at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button

from primer_tui.edit import Path, get_value
from primer_tui.model import Session
from primer_tui.ui.widgets.form import FieldRow, FieldSpec, FormPanel
from primer_tui.ui.widgets.row_table import Justify, RowTable

Column = tuple[str, Callable[[Any, str], str]]
"""A column: its title, and the text of a row's cell (given the row and the currency)."""


class RowForm(FormPanel):
    """The form of one row; its fields are re-pointed when the selection moves."""

    def __init__(self, fields: Callable[[int], tuple[FieldSpec, ...]], *, id: str | None = None):
        self._fields = fields
        self.FIELDS = fields(0)
        super().__init__(id=id)

    def point_at(self, index: int) -> None:
        """Edit row ``index``: every field's path now names that row."""
        self.FIELDS = self._fields(index)
        for row, spec in zip(self.query("FieldRow"), self.FIELDS, strict=True):
            row.spec = spec
        self.forget_rows()


class ListPanel(Vertical):
    """Table + row form + add / duplicate / delete / move buttons."""

    PATH: Path = ()
    COLUMNS: tuple[Column, ...] = ()
    RIGHT_ALIGNED: frozenset[str] = frozenset()
    """Titles of the columns of figures, aligned right."""
    NEW_ROW: dict[str, Any] = {}

    @staticmethod
    def row_fields(index: int) -> tuple[FieldSpec, ...]:
        raise NotImplementedError

    @dataclass
    class RowsChanged(Message):
        """Rows were added, removed or moved: ``action`` on row ``index``."""

        panel: ListPanel
        action: str
        index: int

        @property
        def control(self) -> ListPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="list-panel")
        self._session: Session | None = None
        self._refresh_timer: Timer | None = None
        self._stale_rows: set[int] = set()
        self._formatted: dict[int, tuple[Any, str, tuple[str, ...]]] = {}
        self._form_row = -1

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row-actions"):
            for action, label in (("add", "Add"), ("duplicate", "Duplicate"), ("delete", "Delete"),
                                  ("up", "Up"), ("down", "Down")):
                yield Button(label, id=f"row-{action}", compact=True)
        columns = [(name, self.justify(name)) for name, _ in self.COLUMNS]
        yield RowTable(columns, classes="rows")
        yield RowForm(self.row_fields, id=f"{self.id}-form")

    def justify(self, column: str) -> Justify:
        return "right" if column in self.RIGHT_ALIGNED else "left"

    @property
    def selected(self) -> int:
        return max(0, self.query_one(RowTable).cursor_row)

    @property
    def form_row(self) -> int:
        """The row the form shows (-1: none)."""
        return self._form_row

    def load(self, session: Session, base: Session, select: int | None = None) -> None:
        """Show ``session``'s rows and the form of the selected row (or of row ``select``)."""
        self._session = session
        self._fill_table(session, select)
        self._load_form(session, base)

    def set_currency(self, session: Session) -> None:
        """The currency changed: redraw the table's figures in ``session``'s currency."""
        self._session = session
        self._fill_table(session)

    def refresh_row_soon(self, session: Session, index: int) -> None:
        """Redraw row ``index``'s cells once typing pauses (the row it was typed in, even if
        the cursor has moved on since)."""
        self._session = session
        self._stale_rows.add(index)
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(0.3, self._refresh_rows)

    def _refresh_rows(self) -> None:
        table, rows = self.query_one(RowTable), self._rows(self._session)
        for index in sorted(self._stale_rows):
            if index < len(rows) and index < table.row_count:
                table.update_row(index, self._cells(rows[index], self._currency()))
        self._stale_rows.clear()

    def _cells(self, row: Any, currency: str) -> tuple[str, ...]:
        """Row ``row``'s cells. Kept per row object: an edit copies only the row it changes
        (``edit.set_value``), and adding, deleting or moving a row copies none, so refilling a
        10,000-row table formats one row, not 10,000 (100 ms)."""
        known = self._formatted.get(id(row))
        if known is not None and known[0] is row and known[1] == currency:
            return known[2]
        cells = tuple(cell(row, currency) for _, cell in self.COLUMNS)
        self._formatted[id(row)] = (row, currency, cells)
        return cells

    def _rows(self, session: Session | None) -> list[Any]:
        return list(get_value(session, self.PATH) or []) if session else []

    def _currency(self) -> str:
        return (self._session.currency_code if self._session else None) or "GBP"

    def _fill_table(self, session: Session, select: int | None = None) -> None:
        table = self.query_one(RowTable)
        cursor = table.cursor_row if select is None else select
        currency = self._currency()
        # Refilling may move the cursor: not a selection by the user.
        rows = self._rows(session)
        with table.prevent(RowTable.RowHighlighted):
            table.set_rows([self._cells(row, currency) for row in rows])
            table.move_cursor(cursor)
        # Forget rows no longer shown (the entry holds the row: its id stays unique while kept).
        shown = {id(row) for row in rows}
        self._formatted = {key: entry for key, entry in self._formatted.items() if key in shown}

    def show_row(self, index: int, session: Session, base: Session) -> None:
        """Select row ``index`` and show its form (the table itself is not redrawn)."""
        self._session = session
        table = self.query_one(RowTable)
        if 0 <= index < table.row_count and table.cursor_row != index:
            table.move_cursor(index)
        self._load_form(session, base, index)

    def _load_form(self, session: Session, base: Session, index: int | None = None) -> None:
        form = self.query_one(RowForm)
        has_rows = bool(self._rows(session))
        form.display = has_rows
        self._form_row = (self.selected if index is None else index) if has_rows else -1
        if has_rows:
            form.point_at(self._form_row)
            form.load(session, base)

    @on(RowTable.RowHighlighted)
    def _row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        event.stop()
        # Only a move reloads the form, and only to where the cursor is now: keys typed in a
        # burst (key repeat) leave stale highlights in the queue, and following one of those
        # would put the cursor back on a row it has left.
        if event.cursor_row != event.table.cursor_row:
            return
        if self._session is not None and event.cursor_row != self._form_row:
            if refused := self.typed_errors():
                # The form would be filled with the other row: what was typed here is not in
                # the draft (it was refused) and would be lost. Stay, and say why.
                with event.table.prevent(RowTable.RowHighlighted):
                    event.table.move_cursor(self._form_row)
                self.app.notify(f"Still on row {self._form_row + 1}: fix or undo "
                                f"{', '.join(refused)} first (what you typed is kept)",
                                severity="warning")
                return
            self.post_message(self.RowsChanged(self, "select", event.cursor_row))

    def typed_errors(self) -> list[str]:
        """Labels of the row form's fields showing a refusal of what was typed."""
        form = self.query_one(RowForm)
        return [row.spec.label for row in form.query(FieldRow)
                if form.display and row.error is not None and not row.error_from_server]

    @on(Button.Pressed, ".row-actions Button")
    def _row_action(self, event: Button.Pressed) -> None:
        event.stop()
        action = (event.button.id or "").removeprefix("row-")
        if action != "delete" and (refused := self.typed_errors()):
            # The form is filled again after any other action: what was typed here is not in
            # the draft (it was refused) and would be lost. Deleting the row is meant to drop it.
            self.app.notify(f"Not done: fix or undo {', '.join(refused)} on row "
                            f"{self._form_row + 1} first (what you typed is kept)",
                            severity="warning")
            return
        self.post_message(self.RowsChanged(self, action, self.selected))
