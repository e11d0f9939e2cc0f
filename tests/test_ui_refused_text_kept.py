"""Text a field refused is not in the draft: no action about another field may replace it,
and quit, reload and open count it as unsent (standards: nothing typed is lost)."""

from __future__ import annotations

import json

import httpx
from textual.widgets import Button

from primer_tui.drafts import load_draft, save_draft
from primer_tui.emulator import create_app
from primer_tui.emulator.seeds import builtin_seeds
from primer_tui.model import Session
from primer_tui.ui.app import PrimerApp, remote_factory
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.remote import Remote
from primer_tui.ui.screens.confirm import ConfirmScreen
from tests.pilot_support import loaded_editor, notes_of, type_into

EMAIL = "#f-customer-email_address"
BAD = "ada@example"  # no dot after the @: refused
ITEM_AMOUNT = ("order", "line_items", 1, "amount")
KEY = "sk-test-SECRET-0123456789"


def _in_process(emulator, key: str, name: str) -> Remote:
    """A sandbox remote (drafts are saved; not in the demo) on the in-process ``emulator``."""
    token = next(s.token for s in emulator.state.sessions if s.name == name)
    return remote_factory(key, transport=httpx.ASGITransport(app=emulator))(
        "sandbox", None, "2.4", token)


async def _refused_email(pilot, editor):
    """``BAD`` put in the email field at once (pasted): refused, so the draft is unchanged."""
    field = editor.query_one(f"{EMAIL} Input")
    field.focus()
    field.value = BAD
    await pilot.pause()
    assert editor.query_one(EMAIL).error is not None and field.value == BAD
    return field


async def test_undo_of_another_field_keeps_the_refused_text_and_its_error():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        loaded_email = editor.draft.customer.email_address
        email = await _refused_email(pilot, editor)
        first = await type_into(pilot, editor, "#f-customer-first_name", "Ada")
        assert editor.draft.customer.first_name == "Ada"
        for _ in range(4):  # "Ada", "Ad", "A", "" (type_into clears the field first)
            editor.action_undo()
            await pilot.pause()
        assert first.value == "John" and editor.draft.customer.first_name == "John"
        assert email.value == BAD and editor.query_one(EMAIL).error is not None
        assert editor.draft.customer.email_address == loaded_email


async def test_undo_of_the_refused_fields_own_change_replaces_its_text():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        amount = await type_into(pilot, editor, "#f-customer-first_name", "Al")
        assert editor.draft.customer.first_name == "Al"
        amount.value = "A" * 300  # over 255: refused, the draft keeps "Al"
        await pilot.pause()
        assert editor.query_one("#f-customer-first_name").error is not None
        editor.action_undo()  # undoes "Al" -> "A": that field is what the undo is about
        await pilot.pause()
        assert amount.value == "A" and editor.query_one("#f-customer-first_name").error is None


async def test_shipping_same_as_billing_keeps_refused_text_elsewhere():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        email = await _refused_email(pilot, editor)
        await type_into(pilot, editor, "#f-customer-billing_address-city", "Leeds")
        editor.query_one("#same-as-billing", Button).press()
        await pilot.pause()
        assert editor.draft.customer.shipping_address.city == "Leeds"
        assert email.value == BAD and editor.query_one(EMAIL).error is not None


async def test_quit_asks_when_only_refused_text_is_unsent():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _refused_email(pilot, editor)
        assert editor.draft == editor.base  # nothing in the draft: only the typed text
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen) and pilot.app.is_running
        assert pilot.app.screen.question.startswith("1 unsent change will be lost")


async def test_reload_and_open_are_refused_while_a_field_holds_refused_text():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        notes = notes_of(editor)
        app_notes = notes_of(pilot.app)
        email = await _refused_email(pilot, editor)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert any("Not reloaded" in note and "Customer › Email" in note for note in notes)
        pilot.app.action_open()
        await pilot.pause()
        assert pilot.app.screen is editor and email.value == BAD
        assert any("before loading another session" in note for note in app_notes)


