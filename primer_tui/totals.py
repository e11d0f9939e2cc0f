"""What a client session adds up to, and what each payment method would pay at checkout.

Decisions, and what they cost:

- Primer's rules (NOTES.md, "The amount"): a line is ``amount * quantity - discountAmount +
  taxAmount`` (quantity absent means 1); the session is the lines + every ``order.fees`` entry +
  ``order.shipping.amount``. A negative line is not clamped (Primer does not document a clamp);
  it is named in ``Breakdown.warnings`` instead.
- A GET always returns ``amount``, so an amount is an override only when it differs from the
  calculation. The cost: an override the user sets equal to the calculation is not seen as one.
  A session with an amount and no line items, fees or shipping at all is an override whatever its
  value: the amount is its only figure.
- Surcharges (NOTES.md, "Surcharges"): a method's checkout total is the total without any applied
  ``SURCHARGE`` fee plus that method's (or card network's) surcharge. Primer calculates none when
  there is an override, and its SDKs add none to a session without line items; then every method
  pays the amount due.
- Called on every keystroke: the line sums of the last call are kept, and only the lines an edit
  replaced are re-added (``_sum_lines``); a full pass has local names and makes no objects per
  line (10,000 lines in about 2.3 ms on the 2-core dev machine, the re-adding about 0.2 ms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from heapq import nsmallest
from itertools import compress, count
from operator import is_not

from primer_tui.model import INT64_MAX, LineItem, PaymentMethodOption, Session

SURCHARGE_FEE = "SURCHARGE"
"""``order.fees[].type`` of the surcharge Drop-in adds for the selected method."""

# Primer names many types <PROCESSOR>_<PRODUCT>; the label is the product's ("PAY_NL_IDEAL").
_PROCESSOR = re.compile(r"^(ADYEN|BUCKAROO|MOLLIE|PAY_NL|RAPYD|STRIPE|XENDIT|XFERS|OMISE)_")
_METHOD_LABELS = {
    "GOOGLE_PAY": "Google Pay", "APPLE_PAY": "Apple Pay", "PAYMENT_CARD": "Card",
    "PAYPAL": "PayPal", "KLARNA": "Klarna", "IDEAL": "iDEAL", "BANCONTACT": "Bancontact",
    "GIROPAY": "giropay", "SOFORT": "Sofort", "EPS": "EPS", "BLIK": "BLIK", "MBWAY": "MB WAY",
    "TWINT": "TWINT", "MOBILEPAY": "MobilePay", "VIPPS": "Vipps", "TRUSTLY": "Trustly",
    "PAYCONIQ": "Payconiq", "ALIPAY": "Alipay", "PROMPTPAY": "PromptPay", "GCASH": "GCash",
    "GRABPAY": "GrabPay", "PAYNOW": "PayNow", "ACH": "ACH", "OVO": "OVO", "POLI": "POLi",
}
_NETWORK_LABELS = {
    "VISA": "Visa", "MASTERCARD": "Mastercard", "AMEX": "American Express",
    "DINERS_CLUB": "Diners Club", "CARTES_BANCAIRES": "Cartes Bancaires", "UNIONPAY": "UnionPay",
    "JCB": "JCB", "ENROUTE": "enRoute", "EFTPOS": "eftpos", "OTHER": "Other cards",
}
_MAX_LINE_WARNINGS = 5


@dataclass(frozen=True, slots=True)
class MethodTotal:
    """What the customer pays with one payment method (or one card network)."""

    method: str
    network: str | None
    label: str
    surcharge: int
    total: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A session's figures, all in minor units of ``currency``."""

    currency: str | None
    items_subtotal: int
    discounts: int
    taxes: int
    fees: int
    fees_by_type: tuple[tuple[str, int], ...]
    shipping: int
    computed_total: int
    override: int | None
    amount_due: int
    applied_surcharge: int
    base_total: int
    surcharges_calculated: bool
    by_method: tuple[MethodTotal, ...]
    other_methods_total: int
    line_count: int
    warnings: tuple[str, ...]


def line_total(item: LineItem) -> int:
    """``amount * quantity - discountAmount + taxAmount``; may be negative."""
    quantity = 1 if item.quantity is None else item.quantity
    return item.amount * quantity - (item.discount_amount or 0) + (item.tax_amount or 0)


