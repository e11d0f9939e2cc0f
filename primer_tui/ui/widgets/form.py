"""A form of fields bound to paths in the session: the base of the editor's panels.

A panel lists :class:`FieldSpec` s; each becomes a labelled input that converts what is typed
(money in the currency's major units, whole numbers, choices) and posts
:class:`FormPanel.Edited` with the field's path and value. The screen applies it to the draft
(``edit.set_value``) and answers with :meth:`FormPanel.show_error` when the value is refused.
What was typed is never replaced: errors show beside the input.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, RenderResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select

from primer_tui.edit import Path, get_value
from primer_tui.model import Session
from primer_tui.money import MoneyError, format_plain, parse
from primer_tui.ui.lines import LineStrips
from primer_tui.ui.startup import StyledWhenMounted

_ID_SAFE = re.compile(r"[A-Za-z0-9_]+")

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
        """``f-customer-email_address``; list indexes are left out (a row form is re-pointed).

        A part that is not only letters, digits and underscores (a payment method type as the
        server sent it: ``apple.pay``, ``é``) is written as ``-`` and its UTF-8 bytes in hex, so
        every id is a valid Textual id and two paths never share one."""
        return "f-" + "-".join(_id_part(part) for part in self.path if not isinstance(part, int))


def _id_part(part: str) -> str:
    return part if _ID_SAFE.fullmatch(part) else "-" + part.encode().hex()


class FieldRow(Widget):
    """One field: its label, its control, and a note beside it (minor units, or the error).

    The row draws the label (in the control's left margin) and the note (right of the control)
    itself: a Label and a Static per field were 44 of the customer tab's 144 widgets, and every
    widget costs Textual styling, layout, rendering and memory at start-up (issue 7). The label
    wraps as a Label would; the note wraps in the grid's last column (primer.tcss), which is
    there only where a note is shown (a narrow terminal shows errors only). Its lines are drawn
    one at a time (``LineStrips``): a money field's note changes on every key.
    """

    DEFAULT_CSS = """
    FieldRow { width: 1fr; height: auto; overflow: hidden hidden; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"field-row--label", "field-row--note"}

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(id=spec.id, classes="field-row")
        self.spec = spec
        self.error: str | None = None
        """The message shown beside the input, if any."""
        self.error_from_server = False
        """The error is the server's answer to a value the draft holds (a 422), not a refusal
        of what was typed: it does not hold back a review."""
        self.note = ""
        """The text beside the control: the error, or what a money field holds in minor units."""
        self._wrapped: tuple[tuple[str, int], list[str]] = (("", 0), [])
        self._styles: tuple[Style, Style] | None = None
        self._strips = LineStrips()

    def compose(self) -> ComposeResult:
        yield _control(self.spec)

    @property
    def _label_width(self) -> int:
        """The label's columns: the control's left margin (CSS), less one column of space."""
        control = self.children[0] if self.children else None
        return max(1, (control.styles.margin.left if control else 24) - 1)

    def _label_lines(self) -> list[str]:
        return textwrap.wrap(self.spec.label, self._label_width) or [""]

    def _note_lines(self, width: int) -> list[str]:
        """The note wrapped for a row ``width`` columns wide; none where no note is shown."""
        if not self.note or self.styles.grid_size_columns < 3:
            return []
        # The last of the grid's two equal columns after the label's, less the space before
        # the note: never wider than what the control leaves, however the halves round.
        room = max(1, (width - self._label_width - 1) // 2 - 1)
        if self._wrapped[0] != (self.note, room):  # asked three times a keystroke
            # Rich's wrapping, as a Static's: by cells (an emoji is two), long words folded.
            lines = Text(self.note).wrap(self.app.console, room, overflow="fold")
            self._wrapped = ((self.note, room), [line.plain.rstrip() for line in lines] or [""])
        return self._wrapped[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _label_and_note_styles(self) -> tuple[Style, Style]:
        """The component styles, kept until the CSS restyles the row: Textual's own cache of
        them is emptied by every repaint, which a money field's note asks for on each key."""
        if self._styles is None:
            self._styles = (self.get_component_rich_style("field-row--label"),
                            self.get_component_rich_style("field-row--note"))
        return self._styles

    def _lines(self, width: int) -> list[Text]:
        """The label's lines, with the note's beside them from the control's right edge."""
        labels, notes = self._label_lines(), self._note_lines(width)
        control = self.children[0] if self.children else None
        note_x = (control.region.right - self.content_region.x + 1) if control else width
        label_style, note_style = self._label_and_note_styles()
        lines = []
        for index in range(max(len(labels), len(notes))):
            label = labels[index] if index < len(labels) else ""
            line = Text()
            line.append(label, style=label_style)
            if index < len(notes):
                line.append(" " * max(0, note_x - cell_len(label)))
                line.append(notes[index], style=note_style)
            lines.append(line)
        return lines

    def render(self) -> RenderResult:
        """The row's text (for text selection): drawn by ``render_line``."""
        return Text("\n").join(self._lines(self.content_region.width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines(width)
        if y >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        return self._strips.strip(self, y, lines[y], width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(super().get_content_height(container, viewport, width),
                   len(self._label_lines()), len(self._note_lines(width)))

    def show_note(self, text: str) -> None:
        """Show ``text`` beside the control."""
        if text == self.note:
            return
        width = self.content_region.width
        before = len(self._note_lines(width))
        self.note = text
        # Repainted in place; a layout pass of the whole screen only when the row's height
        # changes (not on each keystroke that changes a money field's minor units).
        self.refresh(layout=len(self._note_lines(width)) != before)


def _control(spec: FieldSpec) -> Widget:
    if spec.kind == "choice":
        options = [(choice, choice) for choice in spec.choices]
        return FieldSelect(options, prompt="(not set)", type_to_search=True, compact=True,
                           classes="field-input")
    if spec.kind == "bool":
        return FieldCheckbox(compact=True, classes="field-input")
    # No ``restrict`` for whole numbers: it drops a refused key without a word, so "2.5" typed
    # became 25. The text stays as typed, with its error (``convert_text``).
    # "-valid" from the start: Input adds it when it first validates (it has no validators, so
    # always), and adding it then restyles the input, once per field at start-up.
    return FieldInput(placeholder=spec.placeholder, compact=True, classes="field-input -valid")


class FieldSelect(StyledWhenMounted, Select):
    """A field row's ``Select``: not styled before it is mounted."""


class FieldCheckbox(StyledWhenMounted, Checkbox):
    """A field row's ``Checkbox``: not styled before it is mounted."""


class FieldInput(StyledWhenMounted, Input):
    """A field row's ``Input``: typing repaints it and updates the draft within the keystroke.

    Built in ``compose`` with ``compact=True``, it is styled when mounted, not before too
    (``StyledWhenMounted``). Three things Textual's ``Input`` does per keystroke are too slow
    for a screen of forms:

    - It stores the width of its text in ``virtual_size``, a reactive declared ``layout=True``,
      so every key asks for a layout pass of the whole screen and a full redraw after it (30-40
      ms with the editor's forms mounted). A field's input has a fixed size (``width: 1fr``,
      ``height: 1``): its text never moves anything else, and the horizontal scroll it needs
      reads ``virtual_size`` directly. Layout is passed on only for an ``auto`` width or height.
    - It reports the new text with ``Input.Changed``, a message that then travels widget by
      widget to the screen: the frame showing the key is drawn before the totals change, and
      the totals wait for the next one (16.7 ms later at 60 fps). So the form is told at once,
      from the value's watcher, and the totals are in the same frame as the text.
    - A key that is not a character (backspace, delete, the arrows, home, end, enter, tab) is
      passed up through each ancestor to the app, a message hop each, and only then does the
      app run its binding: 1.8 ms more for a backspace than a digit at 1,000 items. So the
      input runs the bindings at once, as the app would (``_on_key``; a binding with priority
      was run before the input saw the key), unless an ancestor has a handler for that key
      itself (escape: the screen's clears a text selection), which must see it first.

    And keys that come together (a paste of keys, a script) are all handed to the widget
    focused when they arrive, before the first is handled: after a ``tab``, Textual typed the
    rest into the field being left. A key that reaches the field after the focus moved on is
    passed to the widget that has it now (or to the screen pushed, ctrl+s's review, before
    it gives anything the focus).
    """

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> FieldInput:
        if layout and not self.styles.auto_dimensions:
            layout = False
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's handler in turn, this one first.
        target = self._now_focused()
        if target is not None:
            # Sent here while this field had the focus, with keys before it that moved it on
            # (tab, ctrl+s): the key is for the widget (or the new screen) that has it now.
            event.stop()
            event.prevent_default()
            # As the app hands a key on (marked forwarded: if it comes back up to the app, it
            # is not handed on again).
            forward = getattr(target, "_forward_event", target.post_message)
            forward(events.Key(event.key, event.character))
            return
        check_bindings = getattr(self.app, "_check_bindings", None)
        if event.is_printable or not callable(check_bindings) or self._handled_above(event):
            return  # a character: Input's handler, next, inserts it; else Textual's way
        await super()._on_key(event)  # Input's (shows the cursor at once), not run twice
        event.prevent_default()
        # The bindings of the input, the form, the screen and the app, as the app checks them
        # when the key reaches it.
        if await check_bindings(event.key):
            event.stop()

    def _now_focused(self) -> Widget | None:
        """Where a key that reaches this field should go instead, if anywhere: the focused
        widget, or the screen now shown when nothing in it has the focus yet."""
        app = self.app
        focused = app.focused
        if focused is None and app.screen is not self.screen:
            focused = app.screen
        return focused if focused is not self else None

    def _handled_above(self, event: events.Key) -> bool:
        """An ancestor has a handler for the key itself (the screen's ``_key_escape`` clears a
        text selection): it must see the key before the bindings run, as in Textual."""
        names = [prefix + name for name in event.name_aliases for prefix in ("key_", "_key_")]
        return any(hasattr(node, name) for node in self.ancestors if node is not self.app
                   for name in names)

    def watch_value(self) -> None:
        form = next((node for node in self.ancestors if isinstance(node, FormPanel)), None)
        if form is not None:
            form.field_typed(self)


class FormPanel(VerticalScroll):
    """A form over some fields of the session."""

    FIELDS: tuple[FieldSpec, ...] = ()
    can_focus = False  # tab goes from the tabs to the first field; focus scrolls the form

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
        self._quiet = False
        """True while values are being shown (not typed): no edits are posted."""

    def compose(self) -> ComposeResult:
        for spec in self.FIELDS:
            yield FieldRow(spec)

    def load(self, session: Session, base: Session) -> None:
        """Show ``session``'s values (without posting edits) and mark those unlike ``base``."""
        self.load_rows(session, base, self.query(FieldRow))

    def load_rows(self, session: Session, base: Session, rows: Iterable[FieldRow]) -> None:
        """``load`` for ``rows`` only. A row mounted but not composed yet (no control) is
        skipped: whoever mounted it fills it once it is (``SurchargesPanel``)."""
        self.currency = session.currency_code or "GBP"
        for row in rows:
            if not row.children:
                continue
            value = get_value(session, row.spec.path)
            if not self._already_means(row, value):
                self._show(row, value)
            self.mark(row.spec.path, value != get_value(base, row.spec.path))
            row.set_class(False, "-invalid")  # what is shown now is the model's valid value
            row.error = None
            self._note(row, value)

    def set_currency(self, session: Session) -> None:
        """The currency is now ``session``'s: show each amount in it. Minor units are kept (so
        are the draft's amounts); text that was refused is read again, as typed, in the new
        currency. Only money fields are touched: nothing else being typed is replaced."""
        currency = session.currency_code or "GBP"
        if currency == self.currency:
            return
        self.currency = currency
        for row in self.query(FieldRow):
            if row.spec.kind != "money" or not row.children:  # not composed yet: filled later
                continue
            if row.has_class("-invalid"):
                self._field_changed(row, row.query_one(".field-input"))
            else:
                self._show(row, get_value(session, row.spec.path))

    def _already_means(self, row: FieldRow, value: Any) -> bool:
        """True when ``row`` shows no error and its text, as typed, is ``value`` (``7.5`` for
        750): it is left alone. Set to ``7.50``, a field being typed in (an answer to a send
        came meanwhile) would turn the next key into ``7.509``."""
        if row.error is not None or not row.children:
            return False
        try:
            return _convert(row.spec, row.children[0], self.currency) == value
        except ValueError:
            return False

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
            self._show(row, value)

    def show_loaded(self, path: Path, value: Any) -> None:
        """Show ``value`` at ``path`` in place of what was typed there: no error, its note."""
        row = self.row_for(path)
        if row is not None:
            self._show(row, value)
            self.show_error(path, None)
            self._note(row, value)

    def _show(self, row: FieldRow, value: Any) -> None:
        control = row.query_one(".field-input")
        self._quiet = True
        try:
            with control.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
                _set_control(control, row.spec, value, self.currency)
        finally:
            self._quiet = False

    def mark(self, path: Path, changed: bool) -> None:
        if (row := self.row_for(path)) is not None:
            row.set_class(changed, "-changed")

    def show_error(self, path: Path, message: str | None, *, from_server: bool = False) -> None:
        """Show ``message`` beside the field at ``path`` (``None`` clears it); ``from_server``:
        the server refused the value the draft holds (its text is not a refused typing)."""
        row = self.row_for(path)
        if row is None:
            return
        if from_server and row.error is not None and not row.error_from_server:
            return  # the field holds refused text, not the value the server refused: it stays
        row.set_class(message is not None, "-invalid")
        if message is not None and message != row.error:
            row.show_note(message)
        refused_text = not from_server and (message is not None or row.error is not None)
        row.error = message
        row.error_from_server = from_server and message is not None
        if refused_text:
            typed_text_changed_at(self)

    def field_typed(self, control: FieldInput) -> None:
        """``control``'s text changed (called from its watcher, within the keystroke)."""
        row = next((node for node in control.ancestors if isinstance(node, FieldRow)), None)
        if not self._quiet and row is not None:
            self._field_changed(row, control)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        row = next((a for a in event.control.ancestors if isinstance(a, FieldRow)), None)
        if row is None:
            return
        event.stop()
        if not isinstance(event.control, FieldInput):  # a FieldInput's text was handled already
            self._field_changed(row, event.control)

    def _field_changed(self, row: FieldRow, control: Widget) -> None:
        try:
            value = _convert(row.spec, control, self.currency)
        except ValueError as error:
            self.show_error(row.spec.path, str(error))
            return
        self.show_error(row.spec.path, None)
        self._note(row, value)
        self._emit(self.Edited(self, row.spec.path, value))

    def _emit(self, edited: Edited) -> None:
        """Hand ``edited`` to the screen at once if it applies edits (``apply_edit``), so the
        totals follow in the frame that shows the keystroke; else post it as a message."""
        apply_edit = getattr(self.screen, "apply_edit", None)
        if callable(apply_edit):
            apply_edit(edited)
        else:
            self.post_message(edited)

    def _note(self, row: FieldRow, value: Any) -> None:
        if row.has_class("-invalid"):
            return
        row.show_note(f"= {value} minor unit{'' if value == 1 else 's'}"
                      if row.spec.kind == "money" and value is not None
                      else "")


def typed_text_changed_at(panel: Widget) -> None:
    """Text that is not in the draft (a refused value) was typed or cleared: the screen saves
    it with the draft (``EditorScreen.typed_text_changed``), which alone does not change."""
    changed = getattr(panel.screen, "typed_text_changed", None) if panel.is_attached else None
    if callable(changed):
        changed()


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


_WHOLE = re.compile(r"-?[0-9]+")


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
        if not _WHOLE.fullmatch(text):
            raise ValueError(f"'{text[:20]}' is not a whole number")
        return int(text)
    if spec.kind == "number":
        return _number(text)
    if spec.kind == "list":
        return [part.upper() for part in text.replace(",", " ").split()]
    return text