async def test_refused_text_is_saved_with_the_draft_and_put_back_after_a_crash():
    emulator = create_app()
    seed = "discounts-and-taxes"
    async with PrimerApp(remote=_in_process(emulator, key=KEY, name=seed)).run_test(
            size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _refused_email(pilot, editor)
        await editor.show_tab_for(ITEM_AMOUNT)
        await pilot.pause()
        table = editor.query_one("#panel-items RowTable")
        table.move_cursor(1)  # the second line: its row is what the text is put back into
        await pilot.pause()
        await type_into(pilot, editor, "#f-order-line_items-amount", "7,50")
        await pilot.pause(1.3)  # the save waits for typing to pause
        pilot.app.exit()  # as if killed
    saved = load_draft(editor.remote.base_url, editor.remote.token)
    assert saved is not None and saved.typed == {
        "customer.emailAddress": BAD, "order.lineItems[1].amount": "7,50"}
    assert KEY not in json.dumps(saved.typed)
    async with PrimerApp(remote=_in_process(emulator, key=KEY, name=seed)).run_test(
            size=(120, 40)) as pilot:
        for _ in range(100):
            if isinstance(pilot.app.screen, ConfirmScreen):
                break
            await pilot.pause(0.05)
        notes = notes_of(pilot.app.screen_stack[-2])
        await pilot.press("y")
        editor = await loaded_editor(pilot)
        await pilot.pause()
        await editor.show_tab_for(("customer", "email_address"))
        await pilot.pause()
        assert editor.query_one(f"{EMAIL} Input").value == BAD
        assert editor.query_one(EMAIL).error is not None
        await editor.show_tab_for(ITEM_AMOUNT)
        await pilot.pause()
        assert editor.query_one("#panel-items RowTable").cursor_row == 1
        assert editor.query_one("#f-order-line_items-amount Input").value == "7,50"
        assert any("Also put back" in note and "Customer › Email" in note for note in notes)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is editor  # still refused until fixed: not sent as it was


async def test_the_totals_name_a_figure_whose_typed_text_is_refused():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        totals = editor.query_one("#totals")
        await _refused_email(pilot, editor)  # not a figure: the totals say nothing of it
        assert "not a value yet" not in str(totals.render())
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        await type_into(pilot, editor, "#f-order-line_items-amount", "7,50")
        shown = " ".join(str(totals.render()).split())  # wrapped in the panel's width
        assert "! Items › Unit amount: not a value yet, its last valid one counts" in shown
        assert editor.draft.order.line_items[0].amount == 700  # "7": what the figures count
        await type_into(pilot, editor, "#f-order-line_items-amount", "7.50")
        assert "not a value yet" not in str(totals.render())
        assert "£7.50" in str(totals.render())  # the items' subtotal


async def test_a_saved_text_for_a_choice_or_a_box_is_skipped_not_a_crash():
    """A hand-edited or damaged draft may name a field no text is typed at."""
    emulator = create_app()
    remote = _in_process(emulator, key=KEY, name="primer-example")
    loaded = Session.from_wire(builtin_seeds()[0].session)  # primer-example, as seeded
    save_draft(remote.base_url, remote.token, environment="sandbox", base=loaded,
               draft=loaded.model_copy(update={"order_id": "restored"}),
               typed={"paymentMethod.paymentType": "BOGUS", "paymentMethod.vaultOnSuccess": "no",
                      "customer.emailAddress": BAD})
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if isinstance(pilot.app.screen, ConfirmScreen):
                break
            await pilot.pause(0.05)
        await pilot.press("y")
        editor = await loaded_editor(pilot)
        await pilot.pause(0.3)
        assert pilot.app.is_running and editor.draft.order_id == "restored"
        await editor.show_tab_for(("customer", "email_address"))
        await pilot.pause()
        assert editor.query_one(f"{EMAIL} Input").value == BAD
