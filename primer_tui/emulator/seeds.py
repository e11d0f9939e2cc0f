"""Seeded sessions worth showing, and the reader of ``--seed`` files.

Built-in seeds are plain wire JSON (what a merchant would POST), wrapped with a stable name and a
one-line description so the demo can list them; a seed file goes through the same path. A seed
file is a JSON list of sessions, or ``{"sessions": [...]}``; each entry is either a bare session
object or ``{"name": ..., "description": ..., "session": {...}}``.

The amounts below are computed by the emulator, never stored (except the override seed's), so each
seed also checks the emulator's arithmetic: Primer's example must come out at 650.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SEED = "primer-example"
"""The demo's default session."""


class SeedError(ValueError):
    """A seed file or seed that cannot be loaded; the message says which and why."""


@dataclass(frozen=True)
class Seed:
    """A session to create at start-up.

    Attributes:
        name: Stable, recognisable, unique among the built-ins (e.g. ``primer-example``).
        description: One line for a list of sessions.
        session: The POST body (wire JSON).
    """

    name: str
    description: str
    session: dict[str, Any]


def _address(first: str, last: str, line1: str, city: str, postal: str, country: str) -> dict:
    return {
        "firstName": first, "lastName": last, "addressLine1": line1, "city": city,
        "postalCode": postal, "countryCode": country,
    }


def _primer_example() -> dict[str, Any]:
    """Primer's documented example: 500 + fee 100 (Google Pay's surcharge) + shipping 50 = 650."""
    home = _address("John", "Smith", "221B Baker Street", "London", "NW1 6XE", "GB")
    return {
        "customerId": "customer-123",
        "orderId": "order-123",
        "currencyCode": "GBP",
        "metadata": {"productType": "Clothing", "loyaltyTier": 2},
        "customer": {
            "emailAddress": "john@primer.io", "firstName": "John", "lastName": "Smith",
            "mobileNumber": "+447700900123", "billingAddress": home, "shippingAddress": home,
        },
        "order": {
            "countryCode": "GB",
            "lineItems": [{
                "itemId": "t-shirt-1", "name": "T-Shirt", "description": "White T-Shirt",
                "amount": 500, "quantity": 1, "productType": "PHYSICAL",
            }],
            "fees": [{"type": "SURCHARGE", "amount": 100, "description": "Google Pay surcharge"}],
            "shipping": {"amount": 50, "methodId": "standard", "methodName": "Standard delivery"},
        },
        "paymentMethod": {
            "vaultOnSuccess": False, "vaultOn3DS": False, "authorizationType": "ESTIMATED",
            "descriptor": "Primer demo shop",
            "options": {
                "GOOGLE_PAY": {"surcharge": {"amount": 100}},
                "PAY_NL_IDEAL": {"surcharge": {"amount": 50}},
                "PAYMENT_CARD": {"networks": {
                    "VISA": {"surcharge": {"amount": 10}},
                    "MASTERCARD": {"surcharge": {"amount": 20}},
                }},
            },
        },
    }


def _jpy() -> dict[str, Any]:
    """Yen: no minor units, ¥3,500 is 3500. 3500 + 2×1200 + 800 = 6700."""
    return {
        "customerId": "customer-tokyo-7", "orderId": "order-jp-3500", "currencyCode": "JPY",
        "customer": {
            "emailAddress": "hanako@example.jp", "firstName": "Hanako", "lastName": "Yamada",
            "billingAddress": _address("Hanako", "Yamada", "1-2-3 Jingumae", "Shibuya-ku",
                                       "150-0001", "JP"),
        },
        "order": {
            "countryCode": "JP",
            "lineItems": [
                {"itemId": "tetsubin-1", "name": "Tetsubin teapot", "amount": 3500, "quantity": 1},
                {"itemId": "sencha-100g", "name": "Sencha, 100 g", "amount": 1200, "quantity": 2},
            ],
            "shipping": {"amount": 800, "methodId": "yamato", "methodName": "Yamato TA-Q-BIN"},
        },
    }


def _kwd() -> dict[str, Any]:
    """Kuwaiti dinar: three minor units. 12.500 + 2×4.750 + 1.250 = 23.250 KWD (23250)."""
    return {
        "customerId": "customer-kw-12", "orderId": "order-kw-23250", "currencyCode": "KWD",
        "customer": {"emailAddress": "fatima@example.com.kw", "firstName": "Fatima"},
        "order": {
            "countryCode": "KW",
            "lineItems": [
                {"itemId": "oud-50", "name": "Oud perfume, 50 ml", "amount": 12500},
                {"itemId": "dates-box", "name": "Dates gift box", "amount": 4750, "quantity": 2},
            ],
            "shipping": {"amount": 1250, "methodName": "Courier"},
        },
    }


