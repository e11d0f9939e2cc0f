"""The conflict question shows each value the server changed, and what "keep mine" sends there."""

from __future__ import annotations

from primer_tui.conflicts import Conflict
from primer_tui.ui.screens.conflict import conflict_rows

ITEMS = [{"itemId": "shoes-42", "name": "Shoes", "amount": 5000, "quantity": 1},
         {"itemId": "socks", "name": "Socks", "amount": 500, "quantity": 2},
         {"itemId": "hat", "name": "Hat", "amount": 2500, "quantity": 1}]


def _with(index: int, **fields) -> list[dict]:
    return [{**item, **fields} if at == index else item for at, item in enumerate(ITEMS)]


def test_a_list_changed_on_both_sides_shows_the_servers_values_leaf_by_leaf():
    conflict = Conflict("order.lineItems", ITEMS, _with(2, amount=3000), _with(1, quantity=4))
    assert conflict_rows(conflict) == [
        # The list goes whole: keeping mine sends the hat's loaded amount back.
        ("order.lineItems[2].amount", "2500", "3000", "2500 (as loaded)"),
    ]


def test_an_edit_the_server_already_has_says_so():
    conflict = Conflict("order.lineItems", ITEMS, _with(1, quantity=4), _with(1, quantity=4))
    assert conflict_rows(conflict) == [
        ("order.lineItems[1].quantity", "2", "4", "4 (the server has it)")]


def test_a_value_only_the_server_changed_is_news_not_an_edit_of_mine():
    conflict = Conflict("customer.emailAddress", "a@b.co", "c@d.co", "a@b.co")
    assert conflict_rows(conflict) == [
        ("customer.emailAddress", '"a@b.co"', '"c@d.co"', "(not edited)")]
