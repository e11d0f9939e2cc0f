"""``get``, ``patch`` and ``create``: the editor's load, edit and send, for scripts.

The same core as the editor: ``edit.set_value`` checks each ``--set``, ``patch.build_patch`` writes
the body, ``audit.append`` records every PATCH sent. Streams follow DESIGN.md: what a script reads
on stdout (the session, the server's answer, a dry run's body or command, a new clientToken), the
rest on stderr. Exit 1 when the API or the network failed, 2 for bad input or a send not confirmed.

Decisions, and what they cost:

- Bases. ``--set``/``--unset`` edit the session as loaded, its computed ``amount`` dropped
  (``without_computed_amount``, as the editor does), so changing a line item never sends the old
  total as an override. ``--file``/``--edit`` compare the edited file with the session as GET
  returns it, which is what ``get`` printed and the file was made from (as ``diff`` does).
- A file made earlier cannot tell what changed on the server since; ``--base BASE.json`` (the
  ``get`` output it was edited from) lets ``patch`` refuse when the server moved on meanwhile.
  Without it, a newer server value in a unit the file resends is overwritten.
- Sending asks first, on the terminal: ``Send? [y/N]``, or in production the orderId typed out.
  No terminal and no ``--yes`` means nothing is sent (exit 2): a script must say ``--yes``.
  When sending, the body goes to stderr (it is for the person confirming); stdout gets only the
  server's answer, so ``patch --yes | jq`` reads one JSON document.
- ``--as`` implies ``--dry-run``: an exported command is for running later, elsewhere.
- A client token that does not decode is still sent: the server is the judge (its 400 names the
  problem). One that decodes to another environment is refused before any request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from pydantic import ValidationError

from primer_tui._httpx import httpx
from primer_tui.audit import append, entry_for
from primer_tui.cli import EXIT_API, EXIT_OK, Target, UsageError, read_session, resolve_target
from primer_tui.client import ENVIRONMENTS, PrimerClient, PrimerError
from primer_tui.conflicts import find_conflicts
from primer_tui.export import export_request
from primer_tui.model import Session, describe_errors, unsent_fields
from primer_tui.patch import build_patch, unapplied, unapplied_text
from primer_tui.scripted_edits import apply_edits, edit_in_editor
from primer_tui.token import TokenError, decode, env_mismatch
from primer_tui.totals import without_computed_amount


class AnswerError(Exception):
    """The server answered, but not with something usable: exit 1."""


def run(args: argparse.Namespace) -> int:
    """Run ``get``, ``patch`` or ``create``; API and network failures are reported here (exit 1)."""
    handler = {"get": _get, "patch": _patch, "create": _create}[args.command]
    try:
        return asyncio.run(handler(args))
    except PrimerError as error:
        print(describe_failure(error), file=sys.stderr)
    except AnswerError as error:
        print(f"primer-tui: {error}", file=sys.stderr)
    return EXIT_API


def fetch_session(args: argparse.Namespace) -> Session | None:
    """GET the session of ``--token`` (for ``total``); None after reporting a failure."""
    async def fetch() -> dict[str, Any]:
        target = target_of(args)
        async with open_client(target, args.timeout) as client:
            return await client.get(client_token(args, target))

    try:
        return _session(asyncio.run(fetch()))
    except PrimerError as error:
        print(describe_failure(error), file=sys.stderr)
    except AnswerError as error:
        print(f"primer-tui: {error}", file=sys.stderr)
    return None


def describe_failure(error: PrimerError) -> str:
    """What failed (with Primer's errorId, description and diagnosticsId) and what to do."""
    lines = [f"primer-tui: {error}"]
    diagnostics = getattr(error, "diagnostics_id", None)
    if diagnostics and diagnostics not in str(error):
        lines.append(f"Diagnostics ID: {diagnostics} (quote it to Primer support)")
    if error.hint:
        lines.append(f"hint: {error.hint}")
    return "\n".join(lines)


# --- the connection -----------------------------------------------------------------------------


def target_of(args: argparse.Namespace) -> Target:
    """Where requests go (flags, profile, defaults), with the key; refused without one for Primer."""
    target = resolve_target(args, prompt=True)
    if target.api_key is None and target.base_url is None:
        raise UsageError("no API key: set PRIMER_API_KEY, or api_key_env in a profile of "
                         "the config file (primer-tui config path)")
    return target


def open_client(target: Target, timeout: float | None) -> PrimerClient:
    """A client for ``target``; ``timeout`` seconds for each phase, else the default."""
    url = target.base_url or ENVIRONMENTS.get(target.environment, ENVIRONMENTS["sandbox"])
    key = target.api_key.reveal() if target.api_key else None
    try:
        return PrimerClient(api_key=key, base_url=url, api_version=target.api_version,
                            timeout=httpx.Timeout(timeout) if timeout else None)
    except ValueError as error:
        raise UsageError(str(error)) from None


def client_token(args: argparse.Namespace, target: Target) -> str:
    """``--token`` without whitespace; refused when it is for another environment."""
    if not getattr(args, "token", None):
        raise UsageError(f"{args.command} needs --token CLIENT_TOKEN")
    token = "".join(args.token.split())
    try:
        decoded = decode(token)
    except TokenError:
        return token  # the server says what is wrong with it
    problem = env_mismatch(decoded, target.environment)
    if problem:
        raise UsageError(f"not sent: {problem}")
    if decoded.expired():
        print("warning: this client token has expired: the server will refuse it",
              file=sys.stderr)
    return token


def _print_json(data: Any, *, file: Any = None) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False), file=file or sys.stdout)


