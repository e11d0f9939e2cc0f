"""Metadata: one ``key = value`` a line, where the value's JSON type is never a guess.

Primer takes string or integer values and refuses an empty key (``MetadataContainsEmptyKey``).
A value is a number only when written as one (``42``, ``-3``); anything else is text as typed
(``bob``, ``007``, ``1.5``), and text in double quotes is text whatever it holds (``"123"``,
``" padded "``; JSON escapes). The panel writes each value back the same way: text that would
read as a number, or would not survive as typed (spaces at the ends, a leading quote, a line
break), is shown quoted. So an entry nobody touched is read back exactly as it was loaded: a
string ``"0042"`` stays a string, never the number 42. Keys follow the same quoting (a key with
``=`` in it is quoted). The panel names the line at fault and keeps the text as typed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from primer_tui.model import Session
from primer_tui.ui.widgets.form import FormPanel, typed_text_changed_at

PATH = ("metadata",)
INT64 = 2**63
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)")
"""A value written as a number: JSON's integers (no leading zeros, no sign but minus)."""
_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9.,_]*")
"""Text that a reader could take for a number ("0042", "1.5"): shown quoted, to be plain."""
_DECODER = json.JSONDecoder(strict=False)
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
"""Line breaks ``str.splitlines`` splits at that ``json.dumps`` leaves as they are."""


def parse_metadata(text: str) -> dict[str, Any] | None:
    """``key = value`` lines as a dict (``None`` when empty); ``ValueError`` names the bad line."""
    result: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, value = _parse_line(line, number)
        if key in lines:
            raise ValueError(f"line {number}: the key is already on line {lines[key]}")
        result[key], lines[key] = value, number
    return result or None


def _parse_line(line: str, number: int) -> tuple[str, Any]:
    line = line.strip()
    if line.startswith('"'):
        key, rest = _quoted(line, number, "key")
        sep, value = rest[:1], rest[1:]
    else:
        key, sep, value = line.partition("=")
        key = key.strip()
    if sep != "=":
        raise ValueError(f"line {number}: write key = value")
    if not key:
        raise ValueError(f"line {number}: the key is empty (Primer refuses empty keys)")
    return key, _value(value.strip(), number)


def _value(text: str, number: int) -> Any:
    if text.startswith('"'):
        value, rest = _quoted(text, number, "value")
        if rest:
            raise ValueError(f"line {number}: only spaces may follow the closing quote")
        return value
    if _NUMBER.fullmatch(text):
        if not -INT64 <= int(text) < INT64:
            raise ValueError(f"line {number}: the number is too large for Primer (int64);"
                             " in quotes it is sent as text")
        return int(text)
    return text


def _quoted(text: str, number: int, what: str) -> tuple[str, str]:
    """The JSON string ``text`` starts with, and what follows it (stripped)."""
    try:
        value, end = _DECODER.raw_decode(text)
    except json.JSONDecodeError:
        message = f"line {number}: the quoted {what} is not closed, or has a bad \\ escape"
        raise ValueError(message) from None
    return value, text[end:].strip()


def format_metadata(metadata: dict[str, Any] | None) -> str:
    """The text ``parse_metadata`` reads back as ``metadata``, each value of the same type."""
    lines = []
    for key, value in (metadata or {}).items():
        shown = str(value) if isinstance(value, int) else _text(value, value=True)
        lines.append(f"{_text(key, value=False)} = {shown}")
    return "\n".join(lines)


def _text(text: str, *, value: bool) -> str:
    """``text`` (a value, or a key) as typed, or quoted when typed it would read otherwise."""
    plain = text.splitlines() == [text] and text == text.strip() and not text.startswith('"')
    if plain and not (_NUMBER_LIKE.fullmatch(text) if value else "=" in text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    for char, escape in _LINE_BREAKS.items():
        quoted = quoted.replace(char, escape)
    return quoted


class MetadataPanel(Vertical):
    """Edits ``metadata`` as text."""

    def compose(self) -> ComposeResult:
        yield Static('One [b]key = value[/] a line. 42 is a number; bob, 007 and "42" are text.',
                     classes="hint")
        yield TextArea(id="metadata-text", soft_wrap=False)
        yield Static("", classes="field-note")

    def load(self, session: Session, base: Session) -> None:
        area = self.query_one(TextArea)
        if not self._already_means(area.text, session.metadata):
            with area.prevent(TextArea.Changed):
                area.load_text(format_metadata(session.metadata))
        self.set_class(session.metadata != base.metadata, "-changed")
        self.show_error(PATH, None)  # what is shown now is the model's valid value

    def _already_means(self, text: str, metadata: dict | None) -> bool:
        """True when ``text`` reads as ``metadata`` as it is: it is left alone, and so is its
        cursor. Rewritten as ``ticket = 12`` under the hands of someone typing ``ticket=12``
        (an answer to a send came meanwhile), the next keys went into the first line."""
        if self.has_class("-invalid"):
            return False
        try:
            return (parse_metadata(text) or {}) == (metadata or {})
        except ValueError:
            return False

    def show_error(self, path: tuple, message: str | None) -> None:
        refused_text = message is not None or self.has_class("-invalid")
        self.set_class(message is not None, "-invalid")
        self.query_one(".field-note", Static).update(Text(message or ""))
        if refused_text:
            typed_text_changed_at(self)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        try:
            value = parse_metadata(event.text_area.text)
        except ValueError as error:
            self.show_error(PATH, str(error))
            return
        self.show_error(PATH, None)
        self.post_message(FormPanel.Edited(self, PATH, value))  # type: ignore[arg-type]
