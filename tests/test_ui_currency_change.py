"""A change of currency reaches every open panel: money is read and shown in the new currency."""

from __future__ import annotations

from textual.widgets import Input, Select

from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.screens.editor import EditorScreen
from primer_tui.ui.widgets.row_table import RowTable
from tests.pilot_support import drawn, loaded_editor, type_into


async def _show(pilot, editor: EditorScreen, tab: str) -> None:
    editor.query_one("TabbedContent").active = f"tab-{tab}"
    await pilot.pause()


async def _set_currency(pilot, editor: EditorScreen, code: str) -> None:
    await _show(pilot, editor, "order")
    editor.query_one("#f-currency_code Select", Select).value = code
    await pilot.pause()


async def test_open_item_form_and_table_follow_a_change_to_jpy():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _show(pilot, editor, "items")  # mounted (and filled) while the currency is GBP
        assert editor.draft.line_items[0].amount == 500
        await _set_currency(pilot, editor, "JPY")
        await _show(pilot, editor, "items")
        # Minor units are kept: 500 pence become ¥500, shown as such.
        field = editor.query_one("#f-order-line_items-amount Input", Input)
        assert field.value == "500"
        assert "¥500" in editor.query_one("#panel-items RowTable", RowTable).row(0)[3]
        await type_into(pilot, editor, "#f-order-line_items-amount", "3500")
        assert editor.draft.line_items[0].amount == 3500
        row = editor.query_one("#f-order-line_items-amount")
        await type_into(pilot, editor, "#f-order-line_items-amount", "3500.5")
        assert row.has_class("-invalid") and "JPY has no decimal places" in drawn(row)
        assert editor.draft.line_items[0].amount == 3500


async def test_the_override_is_read_in_the_currency_just_chosen():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _set_currency(pilot, editor, "KWD")
        await type_into(pilot, editor, "#f-amount", "1.234")
        row = editor.query_one("#f-amount")
        assert not row.has_class("-invalid"), drawn(row)
        assert editor.draft.amount == 1234


async def test_text_refused_in_the_old_currency_is_kept_and_read_again_in_the_new_one():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _show(pilot, editor, "order")
        field = await type_into(pilot, editor, "#f-amount", "1.234")
        row = editor.query_one("#f-amount")
        # "1.23" was taken on the way; the last key was refused (GBP has 2 decimals).
        assert row.has_class("-invalid") and editor.draft.amount == 123
        editor.query_one("#f-currency_code Select", Select).value = "KWD"
        await pilot.pause()
        # What the field shows is what the draft holds: the typed text, now valid.
        assert field.value == "1.234"
        assert not row.has_class("-invalid")
        assert (editor.draft.currency_code, editor.draft.amount) == ("KWD", 1234)
