"""Shipping: amount and method."""

from __future__ import annotations

from primer_tui.ui.widgets.form import FieldSpec, FormPanel


class ShippingPanel(FormPanel):
    """``order.shipping``."""

    FIELDS = (
        FieldSpec(("order", "shipping", "amount"), "Amount", "money"),
        FieldSpec(("order", "shipping", "method_id"), "Method id"),
        FieldSpec(("order", "shipping", "method_name"), "Method name"),
        FieldSpec(("order", "shipping", "method_description"), "Description"),
    )
