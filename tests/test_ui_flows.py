"""More editor flows through Pilot: every panel, recent tokens, failures, reset, surcharges."""

from __future__ import annotations

import json
import statistics
import time

import httpx
import pytest
from textual.widgets import Button, Input, Select, Static, TextArea

from primer_tui.client import PrimerClient
from primer_tui.emulator import create_app
from primer_tui.emulator.tokens import TokenMinter
from primer_tui.recent import load_recent
from primer_tui.ui.app import PrimerApp, remote_factory
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.remote import Remote
from primer_tui.ui.screens.editor import EditorScreen
from primer_tui.ui.screens.load import LoadScreen
from primer_tui.ui.screens.review import ReviewScreen
from primer_tui.ui.widgets.form import FieldSpec
from primer_tui.ui.widgets.row_table import RowTable
from primer_tui.ui.widgets.totals_panel import TotalsPanel
from tests.pilot_support import drawn, first_screen, loaded_editor, notes_of, type_into


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _show(editor: EditorScreen, tab: str):
    editor.query_one("TabbedContent").active = f"tab-{tab}"


def _discounts_and_taxes() -> PrimerApp:
    """The demo on its seeded session of several line items."""
    emulator = create_app()
    token = next(s.token for s in emulator.state.sessions if s.name == "discounts-and-taxes")
    return PrimerApp(remote=demo_remote(token, app=emulator), demo=True)


async def test_order_panel_sets_override_and_totals_show_both_figures():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "order")
        await pilot.pause()
        await type_into(pilot, editor, "#f-amount", "9.99")
        breakdown = editor.query_one(TotalsPanel).breakdown
        assert (breakdown.override, breakdown.computed_total) == (999, 650)
        assert not breakdown.surcharges_calculated
        editor.query_one("#f-currency_code Select", Select).value = "EUR"
        await pilot.pause()
        assert editor.draft.currency_code == "EUR"


async def test_fees_panel_edits_and_adds_fees():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "fees")
        await pilot.pause()
        await type_into(pilot, editor, "#f-order-fees-amount", "2")
        assert editor.query_one(TotalsPanel).breakdown.fees == 200
        await pilot.click("#panel-fees #row-add")
        await pilot.pause()
        assert [fee.type for fee in editor.draft.order.fees] == ["SURCHARGE", "SERVICE"]
        assert editor.query_one("#panel-fees RowTable", RowTable).row_count == 2


async def test_payment_method_panel_flags_choices_and_networks():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "payment")
        await pilot.pause()
        editor.query_one("#f-payment_method-vault_on_success .field-input").value = True
        editor.query_one("#f-payment_method-payment_type Select", Select).value = "SUBSCRIPTION"
        await type_into(pilot, editor, "#f-payment_method-ordered_allowed_card_networks", "visa, AMEX")
        pm = editor.draft.payment_method
        assert pm.vault_on_success is True and pm.payment_type == "SUBSCRIPTION"
        assert pm.ordered_allowed_card_networks == ["VISA", "AMEX"]
        await type_into(pilot, editor, "#f-payment_method-ordered_allowed_card_networks", "BOGUS")
        row = editor.query_one("#f-payment_method-ordered_allowed_card_networks")
        assert row.has_class("-invalid") and "must be one of" in drawn(row)


async def test_surcharges_change_remove_and_add_a_method():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "surcharges")
        await pilot.pause()
        await type_into(pilot, editor, "#f-payment_method-options-PAYMENT_CARD-networks-VISA-surcharge-amount", "0.30")
        totals = {m.label: m.total for m in editor.query_one(TotalsPanel).breakdown.by_method}
        assert totals["Visa"] == 580
        await type_into(pilot, editor, "#f-payment_method-options-GOOGLE_PAY-surcharge-amount", "")
        labels = [m.label for m in editor.query_one(TotalsPanel).breakdown.by_method]
        assert "Google Pay" not in labels
        add = editor.query_one("#add-method", Input)
        add.focus()
        await pilot.press(*"bancontact", "enter")
        await pilot.pause()
        await pilot.press(*"0.75")
        await pilot.pause()
        totals = {m.method: m.total for m in editor.query_one(TotalsPanel).breakdown.by_method}
        assert totals["BANCONTACT"] == 550 + 75
        await pilot.pause(0.4)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("not updatable" in w for w in pilot.app.screen.patch.warnings)


async def test_metadata_panel_parses_lines_and_refuses_empty_keys():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "metadata")
        await pilot.pause()
        area = editor.query_one("#metadata-text", TextArea)
        area.load_text("ticket = T-9\nattempt = 3")
        await pilot.pause()
        assert editor.draft.metadata == {"ticket": "T-9", "attempt": 3}
        area.load_text(" = oops")
        await pilot.pause()
        panel = editor.query_one("MetadataPanel")
        assert panel.has_class("-invalid")
        assert "key is empty" in str(panel.query_one(".field-note").render())
        assert editor.draft.metadata == {"ticket": "T-9", "attempt": 3}


