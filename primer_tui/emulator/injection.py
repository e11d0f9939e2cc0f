"""Applying fault plans to requests: the ASGI middleware behind ``faults.FaultSet``.

What each kind does, and the cost of each choice:

- ``status`` and ``drop`` stand where a gateway would: the request never reaches the session store
  (a PATCH is not applied). ``malformed`` garbles the real answer (the body cut in half, still
  ``application/json``), so a PATCH *is* applied: what verify-after-write must cope with.
- Faults touch only ``/client-session``, never the control API ``/_emulator/...``.
- ``drop`` over loopback aborts the TCP connection before any byte is sent (the server in
  ``server.py`` lends the app a ``connection_dropper``). In process there is no socket, so the app
  raises ``httpx.RemoteProtocolError`` with httpx's own message, which ``httpx.ASGITransport``
  (``raise_app_exceptions=True``, its default) hands to the caller: the same exception type a real
  drop gives. Another ASGI server would turn that exception into a 500.

The middleware also logs each ``/client-session`` request in ``app.state.requests`` (method,
``X-API-VERSION``, the fault it met) before applying the fault, so a test can count attempts.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from primer_tui._httpx import httpx
from primer_tui.emulator.errors import server_error
from primer_tui.emulator.faults import FaultPlan


@dataclass(frozen=True)
class RecordedRequest:
    """One ``/client-session`` request as it arrived, logged before any fault.

    Attributes:
        method: ``GET``, ``POST`` or ``PATCH``.
        api_version: The ``X-API-VERSION`` header; ``None`` when missing.
        fault: The answer-deciding fault it met (a spec string), if any.
        latency: Seconds of injected delay.
    """

    method: str
    api_version: str | None
    fault: str | None
    latency: float

    @classmethod
    def of(cls, scope: Scope, plan: FaultPlan) -> RecordedRequest:
        """The record of the request in ``scope`` meeting ``plan``."""
        headers = dict(scope.get("headers") or [])
        version = headers.get(b"x-api-version")
        return cls(
            scope["method"],
            version.decode("latin-1") if version is not None else None,
            str(plan.fault) if plan.fault else None,
            plan.latency,
        )


class FaultInjector:
    """ASGI middleware applying ``app.state.faults`` to requests for ``path``."""

    def __init__(self, app: ASGIApp, path: str = "/client-session") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        plan = state.faults.take(scope["method"])
        state.requests.append(RecordedRequest.of(scope, plan))
        if plan.latency:
            await asyncio.sleep(plan.latency)
        fault = plan.fault
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            await server_error(fault.status or 500, scope["method"])(scope, receive, send)
        elif fault.kind == "drop":
            await _drop(scope, receive, getattr(state, "connection_dropper", None))
        else:
            await self.app(scope, receive, _halving(send))


async def _drop(scope: Scope, receive: Receive, dropper: Any) -> None:
    if dropper is not None and dropper(scope.get("client")):
        # The socket is gone; wait for the server to notice so it sends nothing, not a 500.
        while (await receive())["type"] != "http.disconnect":
            pass
        return
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


def _halving(send: Send) -> Send:
    """A ``send`` that delivers the first half of the body, with a matching Content-Length."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def halved(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(chunks)
        cut = body[: len(body) // 2]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(cut)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": cut})

    return halved
