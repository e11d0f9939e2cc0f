"""The ``primer-tui`` command: the editor, and subcommands for scripts.

Contracts (DESIGN.md): output meant for scripts on stdout, everything else on stderr; exit 0 on
success, 1 when the API or the network failed, 2 for bad usage or bad input. Nothing heavy is
imported before a subcommand needs it: ``primer-tui total`` never loads Textual.

The scripted subcommands (``get``, ``patch``, ``create``, ``config``) take their arguments from
``subcommands.py`` and run in ``scripted.py``, which alone loads httpx. Every subcommand takes
``--env``/``--base-url``/``--api-version``/``--profile`` after its name as well as before it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from primer_tui import __version__

EXIT_OK, EXIT_API, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # ctrl+c, as shells report SIGINT
SCRIPTED = ("get", "patch", "create")
MAX_DEPTH = 100
"""JSON nested deeper is refused: pydantic stops serialising near 255 levels (a traceback in
``diff``), and a client session nests about six."""

EPILOG = """\
examples:
  primer-tui --demo                        the editor on the built-in emulator
  primer-tui --token "$TOKEN"              load a sandbox session (key from PRIMER_API_KEY)
  primer-tui get --token "$TOKEN"          the session as JSON
  primer-tui patch --token "$TOKEN" --set customer.emailAddress=a@b.co
  primer-tui total --file session.json     the total breakdown of a saved session
  primer-tui diff base.json edited.json    the PATCH body that turns one into the other
  primer-tui emulator --port 8765          the emulator as a loopback server
  primer-tui config path                   where the config file (profiles) is