@pytest.mark.parametrize("typed", ["ticket = T-9", " = oops"])  # a change, and refused text
async def test_f4_resets_the_metadata_text_to_the_loaded_metadata(typed):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("TabbedContent").active = "tab-metadata"
        await pilot.pause()
        loaded = editor.base.metadata
        area = editor.query_one("#metadata-text", TextArea)
        area.focus()
        loaded_text = area.text
        area.load_text(typed)
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        panel = editor.query_one("MetadataPanel")
        assert editor.draft.metadata == loaded and area.text == loaded_text
        assert not panel.has_class("-invalid") and not panel.has_class("-changed")
        await pilot.pause(0.5)  # counted once typing pauses
        assert editor.changes == 0


async def test_ctrl_pagedown_and_pageup_switch_tabs_from_a_field():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        tabbed = editor.query_one("TabbedContent")
        editor.query_one("#f-customer-last_name Input").focus()
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert tabbed.active == "tab-order" and editor.query_one("#f-order_id")  # mounted
        assert pilot.app.focused is editor.query_one("ContentTabs")  # no hidden field keeps it
        await pilot.press("ctrl+pageup", "ctrl+pageup")
        await pilot.pause()
        assert tabbed.active == "tab-metadata"  # wraps round
        await pilot.press("tab")
        await pilot.pause()
        area = editor.query_one("#metadata-text")
        assert pilot.app.focused is area
        area.load_text("note = " + "x" * 300)  # a text area that scrolls sideways
        await pilot.pause()
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert tabbed.active == "tab-customer"


async def test_undo_says_what_it_undid_and_on_which_tab():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "items")
        await pilot.pause()
        await type_into(pilot, editor, "#f-order-line_items-amount", "7")
        _show(editor, "customer")
        await pilot.pause()
        notes = notes_of(editor)
        await pilot.press("ctrl+z")  # "7" -> "": the field is on a tab not shown
        await pilot.pause()
        assert notes == ["Undone: order.lineItems[0].amount (Items)"]
        await pilot.press("ctrl+z")  # "" -> the loaded "5.00"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert notes[-1] == "Nothing to undo"


async def test_an_undo_step_that_changed_nothing_is_passed_over():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        city = await type_into(pilot, editor, "#f-customer-shipping_address-city", "Paris")
        editor.query_one("#same-as-billing", Button).press()  # Paris -> London
        await pilot.pause()
        editor.query_one("#same-as-billing", Button).press()  # London -> London: no change
        await pilot.pause()
        assert city.value == "London"
        notes = notes_of(editor)
        await pilot.press("ctrl+z")  # one press brings Paris back
        await pilot.pause()
        assert city.value == "Paris" and editor.draft.customer.shipping_address.city == "Paris"
        assert notes[0].startswith("Undone: customer.shippingAddress")


async def test_f4_resets_the_focused_field_to_its_loaded_value():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        loaded = editor.base.customer.last_name
        field = await type_into(pilot, editor, "#f-customer-last_name", "Else")
        assert editor.draft.customer.last_name == "Else"
        await pilot.press("f4")
        await pilot.pause()
        assert editor.draft.customer.last_name == loaded
        assert field.value == loaded
        assert not editor.query_one("#f-customer-last_name").has_class("-changed")


async def test_review_with_nothing_changed_says_so():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        await loaded_editor(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen) and review.patch.body is None
        assert "Nothing changed" in str(review.query_one("#review-empty").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditorScreen)


async def test_review_of_surcharge_changes_alone_warns_and_lists_them_as_not_sent():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("TabbedContent").active = "tab-surcharges"
        await pilot.pause()
        path = ("payment_method", "options", "GOOGLE_PAY", "surcharge", "amount")
        await type_into(pilot, editor, f"#{FieldSpec(path, '').id}", "2.00")
        await pilot.pause(0.4)
        assert editor.changes == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen) and review.patch.body is None
        shown = " ".join(str(s.render()) for s in review.query(Static))
        assert "not updatable by PATCH" in shown  # the warning, though nothing is sent
        assert "Nothing to send" in str(review.query_one("#review-empty").render())
        assert "Nothing changed" not in shown
        table = review.query_one("#review-changes", Static).content
        fields = [str(cell) for cell in table.columns[0].cells]
        assert fields == ["paymentMethod.options.GOOGLE_PAY.surcharge.amount  not sent"]