def method_label(method: str, network: str | None = None) -> str:
    """A person's name for a payment method type or card network ("ADYEN_IDEAL" -> "iDEAL")."""
    if network is not None:
        return _NETWORK_LABELS.get(network) or _title(network)
    product = _PROCESSOR.sub("", method)
    return _METHOD_LABELS.get(method) or _METHOD_LABELS.get(product) or _title(method)


def _title(code: str) -> str:
    return code.replace("_", " ").title()


def _figures(item: LineItem) -> tuple[int, int, int]:
    """(amount×quantity, discount, tax) of one line."""
    quantity = item.quantity
    gross = item.amount if quantity is None else item.amount * quantity
    return gross, item.discount_amount or 0, item.tax_amount or 0


@dataclass(frozen=True, slots=True)
class _LineSums:
    """The sums of one list of lines, kept so the next list re-adds only the lines it replaced."""

    items: tuple[LineItem, ...]
    subtotal: int
    discounts: int
    taxes: int
    negative: frozenset[int]
    """Indices of the lines below zero."""


_MAX_REPLACED = 64
"""More lines replaced than this (an undo, a reload, another session) and one full pass is
about as quick as the re-adding."""
_last_sums: _LineSums | None = None


def _sum_lines(items: list[LineItem]) -> tuple[int, int, int, list[str]]:
    """(Σ amount×quantity, Σ discount, Σ tax, warnings).

    A keystroke replaces one line of the list (the models are frozen: an edit makes new objects,
    it never changes one), so the last list's sums are reused: the lines found replaced by
    identity, in C, are taken out and their successors put in. 10,000 lines: about 0.2 ms
    against 2-6 ms for the full pass.
    """
    global _last_sums
    last = _last_sums
    if last is not None and len(last.items) == len(items):
        replaced = list(compress(count(), map(is_not, items, last.items)))
        if not replaced:
            sums = last
        elif len(replaced) <= _MAX_REPLACED:
            sums = _resum(last, tuple(items), replaced)
        else:
            sums = _full_sums(items)
    else:
        sums = _full_sums(items)
    _last_sums = sums
    first = nsmallest(_MAX_LINE_WARNINGS, sums.negative)
    warnings = _line_warnings(items, first, len(sums.negative))
    return sums.subtotal, sums.discounts, sums.taxes, warnings


def _full_sums(items: list[LineItem]) -> _LineSums:
    """One pass with local names and no objects made per line."""
    subtotal = discounts = taxes = 0
    negative: list[int] = []
    for index, item in enumerate(items):
        quantity = item.quantity
        gross = item.amount if quantity is None else item.amount * quantity
        discount = item.discount_amount or 0
        tax = item.tax_amount or 0
        subtotal += gross
        discounts += discount
        taxes += tax
        if discount > gross + tax or gross < 0:
            negative.append(index)
    return _LineSums(tuple(items), subtotal, discounts, taxes, frozenset(negative))


def _resum(last: _LineSums, items: tuple[LineItem, ...], replaced: list[int]) -> _LineSums:
    subtotal, discounts, taxes = last.subtotal, last.discounts, last.taxes
    now_negative, now_not = set(), set()
    for index in replaced:
        gross, discount, tax = _figures(last.items[index])
        subtotal, discounts, taxes = subtotal - gross, discounts - discount, taxes - tax
        gross, discount, tax = _figures(items[index])
        subtotal, discounts, taxes = subtotal + gross, discounts + discount, taxes + tax
        (now_negative if discount > gross + tax or gross < 0 else now_not).add(index)
    negative = last.negative
    if not now_negative <= negative or now_not & negative:  # copied only when it changes
        negative = (negative - now_not) | now_negative
    return _LineSums(items, subtotal, discounts, taxes, negative)


def _line_warnings(items: list[LineItem], indices: list[int], total: int) -> list[str]:
    """A warning for each of the first negative lines (``indices``), then how many more."""
    warnings = []
    for index in indices:
        number, quantity = index + 1, items[index].quantity
        why = "quantity is negative" if quantity is not None and quantity < 0 else (
            "discount is larger than the line")
        warnings.append(f"line {number}: {why}")
    if total > len(indices):
        warnings.append(f"and {total - len(indices)} more lines")
    return warnings


