"""The Surcharges panel mounts a row for each method only a session has, and fills it once it
is mounted: rows already there are filled at once (so a caller's ``typed_kept`` covers them),
a later session wins, and nothing fails while a fill is pending."""

from __future__ import annotations

import asyncio
import copy

import httpx
from textual.widgets import Input

from primer_tui.client import PrimerClient
from primer_tui.edit import set_value
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.remote import Remote
from primer_tui.ui.widgets.form import FormPanel
from tests.pilot_support import drawn, loaded_editor, type_into
from tests.test_ui_refused_text_kept import send_and_hold

GP = ("payment_method", "options", "GOOGLE_PAY", "surcharge", "amount")


def option(method: str) -> tuple:
    return ("payment_method", "options", method, "surcharge", "amount")


async def _surcharges(pilot):
    editor = await loaded_editor(pilot)
    await editor.show_tab_for(GP)
    await pilot.pause()
    return editor, editor.query_one("SurchargesPanel")


def _shown(panel, method: str) -> str:
    return panel.row_for(option(method)).query_one(Input).value


async def test_two_loads_in_a_row_with_different_new_methods_fill_both():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor, panel = await _surcharges(pilot)
        first = set_value(editor.draft, option("BANCONTACT"), 100)
        second = set_value(first, option("TWINT"), 200)
        panel.load(first, editor.base)
        panel.load(second, editor.base)
        await asyncio.wait_for(panel.filled(), 3)
        assert (_shown(panel, "BANCONTACT"), _shown(panel, "TWINT")) == ("1.00", "2.00")


async def test_a_currency_change_while_a_fill_is_pending_does_not_fail():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor, panel = await _surcharges(pilot)
        added = set_value(editor.draft, option("BANCONTACT"), 100)
        editor._apply(added)
        panel.load(added, editor.base)  # the row is mounted, not composed yet
        editor.apply_edit(FormPanel.Edited(panel, ("currency_code",), "JPY"))
        await asyncio.wait_for(panel.filled(), 3)
        await pilot.pause()
        assert pilot.app.is_running and panel.currency == "JPY"
        assert _shown(panel, "BANCONTACT") == "100"  # 100 minor units of yen


async def test_a_fill_pending_when_the_panel_goes_does_not_hang():
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor, panel = await _surcharges(pilot)
        panel.load(set_value(editor.draft, option("BANCONTACT"), 100), editor.base)
        await panel.remove()
        await asyncio.wait_for(panel.filled(), 3)  # raises TimeoutError if it hangs
        assert pilot.app.is_running


class _AnswerWithANewMethod(httpx.AsyncBaseTransport):
    """The PATCH's answer holds a method the server added meanwhile."""

    WIRE = {"orderId": "o", "currencyCode": "GBP",
            "order": {"lineItems": [{"itemId": "a", "amount": 100}]},
            "paymentMethod": {"options": {"GOOGLE_PAY": {"surcharge": {"amount": 50}}}}}

    def __init__(self) -> None:
        self.gate, self.out = asyncio.Event(), False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "PATCH":
            return httpx.Response(200, json=self.WIRE)
        self.out = True
        await self.gate.wait()
        answer = copy.deepcopy(self.WIRE)
        answer["customer"] = {"firstName": "Zed"}
        answer["paymentMethod"]["options"]["BANCONTACT"] = {"surcharge": {"amount": 30}}
        return httpx.Response(200, json=answer)


async def test_refused_surcharge_text_survives_an_answer_that_adds_a_method():
    transport = _AnswerWithANewMethod()
    client = PrimerClient(api_key=None, base_url="http://x", transport=transport)
    async with PrimerApp(remote=Remote(client, "sandbox", "t")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await send_and_hold(pilot, editor, transport)
        await editor.show_tab_for(GP)
        await pilot.pause()
        panel = editor.query_one("SurchargesPanel")
        field = panel.row_for(GP).query_one(Input)
        field.focus()
        field.value = "1,5"  # typed while the PATCH is out: refused
        await pilot.pause()
        transport.gate.set()
        await pilot.app.workers.wait_for_complete()
        await asyncio.wait_for(panel.filled(), 3)
        await pilot.pause()
        assert field.value == "1,5" and editor.typed_texts()
        assert _shown(panel, "BANCONTACT") == "0.30"


async def test_a_422_at_a_methods_surcharge_is_marked_when_its_tab_was_never_opened():
    """Opening the tab mounts the method's row and fills it later: the mark must come after."""
    bancontact = option("BANCONTACT")
    wire = {"orderId": "o", "currencyCode": "GBP",
            "order": {"lineItems": [{"itemId": "a", "amount": 100}]},
            "paymentMethod": {"options": {"BANCONTACT": {"surcharge": {"amount": 30}}}}}
    refusal = {"error": {"errorId": "RequestValidationError", "description": "Invalid request",
               "diagnosticsId": "d-1", "validationErrors": [{"model": "X", "errors": [
                   {"path": "$.paymentMethod.options.BANCONTACT.surcharge.amount",
                    "description": "Too big"}]}]}}

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(422 if request.method == "PATCH" else 200,
                              json=refusal if request.method == "PATCH" else wire)

    client = PrimerClient(api_key=None, base_url="http://x", transport=httpx.MockTransport(serve))
    async with PrimerApp(remote=Remote(client, "sandbox", "t")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "Zed")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.2)
        row = editor.query_one("SurchargesPanel").row_for(bancontact)
        assert row.has_class("-invalid") and row.error == "Too big"
        assert "Too big" in drawn(row) and pilot.app.focused is row.query_one(Input)
