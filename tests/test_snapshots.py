"""SVG snapshots of the key screens at 120x40 and 80x24 (pytest-textual-snapshot).

Behaviour is asserted in test_ui_editor.py; these catch layout regressions. The session is served
by a MockTransport with a fixed token and the header's expiry is pinned, so pixels are stable.
"""

from __future__ import annotations


import httpx
import pytest
from textual.widgets import Input

from primer_tui.client import PrimerClient
from primer_tui.emulator import builtin_seeds
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.remote import Remote
from primer_tui.ui.widgets import session_header

SIZES = [(120, 40), (80, 24)]


@pytest.fixture(autouse=True)
def _stable(monkeypatch):
    monkeypatch.setattr(session_header, "_expiry", lambda remote: "token expires in 23h 59m")


def _example() -> dict:
    seed = next(s for s in builtin_seeds() if s.name == "primer-example")
    return {**seed.session, "amount": 650}


def _remote(handler=None) -> Remote:
    def serve(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            return httpx.Response(422, json={"error": {
                "errorId": "RequestValidationError", "description": "We were unable to validate your request",
                "diagnosticsId": "diag-42", "validationErrors": [{"model": "ClientSessionUpdateAPIRequest",
                "errors": [{"path": "$.customer.emailAddress", "description": "Value must be a valid email"}]}]}})
        return httpx.Response(200, json=_example())

    client = PrimerClient(api_key=None, base_url="https://api.sandbox.primer.io",
                          transport=httpx.MockTransport(handler or serve))
    return Remote(client, "sandbox", "example-token")


def _app(**kwargs) -> PrimerApp:
    return PrimerApp(remote=_remote(), **kwargs)


async def _loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    _still(pilot)


def _still(pilot) -> None:
    """No blinking cursor: a snapshot must not depend on when in the blink it was taken."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


@pytest.mark.parametrize("size", SIZES)
def test_load_screen(snap_compare, size):
    app = PrimerApp(make_remote=lambda *a: _remote())
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tab", ["customer", "order", "items", "fees", "shipping", "payment",
                                 "surcharges", "metadata"])
def test_editor_panel(snap_compare, size, tab):
    async def run_before(pilot):
        await _loaded(pilot)
        pilot.app.screen.query_one("TabbedContent").active = f"tab-{tab}"
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_review(snap_compare, size):
    async def run_before(pilot):
        await _loaded(pilot)
        field = pilot.app.screen.query_one("#f-customer-first_name Input")
        field.value = "Jane"
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        await pilot.pause()
        _still(pilot)

    assert snap_compare(_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_error_after_422_marks_the_field(snap_compare, size):
    # ctrl+s, ctrl+s: the server answers 422 on customer.emailAddress
    async def run_before(pilot):
        await _loaded(pilot)
        field = pilot.app.screen.query_one("#f-customer-email_address Input")
        field.value = "jane@example.com"
        await pilot.pause(0.3)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        row = pilot.app.screen.query_one("#f-customer-email_address")
        for _ in range(50):  # focus moves after a refresh; a loaded machine needs a moment
            if pilot.app.focused is row.query_one("Input") and pilot.app.screen.changes == 1:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert row.has_class("-invalid") and pilot.app.focused is row.query_one("Input")
        _still(pilot)

    assert snap_compare(_app(), terminal_size=size, run_before=run_before)


def test_production_header_stands_out(snap_compare):
    remote = _remote()
    remote.environment = "production"
    assert snap_compare(PrimerApp(remote=remote), terminal_size=(120, 40), run_before=_loaded)
