"""The scripted subcommands' arguments and help: ``get``, ``patch``, ``create``, ``config``.

Apart from ``cli.py`` to keep that module short, and apart from ``scripted.py`` (the handlers) so
that building the parser, which every command does, loads neither httpx nor pydantic.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from primer_tui.cli import subcommand
from primer_tui.export import STYLES

GET_EXAMPLES = """\
examples:
  primer-tui get --token "$TOKEN" > session.json
  primer-tui get --token "$TOKEN" --base-url http://127.0.0.1:8765 | jq .order
"""

PATCH_EXAMPLES = """\
VALUE is read as JSON when it is JSON (2, true, null, {"a": 1}, '"007"'), else as text.
Money is in minor units: 650 is £6.50. Paths use the wire names (camelCase).

examples:
  primer-tui patch --token "$TOKEN" --set 'order.lineItems[0].quantity=2' --dry-run
  primer-tui patch --token "$TOKEN" --set customer.emailAddress=jo@example.com --yes
  primer-tui patch --token "$TOKEN" --set metadata.ticket=SUP-42 --unset customer.mobileNumber
  primer-tui patch --token "$TOKEN" --set 'order.lineItems[1]={"itemId": "x", "amount": 500}'
  primer-tui patch --token "$TOKEN" --unset 'order.lineItems[1]'
  primer-tui get --token "$TOKEN" > base.json; cp base.json edited.json; $EDITOR edited.json
  primer-tui patch --token "$TOKEN" --file edited.json --base base.json
  primer-tui patch --token "$TOKEN" --edit
  primer-tui patch --token "$TOKEN" --set amount=700 --as curl
"""

CREATE_EXAMPLES = """\
examples:
  TOKEN=$(primer-tui create --file new-session.json)
  primer-tui create --file new-session.json --json | jq .clientTokenExpirationDate
  primer-tui create --file new-session.json --as httpie
"""


def add_scripted(commands: Any) -> None:
    """Add ``get``, ``patch``, ``create`` and ``config`` to ``commands`` (argparse subparsers)."""
    _add_get(commands)
    _add_patch(commands)
    _add_create(commands)
    _add_config(commands)


def _add_network(parser: argparse.ArgumentParser, *, token: bool) -> None:
    if token:
        parser.add_argument("--token", default=argparse.SUPPRESS, help="the client token")
    parser.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                        help="give up on a request after this long (default: 95 s to read)")


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds above 0: {text!r}")
    return seconds


def _add_get(commands: Any) -> None:
    get = subcommand(commands, "get", "print a session as JSON", GET_EXAMPLES)
    _add_network(get, token=True)


def _add_patch(commands: Any) -> None:
    patch = subcommand(commands, "patch", "change a session, through the editor's PATCH builder",
                        PATCH_EXAMPLES)
    _add_network(patch, token=True)
    patch.add_argument("--set", dest="edits", action="append", type=_set_edit, default=[],
                       metavar="PATH=VALUE", help="set a field (repeatable)")
    patch.add_argument("--unset", dest="edits", action="append", type=_unset_edit,
                       metavar="PATH", help="remove a field or a list item (repeatable)")
    patch.add_argument("--file", type=Path, help="the edited session (as `get` printed it)")
    patch.add_argument("--base", type=Path, metavar="BASE.json",
                       help="with --file: the session it was edited from; refuse if the server "
                       "changed since")
    patch.add_argument("--edit", action="store_true", help="edit the session in $EDITOR first")
    patch.add_argument("--dry-run", action="store_true", help="print the body, send nothing")
    patch.add_argument("--as", dest="export", choices=STYLES,
                       help="print the request as a command (key as $PRIMER_API_KEY); sends nothing")
    patch.add_argument("--yes", "-y", action="store_true", help="send without asking")


def _set_edit(text: str) -> tuple[str, str]:
    return ("set", text)


def _unset_edit(text: str) -> tuple[str, str]:
    return ("unset", text)


def _add_create(commands: Any) -> None:
    create = subcommand(commands, "create", "create a session; print its clientToken",
                         CREATE_EXAMPLES)
    _add_network(create, token=False)
    create.add_argument("--file", type=Path, required=True, help="the new session ('-': stdin)")
    create.add_argument("--json", action="store_true", help="print the whole answer")
    create.add_argument("--dry-run", action="store_true", help="print the body, send nothing")
    create.add_argument("--as", dest="export", choices=STYLES,
                        help="print the request as a command (key as $PRIMER_API_KEY); sends nothing")


def _add_config(commands: Any) -> None:
    config = subcommand(commands, "config", "the config file and its profiles",
                         "example:\n  $EDITOR \"$(primer-tui config path)\"")
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("path", help="print where the config file is (it may not exist yet)")


