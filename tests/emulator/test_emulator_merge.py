"""The emulator's PATCH merge rules and computed amount (Primer's documented behaviour)."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from primer_tui.emulator.store import DEFAULT_CARD_NETWORKS, computed_amount


async def get(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await client.get("/client-session", params={"clientToken": token})
    assert response.status_code == 200, response.text
    return response.json()


async def patch(client: httpx.AsyncClient, token: str, **fields: Any) -> dict[str, Any]:
    response = await client.patch("/client-session", json={"clientToken": token, **fields})
    assert response.status_code == 200, response.text
    return response.json()


async def test_line_items_are_replaced_whole_and_the_rest_of_order_kept(client, token):
    before = await get(client, token)
    mugs = [{"itemId": "mug", "amount": 300, "quantity": 2}]
    after = await patch(client, token, order={"lineItems": mugs})
    assert after["order"]["lineItems"] == mugs
    assert after["order"]["fees"] == before["order"]["fees"]
    assert after["order"]["shipping"] == before["order"]["shipping"]
    assert after["order"]["countryCode"] == "GB"
    assert after["amount"] == 600 + 100 + 50


async def test_an_empty_fees_array_removes_every_fee(client, token):
    after = await patch(client, token, order={"fees": []})
    assert not after["order"].get("fees")
    assert after["amount"] == 550


async def test_customer_merges_one_level(client, token):
    before = await get(client, token)
    after = await patch(client, token, customer={"emailAddress": "jane@example.com"})
    assert after["customer"]["emailAddress"] == "jane@example.com"
    unchanged = {k: v for k, v in before["customer"].items() if k != "emailAddress"}
    assert {k: v for k, v in after["customer"].items() if k != "emailAddress"} == unchanged


async def test_a_field_inside_customer_is_replaced_whole(client, token):
    before = await get(client, token)
    after = await patch(client, token, customer={"billingAddress": {"city": "Leeds"}})
    assert after["customer"]["billingAddress"] == {"city": "Leeds"}
    assert after["customer"]["shippingAddress"] == before["customer"]["shippingAddress"]


async def test_shipping_is_replaced_whole(client, token):
    after = await patch(client, token, order={"shipping": {"methodName": "Express"}})
    assert after["order"]["shipping"] == {"methodName": "Express"}
    assert after["amount"] == 600


async def test_metadata_is_replaced_whole(client, token):
    after = await patch(client, token, metadata={"campaign": "spring"})
    assert after["metadata"] == {"campaign": "spring"}


@pytest.mark.parametrize("field", ["customerId", "metadata", "customer", "order"])
async def test_null_clears_a_top_level_field(client, token, field):
    after = await patch(client, token, **{field: None})
    assert field not in after
    assert field not in await get(client, token)


async def test_null_inside_customer_clears_only_that_field(client, token):
    after = await patch(client, token, customer={"emailAddress": None})
    assert "emailAddress" not in after["customer"]
    assert after["customer"]["firstName"] == "John"


async def test_top_level_amount_overrides_until_cleared(client, token):
    assert (await patch(client, token, amount=999))["amount"] == 999
    changed = await patch(client, token, order={"lineItems": [{"amount": 1}]})
    assert changed["amount"] == 999
    assert (await patch(client, token, amount=None))["amount"] == 1 + 100 + 50


async def test_post_with_amount_overrides_the_line_items(client):
    body = {"currencyCode": "EUR", "amount": 70, "order": {"lineItems": [{"amount": 100}]}}
    response = await client.post("/client-session", json=body)
    assert response.json()["amount"] == 70


async def test_payment_method_fields_apply_but_options_are_ignored(client, token):
    before = await get(client, token)
    options = {"GOOGLE_PAY": {"surcharge": {"amount": 999}}}
    after = await patch(client, token, paymentMethod={"vaultOnSuccess": True, "options": options})
    assert after["paymentMethod"]["vaultOnSuccess"] is True
    assert after["paymentMethod"]["options"] == before["paymentMethod"]["options"]
    assert after["paymentMethod"]["authorizationType"] == "ESTIMATED"


async def test_null_payment_method_clears_its_fields_but_not_its_options(client, token):
    before = await get(client, token)
    after = await patch(client, token, paymentMethod=None)
    assert "vaultOnSuccess" not in after["paymentMethod"]
    assert after["paymentMethod"]["options"] == before["paymentMethod"]["options"]


async def test_all_card_networks_are_listed_unless_set(client, token):
    assert (await get(client, token))["paymentMethod"]["orderedAllowedCardNetworks"] == list(
        DEFAULT_CARD_NETWORKS
    )
    chosen = {"orderedAllowedCardNetworks": ["AMEX", "VISA"]}
    after = await patch(client, token, paymentMethod=chosen)
    assert after["paymentMethod"]["orderedAllowedCardNetworks"] == ["AMEX", "VISA"]
    cleared = await patch(client, token, paymentMethod={"orderedAllowedCardNetworks": None})
    assert len(cleared["paymentMethod"]["orderedAllowedCardNetworks"]) == 17


async def test_patch_answers_the_whole_session_and_keeps_the_token(client, token):
    after = await patch(client, token, orderId="order-456")
    assert "clientToken" not in after
    assert after == await get(client, token)
    assert after["customer"]["emailAddress"] == "john@primer.io"


async def test_a_patch_with_only_the_token_changes_nothing(client, token):
    before = await get(client, token)
    assert await patch(client, token) == before


async def test_unknown_fields_inside_objects_are_kept(client):
    item = {"itemId": "a", "amount": 5, "merchantRef": "x-1"}
    response = await client.post("/client-session", json={"order": {"lineItems": [item]}})
    assert response.json()["order"]["lineItems"] == [item]


async def test_responses_exclude_fields_with_empty_values(app, client):
    # Retrieve: "The fields with empty values are excluded from the response."
    body = {"orderId": "o-1", "metadata": {}, "customer": {"taxId": "", "billingAddress": {}},
            "order": {"lineItems": [], "countryCode": "GB", "shipping": {"methodId": ""}},
            "paymentMethod": {"descriptor": "", "orderedAllowedCardNetworks": []}}
    created = await client.post("/client-session", json=body)
    assert created.status_code == 200, created.text
    token = created.json()["clientToken"]
    expected = {"orderId": "o-1", "amount": 0, "order": {"countryCode": "GB"},
                "paymentMethod": {"orderedAllowedCardNetworks": list(DEFAULT_CARD_NETWORKS)}}
    assert {k: v for k, v in created.json().items() if not k.startswith("clientToken")} == expected
    assert await get(client, token) == expected
    assert await patch(client, token, customer={"taxId": ""}) == expected
    assert app.state.store.lookup(token).data["customer"] == {"taxId": "", "billingAddress": {}}


async def test_a_get_always_has_an_amount(client):
    response = await client.post("/client-session", json={})
    created = response.json()
    assert created["amount"] == 0
    assert (await get(client, created["clientToken"]))["amount"] == 0


def test_line_totals_use_quantity_discount_and_tax_per_line():
    data = {
        "order": {
            "lineItems": [
                {"amount": 1000},  # quantity defaults to 1
                {"amount": 250, "quantity": 4, "discountAmount": 100, "taxAmount": 45},
                {"amount": 7, "quantity": 0, "taxAmount": 3},
            ],
            "fees": [{"amount": 20}, {"amount": 5}],
            "shipping": {"amount": 300},
        }
    }
    original = copy.deepcopy(data)
    assert computed_amount(data) == 1000 + (1000 - 100 + 45) + 3 + 25 + 300
    assert data == original
