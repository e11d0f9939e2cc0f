"""Hypothesis strategies for wire-format client sessions, shared by the property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from primer_tui.spec_data import COUNTRY_CODES, SURCHARGE_CARD_NETWORKS

amounts = st.integers(min_value=0, max_value=10**9)
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
)
countries = st.sampled_from(COUNTRY_CODES)
#: A merchant's own field inside an object: the model must keep it.
extra_fields = st.dictionaries(
    st.sampled_from(["merchantRef", "giftWrap", "x-internal"]),
    st.one_of(texts, amounts, st.booleans()),
    max_size=1,
)


def _object(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict]:
    fixed = st.fixed_dictionaries(required, optional=optional)
    return st.builds(lambda a, b: {**b, **a}, fixed, extra_fields)


addresses = _object(
    {},
    {"firstName": texts, "lastName": texts, "addressLine1": texts, "city": texts,
     "countryCode": countries, "postalCode": texts},
)
customers = _object(
    {},
    {"emailAddress": st.sampled_from(["a@example.com", "zoë@exämple.de", "x.y@shop.co.uk"]),
     "firstName": texts, "lastName": texts, "mobileNumber": texts,
     "billingAddress": addresses, "shippingAddress": addresses, "taxId": texts},
)
line_items = _object(
    {"amount": amounts},
    {"itemId": texts, "description": texts, "quantity": st.integers(0, 50),
     "discountAmount": amounts, "taxAmount": amounts,
     "productType": st.sampled_from(["PHYSICAL", "DIGITAL"]),
     "productData": st.fixed_dictionaries({}, optional={"sku": texts, "weight": st.integers(0, 9)})},
)
fees = st.fixed_dictionaries(
    {"amount": amounts}, optional={"type": st.sampled_from(["SURCHARGE", "SERVICE"]), "description": texts}
)
orders = _object(
    {},
    {"lineItems": st.lists(line_items, max_size=4), "fees": st.lists(fees, max_size=2),
     "countryCode": countries,
     "shipping": st.fixed_dictionaries({}, optional={"amount": amounts, "methodName": texts})},
)
surcharge = st.builds(lambda a: {"surcharge": {"amount": a}}, amounts)
payment_methods = st.fixed_dictionaries(
    {},
    optional={
        "vaultOnSuccess": st.booleans(),
        "descriptor": texts,
        "paymentType": st.sampled_from(["FIRST_PAYMENT", "ECOMMERCE"]),
        "options": st.dictionaries(st.sampled_from(["GOOGLE_PAY", "PAY_NL_IDEAL"]), surcharge, max_size=2)
        | st.builds(
            lambda nets: {"PAYMENT_CARD": {"networks": nets}},
            st.dictionaries(st.sampled_from(SURCHARGE_CARD_NETWORKS), surcharge, max_size=3),
        ),
    },
)
metadata = st.dictionaries(texts, st.one_of(texts, st.integers(0, 10**6)), max_size=3)

FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "customerId": texts,
    "orderId": texts,
    "currencyCode": st.sampled_from(["GBP", "EUR", "JPY", "KWD"]),
    "amount": amounts,
    "metadata": metadata,
    "customer": customers,
    "order": orders,
    "paymentMethod": payment_methods,
}

sessions = st.fixed_dictionaries({}, optional=FIELDS)


@st.composite
def edited(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """A random edit of ``base``: each field kept, removed or replaced; objects field by field."""
    draft = dict(base)
    for key, strategy in FIELDS.items():
        action = draw(st.sampled_from(["keep", "keep", "remove", "replace", "inner"]))
        if action == "remove":
            draft.pop(key, None)
        elif action == "replace":
            draft[key] = draw(strategy)
        elif action == "inner" and isinstance(base.get(key), dict):
            draft[key] = draw(_edited_object(base[key], draw(strategy)))
    return draft


@st.composite
def _edited_object(draw: st.DrawFn, old: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    out = dict(old)
    for key in {*old, *fresh}:
        action = draw(st.sampled_from(["keep", "remove", "take"]))
        if action == "remove":
            out.pop(key, None)
        elif action == "take" and key in fresh:
            out[key] = fresh[key]
    return out