# --- get and create -----------------------------------------------------------------------------


async def _get(args: argparse.Namespace) -> int:
    target = target_of(args)
    token = client_token(args, target)
    async with open_client(target, args.timeout) as client:
        _print_json(await client.get(token))
    return EXIT_OK


async def _create(args: argparse.Namespace) -> int:
    body = read_session(args.file).to_wire()
    async with open_client(target_of(args), args.timeout) as client:
        if args.export or args.dry_run:
            _dry_run(args, "POST", client.base_url, body, client.api_version)
            return EXIT_OK
        answer = await client.create(body)
    if args.json:
        _print_json(answer)
    else:
        print(answer["clientToken"])
    return EXIT_OK


def _dry_run(args: argparse.Namespace, method: str, base_url: str, body: dict[str, Any],
             api_version: str) -> None:
    if args.export:
        print(export_request(method, f"{base_url}/client-session", body, api_version, args.export))
    else:
        _print_json(body)
    print("dry run: nothing sent", file=sys.stderr)


# --- patch --------------------------------------------------------------------------------------


async def _patch(args: argparse.Namespace) -> int:
    _check_sources(args)
    target = target_of(args)
    token = client_token(args, target)
    async with open_client(target, args.timeout) as client:
        server = _session(await client.get(token))
        base, draft = _base_and_draft(args, server)
        patch = build_patch(base, draft, client_token=token) if draft else None
        unsent = unsent_fields(base, draft) if draft else []
        for warning in [*unsent, *(patch.warnings if patch else ())]:
            print(f"warning: {warning}", file=sys.stderr)
        if patch is None or patch.body is None:
            print("no changes: nothing to send", file=sys.stderr)
            return EXIT_OK
        if args.dry_run or args.export:
            _dry_run(args, "PATCH", client.base_url, patch.body, client.api_version)
            return EXIT_OK
        print(f"PATCH {client.base_url}/client-session", file=sys.stderr)
        _print_json(patch.body, file=sys.stderr)
        confirm(args, target.environment, draft)
        return await _send(client, target, base, patch.body)


def _check_sources(args: argparse.Namespace) -> None:
    sources = [bool(args.edits), args.file is not None, args.edit]
    if sum(sources) != 1:
        raise UsageError("patch needs one of --set/--unset, --file or --edit")
    if args.base is not None and args.file is None:
        raise UsageError("--base goes with --file (the session the file was edited from)")


def _session(wire: dict[str, Any]) -> Session:
    try:
        return Session.from_wire(wire)
    except ValidationError as error:
        problems = "; ".join(f"{path or 'session'}: {msg}" for path, msg in describe_errors(error))
        raise AnswerError(f"the server's session is not one this tool can read: {problems}") from None


def _base_and_draft(args: argparse.Namespace, server: Session) -> tuple[Session, Session | None]:
    """(base, draft) to diff; the draft is None when the editor left the file as it was."""
    if args.edits:
        base = without_computed_amount(server)
        return base, apply_edits(base, args.edits)
    if args.edit:
        return server, edit_in_editor(server)
    draft = read_session(args.file)
    if args.base is not None:
        _refuse_conflicts(read_session(args.base), server, draft)
    return server, draft


def _refuse_conflicts(loaded: Session, server: Session, draft: Session) -> None:
    changed = [conflict.path for conflict in find_conflicts(loaded, server, draft)]
    if changed:
        raise UsageError(
            f"not sent: the session changed on the server since the base was read "
            f"({', '.join(changed)}); get it again and redo the edit"
        )


# --- confirming and sending ---------------------------------------------------------------------


def confirm(args: argparse.Namespace, environment: str, draft: Session) -> None:
    """Ask on the terminal before sending (unless ``--yes``); raise ``UsageError`` if not agreed."""
    if args.yes:
        return
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError("not sent: no terminal to confirm on; pass --yes to send without asking")
    if environment == "production":
        expected = draft.order_id or "PRODUCTION"
        answer = _ask(f"PRODUCTION: this changes a real customer's session.\n"
                      f"Type the orderId ({expected}) to send: ")
        if answer != expected:
            raise UsageError("not sent: the confirmation did not match")
    elif _ask("Send? [y/N] ").lower() not in ("y", "yes"):
        raise UsageError("not sent")


def _ask(question: str) -> str:
    print(question, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


async def _send(client: PrimerClient, target: Target, base: Session, body: dict[str, Any]) -> int:
    try:
        answer = await client.update(body)
    except PrimerError as error:
        _audit(target, client, base, body, error)
        raise
    _audit(target, client, base, body, None)
    _print_json(answer)
    for change in unapplied(body, answer, base.to_wire()):
        print(f"warning: {unapplied_text(change, json.dumps)}", file=sys.stderr)
    return EXIT_OK


def _audit(target: Target, client: PrimerClient, base: Session, body: dict[str, Any],
           error: PrimerError | None) -> None:
    status: int | str = 200
    if error is not None:
        status = getattr(error, "status", None) or type(error).__name__
    entry = entry_for(base, body, env=target.environment, base_url=client.base_url,
                      status=status, diagnostics_id=getattr(error, "diagnostics_id", None))
    try:
        append(entry, forbidden=target.api_key.reveal() if target.api_key else None)
    except (OSError, ValueError) as problem:
        print(f"warning: the audit log could not be written: {problem}", file=sys.stderr)
