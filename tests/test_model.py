"""The session model: wire names, constraints with readable messages, nothing dropped."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from primer_tui.model import (
    INT64_MAX,
    MAX_DEPTH,
    LineItem,
    Session,
    currency_warning,
    describe_errors,
    field_path_from_wire,
    parse_wire_path,
    wire_path_from_loc,
)
from primer_tui.patch import build_patch
from tests.sessions import sessions

FULL = {
    "customerId": "cust-1",
    "orderId": "order-1",
    "currencyCode": "GBP",
    "amount": 650,
    "metadata": {"ticket": "T-1", "attempt": 2},
    "customer": {
        "emailAddress": "jane@example.com",
        "mobileNumber": "+447700900000",
        "firstName": "Jane",
        "lastName": "Doe",
        "billingAddress": {
            "firstName": "Jane", "lastName": "Doe", "addressLine1": "1 High St",
            "addressLine2": "", "city": "London", "state": "LDN", "countryCode": "GB",
            "postalCode": "N1 1AA",
        },
        "shippingAddress": {"addressLine1": "2 Low Rd", "city": "Leeds", "countryCode": "GB"},
        "taxId": "GB123",
        "nationalDocumentId": "AB123456C",
    },
    "order": {
        "lineItems": [{
            "itemId": "shoe", "name": "Shoe", "description": "Red shoe", "amount": 500,
            "quantity": 1, "discountAmount": 0, "taxAmount": 0, "taxCode": "T1",
            "productType": "PHYSICAL",
            "productData": {
                "sku": "S-1", "brand": "Acme", "color": "red", "globalTradeItemNumber": "0001",
                "manufacturerPartNumber": "MPN", "weight": 1.5, "weightUnit": "kg",
                "pageUrl": "https://shop.example/shoe",
            },
        }],
        "countryCode": "GB",
        "retailerCountryCode": "NO",
        "fees": [{"amount": 100, "type": "SURCHARGE", "description": "Google Pay"}],
        "shipping": {"amount": 50, "methodId": "std", "methodName": "Standard",
                     "methodDescription": "3-5 days"},
    },
    "paymentMethod": {
        "vaultOnSuccess": True, "vaultOn3DS": False, "vaultOnAgreement": False,
        "descriptor": "ACME SHOES", "paymentType": "FIRST_PAYMENT",
        "orderedAllowedCardNetworks": ["VISA", "MASTERCARD"],
        "authorizationType": "FINAL", "firstPaymentReason": "CardOnFile",
        "options": {
            "GOOGLE_PAY": {"surcharge": {"amount": 100}},
            "PAYMENT_CARD": {"networks": {"VISA": {"surcharge": {"amount": 10}}},
                             "captureVaultedCardCvv": True},
            "APPLE_PAY": {"merchantName": "Acme", "recurringPaymentRequest": {"x": 1}},
        },
    },
}


def test_full_session_round_trips_exactly():
    assert Session.from_wire(FULL).to_wire() == FULL


def test_snake_case_in_python_camel_case_on_the_wire():
    session = Session.from_wire(FULL)
    assert session.customer.billing_address.address_line1 == "1 High St"
    assert session.payment_method.vault_on_3ds is False
    assert session.order.line_items[0].product_data.page_url.startswith("https://")
    assert LineItem(item_id="a", amount=1).to_wire() == {"itemId": "a", "amount": 1}


def test_unknown_fields_survive_load_edit_patch():
    wire = copy.deepcopy(FULL)
    wire["order"]["lineItems"][0]["giftWrap"] = {"paper": "gold"}
    wire["customer"]["loyaltyTier"] = "gold"
    wire["newTopLevelField"] = [1, 2]
    base = Session.from_wire(wire)
    item = base.order.line_items[0].model_copy(update={"quantity": 2})
    order = base.order.model_copy(update={"line_items": [item]})
    draft = base.model_copy(update={"order": order})
    assert draft.to_wire()["newTopLevelField"] == [1, 2]
    assert draft.to_wire()["customer"]["loyaltyTier"] == "gold"
    body = build_patch(base, draft, client_token="t").body
    assert body["order"]["lineItems"][0]["giftWrap"] == {"paper": "gold"}
    assert body["order"]["lineItems"][0]["quantity"] == 2


@settings(max_examples=100, deadline=None)
@given(sessions)
def test_any_valid_session_round_trips(wire):
    assert Session.from_wire(wire).to_wire() == wire


def _problems(wire: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Session.from_wire(wire)
    return dict(describe_errors(caught.value))


@pytest.mark.parametrize(
    ("wire", "path", "message"),
    [
        ({"orderId": ""}, "orderId", "must not be empty"),
        ({"orderId": "x" * 256}, "orderId", "at most 255 characters"),
        ({"amount": -1}, "amount", "must be 0 or more"),
        ({"amount": INT64_MAX + 1}, "amount", "too large"),
        ({"amount": "650"}, "amount", "whole number"),
        ({"amount": 6.5}, "amount", "whole number"),
        ({"currencyCode": "pounds"}, "currencyCode", "three capital letters"),
        ({"customer": {"emailAddress": "jane"}}, "customer.emailAddress", "email address"),
        ({"customer": {"billingAddress": {"countryCode": "UK"}}},
         "customer.billingAddress.countryCode", "'UK' is not an ISO 3166-1"),
        ({"order": {"lineItems": [{"quantity": 1}]}}, "order.lineItems[0].amount", "is required"),
        ({"order": {"lineItems": [{"amount": 1, "productType": "FOOD"}]}},
         "order.lineItems[0].productType", "must be one of PHYSICAL, DIGITAL"),
        ({"order": {"lineItems": [{"amount": 1, "productData": {"weight": -2}}]}},
         "order.lineItems[0].productData.weight", "must be 0 or more"),
        ({"order": {"fees": [{"amount": -5}]}}, "order.fees[0].amount", "0 or more"),
        ({"paymentMethod": {"orderedAllowedCardNetworks": ["VISA", "BOGUS"]}},
         "paymentMethod.orderedAllowedCardNetworks[1]", "must be one of AMEX"),
        ({"paymentMethod": {"paymentType": "WEEKLY"}}, "paymentMethod.paymentType", "one of"),
        ({"paymentMethod": {"options": {"PAYMENT_CARD": {"networks": {"EFTPOS": {}}}}}},
         "paymentMethod.options.PAYMENT_CARD.networks", "EFTPOS cannot carry a surcharge"),
        ({"paymentMethod": {"options": {"GOOGLE_PAY": {"surcharge": {"amount": -1}}}}},
         "paymentMethod.options.GOOGLE_PAY.surcharge.amount", "0 or more"),
        ({"paymentMethod": {"options": {"APPLE_PAY": {"merchantName": ""}}}},
         "paymentMethod.options.APPLE_PAY.merchantName", "must not be empty"),
        ({"metadata": {"": "x"}}, "metadata", "keys must not be empty"),
        ({"metadata": {"nested": {"a": 1}}}, "metadata.nested", "must be"),
        ({"paymentMethod": {"vaultOnSuccess": "yes"}}, "paymentMethod.vaultOnSuccess",
         "true or false"),
        # A weight is a whole number or a decimal: the float branch's complaint is the telling one.
        ({"order": {"lineItems": [{"amount": 1, "productData": {"weight": float("inf")}}]}},
         "order.lineItems[0].productData.weight", "must be a finite number"),
        ({"order": {"lineItems": [{"amount": 1, "productData": {"weight": "1kg"}}]}},
         "order.lineItems[0].productData.weight", "must be a number"),
    ],
)
def test_constraints_give_readable_messages_at_the_wire_path(wire, path, message):
    problems = _problems(wire)
    assert path in problems, problems
    assert message in problems[path]


def nested(levels: int) -> Any:
    """``levels`` arrays, one inside the other: ``[[...]]``."""
    return json.loads("[" * levels + "]" * levels)


def test_a_session_nested_deeper_than_the_limit_is_refused_at_the_session():
    # The session is level 1 and order level 2, so the array adds MAX_DEPTH - 1 more.
    with pytest.raises(ValidationError) as caught:
        Session.from_wire({"order": {"x": nested(MAX_DEPTH - 1)}})
    assert dict(describe_errors(caught.value)) == {
        "": f"is nested more than {MAX_DEPTH} levels deep"
    }
    deepest = Session.from_wire({"order": {"x": nested(MAX_DEPTH - 2)}})
    assert deepest.to_wire()["order"]["x"] == nested(MAX_DEPTH - 2)  # and it dumps back


def test_the_depth_limit_is_the_command_lines_for_files():
    from primer_tui import cli

    assert cli.MAX_DEPTH == MAX_DEPTH


def test_python_names_in_json_are_unknown_fields_not_a_second_spelling():
    wire = {"customer": {"email_address": "not checked"}, "order": {"line_items": [{}]}}
    session = Session.from_wire(wire)
    assert session.customer.email_address is None and session.line_items == []
    assert session.to_wire() == wire


def test_country_codes_include_quoted_norway():
    assert Session.from_wire({"order": {"countryCode": "NO"}}).order.country_code == "NO"


def test_currency_outside_the_dated_enum_loads_with_a_warning():
    assert Session.from_wire({"currencyCode": "VES"}).currency_code == "VES"
    assert "VES is not in the API's list" in currency_warning("VES")
    assert currency_warning("GBP") is None


@pytest.mark.parametrize(
    ("wire", "field"),
    [
        ("$.customer.emailAddress", "customer.email_address"),
        ("$.order.lineItems[0].amount", "order.line_items[0].amount"),
        ("$.order.lineItems[12].productData.pageUrl", "order.line_items[12].product_data.page_url"),
        ("$.paymentMethod.vaultOn3DS", "payment_method.vault_on_3ds"),
        ("$.paymentMethod.options.PAYMENT_CARD.networks.VISA.surcharge.amount",
         "payment_method.options.PAYMENT_CARD.networks.VISA.surcharge.amount"),
        ("$.metadata.orderRef", "metadata.orderRef"),
        ("$.customerId", "customer_id"),
        ("$.somethingNew.innerField", "somethingNew.innerField"),
        ("customer.billingAddress.countryCode", "customer.billing_address.country_code"),
    ],
)
def test_wire_paths_map_to_model_fields(wire, field):
    assert field_path_from_wire(wire) == field


def test_wire_path_round_trip_with_loc():
    loc = ("order", "lineItems", 3, "discountAmount")
    assert wire_path_from_loc(loc) == "$.order.lineItems[3].discountAmount"
    assert parse_wire_path("$.order.lineItems[3].discountAmount") == list(loc)
