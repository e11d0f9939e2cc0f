"""Surcharges: per payment method type and per card network.

Empty a field to remove that surcharge. Primer documents ``paymentMethod.options`` as not
updatable by PATCH: the review says so before anything is sent.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from primer_tui.model import Session
from primer_tui.spec_data import SURCHARGE_CARD_NETWORKS
from primer_tui.totals import method_label
from primer_tui.ui.widgets.form import FieldRow, FieldSpec, FormPanel

_OPTIONS = ("payment_method", "options")
_METHOD_TYPE = re.compile(r"[A-Z][A-Z0-9_]*")
"""Primer's payment method types (``APPLE_PAY``, ``PAY_NL_IDEAL``): upper-case identifiers."""
COMMON_METHODS = ("GOOGLE_PAY", "APPLE_PAY", "PAYPAL", "PAY_NL_IDEAL", "KLARNA")


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

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Add a payment method type, e.g. BANCONTACT, then enter",
                    id="add-method", compact=True)
        note = Static("", id="add-method-note")
        note.display = False
        yield note
        yield from super().compose()

    def load(self, session: Session, base: Session) -> None:
        added = [self._add_row(method) for method in extra_methods(session)]
        if any(added):
            # new rows compose on the next refresh; fill them then
            self.call_after_refresh(FormPanel.load, self, session, base)
        else:
            super().load(session, base)

    def _add_row(self, method: str) -> FieldRow | None:
        """Mount a row for ``method`` unless there is one; the new row, or None."""
        spec = method_field(method)
        if self.row_for(spec.path) is not None:
            return None
        row = FieldRow(spec)
        self.mount(row, after=self.query_one("#add-method"))
        self.forget_rows()
        return row

    @on(Input.Submitted, "#add-method")
    def _add_method(self, event: Input.Submitted) -> None:
        event.stop()
        method = event.value.strip().upper().replace(" ", "_")
        problem = method_problem(method) if method else None
        self._show_add_problem(problem)
        if not method or problem:
            return  # what was typed stays, for the user to correct
        event.input.value = ""
        self._add_row(method)
        path = method_field(method).path
        self.call_after_refresh(self.focus_field, path)

    @on(Input.Changed, "#add-method")
    def _add_method_typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self._show_add_problem(None)

    def _show_add_problem(self, problem: str | None) -> None:
        self.query_one("#add-method").set_class(problem is not None, "-refused")
        note = self.query_one("#add-method-note", Static)
        note.display = problem is not None
        note.update(Text(problem or ""))


def method_problem(method: str) -> str | None:
    """Why ``method`` cannot be a payment method type here; ``None`` when it can."""
    if method == "PAYMENT_CARD":
        return "Card surcharges are set per card network, below"
    if not _METHOD_TYPE.fullmatch(method):
        return (f"'{method[:30]}' is not a payment method type: those are capital letters,"
                " digits and underscores, e.g. APPLE_PAY or ADYEN_IDEAL")
    return None


def extra_methods(session: Session) -> list[str]:
    """Method types set in ``session`` that have no field among the common ones."""
    options = (session.payment_method.options if session.payment_method else None) or {}
    return [m for m in options if m not in COMMON_METHODS and m != "PAYMENT_CARD"]
