"""The audit log: durable appends, tolerant reads, no API key, and reverts of what was sent."""

from __future__ import annotations

import copy
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from primer_tui.audit import (
    AuditEntry,
    append,
    audit_path,
    entry_for,
    read_entries,
    read_log,
    revert_body,
    reverted_draft,
)
from primer_tui.model import Session
from primer_tui.patch import apply_patch, build_patch

TOKEN = "client-token-" + "x" * 40
KEY = "sk_live_do-not-leak-0123"
BASE = {
    "orderId": "order-1",
    "currencyCode": "GBP",
    "amount": 1100,
    "customer": {"emailAddress": "jane@example.com", "firstName": "Jane",
                 "billingAddress": {"city": "London", "countryCode": "GB"}},
    "order": {
        "lineItems": [{"itemId": "shoe", "amount": 500, "giftWrap": True},
                      {"itemId": "sock", "amount": 600}],
        "fees": [{"amount": 0, "type": "SERVICE"}],
    },
}


def edit(base: dict, change) -> dict:
    draft = copy.deepcopy(base)
    change(draft)
    return draft


def sent(base: dict, draft: dict, status: int | str = 200) -> tuple[AuditEntry, Session]:
    """The entry for the PATCH turning ``base`` into ``draft``, and the session after it."""
    old = Session.from_wire(base)
    body = build_patch(old, Session.from_wire(draft), client_token=TOKEN).body
    assert body is not None
    entry = entry_for(old, body, env="SANDBOX", base_url="https://api.example", status=status,
                      diagnostics_id="diag-1")
    return entry, Session.from_wire(apply_patch(old.to_wire(), body))


def test_append_then_read_round_trip(tmp_path: Path) -> None:
    entry, _ = sent(BASE, edit(BASE, lambda d: d["customer"].update(emailAddress="j@x.io")))
    path = tmp_path / "audit.jsonl"
    append(entry, path=path, forbidden=KEY)
    assert read_entries(path) == [entry]
    assert entry.client_token == TOKEN and entry.order_id == "order-1"
    assert entry.status == 200 and entry.diagnostics_id == "diag-1"
    assert entry.before == {"customer": {"emailAddress": "jane@example.com"}}
    assert datetime.fromisoformat(entry.time).utcoffset() == UTC.utcoffset(None)


def test_entries_come_back_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    statuses = [200, "timeout", 502]
    for status in statuses:
        append(sent(BASE, edit(BASE, lambda d: d.update(orderId="o-2")), status)[0], path=path)
    assert [entry.status for entry in read_entries(path)] == statuses[::-1]


def test_corrupt_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    first, _ = sent(BASE, edit(BASE, lambda d: d.update(orderId="first")))
    second, _ = sent(BASE, edit(BASE, lambda d: d.update(orderId="second")))
    append(first, path=path)
    with path.open("a") as file:
        file.write('not json\n{"time": "no other fields"}\n[1, 2]\n{"time": "torn by a crash')
    append(second, path=path)  # after the torn line: only the torn line is lost
    log = read_log(path)
    assert log.entries == [second, first]
    assert log.skipped == 4


def test_a_missing_log_is_empty_and_reading_creates_nothing(tmp_path: Path) -> None:
    assert read_entries(tmp_path / "none" / "audit.jsonl") == []
    assert read_entries() == []
    assert not audit_path().parent.exists()


def test_default_path_is_in_the_data_dir_and_made_on_first_write() -> None:
    entry, _ = sent(BASE, edit(BASE, lambda d: d.update(orderId="o-2")))
    append(entry)
    assert audit_path().name == "audit.jsonl"
    assert os.environ["XDG_DATA_HOME"] in str(audit_path())
    assert read_entries() == [entry]


def test_the_file_is_private_even_if_it_was_not(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text("")
    path.chmod(0o644)
    append(sent(BASE, edit(BASE, lambda d: d.update(orderId="o-2")))[0], path=path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.jsonl"
    append(sent(BASE, edit(BASE, lambda d: d.update(orderId="o-2")))[0], path=fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


@pytest.mark.parametrize("key", [KEY, "ключ-ü-secret"])  # the second is \u-escaped in JSON
def test_a_record_holding_the_api_key_is_refused(tmp_path: Path, key: str) -> None:
    path = tmp_path / "audit.jsonl"
    entry, _ = sent(BASE, edit(BASE, lambda d: d.update(metadata={"note": f"key {key}"})))
    with pytest.raises(ValueError) as refused:
        append(entry, path=path, forbidden=key)
    assert key not in str(refused.value)
    assert not path.exists()
    append(entry, path=path, forbidden="another-key")  # only the given secret is refused
    assert read_entries(path) == [entry]


def test_reverting_an_email_change_gives_back_the_old_email() -> None:
    entry, current = sent(BASE, edit(BASE, lambda d: d["customer"].update(emailAddress="j@x.io")))
    assert current.customer.email_address == "j@x.io"
    draft = reverted_draft(entry, current)
    assert draft.customer.email_address == "jane@example.com"
    assert draft.to_wire() == Session.from_wire(BASE).to_wire()
    assert revert_body(entry) == {"clientToken": TOKEN,
                                  "customer": {"emailAddress": "jane@example.com"}}
    assert build_patch(current, draft, client_token=TOKEN).body == revert_body(entry)


def test_reverting_fields_that_were_absent_removes_them() -> None:
    def add(draft: dict) -> None:
        draft["customerId"] = "cust-9"
        draft["customer"]["mobileNumber"] = "+447700900000"

    entry, current = sent(BASE, edit(BASE, add))
    assert entry.before == {"customerId": None, "customer": {"mobileNumber": None}}
    draft = reverted_draft(entry, current)
    assert draft.customer_id is None and draft.customer.mobile_number is None
    assert draft.customer.first_name == "Jane"  # merged one level: the rest is untouched
    assert build_patch(current, draft, client_token=TOKEN).body == {
        "clientToken": TOKEN, "customerId": None, "customer": {"mobileNumber": None}}


def test_reverting_a_line_items_change_restores_the_whole_array() -> None:
    def change(draft: dict) -> None:
        draft["order"]["lineItems"][0]["amount"] = 999
        del draft["order"]["lineItems"][1]

    entry, current = sent(BASE, edit(BASE, change))
    assert entry.before == {"order": {"lineItems": BASE["order"]["lineItems"]}}
    draft = reverted_draft(entry, current)
    assert draft.to_wire()["order"]["lineItems"] == BASE["order"]["lineItems"]
    assert draft.to_wire()["order"]["fees"] == BASE["order"]["fees"]
    body = build_patch(current, draft, client_token=TOKEN).body
    assert body == {"clientToken": TOKEN, "order": {"lineItems": BASE["order"]["lineItems"]}}


def test_reverting_an_override_lets_primer_calculate_again() -> None:
    """The base's amount was the computed total a GET returns, so the old state is "no override"."""
    entry, current = sent(BASE, edit(BASE, lambda d: d.update(amount=50)))
    assert entry.before == {"amount": None}
    assert reverted_draft(entry, current).amount is None


def test_an_entry_that_touched_nothing_has_no_revert() -> None:
    base = Session.from_wire(BASE)
    entry = entry_for(base, {"clientToken": TOKEN}, env="SANDBOX", base_url="u", status=200,
                      diagnostics_id=None)
    assert revert_body(entry) is None
    assert reverted_draft(entry, base) is base
