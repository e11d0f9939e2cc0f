"""The PATCH builder against Primer's documented merge rules."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from primer_tui.edit import set_value
from primer_tui.model import Session
from primer_tui.patch import (
    MERGED_OBJECTS,
    PLACEHOLDER_TOKEN,
    Change,
    _prune,
    apply_patch,
    build_patch,
    count_changes,
    diff_leaves,
    model_changes,
    unapplied,
    unapplied_text,
)
from tests.sessions import edited, sessions

EXAMPLE = {
    "orderId": "order-123",
    "currencyCode": "GBP",
    "amount": 650,
    "customer": {
        "emailAddress": "jane@example.com",
        "firstName": "Jane",
        "billingAddress": {"addressLine1": "1 High St", "city": "London", "countryCode": "GB",
                           "doorCode": "4711"},
    },
    "order": {
        "lineItems": [{"itemId": "shoe", "amount": 500, "quantity": 1, "giftWrap": True}],
        "fees": [{"amount": 100, "type": "SURCHARGE"}],
        "shipping": {"amount": 50},
        "countryCode": "GB",
    },
    "metadata": {"ticket": "T-1", "attempt": 2},
    "paymentMethod": {
        "vaultOnSuccess": False,
        "options": {"GOOGLE_PAY": {"surcharge": {"amount": 100}}},
    },
    "futureTopLevel": "kept",
}


def sessions_from(base: dict, **changes) -> tuple[Session, Session]:
    draft = copy.deepcopy(base)
    for path, value in changes.items():
        target = draft
        *parents, leaf = path.split("__")
        for key in parents:
            target = target.setdefault(key, {})
        if value is ...:
            target.pop(leaf, None)
        else:
            target[leaf] = value
    return Session.from_wire(base), Session.from_wire(draft)


def body_for(**changes) -> dict | None:
    base, draft = sessions_from(EXAMPLE, **changes)
    return build_patch(base, draft, client_token="tok").body


def test_nothing_changed_means_no_request():
    base = Session.from_wire(EXAMPLE)
    patch = build_patch(base, Session.from_wire(copy.deepcopy(EXAMPLE)))
    assert patch.body is None
    assert patch.changes == ()


def test_top_level_scalar_sends_new_value_and_token():
    assert body_for(orderId="order-124") == {"clientToken": "tok", "orderId": "order-124"}


def test_placeholder_token_when_none_given():
    base, draft = sessions_from(EXAMPLE, orderId="x")
    assert build_patch(base, draft).body["clientToken"] == PLACEHOLDER_TOKEN


def test_nested_object_sends_only_changed_field():
    body = body_for(customer__emailAddress="new@example.com")
    assert body == {"clientToken": "tok", "customer": {"emailAddress": "new@example.com"}}


def test_changed_address_is_sent_whole_with_unknown_fields():
    body = body_for(customer__billingAddress__city="Leeds")
    address = body["customer"]["billingAddress"]
    assert address == {**EXAMPLE["customer"]["billingAddress"], "city": "Leeds"}
    assert address["doorCode"] == "4711"


def test_line_items_array_sent_whole_keeping_merchant_fields():
    items = copy.deepcopy(EXAMPLE["order"]["lineItems"])
    items[0]["quantity"] = 3
    body = body_for(order__lineItems=items)
    assert body == {"clientToken": "tok", "order": {"lineItems": items}}
    assert body["order"]["lineItems"][0]["giftWrap"] is True


def test_removed_field_is_null():
    assert body_for(customer__firstName=...) == {"clientToken": "tok", "customer": {"firstName": None}}
    assert body_for(metadata=...) == {"clientToken": "tok", "metadata": None}


def test_emptied_array_is_sent_empty_not_null():
    assert body_for(order__fees=[])["order"] == {"fees": []}


def test_metadata_sent_whole():
    body = body_for(metadata={"ticket": "T-2", "attempt": 2})
    assert body["metadata"] == {"ticket": "T-2", "attempt": 2}


def test_computed_amount_is_not_an_override():
    items = [{"itemId": "shoe", "amount": 700, "quantity": 1, "giftWrap": True}]
    body = body_for(order__lineItems=items, amount=...)
    assert "amount" not in body


def test_deliberate_override_is_sent_and_warned_with_surcharges():
    base, draft = sessions_from(EXAMPLE, amount=999)
    patch = build_patch(base, draft, client_token="tok")
    assert patch.body == {"clientToken": "tok", "amount": 999}
    assert any("surcharges will not be calculated" in w for w in patch.warnings)


def test_removing_a_real_override_sends_null():
    base_wire = {**EXAMPLE, "amount": 999}
    base, draft = sessions_from(base_wire, amount=...)
    assert build_patch(base, draft, client_token="t").body == {"clientToken": "t", "amount": None}


def test_a_new_amount_equal_to_the_new_calculation_is_not_an_override():
    # base and draft both as a GET returns them: each amount is its own calculation (650, 750)
    items = [{"itemId": "shoe", "amount": 600, "quantity": 1}]
    base, draft = sessions_from(EXAMPLE, order__lineItems=items, amount=750)
    patch = build_patch(base, draft, client_token="t")
    assert "amount" not in patch.body and patch.body["order"]["lineItems"] == items
    assert any("750 is the calculated total" in w for w in patch.warnings)
    # an amount the base did not have (the editor drops computed ones) is the user's, even equal
    base_wire = {k: v for k, v in EXAMPLE.items() if k != "amount"}
    base, draft = sessions_from(base_wire, amount=650)
    assert build_patch(base, draft, client_token="t").body == {"clientToken": "t", "amount": 650}


def test_options_left_out_and_warned():
    options = {"GOOGLE_PAY": {"surcharge": {"amount": 150}}}
    base, draft = sessions_from(EXAMPLE, paymentMethod__options=options)
    patch = build_patch(base, draft, client_token="t")
    assert patch.body is None
    assert any("not updatable" in w and "not sent" in w for w in patch.warnings)
    assert [(c.path, c.sent) for c in patch.changes] == [
        ("paymentMethod.options.GOOGLE_PAY.surcharge.amount", False)]
    forced = build_patch(base, draft, client_token="t", send_options=True)
    assert forced.body == {"clientToken": "t", "paymentMethod": {"options": options}}
    assert all(change.sent for change in forced.changes)


def test_options_left_out_but_other_payment_fields_sent():
    base, draft = sessions_from(
        EXAMPLE, paymentMethod__vaultOnSuccess=True,
        paymentMethod__options={"GOOGLE_PAY": {"surcharge": {"amount": 1}}},
    )
    patch = build_patch(base, draft, client_token="t")
    assert patch.body == {"clientToken": "t", "paymentMethod": {"vaultOnSuccess": True}}
    assert {c.path: c.sent for c in patch.changes} == {
        "paymentMethod.vaultOnSuccess": True,
        "paymentMethod.options.GOOGLE_PAY.surcharge.amount": False,
    }


def test_options_of_a_new_payment_method_are_not_sent():
    base_wire = {k: v for k, v in EXAMPLE.items() if k != "paymentMethod"}
    options = {"GOOGLE_PAY": {"surcharge": {"amount": 100}}}
    base, draft = sessions_from(base_wire, paymentMethod__vaultOnSuccess=True,
                                paymentMethod__options=options)
    patch = build_patch(base, draft, client_token="t")
    assert patch.body == {"clientToken": "t", "paymentMethod": {"vaultOnSuccess": True}}
    assert any("not sent" in w for w in patch.warnings)
    _, only_options = sessions_from(base_wire, paymentMethod__options=options)
    assert build_patch(base, only_options).body is None


def test_removing_the_payment_method_does_not_wipe_its_options():
    base, draft = sessions_from(EXAMPLE, paymentMethod=...)
    patch = build_patch(base, draft, client_token="t")
    assert patch.body == {"clientToken": "t", "paymentMethod": {"vaultOnSuccess": None}}
    assert any("not sent" in w for w in patch.warnings)
    forced = build_patch(base, draft, client_token="t", send_options=True)
    assert forced.body == {"clientToken": "t", "paymentMethod": None}


def test_currency_change_with_amounts_kept_warns():
    base, draft = sessions_from(EXAMPLE, currencyCode="JPY")
    patch = build_patch(base, draft)
    assert patch.body["currencyCode"] == "JPY"
    assert any("GBP to JPY" in w for w in patch.warnings)


def test_unknown_currency_warns():
    base, draft = sessions_from(EXAMPLE, currencyCode="VES")
    assert any("VES is not in the API's list" in w for w in build_patch(base, draft).warnings)


def test_unknown_top_level_field_never_sent():
    base, draft = sessions_from(EXAMPLE, futureTopLevel="changed", orderId="o2")
    assert "futureTopLevel" not in build_patch(base, draft).body


def test_change_list_names_leaves():
    base, draft = sessions_from(EXAMPLE, customer__billingAddress__city="Leeds")
    assert build_patch(base, draft).changes == (
        Change("customer.billingAddress.city", "London", "Leeds"),
    )


def test_diff_leaves_indexes_arrays():
    changes = diff_leaves({"a": [1, 2]}, {"a": [1, 3, 4]})
    assert changes == [Change("a[1]", 2, 3), Change("a[2]", None, 4)]


def test_unapplied_lists_what_server_did_not_take():
    body = {"clientToken": "t", "orderId": "o2", "customer": {"emailAddress": "a@b.co", "firstName": None}}
    server = {"orderId": "o2", "customer": {"emailAddress": "A@B.CO", "firstName": "Jane"}}
    assert unapplied(body, server) == [
        Change("customer.emailAddress", "a@b.co", "A@B.CO"),
        Change("customer.firstName", None, "Jane"),
    ]
    assert unapplied(body, {"orderId": "o2", "customer": {"emailAddress": "a@b.co"}}) == []


# --- properties ---------------------------------------------------------------------------------

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def base_and_draft(draw):
    base = draw(sessions)
    return base, draw(edited(base))


def _without_options(wire: dict) -> dict:
    wire = copy.deepcopy(wire)
    (wire.get("paymentMethod") or {}).pop("options", None)
    return wire


def _options_of(wire: dict):
    return (wire.get("paymentMethod") or {}).get("options")


@PROPERTY
@given(base_and_draft(), st.booleans())
def test_applying_body_to_base_gives_draft(pair, send_options):
    base_wire, draft_wire = pair
    base, draft = Session.from_wire(base_wire), Session.from_wire(draft_wire)
    body = build_patch(base, draft, client_token="t", send_options=send_options).body
    result = apply_patch(base.to_wire(), body or {})
    expected = draft.to_wire()
    if "amount" not in (body or {}):
        # a computed amount the draft dropped is not an override: nothing is sent for it
        result.pop("amount", None)
        expected.pop("amount", None)
    if not send_options:  # the server's options are never touched: not set, not wiped
        assert _prune(_options_of(result)) == _prune(_options_of(base.to_wire()))
        result, expected = _without_options(result), _without_options(expected)
        result = {**result, "paymentMethod": result.get("paymentMethod")}
        expected = {**expected, "paymentMethod": expected.get("paymentMethod")}
    assert _prune(result) == _prune(expected)


@PROPERTY
@given(sessions)
def test_unchanged_draft_gives_no_body(wire):
    base = Session.from_wire(wire)
    draft = Session.from_wire(copy.deepcopy(wire))
    assert build_patch(base, draft).body is None


@PROPERTY
@given(base_and_draft())
def test_body_sends_only_changed_fields(pair):
    base_wire, draft_wire = pair
    base, draft = Session.from_wire(base_wire).to_wire(), Session.from_wire(draft_wire).to_wire()
    body = build_patch(Session.from_wire(base), Session.from_wire(draft), client_token="t").body
    for key, value in (body or {}).items():
        if key == "clientToken":
            continue
        assert _prune(base.get(key)) != _prune(draft.get(key))
        if key in MERGED_OBJECTS and isinstance(value, dict) and isinstance(base.get(key), dict):
            for sub in value:
                before, after = base[key].get(sub), (draft.get(key) or {}).get(sub)
                assert _prune(before) != _prune(after), (key, sub)


def _leaves(changes) -> list[tuple[str, str]]:
    return sorted((change.path, repr((change.old, change.new))) for change in changes)


@PROPERTY
@given(base_and_draft())
def test_model_changes_finds_the_leaves_of_the_full_diff(pair):
    base, draft = (Session.from_wire(wire) for wire in pair)
    full = build_patch(base, draft).changes
    assert _leaves(model_changes(base, draft)) == _leaves(full)
    assert count_changes(base, draft) == len(full)


@PROPERTY
@given(sessions, st.data())
def test_model_changes_after_edits_that_share_the_rest(wire, data):
    """Drafts made the editor's way (``set_value``: only the path copied) share subtrees."""
    base = Session.from_wire(wire)
    draft = base
    paths = [("customer", "email_address"), ("order", "country_code"), ("customer_id",),
             ("metadata", "ticket"), ("order", "shipping", "amount")]
    for path in data.draw(st.lists(st.sampled_from(paths), max_size=3)):
        value = {"email_address": "a@b.co", "country_code": "FR", "customer_id": "c-9",
                 "ticket": "T-1", "amount": 42}[path[-1]]
        draft = set_value(draft, path, data.draw(st.sampled_from([value, None])))
    lines = (draft.order.line_items if draft.order else None) or []
    if lines:
        index = data.draw(st.integers(0, len(lines) - 1))
        draft = set_value(draft, ("order", "line_items", index, "quantity"), 7)
    full = build_patch(base, draft).changes
    assert _leaves(model_changes(base, draft)) == _leaves(full)


