"""Text typed at a field that is not a value yet: never lost, never sent (standards: nothing
the user typed is lost on any error).

A field refuses text it cannot read (``7,50`` as an amount, a half-typed email): the text stays
in the field with its error, and the draft keeps the field's last valid value. So that text is
not in the draft, and everything that fills the panels from the draft, or counts what is unsent,
or saves the draft for after a crash, has to take it into account. This mixin is how the editor
does: review and send are refused while it shows (``_refused_for_errors``), fills keep it
(``typed_kept``), it counts as unsent, and it is saved with the draft and put back with it
(``typed_texts``, ``put_back_typed``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import Input, TabbedContent

from primer_tui.edit import Path, format_path, get_value, parse_path
from primer_tui.model import Session
from primer_tui.patch import count_changes
from primer_tui.ui.panels import PANELS, tab_for
from primer_tui.ui.row_lineage import row_path
from primer_tui.ui.widgets.form import FieldRow

if TYPE_CHECKING:
    from primer_tui.ui.screens.editor import EditorScreen

METADATA = ("metadata",)
"""The metadata panel's path: its whole text is one field."""


class TypedTextMixin:
    """The editor's handling of refused text; mixed into :class:`EditorScreen`."""

    def _refused_for_errors(self: EditorScreen, verb: str) -> bool:
        """True when a field shows an error: says which, and focuses the first.

        Its text is not in the draft (the draft keeps the field's last valid value, ``7`` of
        ``7,50``): the review would show, and ctrl+s send, a value nobody typed.
        """
        errors = self.fields_in_error()
        if not errors:
            return False
        names = ", ".join(field_name(owner, path) for owner, path, _ in errors)
        plural = "s" if len(errors) > 1 else ""
        self.notify(f"Not {verb}: fix the field{plural} showing an error first: {names}",
                    severity="error", timeout=10)
        _, path, control = errors[0]
        self.query_one(TabbedContent).active = f"tab-{tab_for(path)}"
        self.call_after_refresh(control.focus)
        return True

    def fields_in_error(self: EditorScreen) -> list[tuple[Widget, Path, Widget]]:
        """Each mounted field showing an error: (its row or panel, its path, its control).

        What such a field shows is not in the draft, which keeps the field's last valid value.
        Fields of panels not mounted show nothing, so have no error; nor does the hidden form
        of a list whose last row was deleted (its error went with the row). A server's 422 at
        a field is not one: the draft holds what the field shows, and the fix may be elsewhere.
        """
        found: list[tuple[Widget, Path, Widget]] = [
            (row, row.spec.path, row.query_one(".field-input"))
            for form in self.forms if form.display
            for row in form.query(FieldRow) if row.error is not None and not row.error_from_server
        ]
        # By name: importing the panel would load TextArea at start-up.
        found += [(panel, ("metadata",), panel.query_one("#metadata-text"))
                  for panel in self.query("MetadataPanel.-invalid")]
        return found

    @contextmanager
    def typed_kept(self: EditorScreen, replaced_from: Session | None = None) -> Iterator[None]:
        """Panels filled from the draft inside this block keep the text of fields showing an
        error (not in the draft, so the fill would replace it), and its cursor.

        With ``replaced_from`` (the draft before the block), a field whose value the block
        changed in the draft is filled: the action (an undo, a revert) was about that field.
        """
        kept = [(owner, path, control, _text(control), control.selection)
                for owner, path, control in self.fields_in_error()
                if isinstance(control, Input) or hasattr(control, "load_text")]  # typed text
        yield
        for owner, path, control, text, selection in kept:
            moved = isinstance(owner, FieldRow) and owner.spec.path != path  # form re-pointed
            if moved or not control.is_attached or _text(control) == text:
                continue
            if replaced_from is not None and self.draft is not None and (
                    get_value(replaced_from, path) != get_value(self.draft, path)):
                continue
            _retype(control, text)  # validated again: the error comes back with the text
            control.selection = selection

    def typed_texts(self: EditorScreen) -> dict[str, str]:
        """The text of each field showing an error, by wire path: what a saved draft keeps."""
        return {format_path(path): _text(control) for _, path, control in self.fields_in_error()}

    def typed_rows(self: EditorScreen, typed: dict[str, str]) -> dict[str, dict[str, Any]]:
        """For each ``typed`` path in a list row, that row as the draft holds it (wire JSON):
        how a restore finds the row again when the list has changed meanwhile."""
        rows: dict[str, dict[str, Any]] = {}
        for wire in typed:
            if wire != "metadata" and (at := row_path(parse_path(wire))) is not None:
                row = get_value(self.draft, at) if self.draft is not None else None
                if row is not None:
                    rows[wire] = row.to_wire()
        return rows

    def typed_unsent(self: EditorScreen, errors: list | None = None) -> int:
        """Fields showing refused text over a value the draft has not changed: what quit and
        reload count besides the draft's changes (``7,50`` over a changed amount is one).
        ``errors``: ``fields_in_error()`` if already walked."""
        if self.base is None or self.draft is None:
            return 0
        errors = self.fields_in_error() if errors is None else errors
        return sum(1 for _, path, _ in errors
                   if get_value(self.base, path) == get_value(self.draft, path))

    def typed_text_changed(self: EditorScreen) -> None:
        """A field refused text, or refused text was cleared (on a keystroke: kept cheap). The
        draft did not change, but what a crash would lose did: saved as after an edit. The
        totals' note of such fields is redone once typing pauses."""
        self.schedule_save()
        self.show_held_back_soon()

    def show_held_back_soon(self: EditorScreen) -> None:
        """Redo the totals' note of refused figures in a moment (it walks every form)."""
        if self._held_back_timer is not None:
            self._held_back_timer.stop()
        self._held_back_timer = self.set_timer(0.1, self.show_held_back)

    def show_held_back(self: EditorScreen) -> None:
        """Name, under the totals, the fields of figures whose typed text is refused."""
        errors = self.fields_in_error()
        names = tuple(field_name(owner, path) for owner, path, _ in errors
                      if _counted_in_totals(path))
        for totals in self.query("TotalsPanel"):
            totals.held_back = names
        if self.base is not None and self.draft is not None:  # refused text counts as unsent
            self.typed_unsent_seen = self.typed_unsent(errors)
            self.changes = count_changes(self.base, self.draft) + self.typed_unsent_seen

    async def put_back_typed(
        self: EditorScreen, typed: dict[str, str], rows: dict[str, dict[str, Any]]
    ) -> tuple[list[str], list[str]]:
        """Each saved ``typed`` text back in its field, as if typed (its error shows again).

        A text typed in a list row goes to the row that is the same as when it was saved
        (``rows``), wherever that row is now. Returns the names of the fields the texts went
        to, and a line for each text that found no field (shown: it is not lost).
        """
        put, missed = [], []
        for wire, text in typed.items():
            path = METADATA if wire == "metadata" else parse_path(wire)
            path = self._same_row(path, rows.get(wire))
            control, owner = await self._control_at(path) if path else (None, None)
            # Only text boxes hold refused text (a damaged file may name a choice or a box).
            if isinstance(control, Input) or hasattr(control, "load_text"):
                _retype(control, text)
                put.append(field_name(owner, path))
            else:
                missed.append(f"{wire}: {text!r}")
        if put or missed:
            self.show_held_back_soon()
        return put, missed

    def _same_row(self: EditorScreen, path: Path, saved: dict[str, Any] | None) -> Path | None:
        """``path`` with its row index pointing at the row equal to ``saved`` (the index it
        had if that row is still the same), else at the row with its ``itemId`` (a line item
        someone changed meanwhile); ``None`` when no row is. Paths not in a list row, and rows
        saved without their content, are kept as they are."""
        at = row_path(path)
        if at is None or saved is None or self.draft is None:
            return path
        rows = get_value(self.draft, at[:-1]) or []
        same = [index for index, row in enumerate(rows) if row.to_wire() == saved]
        if not same and saved.get("itemId") is not None:  # changed meanwhile: its id is kept
            same = [index for index, row in enumerate(rows)
                    if getattr(row, "item_id", None) == saved["itemId"]]
        if not same:
            return None
        index = at[-1] if at[-1] in same else same[0]
        return (*at[:-1], index, *path[len(at):])

    async def _control_at(self: EditorScreen, path: Path) -> tuple[Widget | None, Widget | None]:
        """The control editing ``path``, its tab opened and, in a list, its row selected; the
        panel's own deferred fill (of rows it mounted) done first."""
        await self.show_tab_for(path)
        for form in self.forms:
            if (ensure_row := getattr(form, "ensure_row", None)) is not None:
                await ensure_row(path)  # a method added, never given a valid amount
        if path == METADATA:
            panel = self.query_one("MetadataPanel")
            return panel.query_one("#metadata-text"), panel
        if (rows := row_path(path)) is not None and self.draft and self.base:
            for panel in self.lists:
                if panel.PATH == rows[:-1] and panel.form_row != rows[-1]:
                    panel.load(self.draft, self.base, select=rows[-1])
        for form in self.forms:
            if (filled := getattr(form, "filled", None)) is not None:
                await filled()  # rows it adds (a method's surcharge) filled once mounted
        for form in self.forms:
            if (row := form.row_for(path)) is not None and row.query(".field-input"):
                return row.query_one(".field-input"), row
        return None, None


