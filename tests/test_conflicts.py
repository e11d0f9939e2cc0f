"""Three-way comparison when the server changed a session after it was loaded."""

from __future__ import annotations

from primer_tui.conflicts import find_conflicts, resolve
from primer_tui.model import Session

BASE = {
    "orderId": "o-1",
    "currencyCode": "GBP",
    "amount": 500,
    "customer": {"emailAddress": "a@example.com", "firstName": "Ann"},
    "order": {"lineItems": [{"itemId": "x", "amount": 500}]},
}


def _with(**changes) -> Session:
    wire = {**BASE, **{k: v for k, v in changes.items() if "__" not in k}}
    for key, value in changes.items():
        if "__" in key:
            outer, inner = key.split("__")
            wire[outer] = {**wire[outer], inner: value}
    return Session.from_wire(wire)


def test_no_conflict_when_the_server_did_not_change():
    base = Session.from_wire(BASE)
    assert find_conflicts(base, Session.from_wire(BASE), _with(orderId="o-2")) == []


def test_a_changed_unit_shows_loaded_server_and_mine():
    base = Session.from_wire(BASE)
    server = _with(customer__emailAddress="server@example.com")
    draft = _with(customer__emailAddress="mine@example.com")
    [conflict] = find_conflicts(base, server, draft)
    assert (conflict.path, conflict.loaded, conflict.server, conflict.mine) == (
        "customer.emailAddress", "a@example.com", "server@example.com", "mine@example.com")
    assert conflict.edited_by_me


def test_server_news_the_user_did_not_touch_is_listed_but_not_edited_by_me():
    base = Session.from_wire(BASE)
    [conflict] = find_conflicts(base, _with(orderId="o-9"), _with(customer__firstName="Bo"))
    assert conflict.path == "orderId" and not conflict.edited_by_me


def test_a_recomputed_amount_is_not_a_conflict():
    base = Session.from_wire(BASE)
    server = Session.from_wire({**BASE, "order": {"lineItems": [{"itemId": "x", "amount": 700}]},
                                "amount": 700})
    assert [c.path for c in find_conflicts(base, server, base)] == ["order.lineItems"]


def test_keep_mine_puts_every_edit_on_top_of_the_server():
    base = Session.from_wire(BASE)
    server = _with(customer__emailAddress="server@example.com", orderId="o-9")
    draft = _with(customer__emailAddress="mine@example.com", customer__firstName="Bo")
    merged = resolve(base, server, draft, keep="mine").to_wire()
    assert merged["customer"] == {"emailAddress": "mine@example.com", "firstName": "Bo"}
    assert merged["orderId"] == "o-9"


def test_take_server_drops_only_the_conflicting_edits():
    base = Session.from_wire(BASE)
    server = _with(customer__emailAddress="server@example.com")
    draft = _with(customer__emailAddress="mine@example.com", customer__firstName="Bo")
    merged = resolve(base, server, draft, keep="server").to_wire()
    assert merged["customer"] == {"emailAddress": "server@example.com", "firstName": "Bo"}


def test_a_resolved_draft_does_not_send_the_servers_computed_total_as_an_override():
    # Loaded with item 500 (amount 500 computed); the user doubles the quantity; meanwhile the
    # server changed orderId. Resolving must not carry the server's computed 500 into the draft.
    from primer_tui.patch import build_patch
    from primer_tui.totals import checkout_totals, without_computed_amount

    base = without_computed_amount(Session.from_wire(BASE))
    draft = Session.from_wire({**BASE, "amount": None,
                               "order": {"lineItems": [{"itemId": "x", "amount": 500,
                                                        "quantity": 2}]}})
    server = _with(orderId="o-9")
    for keep in ("mine", "server"):
        merged = resolve(base, server, draft, keep=keep)
        new_base = without_computed_amount(server)
        assert merged.amount is None
        assert checkout_totals(merged).amount_due == 1000
        body = build_patch(new_base, merged).body
        assert body is not None and "amount" not in body
        assert body["order"]["lineItems"][0]["quantity"] == 2


def test_a_servers_real_override_survives_resolving():
    base = Session.from_wire({**BASE, "orderId": "o-1"})
    server = Session.from_wire({**BASE, "amount": 123})  # an override set on the server
    merged = resolve(base, server, _with(orderId="o-2"), keep="mine")
    assert merged.amount == 123 and merged.order_id == "o-2"
