"""The PATCH body that turns the loaded session (base) into the edited one (draft).

Primer's documented merge rules (primer/NOTES.md, "PATCH: what merges and what replaces"):

- send only what changed; nothing changed means no request at all;
- top-level scalars and ``metadata`` are sent whole;
- ``customer``, ``order`` and ``paymentMethod`` merge one level: send the object with only its
  changed fields, each of those whole (a whole ``billingAddress``, the whole ``lineItems`` array);
- a removed field is sent as ``null``;
- ``amount`` only when the user set or removed an override on purpose (a GET's amount is computed);
- ``paymentMethod.options`` is documented as not updatable by PATCH: it is left out and the review
  warns, unless the caller asks to try anyway (``send_options=True``).

The diff works on wire dumps (``Session.to_wire``), so fields the model does not know travel inside
any object that is resent, unchanged. Unknown *top-level* fields are never sent: the request schema
has ``additionalProperties: false`` there. Empty objects and arrays count as absent when deciding
whether something changed, but an emptied array is sent as ``[]`` (Primer replaces arrays whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from pydantic import BaseModel

from primer_tui.model import INT64_MAX, UPDATABLE_FIELDS, Session, currency_warning
from primer_tui.spec_data import CARD_NETWORKS
from primer_tui.totals import checkout_totals

MERGED_OBJECTS = ("customer", "order", "paymentMethod")
"""Objects Primer merges one level deep; everything else at the top level is replaced whole."""

PLACEHOLDER_TOKEN = "<clientToken>"
"""Stands in for the client token when a body is built without one (``primer-tui diff``)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One leaf that differs: a wire path such as ``order.lineItems[0].amount``."""

    path: str
    old: Any
    new: Any
    sent: bool = True
    """False for a change the body leaves out (``paymentMethod.options``, a computed amount):
    the review says so beside it."""


@dataclass(frozen=True, slots=True)
class Patch:
    """What a review screen shows and what a submit sends."""

    body: dict[str, Any] | None
    """The JSON body, or ``None`` when nothing changed (no request at all)."""
    changes: tuple[Change, ...]
    """Every changed leaf, for the review's change list."""
    warnings: tuple[str, ...]


def build_patch(
    base: Session,
    draft: Session,
    *,
    client_token: str = PLACEHOLDER_TOKEN,
    send_options: bool = False,
) -> Patch:
    """The PATCH body, change list and warnings for turning ``base`` into ``draft``."""
    old, new = base.to_wire(), draft.to_wire()
    fields = {key: _field(key, old, new, send_options) for key in UPDATABLE_FIELDS}
    fields = {key: value for key, value in fields.items() if value is not _SAME}
    if not _amount_is_deliberate(base, draft):
        fields.pop("amount", None)
    changes = tuple(change if _carried(change.path, fields, send_options)
                    else replace(change, sent=False) for change in diff_leaves(old, new))
    warnings = tuple(_warnings(base, draft, old, new, fields, send_options))
    body = {"clientToken": client_token, **fields} if fields else None
    return Patch(body=body, changes=changes, warnings=warnings)


def _carried(path: str, fields: dict[str, Any], send_options: bool) -> bool:
    """Whether the body carries the change at wire ``path``: its top-level field is sent, and
    it is not in ``paymentMethod.options`` left out. (Top-level names hold no dot.)"""
    if re.split(r"[.\[]", path, maxsplit=1)[0] not in fields:
        return False
    options = "paymentMethod.options"
    return send_options or not (path == options or path.startswith((options + ".", options + "[")))


_SAME = object()


def _field(key: str, old: dict[str, Any], new: dict[str, Any], send_options: bool) -> Any:
    """The value to send for top-level ``key``, or ``_SAME``."""
    before, after = old.get(key), new.get(key)
    if key == "paymentMethod" and not send_options:
        # Its other fields alone, field by field, even when the whole object is new or removed:
        # sending it whole (or null) would set (or wipe) the options too.
        before, after = _without_options_of(before), _without_options_of(after)
        if before is None and after is None:
            return _SAME
        before, after = before or {}, after or {}
    if _equal(before, after):
        return _SAME
    if key not in MERGED_OBJECTS or not isinstance(after, dict) or not isinstance(before, dict):
        return after
    changed = {
        sub: after.get(sub)
        for sub in [*after, *(name for name in before if name not in after)]
        if not _equal(before.get(sub), after.get(sub))
    }
    return changed or _SAME


def _without_options_of(payment_method: Any) -> Any:
    """A wire ``paymentMethod`` without ``options`` (None when nothing else is left)."""
    if not isinstance(payment_method, dict):
        return payment_method
    return {k: v for k, v in payment_method.items() if k != "options"} or None


