"""Fixtures shared by the emulator's tests: a fresh app, an in-process client, a seeded token.

A module that needs another app (an injected clock, a key) overrides ``app``.
"""

from __future__ import annotations

import pytest

from primer_tui.emulator import create_app
from tests.emulator_support import emulator_client, token_of


@pytest.fixture
def app():
    return create_app()


@pytest.fixture
async def client(app):
    async with emulator_client(app) as client:
        yield client


@pytest.fixture
def token(app) -> str:
    return token_of(app)