def test_counting_an_edit_in_a_large_session_skips_what_is_shared(monkeypatch):
    lines = [{"itemId": f"i{n}", "amount": 100 + n, "quantity": 1} for n in range(10_000)]
    base = Session.from_wire({"currencyCode": "GBP", "order": {"lineItems": lines}})
    draft = set_value(base, ("order", "line_items", 5000, "amount"), 1)
    assert draft.order.line_items[4999] is base.order.line_items[4999]
    dumped = []
    model_dump = Session.model_dump

    def counting(model, *args, **kwargs):
        dumped.append(model)
        return model_dump(model, *args, **kwargs)

    monkeypatch.setattr(BaseModel, "model_dump", counting)
    assert count_changes(base, draft) == 1
    assert dumped == []  # nothing dumped: build_patch dumps both sessions, 10,000 lines each
    monkeypatch.undo()
    assert len(build_patch(base, draft).changes) == 1


def test_unapplied_reports_a_removal_inside_a_whole_value_the_server_kept():
    base = {"metadata": {"ticket": "T-2", "promo": "x"},
            "order": {"lineItems": [{"itemId": "a", "amount": 1}, {"itemId": "b", "amount": 2}]}}
    body = {"clientToken": "t", "metadata": {"ticket": "T-1"},
            "order": {"lineItems": [{"itemId": "a", "amount": 1}]}}
    ignored = unapplied(body, base, base)
    assert [c.path for c in ignored] == ["metadata.ticket", "metadata.promo",
                                         "order.lineItems[1]"]
    assert unapplied_text(ignored[1]) == "metadata.promo: removed, but the server still has 'x'"
    applied = {"metadata": {"ticket": "T-1"}, "order": body["order"]}
    assert unapplied(body, applied, base) == []
    # what the server adds on its own (a default), not in the base, is still not reported
    with_default = {**applied, "order": {"lineItems": [{"itemId": "a", "amount": 1,
                                                        "quantity": 1}]}}
    assert unapplied(body, with_default, base) == []


