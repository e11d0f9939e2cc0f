"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from primer_tui.emulator.server import BackgroundServer


@pytest.fixture
def emulator_server() -> Iterator[BackgroundServer]:
    """The emulator (built-in seeds, no key) served by uvicorn on a free loopback port.

    Yields the running ``BackgroundServer``: ``base_url``, ``tokens`` (seed order, Primer's
    example first), ``sessions`` (name, description, token) and ``app`` (set faults with
    ``emulator_server.app.state.faults.add("get:503:once")``). Stopped after the test.
    """
    from primer_tui.emulator.server import BackgroundServer  # only tests that use it pay

    with BackgroundServer() as server:
        yield server