def _sum_fees(session: Session) -> tuple[tuple[tuple[str, int], ...], int]:
    """(Σ per fee type in first-seen order, Σ ``SURCHARGE`` fees)."""
    by_type: dict[str, int] = {}
    for fee in (session.order.fees if session.order else None) or ():
        kind = fee.type or ""
        by_type[kind] = by_type.get(kind, 0) + fee.amount
    return tuple(by_type.items()), by_type.get(SURCHARGE_FEE, 0)


def _shipping(session: Session) -> int | None:
    shipping = session.order.shipping if session.order else None
    return shipping.amount if shipping else None


def _override(session: Session, computed: int, has_figures: bool) -> int | None:
    amount = session.amount
    if amount is None or (has_figures and amount == computed):
        return None
    return amount


def override_of(session: Session) -> int | None:
    """The top-level amount when it overrides the calculation, else ``None``."""
    return checkout_totals(session).override


def without_computed_amount(session: Session) -> Session:
    """The session without its amount when that amount is only the calculated one.

    Apply to a loaded session: later edits to line items must not make the stale amount look like
    an override (nor send it in a PATCH).
    """
    if session.amount is None or override_of(session) is not None:
        return session
    return session.model_copy(update={"amount": None})


def _surcharges(session: Session) -> list[tuple[str, str | None, int]]:
    """(type, network, amount) for every surcharge set, in the options' order."""
    options = session.payment_method.options if session.payment_method else None
    found: list[tuple[str, str | None, int]] = []
    for method, option in (options or {}).items():
        if option.surcharge and option.surcharge.amount is not None:
            found.append((method, None, option.surcharge.amount))
        found.extend((method, network, amount) for network, amount in _networks(option))
    return found


def _networks(option: PaymentMethodOption) -> list[tuple[str, int]]:
    return [
        (network, choice.surcharge.amount)
        for network, choice in (option.networks or {}).items()
        if choice.surcharge and choice.surcharge.amount is not None
    ]


def checkout_totals(session: Session) -> Breakdown:
    """Every figure of ``session``: subtotal, fees, shipping, total, override, per-method totals."""
    items = session.line_items
    subtotal, discounts, taxes, warnings = _sum_lines(items)
    fees_by_type, applied = _sum_fees(session)
    fees = sum(amount for _, amount in fees_by_type)
    shipping = _shipping(session)
    computed = subtotal - discounts + taxes + fees + (shipping or 0)
    override = _override(session, computed, bool(items or fees_by_type or shipping is not None))
    amount_due = computed if override is None else override
    base = computed - applied
    calculated = override is None and bool(items)
    surcharges = _surcharges(session)
    by_method = tuple(
        MethodTotal(method, network, method_label(method, network), surcharge,
                    base + surcharge if calculated else amount_due)
        for method, network, surcharge in surcharges
    )
    if surcharges and not calculated:
        warnings.append("surcharges need line items and no top-level amount: Primer adds none")
    if any(method == "KLARNA" and amount for method, _, amount in surcharges):
        # NOTES.md: a gentle note, not a block.
        warnings.append("Klarna: Primer's surcharging is not for Klarna, so its surcharge may "
                        "not be charged")
    if amount_due < 0:
        warnings.append("the total is below zero: Primer refuses a negative amount")
    if max([amount_due, *(method.total for method in by_method)]) > INT64_MAX:
        warnings.append("the total is above the largest amount Primer takes (an int64 in minor "
                        "units): Primer refuses it")
    return Breakdown(
        currency=session.currency_code, items_subtotal=subtotal, discounts=discounts,
        taxes=taxes, fees=fees, fees_by_type=fees_by_type, shipping=shipping or 0,
        computed_total=computed, override=override, amount_due=amount_due,
        applied_surcharge=applied, base_total=base, surcharges_calculated=calculated,
        by_method=by_method, other_methods_total=base if calculated else amount_due,
        line_count=len(items), warnings=tuple(warnings),
    )
