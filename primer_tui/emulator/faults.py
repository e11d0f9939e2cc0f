"""Fault injection: slow, failing, dropped and garbled answers, for tests and for training.

Grammar of a fault spec (case-insensitive; several rules separated by commas)::

    RULE   := TARGET ":" ACTION [":" COUNT]
    TARGET := get | patch | post | both (GET and PATCH) | all (GET, POST and PATCH)
    ACTION := STATUS (400-599; 500, 502, 503, 504 are the useful ones) | timeout (= 504)
            | latency=SECONDS | drop | malformed
    COUNT  := once | times=N        (default: every matching request)

e.g. ``get:503:once``, ``patch:latency=2.5``, ``both:drop``, ``patch:malformed:times=2``.

How a request meets the faults: every matching ``latency`` rule adds its delay, then the first
matching other rule decides the answer; each rule used counts one of its ``times``. So
``get:latency=3,get:504`` is a slow timeout. ``injection.FaultInjector`` applies the plan; its
docstring says what each kind does to the answer.

Rules live in a ``FaultSet`` (``app.state.faults``) that a test thread may change while the server
thread reads it, hence the lock.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

TARGETS: dict[str, frozenset[str]] = {
    "get": frozenset({"GET"}),
    "patch": frozenset({"PATCH"}),
    "post": frozenset({"POST"}),
    "both": frozenset({"GET", "PATCH"}),
    "all": frozenset({"GET", "POST", "PATCH"}),
}
KINDS = ("status", "latency", "drop", "malformed")
GRAMMAR = "TARGET:ACTION[:COUNT], e.g. get:503:once, patch:latency=2.5, both:drop"


class FaultSpecError(ValueError):
    """A fault spec or control-API body that cannot be understood; the message says why."""


@dataclass(frozen=True)
class Fault:
    """One fault rule.

    Attributes:
        target: ``get``, ``patch``, ``post``, ``both`` or ``all``.
        kind: ``status``, ``latency``, ``drop`` or ``malformed``.
        status: The HTTP status of a ``status`` fault.
        seconds: The delay of a ``latency`` fault.
        times: How many requests it affects; ``None`` = all of them.
    """

    target: str
    kind: str
    status: int | None = None
    seconds: float = 0.0
    times: int | None = None

    def __post_init__(self) -> None:
        problem = _rule_problem(self)
        if problem:
            raise FaultSpecError(f"{problem} (expected {GRAMMAR})")

    def matches(self, method: str) -> bool:
        """Whether this rule applies to an HTTP ``method``."""
        return method.upper() in TARGETS[self.target]

    def to_json(self) -> dict[str, Any]:
        """The rule as the control API lists it, with its spec string."""
        return {"spec": str(self), **asdict(self)}

    def __str__(self) -> str:
        action = {"status": str(self.status), "latency": f"latency={self.seconds:g}"}
        count = {None: "", 1: ":once"}.get(self.times, f":times={self.times}")
        return f"{self.target}:{action.get(self.kind, self.kind)}{count}"


def _rule_problem(fault: Fault) -> str | None:
    if fault.target not in TARGETS:
        return f"unknown target {fault.target!r}: use one of {', '.join(TARGETS)}"
    if fault.kind not in KINDS:
        return f"unknown kind {fault.kind!r}: use one of {', '.join(KINDS)}"
    status = fault.status
    if fault.kind == "status" and not (isinstance(status, int) and 400 <= status <= 599):
        return f"status must be a number from 400 to 599, not {status!r}"
    seconds = fault.seconds
    if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        return f"latency must be 0 seconds or more, not {seconds!r}"
    if fault.times is not None and (not isinstance(fault.times, int) or fault.times < 1):
        return f"times must be 1 or more, not {fault.times!r}"
    return None


def parse_fault(text: str) -> Fault:
    """One rule, e.g. ``"get:503:once"``; raises ``FaultSpecError``."""
    parts = [part.strip() for part in text.strip().lower().split(":")]
    if len(parts) not in (2, 3):
        raise FaultSpecError(f"{text!r} is not a fault spec (expected {GRAMMAR})")
    kind, status, seconds = _parse_action(parts[1])
    times = _parse_count(parts[2]) if len(parts) == 3 else None
    return Fault(parts[0], kind, status, seconds, times)


def parse_faults(text: str) -> list[Fault]:
    """Comma-separated rules, e.g. ``"get:latency=1,get:504:once"``."""
    return [parse_fault(rule) for rule in text.split(",") if rule.strip()]


def _parse_action(action: str) -> tuple[str, int | None, float]:
    if action.isdigit():
        return "status", int(action), 0.0
    if action == "timeout":
        return "status", 504, 0.0
    if action.startswith("latency="):
        try:
            return "latency", None, float(action.removeprefix("latency="))
        except ValueError:
            message = f"latency needs seconds, e.g. latency=2.5, not {action!r}"
            raise FaultSpecError(message) from None
    if action in ("drop", "malformed"):
        return action, None, 0.0
    raise FaultSpecError(f"unknown action {action!r} (expected {GRAMMAR})")


def _parse_count(count: str) -> int:
    if count == "once":
        return 1
    number = count.removeprefix("times=")
    if count.startswith("times=") and number.isdigit():
        return int(number)
    raise FaultSpecError(f"unknown count {count!r}: use once or times=N")


def faults_from_json(data: Any) -> list[Fault]:
    """A control-API body: a spec string, ``{"spec": ...}``, a ``Fault``-like object, or a list."""
    if isinstance(data, str):
        return parse_faults(data)
    if isinstance(data, list):
        return [fault for item in data for fault in faults_from_json(item)]
    if isinstance(data, dict) and isinstance(data.get("spec"), str):
        return parse_faults(data["spec"])  # other keys (a listed rule's fields) are ignored
    if isinstance(data, dict):
        try:
            return [Fault(**data)]
        except TypeError as error:
            raise FaultSpecError(f"not a fault: {error}") from None
    raise FaultSpecError(f"expected a fault spec string, an object or a list, not {data!r}")


@dataclass(frozen=True)
class FaultPlan:
    """What to do to one request: wait ``latency`` seconds, then apply ``fault`` (if any)."""

    latency: float = 0.0
    fault: Fault | None = None


class FaultSet:
    """The active rules, safe to change from a test thread while the server runs."""

    def __init__(self, faults: Iterable[Fault | str] = ()) -> None:
        self._lock = threading.Lock()
        self._rules: list[list[Any]] = []  # [fault, requests left or None]
        self.add(*faults)

    def add(self, *faults: Fault | str) -> None:
        """Append rules (``Fault`` objects or spec strings)."""
        parsed = [
            fault
            for item in faults
            for fault in ([item] if isinstance(item, Fault) else parse_faults(item))
        ]
        with self._lock:
            self._rules += [[fault, fault.times] for fault in parsed]

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    def active(self) -> list[tuple[Fault, int | None]]:
        """Each rule with the number of requests it still affects (``None``: unlimited)."""
        with self._lock:
            return [(fault, left) for fault, left in self._rules]

    def take(self, method: str) -> FaultPlan:
        """The plan for one request, counting it against the rules used."""
        with self._lock:
            latency, chosen = 0.0, None
            for rule in list(self._rules):
                fault = rule[0]
                if not fault.matches(method):
                    continue
                if fault.kind == "latency":
                    latency += fault.seconds
                elif chosen is None:
                    chosen = fault
                else:
                    continue  # a later answer-deciding rule waits for its turn
                self._count(rule)
            return FaultPlan(latency, chosen)

    def _count(self, rule: list[Any]) -> None:
        if rule[1] is None:
            return
        rule[1] -= 1
        if rule[1] == 0:
            self._rules.remove(rule)

    def __len__(self) -> int:
        with self._lock:
            return len(self._rules)
