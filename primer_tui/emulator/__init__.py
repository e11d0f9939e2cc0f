"""A local stand-in for Primer's client-session API (``GET``/``POST``/``PATCH /client-session``).

One ASGI app (``create_app``) serves the tests in process (``httpx.ASGITransport``), the demo, and
a loopback server (``BackgroundServer`` for tests, ``primer-tui emulator`` for people). It follows
Primer's documented behaviour (NOTES.md) and computes amounts on its own, so it checks primer-tui
rather than mirroring it. Module map: ``app`` (routes, order of checks), ``store`` (merge rules,
amount, expiry), ``validation`` (422/400 rules), ``errors`` (Primer's envelopes), ``tokens``
(JWTs), ``faults`` + ``injection`` (fault specs and their effect), ``seeds``, ``server``, ``cli``.
"""

from __future__ import annotations

from primer_tui.emulator.app import SeededSession, create_app
from primer_tui.emulator.faults import Fault, FaultSet, FaultSpecError, parse_fault, parse_faults
from primer_tui.emulator.seeds import (
    DEFAULT_SEED,
    Seed,
    SeedError,
    builtin_seeds,
    load_seed_file,
    seeds_from_json,
)


def __getattr__(name: str) -> object:
    # The loopback server brings uvicorn (and click): only tests and ``primer-tui emulator``
    # need it, not the demo, which talks to the app in process.
    if name == "BackgroundServer":
        from primer_tui.emulator.server import BackgroundServer

        return BackgroundServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DEFAULT_SEED",
    "BackgroundServer",
    "Fault",
    "FaultSet",
    "FaultSpecError",
    "Seed",
    "SeedError",
    "SeededSession",
    "builtin_seeds",
    "create_app",
    "load_seed_file",
    "parse_fault",
    "parse_faults",
    "seeds_from_json",
]
