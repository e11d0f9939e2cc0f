"""Text a field refused is not in the draft: no action about another field may replace it,
and quit, reload and open count it as unsent (standards: nothing typed is lost)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from textual.widgets import Button, Input

from primer_tui.client import PrimerClient
from primer_tui.drafts import draft_path, load_draft, save_draft
from primer_tui.emulator import create_app
from primer_tui.emulator.seeds import builtin_seeds
from primer_tui.model import Session
from primer_tui.ui.app import PrimerApp, remote_factory
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.remote import Remote
from primer_tui.ui.screens.confirm import ConfirmScreen
from primer_tui.ui.widgets.session_header import SessionHeader
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


@pytest.mark.parametrize(("typed", "last_valid"),
                         [("2.5", 2), ("2,5", 2), ("1e2", 1), ("x", None), ("--5", None)])
async def test_a_whole_number_field_keeps_refused_keys_as_typed_with_its_error(typed, last_valid):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("TabbedContent").active = "tab-items"
        await pilot.pause()
        quantity = await type_into(pilot, editor, "#f-order-line_items-quantity", typed)
        assert quantity.value == typed  # not "25": no key dropped without a word
        assert "not a whole number" in editor.query_one("#f-order-line_items-quantity").error
        # The draft holds what the text last meant ("2", "1"; cleared: absent).
        assert editor.draft.order.line_items[0].quantity == last_valid


async def test_shipping_same_as_billing_keeps_refused_text_elsewhere():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        email = await _refused_email(pilot, editor)
        await type_into(pilot, editor, "#f-customer-billing_address-city", "Leeds")
        editor.query_one("#same-as-billing", Button).press()
        await pilot.pause()
        assert editor.draft.customer.shipping_address.city == "Leeds"
        assert email.value == BAD and editor.query_one(EMAIL).error is not None


async def test_the_header_counts_refused_text_as_quit_does():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        email = await _refused_email(pilot, editor)
        await pilot.pause(0.5)  # counted once typing pauses
        assert editor.changes == 1 == pilot.app.unsent_changes()
        assert "1 change" in str(editor.query_one(SessionHeader).render())
        email.value = editor.base.customer.email_address  # fixed back: nothing unsent
        await pilot.pause(0.5)
        assert editor.changes == 0


async def test_quit_asks_when_only_refused_text_is_unsent():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _refused_email(pilot, editor)
        assert editor.draft == editor.base  # nothing in the draft: only the typed text
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen) and pilot.app.is_running
        assert pilot.app.screen.question.startswith("1 unsent change will be lost")


@pytest.mark.parametrize("answer", ["escape", "n", "enter"])
async def test_reload_and_open_ask_while_a_field_holds_refused_text(answer):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        email = await _refused_email(pilot, editor)
        await pilot.press("ctrl+r")
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        assert "throw away 1 unsent change" in question.question
        assert "Customer › Email" in question.question
        await pilot.press(answer)
        await pilot.pause()
        pilot.app.action_open()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "1 unsent change will be lost" in pilot.app.screen.question
        await pilot.press(answer)
        await pilot.pause()
        assert pilot.app.screen is editor and email.value == BAD


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
        editor, notes = await _restored(pilot)
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
        editor, _ = await _restored(pilot)
        assert pilot.app.is_running and editor.draft.order_id == "restored"
        await editor.show_tab_for(("customer", "email_address"))
        await pilot.pause()
        assert editor.query_one(f"{EMAIL} Input").value == BAD


# --- found by review: rows, restores, a 422, the note, the key, the keystroke -----------------

AMOUNT = "#f-order-line_items-amount"


async def _refused_amount(pilot, editor, row: int = 0, field: str = AMOUNT, text: str = "7,50"):
    await editor.show_tab_for(("order", "line_items", row, "amount"))
    await pilot.pause()
    editor.query_one("#panel-items RowTable").move_cursor(row)
    await pilot.pause()
    control = editor.query_one(f"{field} Input")
    control.focus()
    control.value = text
    await pilot.pause()
    return control


async def _restored(pilot):
    """The restore question answered yes; (editor, notes the editor showed)."""
    for _ in range(100):
        if isinstance(pilot.app.screen, ConfirmScreen):
            break
        await pilot.pause(0.05)
    notes = notes_of(pilot.app.screen_stack[-2])
    await pilot.press("y")
    editor = await loaded_editor(pilot)
    await pilot.pause(0.3)
    return editor, notes


async def _added_method(pilot, editor, method: str = "BANCONTACT") -> Input:
    """``method`` added with the Surcharges tab's box; its amount field."""
    await editor.show_tab_for(("payment_method", "options", method, "surcharge", "amount"))
    await pilot.pause()
    add = editor.query_one("#add-method", Input)
    add.focus()
    await pilot.press(*method, "enter")
    await pilot.pause()
    await pilot.pause()
    return editor.query_one(f"#f-payment_method-options-{method}-surcharge-amount Input")


