"""Start-up's end, reported by the first screen drawn (see ``PrimerApp.startup_done``)."""

from __future__ import annotations


def report_started(app: object) -> None:
    """Tell ``app`` its first screen is drawn, if it wants to know (tests use other apps)."""
    if callable(done := getattr(app, "startup_done", None)):
        done()
