"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from primer_tui.emulator.server import BackgroundServer


@pytest.fixture(autouse=True)
def _isolated_machine(tmp_path_factory, monkeypatch):
    """Config, data, state and cache dirs in a temp folder, and no key from the environment:
    no test reads or writes the developer's own files."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("PRIMER_API_KEY", raising=False)


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