async def test_sending_shows_a_spinner_and_keeps_the_ui_responsive():
    emulator = create_app()
    emulator.state.faults.add("patch:latency=1.0")
    async with PrimerApp(remote=demo_remote(app=emulator), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "Ann")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        for _ in range(40):
            if editor.query_one("#sending").display:
                break
            await pilot.pause(0.02)
        assert editor.query_one("#sending").display
        await type_into(pilot, editor, "#f-customer-last_name", "Lee")  # still typing
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not editor.query_one("#sending").display
        assert editor.base.customer.first_name == "Ann"
        assert editor.draft.customer.last_name == "Lee"


async def test_a_422_marks_the_line_item_field_and_focuses_it():
    body = {"error": {"errorId": "RequestValidationError", "description": "Invalid request",
                      "diagnosticsId": "d-1", "validationErrors": [{"model": "ClientSessionUpdateAPIRequest",
                      "errors": [{"path": "$.order.lineItems[1].amount", "description": "Too big"}]}]}}
    wire = {"orderId": "o", "currencyCode": "GBP",
            "order": {"lineItems": [{"itemId": "a", "amount": 1}, {"itemId": "b", "amount": 2}]}}

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(422, json=body) if request.method == "PATCH" else httpx.Response(200, json=wire)

    client = PrimerClient(api_key=None, base_url="http://x", transport=httpx.MockTransport(serve))
    async with PrimerApp(remote=Remote(client, "sandbox", "t")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "order")
        await pilot.pause()
        await type_into(pilot, editor, "#f-order_id", "o2")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert editor.query_one("TabbedContent").active == "tab-items"
        row = editor.query_one("#f-order-line_items-amount")
        assert row.spec.path == ("order", "line_items", 1, "amount")
        assert row.has_class("-invalid") and "Too big" in drawn(row)
        assert pilot.app.focused is row.query_one(Input)
        assert editor.draft.order_id == "o2"
        assert "d-1" in str(editor.query_one("#problem").render())
        # The server's mark is no refused typing (the draft holds the value): review still opens
        from primer_tui.ui.screens.review import ReviewScreen

        assert editor.fields_in_error() == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_failed_load_shows_primers_error_and_escape_keeps_what_was_typed():
    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": {
            "errorId": "ClientSessionValidationError", "description": "The client token is invalid.",
            "recoverySuggestion": "Please provide a valid client token.", "diagnosticsId": "diag-7"}})

    def make(environment, base_url, api_version, token):
        client = PrimerClient(api_key=None, base_url="http://x", transport=httpx.MockTransport(serve))
        return Remote(client, environment, token)

    # A client token in form, that the server does not know.
    token = TokenMinter("SANDBOX").mint(int(time.time()) + 3600)
    async with PrimerApp(make_remote=make).run_test(size=(120, 40)) as pilot:
        load = await first_screen(pilot, LoadScreen)
        load.query_one("#load-token", Input).value = token
        await pilot.press("ctrl+l")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        problem = str(pilot.app.screen.query_one("#problem").render())
        assert "The client token is invalid." in problem and "diag-7" in problem
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is load
        assert load.query_one("#load-token", Input).value == token


async def test_loaded_tokens_are_remembered_without_the_key(tmp_path):
    emulator = create_app()
    token = emulator.state.sessions[0].token
    make = remote_factory("sk-SECRET-KEY-123", transport=httpx.ASGITransport(app=emulator))

    async with PrimerApp(make_remote=make).run_test(size=(120, 40)) as pilot:
        (await first_screen(pilot, LoadScreen)).query_one("#load-token", Input).value = token
        await pilot.press("ctrl+l")
        await loaded_editor(pilot)
    recent = load_recent()
    assert [entry.token for entry in recent] == [token]
    assert recent[0].order_id == "order-123"
    files = list((tmp_path / "data").rglob("*"))
    assert all("sk-SECRET" not in f.read_text() for f in files if f.is_file())
    async with PrimerApp(make_remote=make).run_test(size=(120, 40)) as pilot:
        screen = await first_screen(pilot, LoadScreen)
        assert "order-123" in str(screen.query_one("#load-recent").get_option_at_index(0).prompt)


async def test_keystroke_to_total_stays_fast_with_2000_line_items():
    items = [{"itemId": f"i{i}", "amount": 100 + i} for i in range(2000)]
    wire = {"orderId": "big", "currencyCode": "GBP", "order": {"lineItems": items}}
    client = PrimerClient(api_key=None, base_url="http://x",
                          transport=httpx.MockTransport(lambda r: httpx.Response(200, json=wire)))
    async with PrimerApp(remote=Remote(client, "sandbox", "t")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "items")
        await pilot.pause()
        field = editor.query_one("#f-order-line_items-amount Input", Input)
        field.focus()
        field.value = ""
        totals = editor.query_one(TotalsPanel)
        latencies = []
        for key in "234567":
            before = totals.breakdown
            start = time.perf_counter()
            await pilot.press(key)
            assert totals.breakdown is not before
            latencies.append(time.perf_counter() - start)
        # Pilot's press waits for the app to be idle (~0.1 s here); the work itself is ~10 ms.
        assert statistics.median(latencies) < 0.5
        assert totals.breakdown.items_subtotal == sum(100 + i for i in range(1, 2000)) + 23456700
        assert json.dumps(editor.draft.order.line_items[0].amount) == "23456700"


