"""Surcharges: per payment method type and per card network.

Empty a field to remove that surcharge. Primer documents ``paymentMethod.options`` as not
updatable by PATCH: the review says so before anything is sent.
"""

from __future__ import annotations

from primer_tui.model import Session
from primer_tui.spec_data import SURCHARGE_CARD_NETWORKS
from primer_tui.totals import method_label
from primer_tui.ui.widgets.form import FieldSpec, FormPanel

_OPTIONS = ("payment_method", "options")
COMMON_METHODS = ("GOOGLE_PAY", "APPLE_PAY", "PAYPAL", "PAY_NL_IDEAL", "ADYEN_IDEAL", "KLARNA")


def method_field(method: str) -> FieldSpec:
    return FieldSpec((*_OPTIONS, method, "surcharge", "amount"), method_label(method), "money")


def network_field(network: str) -> FieldSpec:
    path = (*_OPTIONS, "PAYMENT_CARD", "networks", network, "surcharge", "amount")
    return FieldSpec(path, f"Card: {method_label('PAYMENT_CARD', network)}", "money")


class SurchargesPanel(FormPanel):
    """Surcharge amounts: common methods, every card network, and any other method set."""

    FIELDS = (
        *(method_field(method) for method in COMMON_METHODS),
        *(network_field(network) for network in SURCHARGE_CARD_NETWORKS),
    )

    @staticmethod
    def extra_methods(session: Session) -> list[str]:
        """Method types in ``session`` this panel has no field for."""
        options = (session.payment_method.options if session.payment_method else None) or {}
        return [m for m in options if m not in COMMON_METHODS and m != "PAYMENT_CARD"]