exit codes: 0 success, 1 the API or the network failed, 2 bad usage or bad input
"""


class UsageError(Exception):
    """Bad input from the user: reported on stderr with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="primer-tui",
        description="Look at and change a Primer.io client session from a terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"primer-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run against the built-in emulator")
    parser.add_argument("--token", help="client token to load at once")
    _add_target(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    from primer_tui.subcommands import add_scripted  # here: it imports this module

    add_scripted(commands)
    _add_total(commands)
    _add_diff(commands)
    commands.add_parser(
        "emulator", help="run the emulator of Primer's API on loopback", add_help=False
    )
    return parser


def _add_target(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    # In a subcommand, an absent flag must not overwrite the same flag given before the
    # subcommand's name: argparse copies a subparser's defaults over the parent's values.
    unset = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--env", choices=("sandbox", "production"), default=unset,
        help="Primer environment (default: the profile's, else sandbox)",
    )
    parser.add_argument("--base-url", default=unset, help="send requests here (e.g. an emulator)")
    parser.add_argument("--api-version", default=unset, help="X-API-VERSION (default: 2.4)")
    parser.add_argument("--profile", default=unset,
                        help="a profile from the config file (primer-tui config path)")


def subcommand(commands: Any, name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
    """A subcommand with its examples, taking the target flags after its name too."""
    parser = commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:],
                                 epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_target(parser, sub=True)
    return parser


def _add_total(commands: Any) -> None:
    total = subcommand(
        commands, "total", "the total breakdown of a session",
        "examples:\n  primer-tui total --file session.json --json | jq .computedTotal\n"
        "  primer-tui total --token \"$TOKEN\"",
    )
    source = total.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", type=Path, help="a session as JSON ('-': stdin)")
    source.add_argument("--token", help="load the session with this client token")
    total.add_argument("--json", action="store_true", help="machine-readable output")
    total.add_argument("--timeout", type=float, metavar="SECONDS", help=argparse.SUPPRESS)


def _add_diff(commands: Any) -> None:
    diff = subcommand(
        commands, "diff", "the PATCH body that turns BASE into EDITED (warnings on stderr)",
        "example:\n  primer-tui get --token T > base.json; cp base.json edited.json\n"
        "  $EDITOR edited.json; primer-tui diff base.json edited.json",
    )
    diff.add_argument("base", type=Path, metavar="BASE.json")
    diff.add_argument("edited", type=Path, metavar="EDITED.json")
    diff.add_argument("--client-token", help="put this token in the body (default: a placeholder)")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``primer-tui`` command."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["emulator"]:
        from primer_tui.emulator.cli import main as emulator_main

        return emulator_main(argv[1:])
    args = build_parser().parse_args(argv)
    handler = {"total": run_total, "diff": run_diff, "config": run_config}.get(args.command)
    if args.command in SCRIPTED:
        from primer_tui.scripted import run as handler
    try:
        return (handler or run_editor)(args)
    except UsageError as error:
        print(f"primer-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("primer-tui: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout closed early (`| head`): not an error worth a traceback.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return EXIT_OK


@dataclass(frozen=True)
class Target:
    """Where requests go and with which key: flags, then the profile, then the defaults."""

    environment: str
    base_url: str | None
    api_version: str
    api_key: Any = field(default=None, repr=False)
    """A ``config.ApiKey`` (its repr is masked), or None."""
    theme: str | None = None
    """The profile's UI theme, if it names one."""


def resolve_target(args: argparse.Namespace, *, prompt: bool) -> Target:
    """Flags over the profile over the defaults; the key from its sources (config.py)."""
    from primer_tui.config import ConfigError, load_config, resolve_api_key, terminal_prompt

    try:
        profile = load_config().profile(args.profile)
        key = resolve_api_key(profile, prompt=terminal_prompt() if prompt else None)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    base_url = args.base_url or (profile.base_url if profile else None)
    fallback = "custom" if base_url else "sandbox"
    environment = args.env or (profile.environment if profile else fallback)
    version = args.api_version or (profile.api_version if profile else "2.4")
    return Target(environment, base_url, version, key, profile.theme if profile else None)


def run_editor(args: argparse.Namespace) -> int:
    if args.demo:
        given = [flag for flag in ("--env", "--base-url", "--api-version", "--profile")
                 if getattr(args, flag[2:].replace("-", "_"), None) is not None]
        if given:  # said, not ignored: the demo never goes anywhere else
            raise UsageError(f"--demo runs on the built-in emulator: {', '.join(given)} "
                             "cannot be used with it")
    target = None if args.demo else resolve_target(args, prompt=True)
    # Start-up (imports, then styling every widget) allocates well over a million objects: the
    # automatic collections during it cost about 150 ms, two of them full ones. Paused until the
    # first screen is drawn (PrimerApp.on_mount and startup_done), and on again whatever happens.
    gc.disable()
    try:
        from primer_tui.ui.app import run

        return run(args, target)
    finally:
        gc.enable()


def run_config(args: argparse.Namespace) -> int:
    from primer_tui.config import config_path

    print(config_path())
    return EXIT_OK


def run_total(args: argparse.Namespace) -> int:
    from primer_tui.report import breakdown_json, breakdown_text
    from primer_tui.totals import checkout_totals

    if args.file is not None:
        session = read_session(args.file)
    else:
        from primer_tui.scripted import fetch_session

        session = fetch_session(args)
        if session is None:
            return EXIT_API
    breakdown = checkout_totals(session)
    if args.json:
        print(json.dumps(breakdown_json(breakdown), indent=2))
    else:
        print(breakdown_text(breakdown))
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from primer_tui.patch import PLACEHOLDER_TOKEN, build_patch

    from primer_tui.model import unsent_fields

    base, edited = read_session(args.base), read_session(args.edited)
    patch = build_patch(base, edited, client_token=args.client_token or PLACEHOLDER_TOKEN)
    for warning in [*unsent_fields(base, edited), *patch.warnings]:
        print(f"warning: {warning}", file=sys.stderr)
    if patch.body is None:
        print("no changes: nothing to send", file=sys.stderr)
        return EXIT_OK
    print(json.dumps(patch.body, indent=2, ensure_ascii=False))
    return EXIT_OK


def read_session(path: Path) -> Any:
    """A session from a JSON file (``-`` for stdin); bad input raises ``UsageError``."""
    from pydantic import ValidationError

    from primer_tui.model import Session, describe_errors

    data = _read_json(path)
    try:
        return Session.from_wire(data)
    except ValidationError as error:
        problems = "\n".join(f"  {field or 'session'}: {msg}" for field, msg in describe_errors(error))
        raise UsageError(f"{path} is not a valid client session:\n{problems}") from None


def _read_json(path: Path) -> Any:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(f"cannot read {path}: {reason}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise UsageError(f"{path} is not JSON: {error.msg} ({where})") from None
    except RecursionError:
        raise UsageError(f"{path} is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:  # an integer of more than 4,300 digits (sys.int_info)
        raise UsageError(f"{path} is not usable JSON: {error}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path} is not a client session: expected a JSON object")
    if _too_deep(data):
        raise UsageError(f"{path} is nested more than {MAX_DEPTH} levels deep")
    return data


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests more than ``MAX_DEPTH`` objects or arrays (no recursion: no limit)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False
