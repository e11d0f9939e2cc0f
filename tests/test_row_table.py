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


async def test_the_items_tab_of_a_large_session_opens_quickly():
    lines = [{"itemId": f"sku-{n}", "amount": 100 + n, "quantity": 1 + n % 3}
             for n in range(10_000)]
    session = {"orderId": "big", "currencyCode": "GBP", "order": {"lineItems": lines}}
    emulator = create_app(seeds=[Seed("big", "10,000 lines", session)])
    app = PrimerApp(remote=demo_remote(app=emulator), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        started = time.perf_counter()
        await editor.show_tab_for(("order", "line_items"))
        await pilot.pause()
        took = time.perf_counter() - started
        table = editor.query_one("#panel-items RowTable", RowTable)
        assert table.row_count == 10_000
        assert took < 1.0, f"{took:.2f} s (0.2 s on the dev machine; DataTable took 1.6 s)"
