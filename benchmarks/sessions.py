"""Sessions of a chosen size, and a PrimerApp on the in-process emulator seeded with one.

Every measurement that needs N line items goes through the demo's own path (``demo_remote``:
httpx's ASGITransport into the emulator), so the benchmark loads, validates and draws exactly
what a person running ``primer-tui --demo`` would. The trade-off: the emulator's validation of a
10,000-line seed runs at start-up, which the load benchmark does not count (it starts its clock
when the app starts, as a real server would already hold the session).
"""

from __future__ import annotations

from typing import Any

SEED_NAME = "benchmark"


def line_item(index: int) -> dict[str, Any]:
    """Line ``index``: varied, deterministic, with quantity, discount and tax like a real order."""
    amount = 199 + (index * 7919) % 4800
    quantity = 1 + index % 4
    discount = amount * quantity // 10 if index % 5 == 0 else 0
    line: dict[str, Any] = {
        "itemId": f"sku-{index + 1:05d}", "name": f"Catalogue item {index + 1}",
        "amount": amount, "quantity": quantity,
        "taxAmount": (amount * quantity - discount) * 19 // 100,
    }
    if discount:
        line["discountAmount"] = discount
    return line


def session_with_items(count: int) -> dict[str, Any]:
    """A GBP session (wire JSON) with ``count`` line items, a fee and shipping."""
    return {
        "orderId": f"bench-{count}", "currencyCode": "GBP", "customerId": "bench-customer",
        "order": {
            "countryCode": "GB",
            "lineItems": [line_item(index) for index in range(count)],
            "fees": [{"type": "SERVICE", "amount": 150}],
            "shipping": {"amount": 499, "methodName": "Courier"},
        },
    }


def emulator_with_items(count: int) -> Any:
    """A fresh emulator holding one session of ``count`` line items."""
    from primer_tui.emulator import Seed, create_app

    return create_app(seeds=[Seed(SEED_NAME, f"{count} line items", session_with_items(count))])


def primer_app(count: int, emulator: Any = None) -> Any:
    """``PrimerApp`` in demo mode on the ``count``-item session (of ``emulator`` if given)."""
    from primer_tui.ui.app import PrimerApp
    from primer_tui.ui.demo import demo_remote

    emulator = emulator_with_items(count) if emulator is None else emulator
    return PrimerApp(remote=demo_remote(app=emulator), demo=True)
