"""Helpers for Pilot tests of the editor."""

from __future__ import annotations

import asyncio
import json

import httpx
from textual.screen import Screen
from textual.widgets import Input

from primer_tui.ui.screens.editor import EditorScreen


async def loaded_editor(pilot) -> EditorScreen:
    for _ in range(100):
        screen = pilot.app.screen
        if isinstance(screen, EditorScreen) and screen.draft is not None:
            return screen
        await pilot.pause(0.02)
    raise AssertionError(f"the editor did not load: {pilot.app.screen}")


async def first_screen(pilot, kind: type[Screen] = Screen) -> Screen:
    """The app's first screen, once pushed (``call_later``, after the app's mount) and mounted."""
    for _ in range(100):
        screen = pilot.app.screen
        if isinstance(screen, kind) and screen.id != "_default" and screen.is_mounted:
            await pilot.pause()  # what the screen's mount started (its widgets' own children)
            return screen
        await pilot.pause(0.02)
    raise AssertionError(f"no {kind.__name__} was opened: {pilot.app.screen}")


async def type_into(pilot, editor: EditorScreen, selector: str, text: str) -> Input:
    field = editor.query_one(f"{selector} Input", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()
    return field


def notes_of(screen) -> list[str]:
    """The messages ``screen`` notifies from now on (still shown as usual)."""
    seen: list[str] = []
    notify = screen.notify

    def kept(message, *args, **kwargs):
        seen.append(str(message))
        return notify(message, *args, **kwargs)

    screen.notify = kept
    return seen


def drawn(row) -> str:
    """The note a field row draws right of its control, its lines joined by a space."""
    control = row.children[0]
    start = control.region.right - row.content_region.x + 1
    lines = [line[start:].strip() for line in row.render().plain.splitlines()]
    return " ".join(line for line in lines if line)


class HeldTransport(httpx.AsyncBaseTransport):
    """The emulator in-process, whose answers to one method can be held back: ``hold("GET")``,
    then the next GET reaches the server but its answer waits for ``release()``. A test acts
    while a request is out, without sleeps. Every request body sent is kept in ``bodies``."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.held: str | None = None
        self.waiting = 0
        """Answers held back now."""
        self.bodies: list[tuple[str, dict]] = []
        self._gate = asyncio.Event()

    def hold(self, method: str) -> None:
        self.held = method
        self._gate.clear()

    def release(self) -> None:
        self.held = None
        self._gate.set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.content:
            self.bodies.append((request.method, json.loads(request.content)))
        response = await self.inner.handle_async_request(request)
        if request.method == self.held:
            self.waiting += 1
            try:
                await self._gate.wait()
            finally:
                self.waiting -= 1
        return response

    async def until_held(self, pilot) -> None:
        for _ in range(200):
            if self.waiting:
                return
            await pilot.pause(0.02)
        raise AssertionError(f"no {self.held} was sent")
