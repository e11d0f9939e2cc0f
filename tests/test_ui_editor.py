"""The editor driven through Textual's Pilot, against the in-process emulator (the demo)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.screens.confirm import ConfirmScreen
from primer_tui.ui.screens.editor import EditorScreen
from primer_tui.ui.screens.load import LoadScreen
from primer_tui.ui.screens.review import ReviewScreen
from primer_tui.ui.widgets.totals_panel import TotalsPanel, render_breakdown
from tests.pilot_support import drawn, first_screen, loaded_editor, type_into


def _totals_text(editor: EditorScreen) -> str:
    from rich.console import Console

    console = Console(width=40, record=True)
    console.print(render_breakdown(editor.query_one(TotalsPanel).breakdown))
    return console.export_text()


async def test_demo_opens_on_primers_example_with_totals_per_method():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        breakdown = editor.query_one(TotalsPanel).breakdown
        assert breakdown.computed_total == 650
        assert {m.label: m.total for m in breakdown.by_method}["Visa"] == 560
        text = _totals_text(editor)
        assert "£6.50" in text and "£5.60" in text and "Visa" in text


async def test_typing_an_amount_recalculates_totals_on_every_keystroke():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("TabbedContent").active = "tab-items"
        await pilot.pause()
        field = editor.query_one("#f-order-line_items-amount Input", Input)
        field.focus()
        field.value = ""
        seen = []
        for key in "7.25":
            await pilot.press(key)
            seen.append(editor.query_one(TotalsPanel).breakdown.items_subtotal)
        assert seen == [700, 700, 720, 725]
        assert field.value == "7.25"
        await pilot.pause(0.3)
        assert editor.changes == 1
        assert editor.query_one("#f-order-line_items-amount").has_class("-changed")


async def test_bad_input_shows_message_at_the_field_and_keeps_the_text():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        field = await type_into(pilot, editor, "#f-customer-email_address", "")
        before = editor.draft.to_wire()
        field = await type_into(pilot, editor, "#f-customer-email_address", "not-an-email")
        row = editor.query_one("#f-customer-email_address")
        assert row.has_class("-invalid")
        assert "not an email address" in drawn(row)
        assert field.value == "not-an-email"
        assert editor.draft.to_wire() == before


async def test_money_with_too_many_decimals_is_refused_at_the_field():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("TabbedContent").active = "tab-shipping"
        await pilot.pause()
        await type_into(pilot, editor, "#f-order-shipping-amount", "1.505")
        row = editor.query_one("#f-order-shipping-amount")
        assert row.has_class("-invalid")
        assert "2 decimal places" in drawn(row)
        assert editor.draft.order.shipping.amount == 150


async def test_review_escape_keeps_edits_and_second_ctrl_s_sends():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "Jane")
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert review.patch.body["customer"] == {"firstName": "Jane"}
        assert review.patch.body["clientToken"] == editor.remote.token
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is editor and editor.draft.customer.first_name == "Jane"
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert editor.base.customer.first_name == "Jane"
        assert editor.changes == 0
        server = await editor.remote.load()
        assert server["customer"]["firstName"] == "Jane"


async def test_undo_restores_the_previous_value():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        original = editor.draft.customer.first_name
        await type_into(pilot, editor, "#f-customer-first_name", "Al")
        assert editor.draft.customer.first_name == "Al"
        await pilot.press("ctrl+z")
        assert editor.draft.customer.first_name == "A"
        await pilot.press("ctrl+z")
        assert editor.draft.customer.first_name is None
        await pilot.press("ctrl+z")
        assert editor.draft.customer.first_name == original
        assert editor.query_one("#f-customer-first_name Input", Input).value == original


async def test_line_items_add_duplicate_delete_and_move():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("TabbedContent").active = "tab-items"
        await pilot.pause()
        await pilot.click("#panel-items #row-add")
        await pilot.pause()
        assert [i.item_id for i in editor.draft.line_items][-1] == "new-item"
        await pilot.click("#panel-items #row-duplicate")
        await pilot.pause()
        assert len(editor.draft.line_items) == 3
        await pilot.click("#panel-items #row-delete")
        await pilot.pause()
        assert len(editor.draft.line_items) == 2
        assert editor.query_one(TotalsPanel).breakdown.line_count == 2


async def test_quit_with_unsent_changes_asks_first():
    app = PrimerApp(remote=demo_remote(), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "X")
        await pilot.pause(0.3)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is editor and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert not app.is_running


async def test_quit_right_after_a_key_asks_and_enter_keeps_the_edit():
    app = PrimerApp(remote=demo_remote(), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("#f-customer-first_name Input", Input).focus()
        await pilot.press("end", "X", "ctrl+q")  # no pause: the change count has not caught up
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "1 unsent change" in app.screen.question
        assert app.focused.id == "no"  # enter must not throw the edit away
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor and app.is_running
        assert editor.draft.customer.first_name == "JohnX"


@pytest.mark.parametrize("key", ["ctrl+o", "ctrl+r"])
async def test_open_and_reload_right_after_a_key_keep_the_edit(key):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        field = editor.query_one("#f-customer-first_name Input", Input)
        field.focus()
        await pilot.press("end", "X", key)
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen) and "1 unsent change" in question.question
        await pilot.press("enter")  # No has the focus: the edit is kept
        await pilot.pause(0.5)
        await pilot.app.workers.wait_for_complete()
        assert pilot.app.screen is editor
        assert editor.draft.customer.first_name == "JohnX" and field.value == "JohnX"


async def test_open_lists_the_demo_sessions_and_loads_another():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        await loaded_editor(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LoadScreen)
        names = [name for name, _ in pilot.app.remote.demo_tokens]
        jpy = next(i for i, name in enumerate(names) if "JPY" in name or "jpy" in name)
        option_list = pilot.app.screen.query_one("#load-recent")
        option_list.highlighted = jpy
        option_list.action_select()
        await pilot.pause()
        editor = await loaded_editor(pilot)
        assert editor.draft.currency_code == "JPY"


async def test_load_screen_decodes_the_token_and_warns_on_env_mismatch():
    remote = demo_remote()
    app = PrimerApp(make_remote=lambda *a: remote)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_screen(pilot, LoadScreen)
        screen.query_one("#load-env").value = "production"
        screen.query_one("#load-token", Input).value = remote.token
        await pilot.pause()
        info = screen.query_one("#load-token-info")
        assert "SANDBOX" in str(info.render())
        assert info.has_class("-invalid")
        screen.query_one("#load-token", Input).value = "garbage"
        await pilot.pause()
        assert "not a client token" in str(info.render())


def _asked(remote):
    """A ``make_remote`` that notes each (environment, base_url, api_version, token) asked for."""
    asked = []

    def make(*args):
        asked.append(args)
        return remote

    return make, asked


async def test_the_load_screen_sends_requests_where_the_command_line_said():
    remote = demo_remote()
    make, asked = _asked(remote)
    app = PrimerApp(make_remote=make, environment="production",
                    base_url="http://127.0.0.1:9/primer", api_version="2.3")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_screen(pilot, LoadScreen)
        assert "http://127.0.0.1:9/primer" in str(screen.query_one("#load-target").render())
        screen.query_one("#load-token", Input).value = remote.token
        screen.action_load()
        await pilot.pause()
    assert asked == [("production", "http://127.0.0.1:9/primer", "2.3", remote.token)]


async def test_a_recent_session_loads_from_where_it_was_loaded():
    from primer_tui.recent import RecentSession

    remote = demo_remote()
    make, asked = _asked(remote)
    entry = RecentSession(remote.token, "production", "http://127.0.0.1:9/proxy", "order-1", 0.0)
    app = PrimerApp(make_remote=make, environment="production")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_screen(pilot, LoadScreen)
        screen.recent = [entry]
        screen._fill(entry)
        screen.action_load()
        await pilot.pause()
    assert asked == [("production", "http://127.0.0.1:9/proxy", "2.4", remote.token)]


async def test_a_recent_sessions_url_is_not_kept_for_another_environment_or_when_primers():
    from primer_tui.recent import RecentSession

    remote = demo_remote()
    make, asked = _asked(remote)
    proxied = RecentSession(remote.token, "production", "http://127.0.0.1:9/proxy", "o", 0.0)
    primers = RecentSession(remote.token, "production", "https://api.primer.io", "o", 0.0)
    app = PrimerApp(make_remote=make, environment="production")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_screen(pilot, LoadScreen)
        screen._fill(proxied)
        screen.query_one("#load-env").value = "sandbox"  # chosen after: Primer's sandbox
        await pilot.pause()
        assert not screen.query_one("#load-target").display
        screen.action_load()
        screen._fill(primers)
        await pilot.pause()
        assert not screen.query_one("#load-target").display  # nothing special to say
        screen.action_load()
        await pilot.pause()
    assert asked == [("sandbox", None, "2.4", remote.token),
                     ("production", None, "2.4", remote.token)]


async def test_a_text_that_is_no_client_token_is_not_loaded():
    remote = demo_remote()
    make, asked = _asked(remote)
    async with PrimerApp(make_remote=make).run_test(size=(120, 40)) as pilot:
        screen = await first_screen(pilot, LoadScreen)
        screen.query_one("#load-token", Input).value = "abc.def"
        await pilot.press("ctrl+l")
        await pilot.pause()
        info = screen.query_one("#load-token-info")
        assert "Not loaded" in str(info.render()) and info.has_class("-invalid")
        assert pilot.app.screen is screen
    assert asked == []


async def test_tab_from_the_tabs_goes_straight_to_the_first_field():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("ContentTabs").focus()
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert pilot.app.focused is editor.query_one("#f-customer_id Input")
        await pilot.press(*"Jane")
        await pilot.pause(0.4)
        assert editor.draft.customer_id == "Jane" and editor.changes == 1


def test_help_lists_every_key_the_editor_and_the_app_bind():
    from primer_tui.ui.screens.help import HELP

    bindings = [*EditorScreen.BINDINGS, *PrimerApp.BINDINGS]
    keys = {key for binding in bindings for key in binding.key.split(",")}
    keys.add(PrimerApp.COMMAND_PALETTE_BINDING)
    assert {key for key in keys if f"`{key}`" not in HELP} == set()