def _discounts_and_taxes() -> dict[str, Any]:
    """Line discounts and taxes (whole-line, not per unit): 17935 + fee 250 + shipping 799."""
    return {
        "customerId": "customer-us-42", "orderId": "order-us-18984", "currencyCode": "USD",
        "customer": {"emailAddress": "sam@example.com", "firstName": "Sam", "lastName": "Lee"},
        "order": {
            "countryCode": "US",
            "lineItems": [
                {"itemId": "shoes-42", "name": "Running shoes", "amount": 8999, "quantity": 1,
                 "discountAmount": 900, "taxAmount": 648, "taxCode": "PC040100"},
                {"itemId": "socks-3", "name": "Sports socks (3-pack)", "amount": 1299,
                 "quantity": 3, "discountAmount": 390, "taxAmount": 281},
                {"itemId": "bottle", "name": "Water bottle", "amount": 2500, "quantity": 2,
                 "taxAmount": 400},
                {"itemId": "gift-wrap", "name": "Gift wrap", "amount": 499, "quantity": 1,
                 "discountAmount": 499},
            ],
            "fees": [{"type": "HANDLING", "amount": 250, "description": "Handling"}],
            "shipping": {"amount": 799, "methodName": "Ground"},
        },
    }


def _line(index: int) -> dict[str, Any]:
    """Line ``index`` of the 200-line seed: varied, deterministic, every field kind used."""
    amount = 199 + (index * 7919) % 4800
    quantity = 1 + index % 4
    discount = amount * quantity // 10 if index % 5 == 0 else 0
    line: dict[str, Any] = {
        "itemId": f"sku-{index + 1:03d}", "name": f"Catalogue item {index + 1}",
        "amount": amount, "quantity": quantity,
        "taxAmount": (amount * quantity - discount) * 19 // 100,
        "productType": "DIGITAL" if index % 7 == 0 else "PHYSICAL",
    }
    if discount:
        line["discountAmount"] = discount
    return line


def _many_lines() -> dict[str, Any]:
    return {
        "customerId": "customer-b2b-9", "orderId": "order-wholesale-200", "currencyCode": "EUR",
        "order": {
            "countryCode": "DE",
            "lineItems": [_line(index) for index in range(200)],
            "shipping": {"amount": 4900, "methodName": "Pallet freight"},
        },
    }


def _override() -> dict[str, Any]:
    """A top-level amount (1500) that overrides the line items (2000)."""
    return {
        "orderId": "order-override-1500", "currencyCode": "GBP", "amount": 1500,
        "order": {"lineItems": [{"itemId": "hamper", "name": "Hamper", "amount": 2000}]},
    }


def builtin_seeds() -> list[Seed]:
    """The built-in sessions, the demo's default first (new dicts on every call)."""
    return [
        Seed(DEFAULT_SEED, "Primer's example: GBP 6.50 with Google Pay's surcharge applied",
             _primer_example()),
        Seed("jpy-no-minor-units", "Japanese yen, no minor units: ¥6,700", _jpy()),
        Seed("kwd-three-decimals", "Kuwaiti dinar, three minor units: 23.250 KWD", _kwd()),
        Seed("discounts-and-taxes", "USD, line discounts and taxes, a fee and shipping",
             _discounts_and_taxes()),
        Seed("two-hundred-lines", "EUR wholesale order with 200 line items", _many_lines()),
        Seed("amount-override", "A top-level amount of 15.00 overriding items worth 20.00",
             _override()),
    ]


def seeds_from_json(data: Any) -> list[Seed]:
    """Seeds from parsed JSON: a list, or ``{"sessions": [...]}``; entries bare or wrapped."""
    items = data.get("sessions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise SeedError('a seed file holds a JSON list of sessions, or {"sessions": [...]}')
    return [_seed(item, index) for index, item in enumerate(items, start=1)]


def _seed(item: Any, index: int) -> Seed:
    if not isinstance(item, dict):
        raise SeedError(f"session {index} is not a JSON object")
    if isinstance(item.get("session"), dict):
        name = item.get("name") or f"session-{index}"
        return Seed(str(name), str(item.get("description") or ""), item["session"])
    order_id = item.get("orderId")
    name = order_id if isinstance(order_id, str) and order_id else f"session-{index}"
    return Seed(name, "from the seed file", item)


def load_seed_file(path: str | Path) -> list[Seed]:
    """Read a seed file; raises ``SeedError`` with the file's name on any problem."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_constant=_not_json)
        return seeds_from_json(data)
    except RecursionError:
        raise SeedError(f"{path}: nested too deeply to read") from None
    except (OSError, ValueError, SeedError) as error:  # ValueError: bad JSON, UTF-8, NaN
        raise SeedError(f"{path}: {error}") from None


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")  # a response could not carry it
