"""When the session changed on the server after it was loaded: the three sides, and a way out.

Compared at the granularity a PATCH replaces things (NOTES.md): a top-level field, or one field of
``customer`` / ``order`` / ``paymentMethod`` (so ``customer.billingAddress`` or ``order.lineItems``
whole). For each such unit the server changed, the user sees what was loaded, what the server has
now and what they typed, and chooses: keep theirs (their edits go on top of the server's session)
or take the server's (their edits to those units are dropped, their other edits are kept).
A computed ``amount`` is not a change of anyone's: both sides are compared without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from primer_tui.model import Session
from primer_tui.patch import MERGED_OBJECTS, _prune, apply_patch, build_patch
from primer_tui.totals import without_computed_amount


@dataclass(frozen=True, slots=True)
class Conflict:
    """One unit the server changed since the session was loaded."""

    path: str
    loaded: Any
    server: Any
    mine: Any

    @property
    def edited_by_me(self) -> bool:
        """Whether the user changed this unit too (a true conflict, not only news)."""
        return _prune(self.mine) != _prune(self.loaded)


def find_conflicts(base: Session, server: Session, draft: Session) -> list[Conflict]:
    """Units that differ between what was loaded (``base``) and the server now."""
    loaded, now = _units(_plain(base)), _units(_plain(server))
    mine = _units(draft.to_wire())
    return [
        Conflict(path, loaded.get(path), now.get(path), mine.get(path))
        for path in [*loaded, *(p for p in now if p not in loaded)]
        if _prune(loaded.get(path)) != _prune(now.get(path))
    ]


def resolve(
    base: Session, server: Session, draft: Session, keep: Literal["mine", "server"]
) -> Session:
    """A new draft on top of ``server``: with all of the user's edits, or all but the conflicting.

    On top of the server's session *without its computed amount*, as the new base is: the total
    a GET returns, kept in the draft, would read as an override once the edits change the
    figures, and be sent as a fixed amount.
    """
    body = build_patch(base, draft, send_options=True).body or {}
    if keep == "server":
        taken = {c.path for c in find_conflicts(base, server, draft)}
        body = _without(body, taken)
    return Session.from_wire(apply_patch(_plain(server), body))


def _plain(session: Session) -> dict[str, Any]:
    return without_computed_amount(session).to_wire()


def _units(wire: dict[str, Any]) -> dict[str, Any]:
    units: dict[str, Any] = {}
    for key, value in wire.items():
        if key in MERGED_OBJECTS and isinstance(value, dict):
            units.update({f"{key}.{sub}": inner for sub, inner in value.items()})
        else:
            units[key] = value
    return units


def _without(body: dict[str, Any], paths: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key in MERGED_OBJECTS and isinstance(value, dict):
            kept = {sub: v for sub, v in value.items() if f"{key}.{sub}" not in paths}
            if kept:
                out[key] = kept
        elif key not in paths:
            out[key] = value
    return out
