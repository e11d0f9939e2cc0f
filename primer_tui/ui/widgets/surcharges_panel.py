"""Surcharges: per payment method type and per card network.

Empty a field to remove that surcharge. Primer documents ``paymentMethod.options`` as not
updatable by PATCH: the review says so before anything is sent.
"""

from __future__ import annotations

import asyncio
import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import AwaitMount
from textual.widgets import Input, Static

from primer_tui.model import Session
from primer_tui.spec_data import SURCHARGE_CARD_NETWORKS
from primer_tui.totals import method_label
from primer_tui.ui.widgets.form import FieldRow, FieldSpec, FormPanel

_OPTIONS = ("payment_method", "options")
_METHOD_TYPE = re.compile(r"[A-Z][A-Z0-9_]*")
"""Primer's payment method types (``APPLE_PAY``, ``PAY_NL_IDEAL``): upper-case identifiers."""
COMMON_METHODS = ("GOOGLE_PAY", "APPLE_PAY", "PAYPAL", "PAY_NL_IDEAL")
"""Offered without being added. Not Klarna: Primer's surcharging is not for Klarna (NOTES.md);
a session that has one still shows it, and the totals say so."""


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

    _filled: asyncio.Event | None = None
    """Set once the rows the last ``load`` added are mounted and filled."""
    _shown: tuple[Session, Session] | None = None
    """The latest (session, base) shown: what rows mounted since are filled with."""

    def load(self, session: Session, base: Session) -> None:
        # The rows there are filled now (inside the caller's ``typed_kept``, if any); rows
        # added for methods only this session has are filled once mounted.
        self._shown = (session, base)
        added = {method: mount for method in extra_methods(session)
                 if (mount := self._add_row(method)) is not None}
        super().load(session, base)
        if added:
            filled = self._filled = asyncio.Event()
            self.call_later(self._fill_when_mounted, added, filled)

    def set_currency(self, session: Session) -> None:
        if self._shown is not None:
            self._shown = (session, self._shown[1])
        super().set_currency(session)

    async def _fill_when_mounted(self, added: dict[str, AwaitMount],
                                 filled: asyncio.Event) -> None:
        try:
            for mount in added.values():
                await mount
            rows = [row for method in added if (row := self.row_for(method_field(method).path))]
            if self.is_attached and self._shown is not None:
                self.load_rows(*self._shown, rows)
        finally:
            filled.set()

    async def filled(self) -> None:
        """Returns once the rows the last ``load`` added are mounted and filled."""
        if self._filled is not None:
            await self._filled.wait()

    async def ensure_row(self, path: tuple) -> None:
        """A row for the method of surcharge ``path``, mounted (for text typed at a method
        added with the box and never given a valid amount: not in the draft)."""
        if len(path) == 5 and path[:2] == _OPTIONS and path[3:] == ("surcharge", "amount"):
            method = str(path[2])
            if not method_problem(method) and (mount := self._add_row(method)) is not None:
                await mount

    def _add_row(self, method: str) -> AwaitMount | None:
        """Mount a row for ``method`` unless there is one; the mount to await, or None."""
        spec = method_field(method)
        if self.row_for(spec.path) is not None:
            return None
        mount = self.mount(FieldRow(spec), after=self.query_one("#add-method"))
        self.forget_rows()
        return mount

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
