"""How a script edits a draft: ``--set PATH=VALUE`` / ``--unset PATH``, or a file in $EDITOR.

Each assignment goes through ``edit.set_value``, which validates the one value it sets, so a bad
value is refused naming its path before anything is sent. Paths are the wire's
(``order.lineItems[0].quantity``); the model's spelling works too. A field name the model does
not know (``customer.emailAdress``) is bad input, with the closest known name suggested, unless
the session already holds that field. A path ending in a list index
replaces (a JSON object) or removes (``--unset``) that item, through ``edit``'s list functions.

``--edit`` writes the session to a file in a new private temporary folder (the session holds
personal data), runs ``$EDITOR`` (else ``$VISUAL``, else ``vi``) on it and reads it back. When the
edited file is not a valid session it is kept and its path printed, so the edit is not lost; the
trade-off is a file left behind in the temp dir until the user deletes it or the system cleans up.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from primer_tui.cli import UsageError, read_session
from primer_tui.edit import (
    EditError,
    UnknownField,
    check_path,
    insert_item,
    parse_path,
    remove_item,
    set_value,
)
from primer_tui.model import Session, closest_field, describe_errors, new_nested_extras

_PATH = re.compile(r"[^.\[\]]+(\[\d+\])*(\.[^.\[\]]+(\[\d+\])*)*")
"""A wire path as ``model.parse_wire_path`` reads it; checked first, since that parser skips junk."""


def apply_edits(session: Session, edits: list[tuple[str, str]]) -> Session:
    """``session`` with each ``("set", "PATH=VALUE")`` / ``("unset", "PATH")`` applied in order."""
    for kind, text in edits:
        if kind == "set":
            path, equals, raw = text.partition("=")
            if not equals:
                raise UsageError(f"--set {text}: expected PATH=VALUE, such as orderId=A-1")
            session = _set(session, path.strip(), parse_value(raw))
        else:
            session = _set(session, text.strip(), None)
    return session


def parse_value(text: str) -> Any:
    """JSON when the text is JSON (``2``, ``true``, ``{"a": 1}``, ``"007"``), else the text."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except ValueError:
        return text


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # json.loads takes NaN and Infinity otherwise


def _set(session: Session, text: str, value: Any) -> Session:
    if not _PATH.fullmatch(text):
        raise UsageError(f"cannot set {text!r}: not a path such as order.lineItems[0].quantity")
    try:
        path = parse_path(text)
        check_path(session, path)
        edited = _set_item(session, path, value) if isinstance(path[-1], int) else set_value(
            session, path, value)
        _refuse_unknown_keys(session, edited)
        return edited
    except UnknownField as error:  # its message names the path and the likely field
        raise UsageError(error.message) from None
    except EditError as error:
        raise UsageError(f"cannot set {text}: {error.message}") from None


def _refuse_unknown_keys(before: Session, after: Session) -> None:
    """A JSON value's key the model does not know is refused, as an unknown name in the path
    is: ``{"item_id": ...}`` is a misspelt ``itemId`` far more often than a field of its own."""
    # Keys the session holds already (the server's own, kept as they came: NOTES.md) are fine
    # wherever they are now: removing a line item moves the next one's keys to a new index.
    held = {(model, key) for _, model, key in new_nested_extras(None, before)}
    for where, model, key in new_nested_extras(before, after):
        if (model, key) in held:
            continue
        guess = closest_field(model, key)
        hint = f" (did you mean {guess}?)" if guess else ""
        raise UnknownField(where, f"unknown field {where}{hint}")


def _set_item(session: Session, path: tuple[Any, ...], value: Any) -> Session:
    """Replace (a value) or remove (None) the list item at ``path``."""
    *parent, index = path
    if value is not None and not isinstance(value, dict):
        raise EditError("", "a list item is set as a JSON object, e.g. '{\"amount\": 500}'")
    try:
        trimmed = remove_item(session, tuple(parent), index)
        return trimmed if value is None else insert_item(trimmed, tuple(parent), value, index)
    except ValidationError as error:
        problems = "; ".join(f"{where or 'item'}: {msg}" for where, msg in describe_errors(error))
        raise EditError("", problems) from None
    except (IndexError, KeyError, AttributeError, TypeError):
        raise EditError("", "there is no such list item") from None


def edit_in_editor(session: Session) -> Session | None:
    """The session after the user's editor ran on a copy of it; None when left unchanged."""
    folder = Path(tempfile.mkdtemp(prefix="primer-tui-"))  # mode 0o700: the file holds PII
    path = folder / "session.json"
    original = (json.dumps(session.to_wire(), indent=2, ensure_ascii=False) + "\n").encode()
    try:
        path.write_bytes(original)
        _run_editor(path)
        unchanged = path.read_bytes() == original
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        draft = None if unchanged else read_session(path)
    except UsageError as error:
        raise UsageError(f"{error}\nthe edited file is kept: {path}\n"
                         f'fix it, then: primer-tui patch --token "$TOKEN" --file {path}') from None
    shutil.rmtree(folder, ignore_errors=True)
    return draft


def _run_editor(path: Path) -> None:
    command = os.environ.get("EDITOR") or os.environ.get("VISUAL") or "vi"
    try:
        done = subprocess.run([*shlex.split(command), str(path)], check=False)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot start the editor {command!r}: {error}") from None
    if done.returncode != 0:
        raise UsageError(f"the editor {command!r} exited with status {done.returncode}: nothing sent")
