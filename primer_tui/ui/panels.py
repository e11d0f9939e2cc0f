"""The editor's tabs: which panel edits which part of the session."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from primer_tui.edit import Path


@dataclass(frozen=True)
class Tab:
    """One tab of the editor. Its panel's module is imported when the panel is first needed:
    start-up loads only the first tab's (the others bring DataTable, TextArea and more)."""

    title: str
    key: str
    """``customer``: the pane is ``tab-customer``, the panel ``panel-customer``."""
    where: str
    """``module:Class`` in ``primer_tui.ui.widgets``."""

    @property
    def panel(self) -> Any:
        module, name = self.where.split(":")
        return getattr(import_module(f"primer_tui.ui.widgets.{module}"), name)


PANELS = (
    Tab("Customer", "customer", "customer_panel:CustomerPanel"),
    Tab("Order", "order", "order_panel:OrderPanel"),
    Tab("Items", "items", "line_items_panel:LineItemsPanel"),
    Tab("Fees", "fees", "fees_panel:FeesPanel"),
    Tab("Shipping", "shipping", "shipping_panel:ShippingPanel"),
    Tab("Payment", "payment", "payment_method_panel:PaymentMethodPanel"),
    Tab("Surcharges", "surcharges", "surcharges_panel:SurchargesPanel"),
    Tab("Metadata", "metadata", "metadata_panel:MetadataPanel"),
)


def tab_for(path: Path) -> str:
    """The tab (``customer``, ``items``, ...) whose panel edits ``path``."""
    for tab in PANELS:
        panel, key = tab.panel, tab.key
        prefix = getattr(panel, "PATH", None)
        if isinstance(prefix, tuple) and path[: len(prefix)] == prefix:
            return key
        if any(spec.path == path for spec in getattr(panel, "FIELDS", ())):
            return key
    if path[:2] == ("payment_method", "options"):
        return "surcharges"
    first = str(path[0]) if path else ""
    return {"metadata": "metadata", "customer": "customer", "order": "order"}.get(first, "payment")


def tab_title(path: Path) -> str:
    """The title of the tab (``Customer``, ``Items``, ...) whose panel edits ``path``."""
    key = tab_for(path)
    return next(tab.title for tab in PANELS if tab.key == key)