async def test_load_screen_warns_about_an_expired_token():
    expired = create_app(clock=lambda: 1_000_000.0)  # tokens minted in 1970, 24 h lifetime
    token = expired.state.sessions[0].token
    async with PrimerApp(make_remote=lambda *a: None).run_test(size=(120, 40)) as pilot:
        screen = await first_screen(pilot, LoadScreen)
        screen.query_one("#load-token", Input).value = token
        await pilot.pause()
        info = screen.query_one("#load-token-info")
        assert "EXPIRED" in str(info.render()) and info.has_class("-invalid")


async def test_line_items_reorder_up_and_down():
    async with _discounts_and_taxes().run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "items")
        await pilot.pause()
        ids = [item.item_id for item in editor.draft.line_items]
        await pilot.click("#panel-items #row-down")
        await pilot.pause()
        assert [item.item_id for item in editor.draft.line_items] == [ids[1], ids[0], *ids[2:]]
        assert editor.query_one("#panel-items RowTable", RowTable).cursor_row == 1
        await pilot.click("#panel-items #row-up")
        await pilot.pause()
        assert [item.item_id for item in editor.draft.line_items] == ids


async def test_same_as_billing_copies_the_address_and_customer_id_shows_in_both_panels():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-billing_address-city", "Leeds")
        await pilot.click("#same-as-billing")
        await pilot.pause()
        assert editor.draft.customer.shipping_address == editor.draft.customer.billing_address
        assert editor.query_one("#f-customer-shipping_address-city Input", Input).value == "Leeds"
        _show(editor, "order")  # mounts the Order panel: both panels now edit customerId
        await pilot.pause()
        await type_into(pilot, editor, "#panel-order #f-customer_id", "cust-9")
        other = editor.query_one("#panel-customer #f-customer_id Input", Input)
        assert other.value == "cust-9" and editor.draft.customer_id == "cust-9"


async def test_fields_the_server_did_not_take_are_listed():
    wire = {"orderId": "o", "currencyCode": "GBP", "customer": {"emailAddress": "a@example.com"}}

    def serve(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":  # this server lower-cases what it is sent
            sent = json.loads(request.content)["customer"]["emailAddress"]
            return httpx.Response(200, json={**wire, "customer": {"emailAddress": sent.lower()}})
        return httpx.Response(200, json=wire)

    client = PrimerClient(api_key=None, base_url="http://x", transport=httpx.MockTransport(serve))
    async with PrimerApp(remote=Remote(client, "sandbox", "t")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-email_address", "Jane@Example.com")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [(c.path, c.old, c.new) for c in editor.unapplied] == [
            ("customer.emailAddress", "Jane@Example.com", "jane@example.com")
        ]
        assert editor.base.customer.email_address == "jane@example.com"


async def test_the_chosen_theme_is_remembered():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test() as pilot:
        assert pilot.app.theme == "primer"
        pilot.app.theme = "nord"
        await pilot.pause()
    async with PrimerApp(remote=demo_remote(), demo=True).run_test() as pilot:
        assert pilot.app.theme == "nord"
        assert {"primer", "primer-light"} <= set(pilot.app.available_themes)


async def test_a_profile_theme_wins_and_an_unknown_one_falls_back():
    light = PrimerApp(remote=demo_remote(), demo=True, profile_theme="primer-light")
    async with light.run_test() as pilot:
        assert pilot.app.theme == "primer-light"
    unknown = PrimerApp(remote=demo_remote(), demo=True, profile_theme="no-such")
    async with unknown.run_test() as pilot:
        assert pilot.app.theme == "primer"


async def test_moving_to_another_row_keeps_a_refused_value_typed_in_this_one():
    async with _discounts_and_taxes().run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        _show(editor, "items")
        await pilot.pause()
        field = await type_into(pilot, editor, "#f-order-line_items-amount", "7,50")
        table = editor.query_one("#panel-items RowTable", RowTable)
        table.focus()
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 0  # stayed
        assert field.value == "7,50"
        assert any("Still on row 1" in n.message and "Unit amount" in n.message
                   for n in pilot.app._notifications)
        await type_into(pilot, editor, "#f-order-line_items-amount", "7.50")
        table.focus()
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1
        assert editor.draft.line_items[0].amount == 750
