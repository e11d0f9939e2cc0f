"""Shared pieces of the emulator tests: a fake clock, an in-process client, the spec check."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from starlette.applications import Starlette

SPEC_PATH = Path(__file__).parent / "data" / "client-session-openapi.yml"
BASE_URL = "http://emulator.test"
HEADERS = {"X-API-VERSION": "2.4"}
# Statuses the emulator sends that the spec leaves undeclared: checked against Primer's envelope.
UNDECLARED_ERRORS = ("401", "500", "504")


class FakeClock:
    """A clock the test moves by hand (Unix seconds)."""

    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@asynccontextmanager
async def emulator_client(app: Starlette, **headers: str) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to ``app`` in process (no socket), sending X-API-VERSION 2.4."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, headers={**HEADERS, **headers}
    ) as client:
        yield client


def token_of(app: Starlette, name: str = "primer-example") -> str:
    """The client token of the seeded session called ``name``."""
    return next(s.token for s in app.state.sessions if s.name == name)


def jwt_part(token: str, index: int) -> dict[str, Any]:
    """Decode part ``index`` (0 header, 1 payload) of a JWT without checking it."""
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@cache
def openapi() -> OpenAPI:
    """Primer's spec, plus the undeclared error statuses pointing at its error envelope."""
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    envelope = {
        "description": "Error Response (not declared by Primer)",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/400ErrorResponse"}}
        },
    }
    for operation in spec["paths"]["/client-session"].values():
        for status in UNDECLARED_ERRORS:
            operation["responses"].setdefault(status, envelope)
    return OpenAPI.from_dict(spec)


def assert_matches_spec(response: httpx.Response) -> None:
    """Raise unless ``response`` is what the spec allows for its request."""
    request = response.request
    mock_request = MockRequest(
        "https://api.sandbox.primer.io",
        request.method.lower(),
        request.url.path,
        args=dict(request.url.params),
    )
    content_type = response.headers.get("content-type", "").split(";")[0]
    mock_response = MockResponse(
        response.content, status_code=response.status_code, content_type=content_type
    )
    openapi().validate_response(mock_request, mock_response)


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The ``error`` object of a Primer error body."""
    return response.json()["error"]
