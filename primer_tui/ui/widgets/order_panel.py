"""Order: ids, currency, countries, and a deliberate amount override."""

from __future__ import annotations

from primer_tui.spec_data import COUNTRY_CODES, CURRENCY_CODES
from primer_tui.ui.widgets.form import FieldSpec, FormPanel


class OrderPanel(FormPanel):
    """``orderId``, ``currencyCode``, ``order.countryCode``, ``amount`` (override)."""

    FIELDS = (
        FieldSpec(("order_id",), "Order id"),
        FieldSpec(("customer_id",), "Customer id"),
        FieldSpec(("currency_code",), "Currency", "choice", CURRENCY_CODES),
        FieldSpec(("order", "country_code"), "Country", "choice", COUNTRY_CODES),
        FieldSpec(("order", "retailer_country_code"), "Retailer country", "choice", COUNTRY_CODES),
        FieldSpec(("amount",), "Amount override", "money", placeholder="empty: calculated"),
    )