def field_name(owner: Widget, path: Path) -> str:
    """``Items › Unit amount``: the tab and the field's label."""
    tab = next(tab.title for tab in PANELS if tab.key == tab_for(path))
    return f"{tab} › {owner.spec.label}" if isinstance(owner, FieldRow) else tab


def _text(control: Widget) -> str:
    """What an Input or a TextArea (metadata) holds."""
    return control.value if isinstance(control, Input) else control.text


def _retype(control: Widget, text: str) -> None:
    """Put ``text`` back in ``control`` as if typed: its form validates it and shows the error."""
    if isinstance(control, Input):
        control.value = text
    else:
        control.load_text(text)


_FIGURES = frozenset({"amount", "quantity", "discount_amount", "tax_amount", "type"})


def _counted_in_totals(path: Path) -> bool:
    """Whether the field at ``path`` is a figure of the totals (or the currency they are in)."""
    if path in (("amount",), ("currency_code",)):
        return True
    if path[:2] in (("order", "line_items"), ("order", "fees")):
        return path[-1] in _FIGURES
    return path[:2] in (("order", "shipping"), ("payment_method", "options"))


def typed_kept_note(put: list[str], missed: list[str]) -> str:
    """What to tell after text refused before a crash was put back where it was typed."""
    lines = []
    if put:
        plural = "s" if len(put) > 1 else ""
        lines.append(f"Also put back: what was typed at {', '.join(put)}, not a valid value "
                     f"yet. Fix the field{plural} before sending.")
    if missed:
        lines.append("Typed, but its row or field is gone, so not put back: "
                     + "; ".join(missed))
    return "\n".join(lines)
