"""Saved drafts: atomic, private, keyed by session, tolerant of bad files, never holding the key."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from primer_tui import drafts
from primer_tui.drafts import (
    VERSION,
    discard_draft,
    draft_path,
    drafts_dir,
    load_draft,
    save_draft,
)
from primer_tui.model import Session

URL = "https://api.sandbox.primer.io"
TOKEN = "eyJhbGciOiJIUzI1NiJ9." + "t" * 200
KEY = "sk_sandbox_do-not-leak-0123"
BASE_WIRE = {
    "orderId": "order-1",
    "currencyCode": "GBP",
    "futureTopLevel": {"kept": True},
    "order": {"lineItems": [{"itemId": "shoe", "amount": 500, "giftWrap": True}]},
}
BASE = Session.from_wire(BASE_WIRE)
DRAFT = Session.from_wire({**BASE_WIRE, "orderId": "order-2", "customerId": "c-1"})


def save(directory: Path, token: str = TOKEN, draft: Session = DRAFT, **kwargs) -> Path:
    return save_draft(URL, token, environment="SANDBOX", base=BASE, draft=draft,
                      directory=directory, **kwargs)


def test_save_then_load_round_trip_keeps_unknown_fields(tmp_path: Path) -> None:
    save(tmp_path, forbidden=KEY)
    saved = load_draft(URL, TOKEN, directory=tmp_path)
    assert saved is not None
    assert saved.base.to_wire() == BASE_WIRE
    assert saved.draft.to_wire()["futureTopLevel"] == {"kept": True}
    assert saved.draft.to_wire()["order"]["lineItems"][0]["giftWrap"] is True
    assert saved.draft.to_wire() == DRAFT.to_wire()
    assert (saved.base_url, saved.client_token, saved.environment) == (URL, TOKEN, "SANDBOX")
    assert saved.saved_at.endswith("+00:00")
    assert saved.changes() == 2


def test_a_draft_identical_to_its_base_has_no_changes(tmp_path: Path) -> None:
    save(tmp_path, draft=BASE)
    assert load_draft(URL, TOKEN, directory=tmp_path).changes() == 0


def test_saving_again_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = save(tmp_path)
    other = Session.from_wire({**BASE_WIRE, "orderId": "order-3"})
    assert save(tmp_path, draft=other) == path
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert load_draft(URL, TOKEN, directory=tmp_path).draft.order_id == "order-3"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_keeps_the_old_draft_whole(tmp_path: Path, monkeypatch) -> None:
    path = save(tmp_path)
    before = path.read_bytes()

    def crash(*args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(drafts.os, "replace", crash)
    with pytest.raises(OSError):
        save(tmp_path, draft=BASE)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize(
    "content",
    [
        '{"version": 1, "base_url": "',  # torn
        "[]",
        "",
        '{"version": 1}',
    ],
)
def test_a_corrupt_file_loads_as_none(tmp_path: Path, content: str) -> None:
    path = save(tmp_path)
    path.write_text(content)
    assert load_draft(URL, TOKEN, directory=tmp_path) is None


@pytest.mark.parametrize(
    "change",
    [
        {"version": VERSION + 1},
        {"draft": {"amount": -5}},  # no longer a valid session
        {"base": "not an object"},
        {"client_token": "someone-else"},
    ],
)
def test_a_wrong_version_or_bad_content_loads_as_none(tmp_path: Path, change: dict) -> None:
    path = save(tmp_path)
    path.write_text(json.dumps({**json.loads(path.read_text()), **change}))
    assert load_draft(URL, TOKEN, directory=tmp_path) is None


def test_discard_forgets_the_draft(tmp_path: Path) -> None:
    path = save(tmp_path)
    discard_draft(URL, TOKEN, directory=tmp_path)
    assert not path.exists()
    assert load_draft(URL, TOKEN, directory=tmp_path) is None
    discard_draft(URL, TOKEN, directory=tmp_path)  # nothing to discard: no error


@pytest.mark.parametrize("key", [KEY, "ключ-ü-secret"])  # the second is \u-escaped in JSON
def test_a_draft_holding_the_api_key_is_refused(tmp_path: Path, key: str) -> None:
    leaky = Session.from_wire({**BASE_WIRE, "metadata": {"note": f"key {key}"}})
    with pytest.raises(ValueError) as refused:
        save(tmp_path, draft=leaky, forbidden=key)
    assert key not in str(refused.value)
    assert list(tmp_path.iterdir()) == []
    save(tmp_path, draft=leaky, forbidden="another-key")  # only the given secret is refused
    assert load_draft(URL, TOKEN, directory=tmp_path).draft.metadata == {"note": f"key {key}"}


def test_two_tokens_make_two_files(tmp_path: Path) -> None:
    other_token = TOKEN + "2"
    first = save(tmp_path)
    second = save(tmp_path, token=other_token, draft=BASE)
    assert first != second
    assert sorted(tmp_path.iterdir()) == sorted([first, second])
    assert load_draft(URL, TOKEN, directory=tmp_path).draft.order_id == "order-2"
    assert load_draft(URL, other_token, directory=tmp_path).changes() == 0
    assert draft_path("https://api.primer.io", TOKEN, directory=tmp_path) not in {first, second}


def test_the_file_name_does_not_contain_the_token(tmp_path: Path) -> None:
    path = save(tmp_path)
    assert TOKEN[:16] not in path.name and TOKEN[-16:] not in path.name
    assert len(path.name) < 64
    assert TOKEN in path.read_text()  # the token may be inside: it is needed to restore


def test_default_dir_is_in_the_data_dir_and_made_only_on_save() -> None:
    assert os.environ["XDG_DATA_HOME"] in str(drafts_dir())
    assert load_draft(URL, TOKEN) is None
    discard_draft(URL, TOKEN)
    assert not drafts_dir().parent.exists()
    path = save_draft(URL, TOKEN, environment="SANDBOX", base=BASE, draft=DRAFT)
    assert path.parent == drafts_dir()
    assert load_draft(URL, TOKEN).changes() == 2


def test_text_not_yet_a_value_is_kept_beside_the_draft_and_counted(tmp_path: Path) -> None:
    typed = {"customer.emailAddress": "ada@example", "order.lineItems[0].amount": "7,50"}
    save(tmp_path, draft=BASE, typed=typed)
    saved = load_draft(URL, TOKEN, directory=tmp_path)
    assert saved is not None and saved.typed == typed
    assert saved.changes() == 2  # the draft changes nothing, but there is text to put back


@pytest.mark.parametrize("typed", [["a"], {"metadata": 3}, "x"])
def test_a_damaged_typed_part_is_dropped_and_the_draft_still_loads(tmp_path: Path, typed) -> None:
    path = save(tmp_path)
    record = json.loads(path.read_text())
    record["typed"] = typed
    path.write_text(json.dumps(record))
    saved = load_draft(URL, TOKEN, directory=tmp_path)
    assert saved is not None and saved.typed == {} and saved.draft == DRAFT


def test_a_file_saved_before_typed_text_was_kept_loads(tmp_path: Path) -> None:
    path = save(tmp_path)
    record = json.loads(path.read_text())
    del record["typed"]
    path.write_text(json.dumps(record))
    saved = load_draft(URL, TOKEN, directory=tmp_path)
    assert saved is not None and saved.typed == {} and saved.changes() == 2
