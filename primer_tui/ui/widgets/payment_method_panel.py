"""Payment method: vault flags, descriptor, payment and authorization types, card networks."""

from __future__ import annotations

from primer_tui.spec_data import AUTHORIZATION_TYPES, FIRST_PAYMENT_REASONS, PAYMENT_TYPES
from primer_tui.ui.widgets.form import FieldSpec, FormPanel

_PM = "payment_method"


class PaymentMethodPanel(FormPanel):
    """``paymentMethod`` without its options (those are the Surcharges panel's)."""

    FIELDS = (
        FieldSpec((_PM, "vault_on_success"), "Vault on success", "bool"),
        FieldSpec((_PM, "vault_on_3ds"), "Vault on 3DS", "bool"),
        FieldSpec((_PM, "vault_on_agreement"), "Vault on agreement", "bool"),
        FieldSpec((_PM, "descriptor"), "Descriptor"),
        FieldSpec((_PM, "payment_type"), "Payment type", "choice", PAYMENT_TYPES),
        FieldSpec((_PM, "authorization_type"), "Authorization", "choice", AUTHORIZATION_TYPES),
        FieldSpec((_PM, "first_payment_reason"), "First pay reason", "choice", FIRST_PAYMENT_REASONS),
        FieldSpec(
            (_PM, "ordered_allowed_card_networks"), "Card networks", "list",
            placeholder="VISA, MASTERCARD (in order; empty: all)",
        ),
    )
