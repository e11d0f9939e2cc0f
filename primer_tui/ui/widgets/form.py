"""A form of fields bound to paths in the session: the base of the editor's panels.

A panel lists :class:`FieldSpec` s; each becomes a labelled input that converts what is typed
(money in the currency's major units, whole numbers, choices) and posts
:class:`FormPanel.Edited` with the field's path and value. The screen applies it to the draft
(``edit.set_value``) and answers with :meth:`FormPanel.show_error` when the value is refused.
What was typed is never replaced: errors show beside the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from primer_tui.edit import Path, get_value
from primer_tui.model import Session
from primer_tui.money import MoneyError, format_plain, parse

Kind = Literal["text", "money", "int", "number", "choice", "bool", "list"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: where it lives in the session and how it is typed."""

    path: Path
    label: str
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    placeholder: str = ""

    @property
    def id(self) -> str:
        """``f-customer-email_address``; list indexes are left out (a row form is re-pointed)."""
        return "f-" + "-".join(str(part) for part in self.path if not isinstance(part, int))


class FieldRow(Horizontal):
    """Label, input, and the note beside it (minor units, or the error)."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(id=spec.id, classes="field-row")
        self.spec = spec
        self.error: str | None = None
        """The message shown beside the input, if any."""

    def compose(self) -> ComposeResult:
        yield Label(self.spec.label, classes="field-label")
        yield _control(self.spec)
        yield Static("", classes="field-note")


def _control(spec: FieldSpec) -> Widget:
    if spec.kind == "choice":
        options = [(choice, choice) for choice in spec.choices]
        return Select(options, prompt="(not set)", type_to_search=True, compact=True, classes="field-input")
    if spec.kind == "bool":
        return Checkbox(compact=True, classes="field-input")
    restrict = r"-?[0-9]*" if spec.kind == "int" else None
    return Input(placeholder=spec.placeholder, restrict=restrict, compact=True, classes="field-input")


class FormPanel(VerticalScroll):
    """A form over some fields of the session."""

    FIELDS: tuple[FieldSpec, ...] = ()

    @dataclass
    class Edited(Message):
        """A field was changed to a valid-looking value (``None``: emptied)."""

        panel: FormPanel
        path: Path
        value: Any

        @property
        def control(self) -> FormPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="form-panel")
        self.currency = "GBP"
        self._rows: dict[Path, FieldRow] | None = None

    def compose(self) -> ComposeResult:
        for spec in self.FIELDS:
            yield FieldRow(spec)

    def load(self, session: Session, base: Session) -> None:
        """Show ``session``'s values (without posting edits) and mark those unlike ``base``."""
        self.currency = session.currency_code or "GBP"
        for row in self.query(FieldRow):
            value = get_value(session, row.spec.path)
            control = row.query_one(".field-input")
            with control.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
                _set_control(control, row.spec, value, self.currency)
            self.mark(row.spec.path, value != get_value(base, row.spec.path))
            row.set_class(False, "-invalid")  # what is shown now is the model's valid value
            row.error = None
            self._note(row, value)

    def row_for(self, path: Path) -> FieldRow | None:
        """The row editing ``path``, if this form has one (looked up on every keystroke)."""
        if not self._rows:  # none yet, or not mounted yet: look again
            self._rows = {row.spec.path: row for row in self.query(FieldRow)}
        return self._rows.get(path)

    def forget_rows(self) -> None:
        """Rows were added or re-pointed: look them up afresh."""
        self._rows = None

    def focus_field(self, path: Path) -> bool:
        row = self.row_for(path)
        if row is not None:
            row.query_one(".field-input").focus()
        return row is not None

    def show_value(self, path: Path, value: Any) -> None:
        """Show ``value`` in the field at ``path`` (set elsewhere), without posting an edit."""
        row = self.row_for(path)
        if row is not None:
            control = row.query_one(".field-input")
            with control.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
                _set_control(control, row.spec, value, self.currency)

    def mark(self, path: Path, changed: bool) -> None:
        if (row := self.row_for(path)) is not None:
            row.set_class(changed, "-changed")

    def show_error(self, path: Path, message: str | None) -> None:
        """Show ``message`` beside the field at ``path`` (``None`` clears it)."""
        row = self.row_for(path)
        if row is None:
            return
        row.set_class(message is not None, "-invalid")
        if message is not None and message != row.error:
            row.query_one(".field-note", Static).update(message)
        row.error = message

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        row = next((a for a in event.control.ancestors if isinstance(a, FieldRow)), None)
        if row is None:
            return
        event.stop()
        try:
            value = _convert(row.spec, event.control, self.currency)
        except ValueError as error:
            self.show_error(row.spec.path, str(error))
            return
        self.show_error(row.spec.path, None)
        self._note(row, value)
        self.post_message(self.Edited(self, row.spec.path, value))

    def _note(self, row: FieldRow, value: Any) -> None:
        if row.has_class("-invalid"):
            return
        note = f"= {value} minor units" if row.spec.kind == "money" and value is not None else ""
        # The note has a fixed width: no layout pass of the whole screen on each keystroke.
        row.query_one(".field-note", Static).update(note, layout=False)


def _set_control(control: Widget, spec: FieldSpec, value: Any, currency: str) -> None:
    if isinstance(control, Select):
        control.value = value if value in spec.choices else Select.NULL
    elif isinstance(control, Checkbox):
        control.value = bool(value)
    elif isinstance(control, Input):
        control.value = _display(spec, value, currency)


def _display(spec: FieldSpec, value: Any, currency: str) -> str:
    if value is None:
        return ""
    if spec.kind == "money":
        try:
            return format_plain(value, currency)
        except MoneyError:
            return str(value)
    if spec.kind == "list":
        return ", ".join(value)
    return str(value)


def _number(text: str) -> int | float:
    try:
        number = float(text) if text.isascii() else float("nan")
    except ValueError:
        number = float("nan")
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"'{text[:20]}' is not a number")
    whole = number.is_integer() and "." not in text and abs(number) < 2**53
    return int(number) if whole else number


def _convert(spec: FieldSpec, control: Widget, currency: str) -> Any:
    """What the control holds, as the model's value; ``ValueError`` with a message if it can't be."""
    if isinstance(control, Select):
        return None if control.value is Select.NULL else control.value
    if isinstance(control, Checkbox):
        return control.value
    return convert_text(spec, control.value if isinstance(control, Input) else "", currency)


def convert_text(spec: FieldSpec, text: str, currency: str) -> Any:
    """Typed text as the model's value (``None`` when empty); ``ValueError`` says what is wrong."""
    text = text.strip()
    if not text:
        return None
    if spec.kind == "money":
        return parse(text, currency)
    if spec.kind == "int":
        if not (text.isascii() and text.lstrip("-").isdigit()):
            raise ValueError(f"'{text[:20]}' is not a whole number")
        return int(text)
    if spec.kind == "number":
        return _number(text)
    if spec.kind == "list":
        return [part.upper() for part in text.replace(",", " ").split()]
    return text
