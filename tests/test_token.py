"""Client token decoding: the claims read, expiry arithmetic, environment checks, garbage refused."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from primer_tui.token import ClientToken, TokenError, decode, env_mismatch

HEADER = {"alg": "HS256", "typ": "JWT"}
EXP = 1_767_225_600  # 2026-01-01T00:00:00Z
CLAIMS = {
    "accessToken": "c2VjcmV0LWFjY2Vzcy10b2tlbg",
    "exp": EXP,
    "env": "SANDBOX",
    "intent": "CHECKOUT",
    "configurationUrl": "https://api.sandbox.primer.io/client-sdk/configuration",
    "coreUrl": "https://api.sandbox.primer.io",
    "pciUrl": "https://sdk.api.sandbox.primer.io",
    "paymentFlow": "DEFAULT",
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _part(value: object) -> str:
    return _b64(json.dumps(value).encode())


def jwt(payload: object, header: object = HEADER, signature: str = "c2lnbmF0dXJl") -> str:
    """An unsigned-in-spirit JWT: the signature is never checked, so any text will do."""
    return f"{_part(header)}.{_part(payload)}.{signature}"


def with_payload(payload: bytes) -> str:
    """A token whose payload is these exact bytes."""
    return f"{_part(HEADER)}.{_b64(payload)}.c2ln"


TOKEN = jwt(CLAIMS)


# --- the claims -----------------------------------------------------------------------------------


def test_decode_reads_env_exp_intent_and_keeps_all_claims() -> None:
    token = decode(TOKEN)
    assert token.raw == TOKEN
    assert token.env == "SANDBOX"
    assert token.intent == "CHECKOUT"
    assert token.exp == datetime(2026, 1, 1, tzinfo=UTC)
    assert token.exp.tzinfo is not None
    assert token.claims == CLAIMS


def test_missing_claims_are_none() -> None:
    token = decode(jwt({"accessToken": "x"}))
    assert (token.env, token.exp, token.intent) == (None, None, None)
    assert token.claims == {"accessToken": "x"}


def test_fractional_exp_is_accepted() -> None:
    assert decode(jwt({"exp": EXP + 0.5})).exp == datetime(2026, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)


@pytest.mark.parametrize(
    "pasted",
    [f"  {TOKEN}\n", f"\t{TOKEN}\r\n", f"{TOKEN[:40]}\n{TOKEN[40:80]}\n{TOKEN[80:]}"],
    ids=["spaces-newline", "tab-crlf", "wrapped-by-terminal"],
)
def test_pasted_whitespace_is_removed(pasted: str) -> None:
    assert decode(pasted).raw == TOKEN


def test_padded_parts_and_empty_signature_are_accepted() -> None:
    header = base64.urlsafe_b64encode(json.dumps(HEADER).encode()).decode()
    payload = base64.urlsafe_b64encode(json.dumps({"env": "PRODUCTION", "x": 1}).encode()).decode()
    assert decode(f"{header}.{payload}.").env == "PRODUCTION"


def test_repr_hides_the_token_and_the_access_token() -> None:
    token = decode(TOKEN)
    text = repr(token)
    assert TOKEN not in text
    assert TOKEN[:40] not in text
    assert CLAIMS["accessToken"] not in text
    assert "'eyJhbGciOi…'" in text
    assert "SANDBOX" in text and "2026-01-01" in text
    assert str(token) == text


def test_tokens_compare_and_hash_by_value() -> None:
    assert decode(TOKEN) == decode(f" {TOKEN} ")
    assert len({decode(TOKEN), decode(TOKEN)}) == 1


# --- expiry -----------------------------------------------------------------------------------


def test_time_left_and_expired() -> None:
    token = decode(TOKEN)
    before = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    after = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)
    assert token.time_left(before) == timedelta(hours=1)
    assert not token.expired(before)
    assert token.time_left(after) == timedelta(minutes=-30)
    assert token.expired(after)
    assert token.expired(datetime(2026, 1, 1, tzinfo=UTC)), "expired at the exact second"


def test_naive_now_is_taken_as_utc() -> None:
    assert decode(TOKEN).time_left(datetime(2025, 12, 31, 23, 0)) == timedelta(hours=1)


def test_default_now_is_the_current_time() -> None:
    now = datetime.now(UTC)
    future = decode(jwt({"exp": int((now + timedelta(hours=24)).timestamp())}))
    past = decode(jwt({"exp": int((now - timedelta(seconds=5)).timestamp())}))
    assert timedelta(hours=23, minutes=59) < future.time_left() <= timedelta(hours=24)
    assert not future.expired()
    assert past.expired()


def test_without_exp_nothing_is_known() -> None:
    token = decode(jwt({"env": "SANDBOX"}))
    assert token.time_left() is None
    assert not token.expired()


# --- environments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "production", "sandbox"),
    [("SANDBOX", False, True), ("PRODUCTION", True, False), ("production", True, False),
     ("STAGING", False, False), (None, False, False)],
)
def test_is_production_and_is_sandbox(env: str | None, production: bool, sandbox: bool) -> None:
    token = ClientToken(raw="x.y.z", env=env)
    assert (token.is_production, token.is_sandbox) == (production, sandbox)


def test_sandbox_token_against_production_is_a_mismatch() -> None:
    message = env_mismatch(decode(TOKEN), "production")
    assert message is not None
    assert "sandbox" in message and "production" in message


def test_production_token_against_sandbox_is_a_mismatch() -> None:
    message = env_mismatch(decode(jwt({"env": "PRODUCTION"})), "sandbox")
    assert message is not None
    assert "production" in message and "sandbox" in message


@pytest.mark.parametrize(
    ("env", "environment"),
    [("SANDBOX", "sandbox"), ("PRODUCTION", "production"), ("SANDBOX", "custom"),
     ("PRODUCTION", "custom"), (None, "production"), (None, "sandbox")],
)
def test_no_mismatch(env: str | None, environment: str) -> None:
    assert env_mismatch(ClientToken(raw="x.y.z", env=env), environment) is None


def test_unknown_environment_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown environment"):
        env_mismatch(decode(TOKEN), "staging")


# --- garbage --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the text is empty"),
        (" \n\t ", "the text is empty"),
        ("hello there", "expected three parts separated by dots"),
        ("a.b", "expected three parts separated by dots"),
        ("a.b.c.d", "expected three parts separated by dots"),
        ("ñ.ñ.ñ", "characters other than base64url"),
        ("eyJ+.eyJ/.sig", "characters other than base64url"),
        (f"{_part(HEADER)}.%%%.sig", "characters other than base64url"),
        (f"{_part(HEADER)}.abcde.sig", "the payload is not base64url JSON"),
        (with_payload(b"not json"), "the payload is not base64url JSON"),
        (with_payload(bytes([0xFF, 0xFE])), "the payload is not base64url JSON"),
        (f"{_part(HEADER)}..sig", "the payload is not base64url JSON"),
        (f"{_b64(b'nope')}.{_part(CLAIMS)}.sig", "the header is not base64url JSON"),
        (jwt([1, 2, 3]), "the payload is a JSON array, not an object"),
        (jwt("text"), "the payload is a JSON string, not an object"),
        (jwt(None), "the payload is a JSON null, not an object"),
        (jwt(CLAIMS, header=[1]), "the header is a JSON array, not an object"),
        (jwt({"exp": "1767225600"}), "the exp claim is not a Unix time"),
        (jwt({"exp": True}), "the exp claim is not a Unix time"),
        (jwt({"exp": 10**20}), "the exp claim is out of range"),
        (with_payload(b'{"exp": NaN}'), "the exp claim is out of range"),
        (jwt({"env": 1}), "the env claim is not text"),
        (jwt({"intent": ["CHECKOUT"]}), "the intent claim is not text"),
        (with_payload(b"[" * 40_000), "the payload is not base64url JSON"),
        (with_payload(b'{"n": ' + b"9" * 5000 + b"}"), "the payload is not base64url JSON"),
        ("eyJ" * 100_000, "far too long"),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else None,
)
def test_garbage_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(TokenError, match="^not a client token: ") as caught:
        decode(text)
    assert message in str(caught.value)
    error = caught.value
    # No binascii or json exception chained under it: the message is the whole story.
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_token_error_is_a_value_error() -> None:
    assert issubclass(TokenError, ValueError)


def test_non_text_is_refused() -> None:
    with pytest.raises(TokenError, match="expected text"):
        decode(TOKEN.encode())  # type: ignore[arg-type]


@given(st.text())
def test_any_text_decodes_or_raises_token_error(text: str) -> None:
    try:
        decode(text)
    except TokenError:
        pass


@given(st.text(alphabet="ABCxyz019-_=.\n "))
def test_jwt_alphabet_decodes_or_raises_token_error(text: str) -> None:
    try:
        decode(text)
    except TokenError:
        pass


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(st.dictionaries(st.sampled_from(["exp", "env", "intent", "accessToken", "x"]), JSON))
def test_any_json_payload_decodes_or_raises_token_error(claims: dict[str, object]) -> None:
    try:
        token = decode(jwt(claims))
    except TokenError:
        return
    assert token.claims == claims or "NaN" in json.dumps(claims)
    token.expired()
    repr(token)


def test_importing_token_pulls_in_neither_httpx_nor_textual() -> None:
    code = "import sys, primer_tui.token; print(sorted({'httpx', 'textual'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
