"""The emulator on a loopback socket: a background thread for tests, the foreground for the CLI.

Decisions:

- We bind and listen on the socket ourselves and hand it to uvicorn (``Server.run(sockets=...)``):
  port 0 then yields the real port before uvicorn starts, with no race, and a connection made
  before uvicorn is ready waits in the backlog instead of being refused.
- A ``drop`` fault must really cut the TCP connection, which ASGI cannot express. The app is lent
  ``connection_dropper``: it finds the uvicorn connection whose peer is the request's ``client``
  (``Server.server_state.connections``) and aborts its transport. That reads uvicorn's server state
  and its protocols' ``client``/``transport`` attributes, stable for years but not a documented API;
  if they change, ``drop`` falls back to the in-process exception (a 500 through uvicorn), and
  the loopback drop test says so.
- In the foreground, uvicorn's access log goes to stderr: stdout is for the line scripts parse.
"""

from __future__ import annotations

import copy
import socket
import threading
import time
from functools import partial
from typing import Any

import uvicorn
from starlette.applications import Starlette

from primer_tui.emulator.app import SeededSession, create_app


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0 = a free port); raises ``OSError``."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    return socket.create_server((host, port), family=family, backlog=128)


def url_of(sock: socket.socket) -> str:
    """``http://host:port`` for a bound socket (IPv6 hosts in brackets)."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def drop_connection(server: uvicorn.Server, client: Any) -> bool:
    """Abort the connection whose peer address is ``client``; whether one was found."""
    if not client:
        return False
    for protocol in list(server.server_state.connections):
        if tuple(getattr(protocol, "client", None) or ()) == tuple(client):
            protocol.transport.abort()
            return True
    return False


def _uvicorn_server(app: Starlette, *, foreground: bool) -> uvicorn.Server:
    if foreground:
        log_config: dict[str, Any] | None = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
        log_config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    else:
        log_config = None  # leave the host process's (pytest's) logging alone
    config = uvicorn.Config(
        app, lifespan="off", log_config=log_config, access_log=foreground,
        log_level="info" if foreground else "warning",
        # The drop fault finds a connection by the request's client address: keep the real one.
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    app.state.connection_dropper = partial(drop_connection, server)
    return server


def serve_forever(app: Starlette, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` until SIGINT/SIGTERM (re-raised afterwards, as uvicorn does)."""
    _uvicorn_server(app, foreground=True).run(sockets=[sock])


class BackgroundServer:
    """The emulator on a free loopback port, served by uvicorn in a daemon thread.

    Example::

        with BackgroundServer() as server:
            httpx.get(f"{server.base_url}/client-session",
                      params={"clientToken": server.tokens[0]}, headers={"X-API-VERSION": "2.4"})
            server.app.state.faults.add("get:503:once")

    Attributes:
        app: The emulator being served (``create_app()`` unless one is given).
    """

    def __init__(
        self,
        app: Starlette | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout: float = 10.0,
    ) -> None:
        self.app = app if app is not None else create_app()
        self._address = (host, port)
        self._startup_timeout = startup_timeout
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    @property
    def sessions(self) -> list[SeededSession]:
        """The seeded sessions: name, description, token."""
        return list(self.app.state.sessions)

    @property
    def tokens(self) -> list[str]:
        """The seeded sessions' client tokens, in seed order (the demo's default first)."""
        return [seeded.token for seeded in self.app.state.sessions]

    def start(self) -> BackgroundServer:
        """Bind, start the thread and wait until uvicorn serves; raises ``RuntimeError``."""
        sock = bind(*self._address)
        self.base_url = url_of(sock)
        self._server = _uvicorn_server(self.app, foreground=False)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="primer-emulator",
            daemon=True,
        )
        self._thread.start()
        self._wait_started(sock)
        return self

    def _wait_started(self, sock: socket.socket) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + self._startup_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                sock.close()
                raise RuntimeError("the emulator's server did not start")
            time.sleep(0.005)

    def stop(self) -> None:
        """Ask uvicorn to finish, wait for the thread (forcing it after 5 s)."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(5)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(5)
        self.app.state.connection_dropper = None
        self._server = self._thread = None

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
