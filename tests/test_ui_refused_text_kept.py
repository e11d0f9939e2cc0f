"""Text a field refused is not in the draft: no action about another field may replace it,
and quit, reload and open count it as unsent (standards: nothing typed is lost)."""

from __future__ import annotations

from textual.widgets import Button

from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.screens.confirm import ConfirmScreen
from tests.pilot_support import loaded_editor, notes_of, type_into

EMAIL = "#f-customer-email_address"
BAD = "ada@example"  # no dot after the @: refused


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
