"""Contract: every kind of answer the emulator gives validates against Primer's OpenAPI spec.

The spec declares 200, 400 and 422 for ``/client-session``; the 401, 500 and 504 the emulator can
also send are checked against the spec's own error envelope (see ``emulator_support.openapi``).
502/503 are HTML gateway pages and ``malformed`` is broken on purpose: nothing to validate.
"""

from __future__ import annotations

import httpx
import pytest
from openapi_core.exceptions import OpenAPIError

from primer_tui.emulator import builtin_seeds, create_app
from tests.emulator_support import assert_matches_spec, emulator_client, token_of

SEED_NAMES = [seed.name for seed in builtin_seeds()]


@pytest.mark.parametrize("name", SEED_NAMES)
async def test_get_of_every_seed(app, client, name):
    response = await client.get("/client-session", params={"clientToken": token_of(app, name)})
    assert response.status_code == 200
    assert_matches_spec(response)


@pytest.mark.parametrize("seed", builtin_seeds()[:4], ids=SEED_NAMES[:4])
async def test_post_of_a_seed_body(client, seed):
    response = await client.post("/client-session", json=seed.session)
    assert response.status_code == 200
    assert_matches_spec(response)


async def test_post_of_an_empty_body(client):
    response = await client.post("/client-session", json={})
    assert response.status_code == 200
    assert_matches_spec(response)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"customer": {"emailAddress": "jane@example.com"}, "metadata": None},
        {"order": {"lineItems": [], "fees": []}, "amount": 0},
        {"customer": {"taxId": "", "billingAddress": {}}, "metadata": {}},
        {"paymentMethod": {"options": {"GOOGLE_PAY": {"surcharge": {"amount": 1}}}}},
        {"customer": None, "order": None, "paymentMethod": None},
    ],
)
async def test_patch(app, client, fields):
    response = await client.patch("/client-session", json={"clientToken": token_of(app), **fields})
    assert response.status_code == 200
    assert_matches_spec(response)


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("GET", {"params": {"clientToken": "nope"}}, 400),
        ("PATCH", {"json": {"clientToken": "nope"}}, 400),
        ("POST", {"json": {"metadata": {"": 1}}}, 400),
        ("POST", {"json": {"customerId": 1, "order": {"lineItems": [{}]}}}, 422),
        ("PATCH", {"json": {"orderId": "no token"}}, 422),
        ("POST", {"content": b"{", "headers": {"Content-Type": "application/json"}}, 422),
    ],
)
async def test_errors(client, method, kwargs, status):
    response = await client.request(method, "/client-session", **kwargs)
    assert response.status_code == status
    assert_matches_spec(response)


async def test_patch_metadata_error(app, client):
    response = await client.patch(
        "/client-session", json={"clientToken": token_of(app), "metadata": {"": "x"}}
    )
    assert response.status_code == 400
    assert_matches_spec(response)


async def test_wrong_key():
    app = create_app(api_key="right")
    async with emulator_client(app, **{"X-API-KEY": "wrong"}) as client:
        response = await client.get("/client-session", params={"clientToken": token_of(app)})
    assert response.status_code == 401
    assert_matches_spec(response)


@pytest.mark.parametrize("status", [500, 504])
async def test_json_server_faults(app, client, status):
    app.state.faults.add(f"all:{status}")
    for method, kwargs in (("GET", {"params": {"clientToken": "x"}}), ("POST", {"json": {}})):
        response = await client.request(method, "/client-session", **kwargs)
        assert response.status_code == status
        assert_matches_spec(response)


def test_the_contract_check_catches_a_bad_answer():
    request = httpx.Request("GET", "http://emulator.test/client-session?clientToken=t")
    bad = httpx.Response(200, json={"amount": -1, "currencyCode": "GBP"}, request=request)
    with pytest.raises(OpenAPIError):
        assert_matches_spec(bad)
    norway = httpx.Response(200, json={"order": {"countryCode": "NO"}}, request=request)
    assert_matches_spec(norway)  # 'NO' is quoted in the YAML, so it stays a string
