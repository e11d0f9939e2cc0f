"""The seeded sessions: valid sessions, the right amounts, seed files."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from primer_tui.emulator import (
    DEFAULT_SEED,
    Seed,
    SeedError,
    builtin_seeds,
    create_app,
    load_seed_file,
    seeds_from_json,
)
from primer_tui.model import Session
from tests.emulator_support import emulator_client, token_of

NAMES = [
    "primer-example", "jpy-no-minor-units", "kwd-three-decimals", "discounts-and-taxes",
    "two-hundred-lines", "amount-override",
]


@pytest.fixture
def app():
    return create_app()


async def fetch(app, name: str) -> dict:
    async with emulator_client(app) as client:
        response = await client.get("/client-session", params={"clientToken": token_of(app, name)})
    assert response.status_code == 200
    return response.json()


def test_names_are_stable_unique_and_described():
    seeds = builtin_seeds()
    assert [seed.name for seed in seeds] == NAMES
    assert DEFAULT_SEED == seeds[0].name
    assert all(seed.description for seed in seeds)


@pytest.mark.parametrize("name", NAMES)
async def test_seed_and_answer_load_as_sessions(app, name):
    seed = next(seed for seed in builtin_seeds() if seed.name == name)
    Session.from_wire(seed.session)
    assert Session.from_wire(await fetch(app, name)).amount is not None


async def test_primer_example_is_650_with_its_surcharges(app):
    session = await fetch(app, "primer-example")
    assert (session["currencyCode"], session["orderId"]) == ("GBP", "order-123")
    assert session["amount"] == 650
    assert [(i["amount"], i["quantity"]) for i in session["order"]["lineItems"]] == [(500, 1)]
    assert session["order"]["fees"] == [
        {"type": "SURCHARGE", "amount": 100, "description": "Google Pay surcharge"}
    ]
    assert session["order"]["shipping"]["amount"] == 50
    customer = session["customer"]
    assert customer["emailAddress"] and customer["firstName"] and customer["lastName"]
    assert customer["billingAddress"]["countryCode"] == "GB"
    assert customer["shippingAddress"]["countryCode"] == "GB"
    assert session["metadata"] and session["paymentMethod"]["vaultOnSuccess"] is False
    # Checkout total by method = amount - applied SURCHARGE fee + that method's surcharge.
    options = session["paymentMethod"]["options"]
    networks = options["PAYMENT_CARD"]["networks"]
    base = session["amount"] - 100
    by_method = {
        "GOOGLE_PAY": base + options["GOOGLE_PAY"]["surcharge"]["amount"],
        "VISA": base + networks["VISA"]["surcharge"]["amount"],
        "MASTERCARD": base + networks["MASTERCARD"]["surcharge"]["amount"],
        "PAY_NL_IDEAL": base + options["PAY_NL_IDEAL"]["surcharge"]["amount"],
        "other": base,
    }
    assert by_method == {
        "GOOGLE_PAY": 650, "VISA": 560, "MASTERCARD": 570, "PAY_NL_IDEAL": 600, "other": 550,
    }


@pytest.mark.parametrize(
    ("name", "currency", "amount"),
    [
        ("jpy-no-minor-units", "JPY", 3500 + 2 * 1200 + 800),
        ("kwd-three-decimals", "KWD", 12500 + 2 * 4750 + 1250),
        ("discounts-and-taxes", "USD",
         (8999 - 900 + 648) + (3 * 1299 - 390 + 281) + (2 * 2500 + 400) + (499 - 499) + 250 + 799),
        ("amount-override", "GBP", 1500),
    ],
)
async def test_amounts_by_hand(app, name, currency, amount):
    session = await fetch(app, name)
    assert (session["currencyCode"], session["amount"]) == (currency, amount)


async def test_discounts_and_taxes_are_on_several_lines(app):
    lines = (await fetch(app, "discounts-and-taxes"))["order"]["lineItems"]
    assert sum("discountAmount" in line for line in lines) >= 2
    assert sum("taxAmount" in line for line in lines) >= 2


async def test_two_hundred_lines(app):
    session = await fetch(app, "two-hundred-lines")
    lines = session["order"]["lineItems"]
    assert len(lines) == 200
    assert len({line["itemId"] for line in lines}) == 200
    total = sum(
        line["amount"] * line["quantity"] - line.get("discountAmount", 0) + line["taxAmount"]
        for line in lines
    )
    assert session["amount"] == total + session["order"]["shipping"]["amount"]
    assert builtin_seeds()[4].session == builtin_seeds()[4].session  # deterministic


def test_each_call_gives_fresh_dicts():
    first = builtin_seeds()
    first[0].session["orderId"] = "changed"
    assert builtin_seeds()[0].session["orderId"] == "order-123"


# --- seed files ---------------------------------------------------------------------------------


def test_a_list_of_bare_sessions():
    seeds = seeds_from_json([{"orderId": "o-1", "currencyCode": "EUR"}, {"currencyCode": "USD"}])
    assert [seed.name for seed in seeds] == ["o-1", "session-2"]
    assert seeds[1].session == {"currencyCode": "USD"}


def test_sessions_key_and_wrapped_entries():
    data = {"sessions": [{"name": "mine", "description": "my test", "session": {"orderId": "x"}}]}
    assert seeds_from_json(data) == [Seed("mine", "my test", {"orderId": "x"})]


@pytest.mark.parametrize("data", [{"orderId": "not a list"}, "text", [1]])
def test_bad_seed_json(data):
    with pytest.raises(SeedError):
        seeds_from_json(data)


def test_a_seed_file_goes_the_same_way_as_the_builtins(tmp_path):
    path = tmp_path / "seeds.json"
    path.write_text(json.dumps([asdict(seed) for seed in builtin_seeds()]), encoding="utf-8")
    loaded = load_seed_file(path)
    assert loaded == builtin_seeds()
    app = create_app(seeds=loaded)
    assert [s.name for s in app.state.sessions] == NAMES


@pytest.mark.parametrize("content", ['[{"orderId": "o", "amount": NaN}]', "[" * 100_000],
                         ids=["NaN", "100,000 levels"])
def test_a_seed_file_with_nan_or_absurd_nesting_is_a_seed_error(tmp_path, content):
    path = tmp_path / "seeds.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SeedError, match="seeds.json"):
        load_seed_file(path)


@pytest.mark.parametrize("content", ["{broken", None])
def test_unreadable_seed_files_name_the_file(tmp_path, content):
    path = tmp_path / "seeds.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SeedError, match="seeds.json"):
        load_seed_file(path)


def test_an_invalid_seed_is_refused_with_its_name_and_path():
    bad = Seed("broken", "", {"order": {"lineItems": [{"amount": -1}]}})
    with pytest.raises(SeedError, match=r"'broken'.*\$\.order\.lineItems\[0\]\.amount"):
        create_app(seeds=[bad])


def test_no_seeds():
    assert create_app(seeds=[]).state.sessions == []
