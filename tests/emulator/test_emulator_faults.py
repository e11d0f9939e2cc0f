"""Fault injection: the spec grammar, its effect in process and over loopback, the control API."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from primer_tui.emulator import (
    Fault,
    FaultSet,
    FaultSpecError,
    create_app,
    parse_fault,
    parse_faults,
)
from tests.emulator_support import emulator_client, error_of, token_of

# --- grammar ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "fault"),
    [
        ("get:503", Fault("get", "status", status=503)),
        ("GET:503:once", Fault("get", "status", status=503, times=1)),
        ("patch:latency=2.5", Fault("patch", "latency", seconds=2.5)),
        ("both:drop", Fault("both", "drop")),
        ("patch:malformed:times=3", Fault("patch", "malformed", times=3)),
        ("all:timeout", Fault("all", "status", status=504)),
        ("post:500", Fault("post", "status", status=500)),
    ],
)
def test_specs_parse(spec, fault):
    assert parse_fault(spec) == fault
    assert parse_fault(str(fault)) == fault


@pytest.mark.parametrize(
    "spec",
    ["get", "gett:503", "get:200", "get:999", "get:latency=x", "get:latency=-1", "get:latency=nan",
     "get:explode", "get:503:twice", "get:503:times=0", "get:503:once:again"],
)
def test_bad_specs_are_refused_with_the_grammar(spec):
    with pytest.raises(FaultSpecError):
        parse_fault(spec)


def test_comma_separated_rules():
    assert parse_faults("get:latency=1, get:504:once") == [
        Fault("get", "latency", seconds=1.0), Fault("get", "status", status=504, times=1),
    ]


def test_latency_adds_up_and_the_first_answer_rule_wins():
    faults = FaultSet(["both:latency=0.5", "get:latency=0.25:once", "get:503:once", "get:502"])
    first = faults.take("GET")
    assert (first.latency, first.fault) == (0.75, Fault("get", "status", status=503, times=1))
    second = faults.take("GET")
    assert (second.latency, second.fault.status) == (0.5, 502)
    assert faults.take("POST").fault is None
    assert faults.take("PATCH").latency == 0.5


def test_times_counts_down_then_the_rule_goes():
    faults = FaultSet(["patch:drop:times=2"])
    assert [faults.take("PATCH").fault is not None for _ in range(3)] == [True, True, False]
    assert len(faults) == 0


# --- in process ---------------------------------------------------------------------------------


def get_params(app) -> dict[str, str]:
    return {"clientToken": token_of(app)}


async def test_first_get_fails_then_succeeds(app, client):
    app.state.faults.add("get:503:once")
    first = await client.get("/client-session", params=get_params(app))
    assert first.status_code == 503
    assert first.headers["content-type"].startswith("text/html")
    assert (await client.get("/client-session", params=get_params(app))).status_code == 200


async def test_504_mimics_primers_timeout_answer(app, client):
    app.state.faults.add("get:504")
    response = await client.get("/client-session", params=get_params(app))
    assert response.status_code == 504
    error = error_of(response)
    assert error["errorId"] == "RequestTimeout"
    assert "90 seconds" in error["description"]
    assert error["recoverySuggestion"] and error["diagnosticsId"]


@pytest.mark.parametrize("status", [500, 504])
async def test_a_server_errors_suggestion_fits_the_method(app, client, status):
    app.state.faults.add(f"all:{status}")
    get = error_of(await client.get("/client-session", params=get_params(app)))
    post = error_of(await client.post("/client-session", json={"currencyCode": "GBP"}))
    patch = error_of(await client.patch("/client-session", json=get_params(app)))
    assert get["recoverySuggestion"] == "Please retry the request."
    assert "may have been created: check before creating another" in post["recoverySuggestion"]
    assert "whether the change was applied" in patch["recoverySuggestion"]
    assert "change was applied" not in get["recoverySuggestion"] + post["recoverySuggestion"]


async def test_500_is_a_json_error(app, client):
    app.state.faults.add("get:500")
    response = await client.get("/client-session", params=get_params(app))
    assert response.status_code == 500
    assert error_of(response)["diagnosticsId"]


async def test_a_failed_patch_is_not_applied(app, client):
    app.state.faults.add("patch:502")
    response = await client.patch("/client-session", json={**get_params(app), "orderId": "new"})
    assert response.status_code == 502
    session = (await client.get("/client-session", params=get_params(app))).json()
    assert session["orderId"] == "order-123"


async def test_drop_in_process_is_a_transport_error(app, client):
    app.state.faults.add("both:drop")
    with pytest.raises(httpx.RemoteProtocolError):
        await client.get("/client-session", params=get_params(app))
    with pytest.raises(httpx.TransportError):
        await client.patch("/client-session", json={**get_params(app), "orderId": "new"})
    assert (await client.post("/client-session", json={})).status_code == 200


async def test_malformed_get_is_cut_json(app, client):
    whole = (await client.get("/client-session", params=get_params(app))).content
    app.state.faults.add("get:malformed:once")
    response = await client.get("/client-session", params=get_params(app))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert whole.startswith(response.content) and len(response.content) < len(whole)
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_malformed_patch_is_applied(app, client):
    app.state.faults.add("patch:malformed")
    response = await client.patch("/client-session", json={**get_params(app), "orderId": "new"})
    with pytest.raises(json.JSONDecodeError):
        response.json()
    session = (await client.get("/client-session", params=get_params(app))).json()
    assert session["orderId"] == "new"


async def test_latency_delays_only_its_target(app, client):
    app.state.faults.add("patch:latency=0.2")
    started = time.monotonic()
    await client.get("/client-session", params=get_params(app))
    assert time.monotonic() - started < 0.2
    started = time.monotonic()
    response = await client.patch("/client-session", json=get_params(app))
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.2


async def test_faults_from_create_app_and_the_request_log():
    app = create_app(faults=["get:503:once"])
    async with emulator_client(app) as client:
        statuses = [(await client.get("/client-session", params=get_params(app))).status_code
                    for _ in range(2)]
    assert statuses == [503, 200]
    assert [r.fault for r in app.state.requests] == ["get:503:once", None]


# --- control API --------------------------------------------------------------------------------


async def test_control_api_adds_lists_and_clears(app, client):
    response = await client.post("/_emulator/faults", json={"spec": "get:503:once"})
    assert response.status_code == 200
    latency = {"target": "patch", "kind": "latency", "seconds": 0.1}
    response = await client.post("/_emulator/faults", json=[latency, "post:drop"])
    listed = response.json()["faults"]
    assert [f["spec"] for f in listed] == ["get:503:once", "patch:latency=0.1", "post:drop"]
    assert [f["remaining"] for f in listed] == [1, None, None]
    assert (await client.get("/client-session", params=get_params(app))).status_code == 503
    assert [f["spec"] for f in (await client.get("/_emulator/faults")).json()["faults"]] == [
        "patch:latency=0.1", "post:drop",
    ]
    assert (await client.delete("/_emulator/faults")).json() == {"faults": []}
    assert len(app.state.faults) == 0


@pytest.mark.parametrize("body", [{"spec": "get:nope"}, {"target": "get"}, 42, {"colour": "red"}])
async def test_control_api_refuses_bad_faults(client, body):
    response = await client.post("/_emulator/faults", json=body)
    assert response.status_code == 400
    assert error_of(response)["errorId"] == "InvalidEmulatorRequest"


async def test_faults_never_touch_the_control_api(app, client):
    app.state.faults.add("all:503", "all:drop")
    assert (await client.get("/_emulator/faults")).status_code == 200
    assert (await client.delete("/_emulator/faults")).status_code == 200


async def test_control_api_lists_the_seeded_sessions(app, client):
    listed = (await client.get("/_emulator/sessions")).json()
    assert listed["env"] == "SANDBOX"
    assert [s["token"] for s in listed["sessions"]] == [s.token for s in app.state.sessions]


# --- over loopback ------------------------------------------------------------------------------


def test_drop_over_loopback_closes_the_socket_without_a_byte(emulator_server):
    emulator_server.app.state.faults.add("get:drop:once")
    host, port = emulator_server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"GET /client-session?clientToken=x HTTP/1.1\r\nHost: emulator\r\n\r\n")
        try:
            received = sock.recv(1024)
        except ConnectionResetError:
            received = b""
    assert received == b""


def test_drop_over_loopback_is_a_transport_error_for_httpx(emulator_server):
    emulator_server.app.state.faults.add("both:drop:once")
    params = {"clientToken": emulator_server.tokens[0]}
    with httpx.Client(base_url=emulator_server.base_url, timeout=5) as client:
        with pytest.raises(httpx.TransportError):
            client.get("/client-session", params=params)
        assert client.get("/client-session", params=params).json()["amount"] == 650


def test_status_and_latency_over_loopback(emulator_server):
    emulator_server.app.state.faults.add("get:latency=0.2:once", "get:503:once")
    params = {"clientToken": emulator_server.tokens[0]}
    with httpx.Client(base_url=emulator_server.base_url, timeout=5) as client:
        started = time.monotonic()
        assert client.get("/client-session", params=params).status_code == 503
        assert time.monotonic() - started >= 0.2
        assert client.get("/client-session", params=params).status_code == 200


async def test_control_api_over_loopback(emulator_server):
    async with httpx.AsyncClient(base_url=emulator_server.base_url, timeout=5) as client:
        await client.post("/_emulator/faults", json={"spec": "patch:500:once"})
        response = await client.patch(
            "/client-session", json={"clientToken": emulator_server.tokens[0]}
        )
    assert response.status_code == 500
