"""The list panels' table: only the rows on screen are drawn, whatever the number of rows."""

from __future__ import annotations

import time

from textual.app import App, ComposeResult

from primer_tui.emulator import Seed, create_app
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.widgets.row_table import RowTable
from tests.pilot_support import loaded_editor

COLUMNS = (("Id", "left"), ("Amount", "right"))


def rows(count: int) -> list[tuple[str, str]]:
    return [(f"item-{n}", f"£{n}.00") for n in range(count)]


class TableApp(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.highlighted: list[int] = []

    def compose(self) -> ComposeResult:
        yield RowTable(COLUMNS)

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.styles.height = 12
        table.set_rows(rows(self.count))
        table.focus()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.highlighted.append(event.cursor_row)


def _lines(table: RowTable) -> list[str]:
    return ["".join(segment.text for segment in table.render_line(y))
            for y in range(table.size.height)]


async def test_a_big_table_draws_only_what_is_on_screen(monkeypatch):
    drawn = []
    render_line = RowTable.render_line

    def counting(table, y):
        drawn.append(y)
        return render_line(table, y)

    async with TableApp(100_000).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = pilot.app.query_one(RowTable)
        monkeypatch.setattr(RowTable, "render_line", counting)
        table.refresh()
        await pilot.pause()
        assert table.row_count == 100_000
        assert 0 < len(drawn) <= table.size.height
        started = time.perf_counter()
        table.set_rows(rows(100_000))
        assert time.perf_counter() - started < 2  # DataTable: about 30 s for this many


async def test_header_stays_and_figures_align_right():
    async with TableApp(3).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = _lines(pilot.app.query_one(RowTable))
        assert lines[0].split() == ["Id", "Amount"]
        assert lines[1].startswith(" item-0 ") and lines[1].rstrip().endswith("£0.00")
        assert lines[0].rstrip().endswith("Amount") and len(lines[1].rstrip()) == len(
            lines[0].rstrip())


async def test_keys_move_the_cursor_and_scroll_it_into_view():
    async with TableApp(100).run_test(size=(60, 20)) as pilot:
        table = pilot.app.query_one(RowTable)
        await pilot.pause()
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 99
        assert _lines(table)[-1].split()[0] == "item-99"  # the last row is in view
        assert _lines(table)[0].split() == ["Id", "Amount"]  # under the header, still there
        await pilot.press("pageup")
        assert table.cursor_row == 99 - (table.size.height - 1)
        await pilot.press("home", "up")
        await pilot.pause()
        assert table.cursor_row == 0
        assert _lines(table)[1].split()[0] == "item-0"
        assert pilot.app.highlighted[:2] == [1, 2] and pilot.app.highlighted[-1] == 0


async def test_a_click_selects_the_row_under_it():
    async with TableApp(10).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.click(RowTable, offset=(3, 4))  # line 4: the header, then rows 0, 1, 2
        assert pilot.app.query_one(RowTable).cursor_row == 3


async def test_updating_a_row_redraws_it_and_widens_its_column():
    async with TableApp(3).run_test(size=(60, 20)) as pilot:
        table = pilot.app.query_one(RowTable)
        await pilot.pause()
        table.update_row(1, ("item-1", "£1,000,000.00"))
        await pilot.pause()
        lines = _lines(table)
        assert lines[2].rstrip().endswith("£1,000,000.00")
        assert lines[1].rstrip().endswith("£0.00")
        assert len(lines[1].rstrip()) == len(lines[2].rstrip())  # the column grew for all


async def test_the_items_tab_of_many_lines_opens_about_as_fast_as_of_a_few():
    """DataTable measured every cell: 10,000 lines took about 16x as long as 10 to show."""
    took = {}
    for count in (10, 10_000):
        async with _app_with_lines(count).run_test(size=(120, 40)) as pilot:
            editor = await loaded_editor(pilot)
            await pilot.pause()
            started = time.perf_counter()
            await editor.show_tab_for(("order", "line_items"))
            await pilot.pause()
            took[count] = time.perf_counter() - started
            assert editor.query_one("#panel-items RowTable", RowTable).row_count == count
    assert took[10_000] < 5 * took[10] + 0.3, took


async def test_control_characters_in_cells_never_reach_the_terminal():
    async with TableApp(0).run_test(size=(60, 20)) as pilot:
        table = pilot.app.query_one(RowTable)
        table.set_rows([("a\x1b]0;owned\x07b", "£1.00"), ("line\nbreak\ttab", "\x9b2J")])
        table.update_row(0, ("\x1b]52;c;Y2xpcA==\x07", "£1.00"))
        await pilot.pause()
        text = " | ".join(_lines(table))
        assert not any(ord(char) < 32 or 0x7F <= ord(char) <= 0x9F for char in text)
        assert "line break tab" in text
        assert "\N{REPLACEMENT CHARACTER}]52;c;Y2xpcA==" in text


async def test_a_burst_of_cursor_keys_ends_on_the_last_row_it_reached():
    async with _app_with_lines(20).run_test(size=(120, 40)) as pilot:
        editor, table = await _items_tab(pilot)
        table.focus()
        await pilot.pause()
        for _ in range(3):  # as key repeat sends them: no pause between
            table.action_cursor_down()
        await pilot.pause(0.2)
        assert table.cursor_row == 3
        item_id = editor.query_one("#f-order-line_items-item_id Input").value
        assert item_id == "sku-3"


def _app_with_lines(count: int) -> PrimerApp:
    return PrimerApp(remote=demo_remote(app=_emulator_with_lines(count)), demo=True)


async def _items_tab(pilot) -> tuple:
    """The loaded editor on its Items tab, and the tab's table."""
    editor = await loaded_editor(pilot)
    await editor.show_tab_for(("order", "line_items"))
    await pilot.pause()
    return editor, editor.query_one("#panel-items RowTable", RowTable)


def _emulator_with_lines(count: int):
    lines = [{"itemId": f"sku-{n}", "amount": 100 + n, "quantity": 1 + n % 3}
             for n in range(count)]
    session = {"orderId": "big", "currencyCode": "GBP", "order": {"lineItems": lines}}
    return create_app(seeds=[Seed("big", f"{count} lines", session)])


async def test_the_row_typed_in_is_redrawn_even_if_the_cursor_moved_on():
    async with _app_with_lines(5).run_test(size=(120, 40)) as pilot:
        editor, table = await _items_tab(pilot)
        editor.query_one("#f-order-line_items-amount Input").value = "77.00"
        table.move_cursor(2)  # within the 0.3 s before the table catches up
        await pilot.pause(0.5)
        assert table.row(0)[3] == "£77.00"
        assert table.row(2)[3] == "£1.02"


async def test_refilling_the_table_formats_only_rows_it_has_not_seen(monkeypatch):
    from primer_tui.ui.widgets.form import FormPanel
    from primer_tui.ui.widgets.line_items_panel import LineItemsPanel
    from primer_tui.ui.widgets.list_panel import ListPanel

    formatted = []

    def counting(name, cell):
        def format_cell(row, currency):
            formatted.append(name)
            return cell(row, currency)
        return name, format_cell

    monkeypatch.setattr(LineItemsPanel, "COLUMNS",
                        tuple(counting(name, cell) for name, cell in LineItemsPanel.COLUMNS))
    columns = len(LineItemsPanel.COLUMNS)
    async with _app_with_lines(50).run_test(size=(120, 40)) as pilot:
        editor, table = await _items_tab(pilot)
        assert len(formatted) == 50 * columns
        panel = editor.query_one("#panel-items", ListPanel)
        for action in ("add", "up", "delete"):
            formatted.clear()
            editor._rows_changed(ListPanel.RowsChanged(panel, action, panel.selected))
            await pilot.pause()
            assert len(formatted) <= columns, action  # the new row at most
        assert table.row_count == 50
        formatted.clear()
        customer = editor.query_one("#panel-customer", FormPanel)
        editor.apply_edit(FormPanel.Edited(customer, ("currency_code",), "JPY"))
        await pilot.pause()
        panel.load(editor.draft, editor.base)
        assert len(formatted) == 50 * columns  # another currency: every amount anew
        assert table.row(0)[3].startswith("¥")
