"""The review warns when the session's total is one Primer refuses (below 0, above int64)."""

from __future__ import annotations

import pytest

from primer_tui.model import Session
from primer_tui.patch import build_patch

BASE = {
    "currencyCode": "GBP",
    "order": {"lineItems": [{"itemId": "a", "amount": 500, "quantity": 1}]},
}


def _with_quantity(quantity: int) -> Session:
    return Session.from_wire({**BASE, "order": {"lineItems": [
        {"itemId": "a", "amount": 500, "quantity": quantity}]}})


@pytest.mark.parametrize(("quantity", "words"), [(-3, "below zero"), (2**62, "int64")])
def test_a_total_primer_refuses_is_warned_before_sending(quantity, words):
    base = Session.from_wire(BASE)
    patch = build_patch(base, _with_quantity(quantity))
    # Still the user's to send: the API allows a negative quantity (no minimum), not the total.
    assert patch.body is not None
    assert any(words in w and "Primer refuses it" in w for w in patch.warnings)


def test_no_warning_for_a_total_in_range_or_with_nothing_to_send():
    base = Session.from_wire(BASE)
    assert not any("refuses" in w for w in build_patch(base, _with_quantity(2)).warnings)
    negative = _with_quantity(-1)
    assert build_patch(negative, negative).warnings == ()
