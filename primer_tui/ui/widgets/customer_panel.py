"""Customer: ids, contact, names, tax and document ids, billing and shipping address."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Button

from primer_tui.spec_data import COUNTRY_CODES
from primer_tui.ui.widgets.form import FieldRow, FieldSpec, FormPanel

_ADDRESS = (
    ("first_name", "First name"), ("last_name", "Last name"), ("address_line1", "Address 1"),
    ("address_line2", "Address 2"), ("city", "City"), ("state", "State"),
    ("postal_code", "Postal code"),
)


def address_fields(name: str, title: str) -> tuple[FieldSpec, ...]:
    """The fields of ``customer.<name>``, labelled with ``title``."""
    fields = [FieldSpec(("customer", name, key), f"{title} {label.lower()}") for key, label in _ADDRESS]
    country = FieldSpec(("customer", name, "country_code"), f"{title} country", "choice", COUNTRY_CODES)
    return (*fields, country)


class CustomerPanel(FormPanel):
    """The ``customer`` object and ``customerId``."""

    FIELDS = (
        FieldSpec(("customer_id",), "Customer id"),
        FieldSpec(("customer", "email_address"), "Email", placeholder="name@example.com"),
        FieldSpec(("customer", "mobile_number"), "Mobile"),
        FieldSpec(("customer", "first_name"), "First name"),
        FieldSpec(("customer", "last_name"), "Last name"),
        FieldSpec(("customer", "tax_id"), "Tax id"),
        FieldSpec(("customer", "national_document_id"), "National doc id"),
        *address_fields("billing_address", "Billing"),
        *address_fields("shipping_address", "Shipping"),
    )

    def compose(self) -> ComposeResult:
        for spec in self.FIELDS:
            if spec.path == ("customer", "shipping_address", "first_name"):
                yield Button("Shipping same as billing", id="same-as-billing", compact=True)
            yield FieldRow(spec)

    class BillingCopied(Message):
        """The user asked for the shipping address to be the billing address."""

    @on(Button.Pressed, "#same-as-billing")
    def _copy_billing(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.BillingCopied())
