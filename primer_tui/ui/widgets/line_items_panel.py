"""Line items: a table of the order's items and a form with every field of the selected one."""

from __future__ import annotations

from typing import Any

from primer_tui.report import money
from primer_tui.spec_data import PRODUCT_TYPES
from primer_tui.totals import line_total
from primer_tui.ui.widgets.form import FieldSpec
from primer_tui.ui.widgets.list_panel import ListPanel

_PRODUCT_DATA = (
    ("sku", "SKU"), ("brand", "Brand"), ("color", "Colour"),
    ("global_trade_item_number", "GTIN"), ("manufacturer_part_number", "MPN"),
    ("weight_unit", "Weight unit"), ("page_url", "Page URL"),
)


def _money(field: str):
    return lambda item, currency: money(getattr(item, field) or 0, currency)


class LineItemsPanel(ListPanel):
    """``order.lineItems``."""

    PATH = ("order", "line_items")
    NEW_ROW = {"itemId": "new-item", "description": "New item", "amount": 0, "quantity": 1}
    COLUMNS = (
        ("Item id", lambda item, _: item.item_id or ""),
        ("Description", lambda item, _: (item.description or item.name or "")[:30]),
        ("Qty", lambda item, _: str(1 if item.quantity is None else item.quantity)),
        ("Unit", _money("amount")),
        ("Discount", _money("discount_amount")),
        ("Tax", _money("tax_amount")),
        ("Line total", lambda item, currency: money(line_total(item), currency)),
    )
    RIGHT_ALIGNED = frozenset({"Qty", "Unit", "Discount", "Tax", "Line total"})

    @staticmethod
    def row_fields(index: int) -> tuple[FieldSpec, ...]:
        at: Any = ("order", "line_items", index)
        data = tuple(FieldSpec((*at, "product_data", key), label) for key, label in _PRODUCT_DATA)
        return (
            FieldSpec((*at, "item_id"), "Item id"),
            FieldSpec((*at, "name"), "Name"),
            FieldSpec((*at, "description"), "Description"),
            FieldSpec((*at, "quantity"), "Quantity", "int"),
            FieldSpec((*at, "amount"), "Unit amount", "money"),
            FieldSpec((*at, "discount_amount"), "Discount (line)", "money"),
            FieldSpec((*at, "tax_amount"), "Tax (line)", "money"),
            FieldSpec((*at, "tax_code"), "Tax code"),
            FieldSpec((*at, "product_type"), "Product type", "choice", PRODUCT_TYPES),
            *data,
            FieldSpec((*at, "product_data", "weight"), "Weight", "number"),
        )