def test_unapplied_accepts_the_documented_answers_to_a_null():
    from primer_tui.emulator.store import DEFAULT_CARD_NETWORKS

    items = {"lineItems": [{"itemId": "a", "amount": 500}]}
    body = {"clientToken": "t", "amount": None}
    # the override is gone: the server returns the calculated amount, as every GET does
    assert unapplied(body, {"amount": 500, "order": items}) == []
    # still 300 against a calculation of 500: the override was not removed
    assert [c.path for c in unapplied(body, {"amount": 300, "order": items})] == ["amount"]
    networks = {"clientToken": "t", "paymentMethod": {"orderedAllowedCardNetworks": None}}
    assert unapplied(networks, {"paymentMethod": {
        "orderedAllowedCardNetworks": list(DEFAULT_CARD_NETWORKS)}}) == []
    kept = {"paymentMethod": {"orderedAllowedCardNetworks": ["VISA"]}}
    assert [c.path for c in unapplied(networks, kept)] == ["paymentMethod.orderedAllowedCardNetworks"]


def test_unapplied_takes_an_emptied_string_coming_back_absent_as_applied():
    body = {"clientToken": "t", "customer": {"taxId": "", "billingAddress": {
        "city": "Leeds", "addressLine2": ""}}}
    server = {"customer": {"billingAddress": {"city": "Leeds"}}}
    assert unapplied(body, server) == []
    kept = {"customer": {"taxId": "T-1", "billingAddress": {"city": "Leeds"}}}
    assert [c.path for c in unapplied(body, kept)] == ["customer.taxId"]


def test_a_stale_amount_is_not_sent_and_the_warning_says_it_may_be_an_override():
    # Loaded with amount 650, equal to its calculation: taken as calculated. An item changes.
    base, draft = sessions_from({**EXAMPLE, "amount": 650},
                                order__lineItems=[{**EXAMPLE["order"]["lineItems"][0],
                                                   "amount": 700}])
    patch = build_patch(base, draft, client_token="t")
    assert "amount" not in patch.body
    [warning] = [w for w in patch.warnings if "old calculated total" in w]
    assert "Primer should calculate 850" in warning
    assert "holds 650 as an override" in warning and "set the amount override to 850" in warning
