"""Client sessions in memory: Primer's PATCH merge rules, the computed amount, token expiry.

What a stored session holds is the request side: the fields as sent, ``null`` meaning absent, and
``amount`` present only when the caller set it (an override). What a GET returns is derived from
that by ``response_view``. Decisions, each from NOTES.md unless marked as a choice:

- PATCH: a top-level ``null`` clears the field; arrays and ``metadata`` are replaced whole;
  ``customer``, ``order`` and ``paymentMethod`` merge one level (each field inside them is
  replaced whole, and a ``null`` inside clears that field).
- ``paymentMethod.options`` (surcharges) is *ignored* by PATCH: the update page says changing it
  "is not supported", and a silent no-op is what primer-tui's verify-after-write must detect. The
  other ``paymentMethod`` fields are applied; ``paymentMethod: null`` clears them but keeps the
  options (choice).
- The amount is Σ(amount × quantity (default 1) − discountAmount + taxAmount) over the line
  items + Σ fees + shipping.amount, unless a top-level ``amount`` overrides it. Computed here on
  purpose, not with ``primer_tui.totals``: the emulator is an independent check of that code.
- The emulator never adds the ``SURCHARGE`` fee itself: Drop-in does that through an internal
  endpoint when a payment method is selected. A seed may carry one, as Primer's example does.
- Responses leave out absent fields and, as the Retrieve page says, "the fields with empty
  values": empty strings, lists and objects, at any depth (``customer: {}``, ``taxId: ""``,
  ``lineItems: []``); items of a list are kept in place. The stored session keeps them: only
  what a response shows changes. Then Primer's additions: ``amount`` always, and
  ``paymentMethod.orderedAllowedCardNetworks`` (all 17 networks) when it is not set or empty.
- Tokens expire ``TOKEN_LIFETIME`` (24 h) after creation; the clock is injected so tests can jump.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from primer_tui.emulator.tokens import TOKEN_LIFETIME, TokenMinter
from primer_tui.model import UPDATABLE_FIELDS

Clock = Callable[[], float]
"""Returns the time as Unix seconds, like ``time.time``."""

MERGED_ONE_LEVEL = ("customer", "order", "paymentMethod")

DEFAULT_CARD_NETWORKS = (
    "VISA", "MASTERCARD", "AMEX", "MAESTRO", "UNIONPAY", "CARTES_BANCAIRES", "DANKORT",
    "DINERS_CLUB", "DISCOVER", "EFTPOS", "ENROUTE", "ELO", "HIPER", "INTERAC", "JCB", "MIR",
    "OTHER",
)
"""What a response lists when ``orderedAllowedCardNetworks`` is null or absent (the spec's text)."""


class InvalidToken(LookupError):
    """The client token is unknown (never issued, altered) or expired."""


@dataclass
class StoredSession:
    """One client session.

    Attributes:
        token: The client token that names it.
        expires_at: When the token expires (Unix seconds, the JWT's ``exp``).
        data: The session's fields as sent (no ``None`` anywhere; ``amount`` = override).
    """

    token: str
    expires_at: int
    data: dict[str, Any]

    @property
    def expiration_date(self) -> str:
        """``clientTokenExpirationDate``: RFC 3339 in UTC, as the schema's ``date-time`` wants."""
        return datetime.fromtimestamp(self.expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SessionStore:
    """Sessions by client token."""

    def __init__(
        self,
        minter: TokenMinter,
        clock: Clock = time.time,
        lifetime: int = TOKEN_LIFETIME,
    ) -> None:
        self.minter = minter
        self.clock = clock
        self.lifetime = lifetime
        self._sessions: dict[str, StoredSession] = {}

    def create(self, body: dict[str, Any]) -> StoredSession:
        """Store a validated POST body under a new token."""
        expires_at = int(self.clock()) + self.lifetime
        token = self.minter.mint(expires_at)
        stored = StoredSession(token, expires_at, _without_nulls(body))
        self._sessions[token] = stored
        return stored

    def lookup(self, token: str | None) -> StoredSession:
        """The live session for ``token``; raises ``InvalidToken`` if unknown or expired."""
        stored = self._sessions.get(token) if token else None
        if stored is None or self.clock() >= stored.expires_at:
            raise InvalidToken(token)
        return stored

    def save(self, token: str, data: dict[str, Any]) -> StoredSession:
        """Replace the fields of a live session (``data`` from ``merge_patch``)."""
        stored = self.lookup(token)
        stored.data = data
        return stored

    def __len__(self) -> int:
        return len(self._sessions)


def merge_patch(data: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """The session fields after a validated PATCH body (``clientToken`` is ignored)."""
    merged = copy.deepcopy(data)
    for key, value in patch.items():
        if key not in UPDATABLE_FIELDS:
            continue
        if key in MERGED_ONE_LEVEL:
            _merge_object(merged, key, value)
        elif value is None:
            merged.pop(key, None)
        else:
            merged[key] = _without_nulls(value)
    return merged


def _merge_object(merged: dict[str, Any], key: str, value: dict[str, Any] | None) -> None:
    inner = merged.get(key, {})
    options = inner.get("options") if key == "paymentMethod" else None
    if value is None:
        inner = {}
    for field, item in (value or {}).items():
        if item is None:
            inner.pop(field, None)
        else:
            inner[field] = _without_nulls(item)
    if key == "paymentMethod":
        # PATCH of paymentMethod.options is not supported (Primer's update page): keep the old.
        inner.pop("options", None)
        if options is not None:
            inner["options"] = options
    if inner:
        merged[key] = inner
    else:
        merged.pop(key, None)


def computed_amount(data: dict[str, Any]) -> int:
    """Σ line totals + Σ fees + shipping, from the fields of a session."""
    order = data.get("order") or {}
    lines = sum(_line_total(item) for item in order.get("lineItems") or [])
    fees = sum(fee.get("amount") or 0 for fee in order.get("fees") or [])
    shipping = (order.get("shipping") or {}).get("amount") or 0
    return lines + fees + shipping


def _line_total(item: dict[str, Any]) -> int:
    quantity = item.get("quantity")
    quantity = 1 if quantity is None else quantity
    discount = item.get("discountAmount") or 0
    return item["amount"] * quantity - discount + (item.get("taxAmount") or 0)


def charged_amount(data: dict[str, Any]) -> int:
    """The session's ``amount``: the override when set, else the computed one."""
    override = data.get("amount")
    return computed_amount(data) if override is None else override


def response_view(data: dict[str, Any]) -> dict[str, Any]:
    """``ClientSessionAPIResponse`` for the stored fields (a new object)."""
    out: dict[str, Any] = {}
    for key in UPDATABLE_FIELDS:
        if key == "amount":
            out["amount"] = charged_amount(data)
        elif key in data:
            out[key] = copy.deepcopy(data[key])
    out = _without_empty(out)
    payment_method = out.setdefault("paymentMethod", {})
    payment_method.setdefault("orderedAllowedCardNetworks", list(DEFAULT_CARD_NETWORKS))
    return out


def _without_empty(value: Any) -> Any:
    """``value`` without object fields whose value is "", [] or {} (after pruning inside)."""
    if isinstance(value, dict):
        pruned = {key: _without_empty(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in ("", [], {})}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


def _without_nulls(value: Any) -> Any:
    # Absent and null are one thing in a stored session; responses leave both out.
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value if v is not None]
    return value