def _amount_is_deliberate(base: Session, draft: Session) -> bool:
    """Whether an ``amount`` difference is the user's override rather than a computed figure.

    Removing an amount that was only the computed total (as a GET returns it) is no change; removing
    a real override is (``null`` makes Primer calculate again). Where the base's amount was only
    the calculated one, a new amount equal to the draft's own calculation is that calculation
    again (two GETs' worth of files given to ``diff``), not an override: sending it would fix the
    total there. An amount the base did not have at all (the editor drops computed ones) is the
    user's, whatever its value.
    """
    if draft.amount is not None:
        was_computed = base.amount is not None and checkout_totals(base).override is None
        return not (was_computed and checkout_totals(draft).override is None)
    return base.amount is not None and base.amount != checkout_totals(base).computed_total


def _equal(a: Any, b: Any) -> bool:
    return a == b or _prune(a) == _prune(b)  # plain == first: C speed for the common case


def _prune(value: Any) -> Any:
    """Empty objects and arrays as absent, recursively, for comparing."""
    if isinstance(value, dict):
        pruned = {k: p for k, v in value.items() if (p := _prune(v)) is not None}
        return pruned or None
    if isinstance(value, list):
        return [_prune(v) for v in value] or None
    return value


def _warnings(
    base: Session,
    draft: Session,
    old: dict[str, Any],
    new: dict[str, Any],
    fields: dict[str, Any],
    send_options: bool,
) -> list[str]:
    warnings = []
    if not _equal(_options(old), _options(new)):
        warnings.append(
            "Surcharge options changed: Primer documents paymentMethod.options as not updatable"
            " by PATCH, so "
            + ("they are sent anyway and may be refused or ignored." if send_options
               else "they are not sent.")
        )
    if "amount" in fields and draft.amount is not None and checkout_totals(draft).by_method:
        warnings.append(
            "A top-level amount overrides the calculated total: surcharges will not be calculated."
        )
    if "currencyCode" in fields and draft.currency_code and _has_amounts(new):
        warnings.append(
            f"Currency changed from {base.currency_code or 'none'} to {draft.currency_code} with"
            " every amount kept as it was in minor units: check each amount."
        )
    if (draft.amount is not None and draft.amount != base.amount and "amount" not in fields
            and old.get("amount") != new.get("amount")):
        warnings.append(
            f"amount {draft.amount} is the calculated total, not an override: it is not sent"
            " and Primer calculates it."
        )
    if _stale_amount(base, draft) and "amount" not in fields:
        computed = checkout_totals(draft).computed_total
        # A guess, said as one: Primer's answer carries no flag, and an override equal to the
        # calculation looks just like it (NOTES.md: one only when it differs).
        warnings.append(
            f"amount {draft.amount} is the old calculated total, so it is taken as calculated,"
            f" not an override, and not sent: Primer should calculate {computed}. If the session"
            f" holds {draft.amount} as an override (the two look the same while they are equal),"
            f" Primer keeps it: to be sure, set the amount override to {computed}."
        )
    if (note := currency_warning(draft.currency_code)) and "currencyCode" in fields:
        warnings.append(note + ".")
    if fields and (problem := _total_problem(checkout_totals(draft).amount_due)):
        warnings.append(problem)
    return warnings


def _total_problem(total: int) -> str | None:
    """Why a session total cannot be sent (the API's amounts are int64, minimum 0), if so.

    A negative quantity is allowed by the API (it has no minimum); a total below zero is not.
    """
    if 0 <= total <= INT64_MAX:
        return None
    where = "below zero" if total < 0 else "above the largest amount Primer takes (int64)"
    return (f"The total would be {total} minor units, {where}: Primer refuses it. Check the"
            " quantities, discounts and amounts.")


def _stale_amount(base: Session, draft: Session) -> bool:
    """The draft kept the computed amount a GET returned while its figures changed."""
    if draft.amount is None or draft.amount != base.amount:
        return False
    return checkout_totals(base).override is None and checkout_totals(draft).override is not None


def _options(wire: dict[str, Any]) -> Any:
    return (wire.get("paymentMethod") or {}).get("options")


def _has_amounts(wire: dict[str, Any]) -> bool:
    order = wire.get("order") or {}
    return any(order.get(key) for key in ("lineItems", "fees", "shipping")) or "amount" in wire


# --- reading a patch back -----------------------------------------------------------------------


