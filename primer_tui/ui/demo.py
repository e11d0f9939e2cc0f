"""The demo: the editor on the in-process emulator, seeded, with no key and no network.

The client talks to the emulator through ``httpx.ASGITransport``: the same client code as for
Primer, no socket. The editor opens on Primer's own example; the other seeds are on the load
screen (``ctrl+o`` from the editor, or ``escape``).
"""

from __future__ import annotations

from starlette.applications import Starlette

from primer_tui._httpx import httpx
from primer_tui.client import PrimerClient
from primer_tui.emulator import DEFAULT_SEED, create_app
from primer_tui.ui.remote import Remote

DEMO_URL = "http://emulator.demo"


def demo_remote(token: str | None = None, *, app: Starlette | None = None) -> Remote:
    """A :class:`Remote` on ``app`` (default: a fresh emulator), at ``token`` or Primer's example."""
    app = create_app() if app is None else app
    sessions = app.state.sessions
    client = PrimerClient(api_key=None, base_url=DEMO_URL, transport=httpx.ASGITransport(app=app))
    default = next((s.token for s in sessions if s.name == DEFAULT_SEED), sessions[0].token)
    listing = [(f"{s.name}: {s.description}", s.token) for s in sessions]
    return Remote(client, "demo", token or default, listing)
