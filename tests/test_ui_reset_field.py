"""f4 puts a field back to the value *its* row had when loaded: rows are followed, not indexes."""

from __future__ import annotations

from textual.widgets import Input

from primer_tui.emulator import create_app
from primer_tui.model import Session
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.row_lineage import RowLineage
from tests.pilot_support import loaded_editor, type_into

ITEMS = ("order", "line_items")


def _discounts_app() -> PrimerApp:
    emulator = create_app()
    token = next(s.token for s in emulator.state.sessions if s.name == "discounts-and-taxes")
    return PrimerApp(remote=demo_remote(token, app=emulator), demo=True)


async def _items_tab(pilot, editor) -> None:
    editor.query_one("TabbedContent").active = "tab-items"
    await pilot.pause()


async def test_f4_on_a_moved_item_restores_that_items_loaded_price():
    async with _discounts_app().run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _items_tab(pilot, editor)
        shoes, socks = editor.base.line_items[:2]
        await type_into(pilot, editor, "#f-order-line_items-amount", "50")
        assert editor.draft.line_items[0].amount == 5000
        await pilot.click("#panel-items #row-down")
        await pilot.pause()
        assert [i.item_id for i in editor.draft.line_items[:2]] == [socks.item_id, shoes.item_id]
        field = editor.query_one("#f-order-line_items-amount Input", Input)
        field.focus()
        await pilot.press("f4")
        await pilot.pause()
        moved_shoes, socks_now = editor.draft.line_items[1], editor.draft.line_items[0]
        assert (moved_shoes.item_id, moved_shoes.amount) == (shoes.item_id, shoes.amount)
        assert socks_now.amount == socks.amount
        assert field.value == "89.99"


async def test_f4_on_an_edited_item_id_restores_it():
    async with _discounts_app().run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _items_tab(pilot, editor)
        field = await type_into(pilot, editor, "#f-order-line_items-item_id", "renamed")
        await pilot.press("f4")
        await pilot.pause()
        assert editor.draft.line_items[0].item_id == editor.base.line_items[0].item_id
        assert field.value == editor.base.line_items[0].item_id


async def test_f4_on_an_added_item_says_there_is_nothing_to_reset_to():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _items_tab(pilot, editor)
        seen: list[str] = []
        editor.notify = lambda message, **_: seen.append(message)  # type: ignore[method-assign]
        await pilot.click("#panel-items #row-add")
        await pilot.pause()
        before = editor.draft
        editor.query_one("#f-order-line_items-amount Input", Input).focus()
        await pilot.press("f4")
        await pilot.pause()
        assert pilot.app.is_running and editor.draft is before
        assert any("nothing to reset it to" in message for message in seen)


def _session(*item_ids: str) -> Session:
    items = [{"itemId": item_id, "amount": 100 * n} for n, item_id in enumerate(item_ids, 1)]
    return Session.from_wire({"currencyCode": "GBP", "order": {"lineItems": items}})


def test_a_draft_rebuilt_from_json_is_matched_by_a_unique_item_id():
    base = _session("a", "b")
    rebuilt = _session("b", "a")  # e.g. a restored draft: new objects, rows moved
    lineage = RowLineage()
    assert lineage.loaded_row(base, rebuilt, (*ITEMS, 0)) is base.line_items[1]
    twice = _session("a", "a")  # a duplicated item: which one was loaded cannot be told
    assert lineage.loaded_row(base, twice, (*ITEMS, 0)) is None
