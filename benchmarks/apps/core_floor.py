"""The minimal app plus what any screen showing a session's computed total needs: a floor.

The minimal app (Header, one Static, Footer), whose Static shows a real computed total: before it
composes, it imports primer-tui's HTTP client (httpx) and its core (the pydantic model, the totals,
money), validates the demo's default session (the built-in seed, as wire JSON) and computes and
formats its total, as the editor does before its first paint. No emulator, no request, no editor.

Beside the minimal app it shows what the design's stack (DESIGN.md: a pydantic model, an httpx
client) costs before any first paint that shows a total, whatever the screen is built from.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

import primer_tui.client  # noqa: F401 - imported as the editor's load imports it (httpx)
from primer_tui.model import Session
from primer_tui.money import format_money
from primer_tui.totals import checkout_totals

SESSION: dict[str, Any] = {
    "customerId": "customer-123", "orderId": "order-123", "currencyCode": "GBP",
    "metadata": {"productType": "Clothing", "loyaltyTier": 2},
    "customer": {
        "emailAddress": "john@primer.io", "firstName": "John", "lastName": "Smith",
        "mobileNumber": "+447700900123",
        "billingAddress": {"firstName": "John", "lastName": "Smith",
                           "addressLine1": "221B Baker Street", "city": "London",
                           "postalCode": "NW1 6XE", "countryCode": "GB"},
        "shippingAddress": {"firstName": "John", "lastName": "Smith",
                            "addressLine1": "221B Baker Street", "city": "London",
                            "postalCode": "NW1 6XE", "countryCode": "GB"},
    },
    "order": {
        "countryCode": "GB",
        "lineItems": [{"itemId": "t-shirt-1", "name": "T-Shirt", "description": "White T-Shirt",
                       "amount": 500, "quantity": 1, "productType": "PHYSICAL"}],
        "fees": [{"type": "SURCHARGE", "amount": 100, "description": "Google Pay surcharge"}],
        "shipping": {"amount": 50, "methodId": "standard", "methodName": "Standard delivery"},
    },
    "paymentMethod": {
        "vaultOnSuccess": False, "vaultOn3DS": False, "authorizationType": "ESTIMATED",
        "descriptor": "Primer demo shop",
        "options": {
            "GOOGLE_PAY": {"surcharge": {"amount": 100}},
            "PAY_NL_IDEAL": {"surcharge": {"amount": 50}},
            "PAYMENT_CARD": {"networks": {"VISA": {"surcharge": {"amount": 10}},
                                          "MASTERCARD": {"surcharge": {"amount": 20}}}},
        },
    },
}
"""The demo's default session as wire JSON: the seed ``primer-example``, copied rather than
imported (the emulator's package brings Starlette in). A test keeps the two equal."""


def computed_total() -> str:
    """``Computed total`` and the demo session's total, validated and computed."""
    session = Session.from_wire(SESSION)
    breakdown = checkout_totals(session)
    return f"Computed total  {format_money(breakdown.computed_total, breakdown.currency)}"


class CoreFloorApp(App[None]):
    """Header, one Static with the demo session's computed total, Footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(computed_total())
        yield Footer()


if __name__ == "__main__":
    CoreFloorApp().run()
