"""Each error the emulator answers, in Primer's shapes; token expiry, the key, the JWTs."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime

import pytest

from primer_tui.emulator import create_app
from primer_tui.emulator.tokens import b64url
from primer_tui.model import MAX_DEPTH
from tests.emulator_support import FakeClock, emulator_client, error_of, jwt_part, token_of

DAY = 24 * 60 * 60
VALIDATION_TEXT = (
    "We were unable to validate your request, please check your payload against /docs/api"
)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(clock):
    return create_app(clock=clock, secret=b"test-secret")


def assert_invalid_token(response) -> None:
    assert response.status_code == 400
    assert error_of(response) == {
        "errorId": "ClientSessionValidationError",
        "description": "The client token is invalid.",
        "recoverySuggestion": "Please provide a valid client token.",
        "diagnosticsId": error_of(response)["diagnosticsId"],
    }
    assert re.fullmatch(r"\d{10}", error_of(response)["diagnosticsId"])


def validation_errors(response, model: str) -> dict[str, str]:
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["errorId"] == "RequestValidationError"
    assert error["description"] == VALIDATION_TEXT
    assert error["diagnosticsId"]
    [group] = error["validationErrors"]
    assert group["model"] == model
    return {item["path"]: item["description"] for item in group["errors"]}


# --- 400 ClientSessionValidationError ----------------------------------------------------------


async def test_unknown_token_on_get(client):
    assert_invalid_token(await client.get("/client-session", params={"clientToken": "nope"}))


async def test_missing_token_on_get(client):
    assert_invalid_token(await client.get("/client-session"))


async def test_altered_token(client, token):
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    assert_invalid_token(await client.get("/client-session", params={"clientToken": forged}))


async def test_unknown_token_on_patch(client):
    response = await client.patch("/client-session", json={"clientToken": "nope", "orderId": "x"})
    assert_invalid_token(response)


async def test_token_works_until_24_hours_then_expires(client, clock, token):
    clock.advance(DAY - 1)
    assert (await client.get("/client-session", params={"clientToken": token})).status_code == 200
    clock.advance(1)
    assert_invalid_token(await client.get("/client-session", params={"clientToken": token}))
    response = await client.patch("/client-session", json={"clientToken": token, "orderId": "x"})
    assert_invalid_token(response)


async def test_diagnostics_ids_differ(client):
    first = await client.get("/client-session", params={"clientToken": "a"})
    second = await client.get("/client-session", params={"clientToken": "a"})
    assert error_of(first)["diagnosticsId"] != error_of(second)["diagnosticsId"]


# --- 400 MetadataContainsEmptyKey --------------------------------------------------------------

EMPTY_KEY_ERROR = {
    "errorId": "MetadataContainsEmptyKey",
    "description": "Metadata field contains empty string key.",
    "recoverySuggestion": "Either remove empty string keys or provide non-empty string instead.",
}


async def test_empty_metadata_key_on_post(client):
    response = await client.post("/client-session", json={"metadata": {"": "x", "a": 1}})
    assert response.status_code == 400
    error = error_of(response)
    assert {k: error[k] for k in EMPTY_KEY_ERROR} == EMPTY_KEY_ERROR
    assert error["diagnosticsId"]


async def test_empty_metadata_key_on_patch_changes_nothing(client, token):
    body = {"clientToken": token, "metadata": {"": 1}}
    response = await client.patch("/client-session", json=body)
    assert response.status_code == 400
    assert error_of(response)["errorId"] == "MetadataContainsEmptyKey"
    session = (await client.get("/client-session", params={"clientToken": token})).json()
    assert session["metadata"] == {"productType": "Clothing", "loyaltyTier": 2}


# --- 422 RequestValidationError ----------------------------------------------------------------


async def test_primer_example_path_and_text(client):
    response = await client.post("/client-session", json={"customerId": 123})
    assert validation_errors(response, "ClientSessionAPIRequest") == {
        "$.customerId": "Value must be a valid string"
    }


async def test_paths_into_arrays_and_several_problems(client):
    body = {"order": {"lineItems": [{"amount": 1}, {"amount": -5}, {"name": "no amount"}]},
            "customer": {"emailAddress": "not-an-address"}}
    response = await client.post("/client-session", json=body)
    problems = validation_errors(response, "ClientSessionAPIRequest")
    assert set(problems) == {
        "$.order.lineItems[1].amount", "$.order.lineItems[2].amount", "$.customer.emailAddress",
    }
    assert problems["$.order.lineItems[2].amount"] == "Field required"


async def test_patch_errors_name_the_update_model_and_change_nothing(client, token):
    body = {"clientToken": token, "orderId": "new", "order": {"lineItems": [{"amount": "5"}]}}
    response = await client.patch("/client-session", json=body)
    problems = validation_errors(response, "ClientSessionUpdateAPIRequest")
    assert list(problems) == ["$.order.lineItems[0].amount"]
    session = (await client.get("/client-session", params={"clientToken": token})).json()
    assert session["orderId"] == "order-123"


async def test_patch_without_a_client_token(client):
    response = await client.patch("/client-session", json={"orderId": "x"})
    assert validation_errors(response, "ClientSessionUpdateAPIRequest") == {
        "$.clientToken": "Field required"
    }


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"orderID": "typo"}, "$.orderID"),
        ({"currencyCode": "XXX"}, "$.currencyCode"),
        ({"metadata": {"tags": ["a"]}}, "$.metadata.tags"),
        ({"amount": 2**63}, "$.amount"),
        ({"order": {"lineItems": [{"amount": 10, "discountAmount": 11}]}}, "$.order"),
        ({"paymentMethod": {"options": {"PAYMENT_CARD": {"networks": {"EFTPOS": {}}}}}},
         "$.paymentMethod.options.PAYMENT_CARD.networks"),
        ({"paymentMethod": {"options": {"APPLE_PAY": {"merchantName": ""}}}},
         "$.paymentMethod.options.APPLE_PAY.merchantName"),  # minLength: 1
    ],
)
async def test_bodies_that_break_the_spec(client, body, path):
    response = await client.post("/client-session", json=body)
    problems = validation_errors(response, "ClientSessionAPIRequest")
    assert list(problems) == [path]


async def test_python_field_names_are_not_primers_and_are_not_checked(client):
    body = {"customer": {"email_address": "bad", "emailAddress": "jo@example.com"},
            "order": {"line_items": [{"amount": "x"}]}}
    response = await client.post("/client-session", json=body)
    assert response.status_code == 200, response.text
    session = response.json()
    assert session["customer"] == body["customer"]  # an unknown field inside an object is kept
    assert session["amount"] == 0  # line_items is not lineItems
    refused = await client.post("/client-session", json={"customer": {"emailAddress": "bad"}})
    assert list(validation_errors(refused, "ClientSessionAPIRequest")) == [
        "$.customer.emailAddress"]


@pytest.mark.parametrize("content", [b"{not json", b"", b"[1, 2]"])
async def test_a_body_that_is_not_a_json_object(client, content):
    response = await client.post(
        "/client-session", content=content, headers={"Content-Type": "application/json"}
    )
    assert list(validation_errors(response, "ClientSessionAPIRequest")) == ["$"]


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


async def _raw_problems(client, method: str, content: str) -> dict:
    """The validation errors answered to ``content`` sent as it is (not re-encoded)."""
    response = await client.request(method, "/client-session", content=content,
                                    headers={"Content-Type": "application/json"})
    model = "ClientSessionAPIRequest" if method == "POST" else "ClientSessionUpdateAPIRequest"
    return validation_errors(response, model)


@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, 400])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_a_body_nested_deeper_than_the_limit_is_refused_and_nothing_stored(
    app, client, token, method, levels
):
    # The body object is level 1 and ``order`` level 2: MAX_DEPTH - 1 arrays make MAX_DEPTH + 1.
    content = f'{{"clientToken": "{token}", "order": {{"x": {nested(levels)}}}}}'
    if method == "POST":
        content = f'{{"order": {{"x": {nested(levels)}}}}}'
    sessions = len(app.state.store)
    problems = await _raw_problems(client, method, content)
    assert problems == {
        "$": f"Value must be nested at most {MAX_DEPTH} levels deep"
    }
    assert len(app.state.store) == sessions
    session = (await client.get("/client-session", params={"clientToken": token})).json()
    assert "x" not in session["order"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_nan_and_infinity_are_not_json_and_nothing_is_stored(
    app, client, token, method, constant
):
    content = f'{{"order": {{"x": {constant}}}}}'
    if method == "PATCH":
        content = f'{{"clientToken": "{token}", "orderId": "new", "order": {{"x": {constant}}}}}'
    sessions = len(app.state.store)
    problems = await _raw_problems(client, method, content)
    assert list(problems) == ["$"] and f"{constant} is not a JSON value" in problems["$"]
    assert len(app.state.store) == sessions
    after = await client.get("/client-session", params={"clientToken": token})
    assert after.status_code == 200 and after.json()["orderId"] == "order-123"


async def test_a_body_nested_past_jsons_own_recursion_limit_is_a_422_not_a_500(client):
    response = await client.post("/client-session", content=nested(100_000),
                                 headers={"Content-Type": "application/json"})
    assert validation_errors(response, "ClientSessionAPIRequest") == {
        "$": f"Value must be nested at most {MAX_DEPTH} levels deep"
    }


async def test_a_patch_whose_answer_cannot_be_written_stores_nothing(app, client, token):
    # Defence in depth: should a value slip past the parser, the answer is rendered first.
    stored = app.state.store.lookup(token)
    stored.data["order"]["x"] = float("nan")  # as if an earlier request had stored it
    with pytest.raises(ValueError, match="JSON compliant"):
        await client.patch("/client-session", json={"clientToken": token, "orderId": "new"})
    assert app.state.store.lookup(token).data["orderId"] == "order-123"


async def test_a_body_at_the_depth_limit_is_kept(client):
    body = {"orderId": "deep", "order": {"x": json.loads(nested(MAX_DEPTH - 2))}}
    created = await client.post("/client-session", json=body)
    assert created.status_code == 200, created.text
    assert created.json()["order"]["x"] == body["order"]["x"]


# --- 401 and the key ---------------------------------------------------------------------------


@pytest.fixture
def keyed_app():
    return create_app(api_key="k-123")


@pytest.mark.parametrize("headers", [{}, {"X-API-KEY": "wrong"}])
async def test_missing_or_wrong_key(keyed_app, headers):
    async with emulator_client(keyed_app, **headers) as client:
        for response in (
            await client.get("/client-session", params={"clientToken": token_of(keyed_app)}),
            await client.post("/client-session", json={}),
            await client.get("/_emulator/faults"),
        ):
            assert response.status_code == 401
            assert error_of(response)["errorId"] == "Unauthorized"
            assert error_of(response)["diagnosticsId"]
            assert "k-123" not in response.text


async def test_right_key(keyed_app):
    async with emulator_client(keyed_app, **{"X-API-KEY": "k-123"}) as client:
        response = await client.get("/client-session", params={"clientToken": token_of(keyed_app)})
    assert response.status_code == 200


async def test_no_key_configured_means_no_check(client, token):
    response = await client.get(
        "/client-session", params={"clientToken": token}, headers={"X-API-KEY": "anything"}
    )
    assert response.status_code == 200


# --- tokens and headers ------------------------------------------------------------------------


async def test_created_token_is_a_jwt_like_primers(client, clock):
    response = await client.post("/client-session", json={"orderId": "o-1"})
    body = response.json()
    token = body["clientToken"]
    assert jwt_part(token, 0) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt_part(token, 1)
    assert claims["env"] == "SANDBOX"
    assert claims["intent"] == "CHECKOUT"
    assert claims["exp"] == int(clock()) + DAY
    assert claims["accessToken"] and claims["configurationUrl"] and claims["coreUrl"]
    expiry = datetime.fromisoformat(body["clientTokenExpirationDate"])
    assert expiry == datetime.fromtimestamp(claims["exp"], UTC)
    signing_input, signature = token.rsplit(".", 1)
    expected = hmac.new(b"test-secret", signing_input.encode(), hashlib.sha256).digest()
    assert signature == b64url(expected)


def test_production_tokens():
    app = create_app(env="production")
    claims = jwt_part(token_of(app), 1)
    assert claims["env"] == "PRODUCTION"
    assert claims["coreUrl"] == "https://api.primer.io"


def test_unknown_env_is_refused():
    with pytest.raises(ValueError, match="env"):
        create_app(env="staging")


async def test_api_version_header_is_read(app, token):
    async with emulator_client(app) as client:
        await client.get("/client-session", params={"clientToken": token})
        await client.get(
            "/client-session", params={"clientToken": token}, headers={"X-API-VERSION": "2.1"}
        )
    assert [r.api_version for r in app.state.requests] == ["2.4", "2.1"]
    async with emulator_client(app) as client:
        client.headers.pop("X-API-VERSION")
        await client.get("/client-session", params={"clientToken": token})
    assert app.state.requests[-1].api_version is None
