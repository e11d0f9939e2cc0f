"""``BackgroundServer`` and the ``emulator_server`` fixture: one app, in process and on loopback."""

from __future__ import annotations

import httpx
import pytest

from primer_tui.emulator import BackgroundServer, create_app
from tests.emulator_support import emulator_client


def test_fixture_gives_url_tokens_and_app(emulator_server):
    assert emulator_server.base_url.startswith("http://127.0.0.1:")
    assert emulator_server.tokens == [s.token for s in emulator_server.app.state.sessions]
    assert emulator_server.sessions[0].name == "primer-example"
    response = httpx.get(
        f"{emulator_server.base_url}/client-session",
        params={"clientToken": emulator_server.tokens[0]}, headers={"X-API-VERSION": "2.4"},
    )
    assert response.json()["amount"] == 650
    assert emulator_server.app.state.requests[-1].api_version == "2.4"


async def test_same_app_same_answer_in_process_and_on_loopback():
    app = create_app(api_key="k")
    headers = {"X-API-KEY": "k"}
    with BackgroundServer(app) as server:
        params = {"clientToken": server.tokens[1]}
        async with httpx.AsyncClient(base_url=server.base_url, headers=headers) as client:
            over_socket = await client.get("/client-session", params=params)
        async with emulator_client(app, **headers) as client:
            in_process = await client.get("/client-session", params=params)
        refused = httpx.get(f"{server.base_url}/client-session", params=params)
    assert over_socket.status_code == in_process.status_code == 200
    assert over_socket.json() == in_process.json()
    assert refused.status_code == 401


def test_stopping_closes_the_port():
    with BackgroundServer() as server:
        url = server.base_url
    assert server.app.state.connection_dropper is None
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/client-session", timeout=2)
