"""Fees: type, description, amount. A ``SURCHARGE`` fee is the chosen method's surcharge."""

from __future__ import annotations

from typing import Any

from primer_tui.report import money
from primer_tui.ui.widgets.form import FieldSpec
from primer_tui.ui.widgets.list_panel import ListPanel


class FeesPanel(ListPanel):
    """``order.fees``."""

    PATH = ("order", "fees")
    NEW_ROW = {"amount": 0, "type": "SERVICE"}
    COLUMNS = (
        ("Type", lambda fee, _: fee.type or ""),
        ("Description", lambda fee, _: fee.description or ""),
        ("Amount", lambda fee, currency: money(fee.amount, currency)),
    )
    RIGHT_ALIGNED = frozenset({"Amount"})

    @staticmethod
    def row_fields(index: int) -> tuple[FieldSpec, ...]:
        at: Any = ("order", "fees", index)
        return (
            FieldSpec((*at, "type"), "Type", placeholder="e.g. SURCHARGE, SERVICE"),
            FieldSpec((*at, "description"), "Description"),
            FieldSpec((*at, "amount"), "Amount", "money"),
        )
