"""The editor's tabs: which panel edits which part of the session."""

from __future__ import annotations

from primer_tui.edit import Path
from primer_tui.ui.widgets.customer_panel import CustomerPanel
from primer_tui.ui.widgets.fees_panel import FeesPanel
from primer_tui.ui.widgets.line_items_panel import LineItemsPanel
from primer_tui.ui.widgets.metadata_panel import MetadataPanel
from primer_tui.ui.widgets.order_panel import OrderPanel
from primer_tui.ui.widgets.payment_method_panel import PaymentMethodPanel
from primer_tui.ui.widgets.shipping_panel import ShippingPanel
from primer_tui.ui.widgets.surcharges_panel import SurchargesPanel

PANELS = (
    ("Customer", CustomerPanel, "customer"), ("Order", OrderPanel, "order"),
    ("Items", LineItemsPanel, "items"), ("Fees", FeesPanel, "fees"),
    ("Shipping", ShippingPanel, "shipping"), ("Payment", PaymentMethodPanel, "payment"),
    ("Surcharges", SurchargesPanel, "surcharges"), ("Metadata", MetadataPanel, "metadata"),
)


def tab_for(path: Path) -> str:
    """The tab (``customer``, ``items``, ...) whose panel edits ``path``."""
    for _, panel, key in PANELS:
        prefix = getattr(panel, "PATH", None)
        if isinstance(prefix, tuple) and path[: len(prefix)] == prefix:
            return key
        if any(spec.path == path for spec in getattr(panel, "FIELDS", ())):
            return key
    if path[:2] == ("payment_method", "options"):
        return "surcharges"
    first = str(path[0]) if path else ""
    return {"metadata": "metadata", "customer": "customer", "order": "order"}.get(first, "payment")