def apply_patch(base: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Primer's documented merge of a PATCH ``body`` into a wire session ``base``.

    The reference for the property tests and for checking what the server did with a body.
    """
    result = dict(base)
    for key, value in body.items():
        if key == "clientToken":
            continue
        if value is None:
            result.pop(key, None)
        elif key in MERGED_OBJECTS and isinstance(value, dict):
            result[key] = _merge_one_level(result.get(key) or {}, value)
        else:
            result[key] = value
    return result


def _merge_one_level(current: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for key, value in update.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def unapplied(
    body: dict[str, Any], server: dict[str, Any], base: dict[str, Any] | None = None
) -> list[Change]:
    """What the server did not take as sent: ``Change(path, sent, server has)`` for each leaf.

    Leaves the server has beyond what was sent (defaults it fills in) are not reported, unless
    ``base`` (the wire session the body was built from) had them: then the user removed them
    inside something sent whole (a metadata key, a line item), and the server kept them.
    """
    base = base or {}
    out: list[Change] = []
    for key, value in body.items():
        if key in MERGED_OBJECTS and isinstance(value, dict):
            held, before = server.get(key) or {}, base.get(key) or {}
            for sub, sent in value.items():
                out += _compare(f"{key}.{sub}", sent, held.get(sub), before.get(sub))
        elif key != "clientToken":
            out += _compare(key, value, server.get(key), base.get(key))
    return [change for change in out if not _default_for_null(change, server)]


def _default_for_null(change: Change, server: dict[str, Any]) -> bool:
    """Whether the server answered a ``null`` with what the API documents it fills in."""
    if change.old is not None:
        return False
    if change.path == "amount":  # "A GET always returns amount": the calculated one now
        try:
            return checkout_totals(Session.from_wire(server)).override is None
        except ValueError:  # pydantic's ValidationError: not a session, so not provably fine
            return False
    if change.path == "paymentMethod.orderedAllowedCardNetworks":  # null: "lists all networks"
        listed = change.new if isinstance(change.new, list) else []
        return set(CARD_NETWORKS) - {"PRIVATE_LABEL"} <= set(listed)
    return False


def unapplied_text(change: Change, show: Callable[[Any], str] = repr) -> str:
    """One line for a leaf the server did not take (``show`` renders values)."""
    if change.old is None:
        return f"{change.path}: removed, but the server still has {show(change.new)}"
    return f"{change.path}: sent {show(change.old)}, server has {show(change.new)}"


def _compare(path: str, sent: Any, held: Any, before: Any) -> list[Change]:
    if sent is None:
        return [] if _prune(held) is None else [Change(path, None, held)]
    removed = [c.path for c in diff_leaves(before, sent, path) if _prune(c.new) is None]
    # An empty string sent comes back absent: Primer leaves fields with empty values out of
    # its responses (Retrieve a client session), so that is the field emptied, as asked.
    return [change for change in diff_leaves(sent, held, path)
            if (change.old is not None or _within(change.path, removed))
            and not (change.old == "" and change.new is None)]


def _within(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith((f"{root}.", f"{root}[")) for root in roots)


def diff_leaves(old: Any, new: Any, path: str = "") -> list[Change]:
    """Every leaf that differs between two wire values, with dotted wire paths."""
    if old == new:  # skips unchanged subtrees (9,999 untouched line items) at C speed
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[Change] = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += diff_leaves(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        for i in range(max(len(old), len(new))):
            out += diff_leaves(_at(old, i), _at(new, i), f"{path}[{i}]")
        return out
    if _prune(old) == _prune(new):
        return []
    return [Change(path, old, new)]


def count_changes(base: Session, draft: Session) -> int:
    """How many leaves differ: ``len(build_patch(base, draft).changes)``, at the cost of what
    differs rather than of the whole session.

    ``edit.set_value`` copies only the path it changes: after an edit in a 10,000-line session
    the other 9,999 line items of the draft *are* the base's (``is``). Comparing the models
    while skipping shared objects, and dumping only the parts that are not shared, gives the
    same leaves as diffing two full dumps (200 ms at 10,000 lines; the editor counts after
    each pause in typing, so a key typed then waited that long).
    """
    return len(model_changes(base, draft))


def model_changes(old: Any, new: Any, path: str = "") -> list[Change]:
    """The leaves ``diff_leaves`` finds between the wire dumps of ``old`` and ``new`` (models,
    lists, dicts or plain values), without dumping subtrees the two share. Same leaves; the
    order may differ (a field set where there was none comes where the model declares it)."""
    if old is new:
        return []
    if isinstance(old, BaseModel) and type(old) is type(new):
        out: list[Change] = []
        for name, info in type(old).model_fields.items():
            before, after = getattr(old, name), getattr(new, name)
            if before is not after:
                out += model_changes(before, after, _join(path, info.alias or name))
        extra_old, extra_new = old.__pydantic_extra__ or {}, new.__pydantic_extra__ or {}
        for key in [*extra_old, *(k for k in extra_new if k not in extra_old)]:
            out += diff_leaves(extra_old.get(key), extra_new.get(key), _join(path, key))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for index, (before, after) in enumerate(zip(old, new)):
            if before is not after:
                out += model_changes(before, after, f"{path}[{index}]")
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in [*old, *(k for k in new if k not in old)]:
            before, after = old.get(key), new.get(key)
            if before is not after:
                out += model_changes(before, after, _join(path, str(key)))
        return out
    return diff_leaves(_wire(old), _wire(new), path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _wire(value: Any) -> Any:
    """``value`` as it appears in a wire dump (``WireModel.to_wire``)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list):
        return [_wire(item) for item in value]
    if isinstance(value, dict):
        return {key: _wire(item) for key, item in value.items()}
    return value


def _at(items: list[Any], index: int) -> Any:
    return items[index] if index < len(items) else None
