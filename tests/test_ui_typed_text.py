"""Typed or loaded text is shown as text: no markup read in it, no widget id built of it."""

from __future__ import annotations

import httpx
from textual.widgets import Input, Static

from primer_tui.client import PrimerClient
from primer_tui.emulator import create_app
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.screens.review import ReviewScreen
from primer_tui.ui.widgets.form import FieldSpec
from primer_tui.ui.widgets.session_header import SessionHeader
from tests.pilot_support import loaded_editor, type_into

ODD = "a[/b] [red]x[/"
"""Text that is (broken) markup: shown as such, it must not be read as styles."""


async def _show(pilot, editor, tab: str) -> None:
    editor.query_one("TabbedContent").active = f"tab-{tab}"
    await pilot.pause()


async def test_an_order_id_that_looks_like_markup_is_shown_and_reviewed_as_typed():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _show(pilot, editor, "order")
        await type_into(pilot, editor, "#f-order_id", ODD)
        await pilot.pause()
        assert editor.draft.order_id == ODD
        assert ODD in str(editor.query_one(SessionHeader).render())
        await pilot.pause(0.4)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        changes = pilot.app.screen.query_one("#review-changes", Static)
        assert changes.render() is not None and pilot.app.is_running


async def test_a_loaded_session_with_odd_order_id_and_method_type_opens():
    emulator = create_app()
    client = PrimerClient(api_key=None, base_url="http://emulator.demo",
                          transport=httpx.ASGITransport(app=emulator))
    created = await client.create({
        "orderId": ODD, "currencyCode": "GBP",
        "order": {"lineItems": [{"itemId": "a", "amount": 500, "quantity": 1}]},
        "paymentMethod": {"options": {"apple.pay": {"surcharge": {"amount": 25}}}},
    })
    app = PrimerApp(remote=demo_remote(created["clientToken"], app=emulator), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        assert ODD in str(editor.query_one(SessionHeader).render())
        await _show(pilot, editor, "surcharges")
        await pilot.pause()
        path = ("payment_method", "options", "apple.pay", "surcharge", "amount")
        field = editor.query_one(f"#{FieldSpec(path, '').id} Input", Input)
        assert field.value == "0.25"


async def test_a_method_type_that_is_not_an_identifier_is_refused_at_its_field():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _show(pilot, editor, "surcharges")
        before = editor.draft
        add = editor.query_one("#add-method", Input)
        for typed in ("apple.pay", "é"):
            add.focus()
            add.value = ""
            await pilot.press(*typed, "enter")
            await pilot.pause()
            note = editor.query_one("#add-method-note", Static)
            assert pilot.app.is_running and add.value == typed  # kept, to be corrected
            assert note.display and "not a payment method type" in str(note.render())
            assert add.has_class("-refused") and editor.draft is before
        add.value = ""
        await pilot.press(*"apple_pay2", "enter")
        await pilot.pause()
        assert not editor.query_one("#add-method-note", Static).display
        assert editor.query_one("#f-payment_method-options-APPLE_PAY2-surcharge-amount")


def test_field_ids_are_valid_and_distinct_for_any_key():
    from textual.dom import check_identifiers

    parts = ["apple.pay", "APPLE_PAY", "é", "a-b", "61", "", "-616263"]
    ids = [FieldSpec(("payment_method", "options", part, "surcharge"), "").id for part in parts]
    check_identifiers("id", *ids)
    assert len(set(ids)) == len(ids)
    assert FieldSpec(("customer", "email_address"), "").id == "f-customer-email_address"


async def test_production_confirmation_audit_log_and_conflicts_show_markup_as_text():
    from rich.console import Console

    from primer_tui.audit import AuditEntry
    from primer_tui.conflicts import Conflict
    from primer_tui.ui.screens.audit_log import AuditScreen
    from primer_tui.ui.screens.conflict import conflict_table
    from primer_tui.ui.screens.type_to_confirm import TypeToConfirmScreen

    console = Console(width=120, record=True)
    console.print(conflict_table([Conflict("orderId", "order-1", ODD, ODD)]))
    assert ODD in console.export_text()
    entry = AuditEntry("2026-01-01T00:00:00", "production", "https://api.primer.io", "tok",
                       ODD, {"orderId": ODD}, {"orderId": "order-1"}, 200, ODD)
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        await loaded_editor(pilot)
        pilot.app.push_screen(TypeToConfirmScreen("PRODUCTION", ODD))
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "no"
        await pilot.press("enter")
        await pilot.pause()
        assert "That is not" in str(pilot.app.screen.query_one("#type-confirm-note").render())
        await pilot.press("escape")
        pilot.app.push_screen(AuditScreen([entry]))
        await pilot.pause()
        assert ODD in str(pilot.app.screen.query_one("#audit-body").render())
        assert pilot.app.is_running