async def send_and_hold(pilot, editor, transport) -> None:
    """An edit (the first name) reviewed and sent; returns once its PATCH is out and held
    (``transport.out``), so what the test types next is typed while the answer waits."""
    await type_into(pilot, editor, "#f-customer-first_name", "Zed")
    await pilot.pause(0.4)
    await pilot.press("ctrl+s", "ctrl+s")
    for _ in range(200):
        if transport.out:
            return
        await pilot.pause(0.02)
    raise AssertionError("no PATCH was sent")


async def test_row_actions_other_than_delete_wait_while_the_row_holds_refused_text():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        notes = notes_of(pilot.app)
        amount = await _refused_amount(pilot, editor)
        for action in ("add", "duplicate", "up", "down"):
            await pilot.click(f"#panel-items #row-{action}")
            await pilot.pause()
            assert amount.value == "7,50" and len(editor.draft.order.line_items) == 1, action
        assert sum("Not done: fix or undo Unit amount on row 1" in n for n in notes) == 4
        await pilot.click("#panel-items #row-delete")  # meant to drop the row, text and all
        await pilot.pause()
        assert editor.draft.order.line_items in (None, [])


async def test_two_refused_texts_in_one_row_both_come_back():
    emulator = create_app()
    seed = "discounts-and-taxes"
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _refused_amount(pilot, editor, 1)
        discount = editor.query_one("#f-order-line_items-discount_amount Input")
        discount.focus()
        discount.value = "1,00"
        await pilot.pause(1.3)
        pilot.app.exit()
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor, _ = await _restored(pilot)
        assert editor.typed_texts() == {"order.lineItems[1].amount": "7,50",
                                        "order.lineItems[1].discountAmount": "1,00"}


async def test_restored_text_follows_its_row_and_a_gone_rows_text_is_shown():
    emulator = create_app()
    seed = "discounts-and-taxes"
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _refused_amount(pilot, editor, 2)
        moved = editor.draft.order.line_items[2].item_id
        await pilot.pause(1.3)
        pilot.app.exit()
    # Meanwhile someone else removes the first line item: the row is at index 1 now.
    remote = _in_process(emulator, KEY, seed)
    wire = await remote.load()
    await remote.update({"clientToken": remote.token,
                         "order": {**wire["order"], "lineItems": wire["order"]["lineItems"][1:]}})
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor, _ = await _restored(pilot)
        assert editor.typed_texts() == {"order.lineItems[1].amount": "7,50"}
        row = editor.query_one("#panel-items RowTable").cursor_row
        assert editor.draft.order.line_items[row].item_id == moved
        await pilot.pause(1.3)  # saved again, with the row as it is now
        pilot.app.exit()
    # Now the row itself goes: its text cannot be put back, and says so.
    wire = await remote.load()
    lines = [line for line in wire["order"]["lineItems"] if line.get("itemId") != moved]
    await remote.update({"clientToken": remote.token, "order": {**wire["order"], "lineItems": lines}})
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor, notes = await _restored(pilot)
        assert editor.typed_texts() == {}
        assert any("its row or field is gone" in n and "'7,50'" in n for n in notes)


async def test_the_totals_note_goes_when_an_undo_clears_the_field():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        totals = editor.query_one("#totals")
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        amount = await type_into(pilot, editor, AMOUNT, "7,5")
        await pilot.pause(0.2)
        assert "not a value yet" in " ".join(str(totals.render()).split())
        while editor.history:
            editor.action_undo()
        await pilot.pause(0.2)
        assert amount.value == "5.00" and "not a value" not in " ".join(str(totals.render()).split())


async def test_text_holding_the_key_is_left_out_and_the_rest_is_saved():
    emulator = create_app()
    remote = _in_process(emulator, KEY, "primer-example")
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-last_name", "Lovelace")
        field = editor.query_one(f"{EMAIL} Input")
        field.focus()
        field.value = KEY  # pasted in the wrong field: refused as an email
        await pilot.pause(1.3)
        pilot.app.exit()
    saved = load_draft(remote.base_url, remote.token)
    assert saved is not None and saved.draft.customer.last_name == "Lovelace"
    assert saved.typed == {} and KEY not in draft_path(remote.base_url, remote.token).read_text()


async def test_a_refused_surcharge_of_an_added_method_comes_back():
    emulator = create_app()
    seed = "primer-example"
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        field = await _added_method(pilot, editor)
        field.focus()
        await pilot.press("1")
        field.value = "1,5"
        await pilot.pause(1.3)
        pilot.app.exit()
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor, _ = await _restored(pilot)
        assert pilot.app.is_running
        assert editor.typed_texts() == {"paymentMethod.options.BANCONTACT.surcharge.amount": "1,5"}


