"""``primer-tui emulator``: the emulator as a loopback server, for scripts, demos and training.

The first line on stdout is for scripts, flushed at once, written after the socket listens (a
client may connect straight away)::

    primer-tui emulator listening on http://127.0.0.1:8765 tokens: <t1> <t2> ...

or, with ``--json``, one JSON object: ``{"url", "env", "keyRequired", "sessions": [{"name",
"description", "token"}]}``. Everything else (the list of sessions, uvicorn's access log) goes to
stderr. The key (``--key`` or ``PRIMER_EMULATOR_KEY``; the variable keeps it out of ``ps``) is never
printed. ``--seed`` files replace the built-in sessions. Ctrl-C or SIGTERM stop it, exit 0; bad
input exits 2, a port that cannot be bound 1.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from typing import Any

from starlette.applications import Starlette

from primer_tui.emulator.app import create_app
from primer_tui.emulator.faults import GRAMMAR, FaultSpecError
from primer_tui.emulator.seeds import SeedError, load_seed_file
from primer_tui.emulator.server import bind, serve_forever, url_of

KEY_VARIABLE = "PRIMER_EMULATOR_KEY"
DEFAULT_PORT = 8765
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def build_parser() -> argparse.ArgumentParser:
    """The options of ``primer-tui emulator``."""
    parser = argparse.ArgumentParser(
        prog="primer-tui emulator",
        description="Serve a local stand-in for Primer's client-session API.",
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    add("--port", type=_port, default=DEFAULT_PORT,
        help="port; 0 picks a free one (default: %(default)s)")
    add("--seed", action="append", metavar="FILE",
        help="JSON file of sessions, replacing the built-in ones (repeatable)")
    add("--key", help=f"require this X-API-KEY (or set {KEY_VARIABLE})")
    add("--fault", action="append", metavar="SPEC",
        help=f"inject a fault: {GRAMMAR} (repeatable)")
    add("--env", type=str.upper, choices=("SANDBOX", "PRODUCTION"), default="SANDBOX",
        help="the tokens' env claim (default: sandbox)")
    add("--json", action="store_true", help="print the first line as JSON")
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535; 0 picks one)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Run the emulator until interrupted; the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        app = _app(args)
    except (SeedError, FaultSpecError, ValueError) as error:
        print(f"primer-tui emulator: {error}", file=sys.stderr)
        return 2
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        where = f"{args.host}:{args.port}"
        print(f"primer-tui emulator: cannot listen on {where}: {error}", file=sys.stderr)
        return 1
    _announce(app, url_of(sock), as_json=args.json, host=args.host)
    return _serve(app, sock)


def _app(args: argparse.Namespace) -> Starlette:
    seeds = None
    if args.seed:
        seeds = [seed for path in args.seed for seed in load_seed_file(path)]
    key = args.key or os.environ.get(KEY_VARIABLE) or None
    return create_app(seeds=seeds, api_key=key, env=args.env, faults=args.fault or ())


def first_line(app: Starlette, url: str, *, as_json: bool) -> str:
    """The line scripts parse: the URL and the seeded tokens."""
    sessions = app.state.sessions
    if not as_json:
        tokens = " ".join(seeded.token for seeded in sessions)
        return f"primer-tui emulator listening on {url} tokens: {tokens}".rstrip()
    data: dict[str, Any] = {
        "url": url,
        "env": app.state.env,
        "keyRequired": bool(app.state.api_key),
        "sessions": [
            {"name": s.name, "description": s.description, "token": s.token} for s in sessions
        ],
    }
    return json.dumps(data)


def _announce(app: Starlette, url: str, *, as_json: bool, host: str) -> None:
    print(first_line(app, url, as_json=as_json), flush=True)
    for seeded in app.state.sessions:
        print(f"  {seeded.name:<22} {seeded.description}", file=sys.stderr)
    if host not in _LOOPBACK and not app.state.api_key:
        print("warning: listening beyond loopback without --key", file=sys.stderr)
    print("Press Ctrl-C to stop.", file=sys.stderr, flush=True)


def _serve(app: Starlette, sock: Any) -> int:
    # uvicorn re-raises the signal that stopped it; make SIGTERM end like Ctrl-C (exit 0).
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if in_main else None
    try:
        serve_forever(app, sock)
    except KeyboardInterrupt:
        pass
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    return 0
