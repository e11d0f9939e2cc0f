"""A total breakdown as text for people and as JSON for scripts (``primer-tui total``).

JSON amounts stay in minor units (what the API speaks); ``formatted`` copies are added for
display. The text form formats every figure with the currency's own digits.
"""

from __future__ import annotations

from typing import Any

from primer_tui.money import MoneyError, format_money
from primer_tui.totals import Breakdown

_WIDTH = 28


def breakdown_json(breakdown: Breakdown) -> dict[str, Any]:
    """The breakdown as a JSON object: camelCase keys, amounts in minor units."""
    return {
        "currency": breakdown.currency,
        "itemsSubtotal": breakdown.items_subtotal,
        "discounts": breakdown.discounts,
        "taxes": breakdown.taxes,
        "fees": breakdown.fees,
        "feesByType": [{"type": kind or None, "amount": amount} for kind, amount in breakdown.fees_by_type],
        "shipping": breakdown.shipping,
        "computedTotal": breakdown.computed_total,
        "override": breakdown.override,
        "amountDue": breakdown.amount_due,
        "appliedSurcharge": breakdown.applied_surcharge,
        "surchargesCalculated": breakdown.surcharges_calculated,
        "byPaymentMethod": [
            {"method": m.method, "network": m.network, "label": m.label,
             "surcharge": m.surcharge, "total": m.total}
            for m in breakdown.by_method
        ],
        "otherMethodsTotal": breakdown.other_methods_total,
        "lineItems": breakdown.line_count,
        "formatted": {"amountDue": money(breakdown.amount_due, breakdown.currency)},
        "warnings": list(breakdown.warnings),
    }


def breakdown_text(breakdown: Breakdown) -> str:
    """The breakdown as aligned lines, the way the editor's totals panel reads."""
    cur = breakdown.currency
    rows = [
        (f"Items ({breakdown.line_count})", breakdown.items_subtotal),
        ("Discounts", -breakdown.discounts),
        ("Taxes", breakdown.taxes),
        *((f"Fee {kind or '(no type)'}", amount) for kind, amount in breakdown.fees_by_type),
        ("Shipping", breakdown.shipping),
        ("Computed total", breakdown.computed_total),
    ]
    lines = [f"Currency: {cur or '(none)'}", *(_row(label, value, cur) for label, value in rows)]
    if breakdown.override is not None:
        lines.append(_row("Amount override", breakdown.override, cur))
        lines.append("  surcharges are not calculated while an override is set")
    lines.append(_row("Amount due", breakdown.amount_due, cur))
    lines += _by_method(breakdown)
    lines += [f"warning: {warning}" for warning in breakdown.warnings]
    return "\n".join(lines)


def _by_method(breakdown: Breakdown) -> list[str]:
    if not breakdown.by_method:
        return []
    cur = breakdown.currency
    lines = ["", "Checkout total by payment method:"]
    for method in breakdown.by_method:
        extra = f"  (surcharge {money(method.surcharge, cur)})" if breakdown.surcharges_calculated else ""
        lines.append(_row(method.label, method.total, cur) + extra)
    lines.append(_row("Any other method", breakdown.other_methods_total, cur))
    return lines


def _row(label: str, value: int, currency: str | None) -> str:
    return f"  {label:<{_WIDTH}}{money(value, currency):>16}"


def money(minor: int, currency: str | None) -> str:
    """``minor`` formatted in ``currency``; the bare integer when there is no currency."""
    if currency is None:
        return str(minor)
    try:
        return format_money(minor, currency)
    except MoneyError:
        return f"{minor} {currency}"