async def test_typing_in_a_refused_field_does_not_walk_the_forms_on_each_key(monkeypatch):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        field = await _refused_email(pilot, editor)
        await pilot.pause(0.3)
        walks = []
        original = type(editor).fields_in_error
        monkeypatch.setattr(type(editor), "fields_in_error",
                            lambda screen: walks.append(1) or original(screen))
        for typed in "xample":  # what each key does (its watcher), without the loop between
            field.value += typed  # still refused: no dot after the @
        assert walks == []  # the totals' note waits for the typing to pause
        await pilot.pause(0.3)
        assert len(walks) == 1 and field.value == BAD + "xample"


async def test_quit_counts_refused_text_over_a_changed_value_once():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        await type_into(pilot, editor, AMOUNT, "7,50")  # "7" is in the draft: one change
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert pilot.app.screen.question.startswith("1 unsent change will be lost")


class _Refused422(httpx.AsyncBaseTransport):
    """GETs answer ``WIRE``; a PATCH waits for ``gate``, then is refused at line ``at``."""

    WIRE = {"orderId": "o", "currencyCode": "GBP", "order": {"lineItems": [
        {"itemId": "a", "amount": 100}, {"itemId": "b", "amount": 200}]}}

    def __init__(self, at: int) -> None:
        self.gate, self.out, self.at = asyncio.Event(), False, at

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "PATCH":
            return httpx.Response(200, json=self.WIRE)
        self.out = True
        await self.gate.wait()
        return httpx.Response(422, json={"error": {
            "errorId": "RequestValidationError", "description": "Invalid request",
            "diagnosticsId": "d-1", "validationErrors": [{"model": "X", "errors": [
                {"path": f"$.order.lineItems[{self.at}].amount", "description": "Too big"}]}]}})


@pytest.mark.parametrize("at", [0, 1])
async def test_a_422_keeps_refused_text_typed_while_the_patch_was_out(at: int):
    transport = _Refused422(at)
    client = PrimerClient(api_key=None, base_url="http://x", transport=transport)
    async with PrimerApp(remote=Remote(client, "sandbox", "t")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await send_and_hold(pilot, editor, transport)
        await _refused_amount(pilot, editor, 0, "#f-order-line_items-discount_amount", "1,00")
        transport.gate.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert editor.typed_texts() == {"order.lineItems[0].discountAmount": "1,00"}


# --- found by the review of the fixes --------------------------------------------------------


async def test_a_422_at_the_field_holding_refused_text_leaves_it_refused():
    transport = _Refused422(0)
    client = PrimerClient(api_key=None, base_url="http://x", transport=transport)
    async with PrimerApp(remote=Remote(client, "sandbox", "t")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await send_and_hold(pilot, editor, transport)
        field = await _refused_amount(pilot, editor, 0)  # at the path the 422 will name
        transport.gate.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        row = editor.query_one(AMOUNT)
        assert field.value == "7,50" and row.error is not None and not row.error_from_server
        assert editor.typed_texts() == {"order.lineItems[0].amount": "7,50"}
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert pilot.app.screen is editor  # still refused: the review waits for a value


async def test_restore_finds_a_line_item_someone_changed_by_its_id():
    emulator = create_app()
    seed = "discounts-and-taxes"
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _refused_amount(pilot, editor, 1)
        await pilot.pause(1.3)
        pilot.app.exit()
    remote = _in_process(emulator, KEY, seed)
    wire = await remote.load()
    lines = wire["order"]["lineItems"]
    lines[1] = {**lines[1], "description": "Renamed by a colleague"}
    await remote.update({"clientToken": remote.token, "order": {**wire["order"], "lineItems": lines}})
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor, _ = await _restored(pilot)
        assert editor.typed_texts() == {"order.lineItems[1].amount": "7,50"}


async def test_a_method_added_and_given_only_refused_text_comes_back():
    emulator = create_app()
    seed = "primer-example"
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        field = await _added_method(pilot, editor)
        field.focus()
        field.value = "1,5"  # pasted: the method never had a valid amount, so is not in the draft
        await pilot.pause(1.3)
        pilot.app.exit()
    async with PrimerApp(remote=_in_process(emulator, KEY, seed)).run_test(size=(120, 40)) as pilot:
        editor, _ = await _restored(pilot)
        assert editor.typed_texts() == {"paymentMethod.options.BANCONTACT.surcharge.amount": "1,5"}


async def test_the_change_count_after_a_pause_does_not_walk_the_forms(monkeypatch):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _refused_email(pilot, editor)
        await pilot.pause(0.5)
        walks = []
        original = type(editor).fields_in_error
        monkeypatch.setattr(type(editor), "fields_in_error",
                            lambda screen: walks.append(1) or original(screen))
        await type_into(pilot, editor, "#f-customer-first_name", "Ada")  # valid: counted later
        await pilot.pause(0.5)
        assert editor.changes == 2  # the name, and the refused email
        assert walks == []
