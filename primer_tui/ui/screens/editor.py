"""The editor: form panels over a draft of the session, live totals, review and submit.

One source of truth: ``draft`` (a ``Session``) on this screen. Panels post edits; the screen
applies them through ``edit.set_value`` (one field validated, only the path copied) and derives
the totals (every keystroke) and the change count (after a short pause: it diffs whole dumps).
"""

from __future__ import annotations

import time
from functools import cached_property
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import LoadingIndicator, Static, TabbedContent, TabPane

from primer_tui.drafts import discard_draft, load_draft, save_draft
from primer_tui.edit import (
    EditError,
    Path,
    get_value,
    insert_item,
    move_item,
    parse_path,
    remove_item,
    set_value,
)
from primer_tui.model import Session
from primer_tui.patch import apply_patch, count_changes, model_changes
from primer_tui.recent import RecentSession, remember
from primer_tui.totals import checkout_totals, without_computed_amount
from primer_tui.ui.compositor import split_compositor
from primer_tui.ui.panels import PANELS, tab_for, tab_title
from primer_tui.ui.remote import Remote, describe_failure
from primer_tui.ui.row_lineage import RowLineage, row_path
from primer_tui.ui.screens.confirm import ConfirmScreen
from primer_tui.ui.screens.sending import SendingMixin
from primer_tui.ui.screens.typed_text import TypedTextMixin, field_name, typed_kept_note
from primer_tui.ui.startup import StyledOnce, report_started
from primer_tui.ui.widgets.customer_panel import CustomerPanel
from primer_tui.ui.widgets.footer import Footer
from primer_tui.ui.widgets.form import FieldRow, FormPanel
from primer_tui.ui.widgets.list_panel import ListPanel
from primer_tui.ui.widgets.session_header import SessionHeader
from primer_tui.ui.widgets.totals_panel import TotalsPanel

if TYPE_CHECKING:
    from primer_tui.ui.widgets.metadata_panel import MetadataPanel


NEEDS_A_SESSION = frozenset({"review", "undo", "reset_field"})
"""Actions the footer offers only once a session is loaded."""


class EditorScreen(StyledOnce, SendingMixin, TypedTextMixin, Screen[None]):
    """Loads the session for the remote's token, then edits it."""

    BINDINGS = [
        Binding("ctrl+s", "review", "Review", id="review", tooltip="Review the PATCH before sending"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last change"),
        Binding("ctrl+r", "reload", "Reload", id="reload", tooltip="Load the session again"),
        # priority: the metadata TextArea binds f6 to "select line", which would swallow it
        Binding("f6", "audit", "Audit log", id="audit", tooltip="Every PATCH sent; revert one",
                priority=True),
        Binding("f4", "reset_field", "Reset field", id="reset-field",
                tooltip="Put the focused field back to its loaded value"),
        # Kept out of the footer: the tab bar shows where you are and where you can go.
        # priority: a table or text area that scrolls sideways binds them to a page of that.
        Binding("ctrl+pagedown", "switch_tab(1)", "Next tab", id="next-tab", show=False,
                tooltip="The next tab, from anywhere", priority=True),
        Binding("ctrl+pageup", "switch_tab(-1)", "Previous tab", id="previous-tab", show=False,
                tooltip="The previous tab, from anywhere", priority=True),
        Binding("escape", "back", "Back", id="back", show=False,
                tooltip="Back to the load screen when the session did not load"),
    ]

    # repaint=False: the widgets showing these redraw themselves; a repaint of the screen would
    # redraw every visible widget on each keystroke (10 ms with the item table shown).
    draft: reactive[Session | None] = reactive(None, init=False, always_update=True, repaint=False)
    """The edited session; ``None`` until loaded."""
    changes: reactive[int] = reactive(0, bindings=True, repaint=False)
    """How many leaves differ from the loaded session."""

    def __init__(self, remote: Remote) -> None:
        super().__init__()
        # Each changed area of a keystroke (the field, the totals) drawn on its own.
        self._compositor = split_compositor()
        self.remote = remote
        self.base: Session | None = None
        self.history: list[Session] = []
        self._count_timer: Timer | None = None
        self._save_timer: Timer | None = None
        self._load_failed = False
        """No session could be loaded: the keys that need one are not offered."""
        self.typed_unsent_seen = 0
        """``typed_unsent()`` when refused text last changed (``show_held_back``)."""
        self._offering_draft = False
        """A saved draft is being offered back: nothing is saved over it (nor thrown away,
        as a draft without changes is) until the question is answered."""
        self._held_back_timer: Timer | None = None
        self.unapplied: list[Any] = []
        """What the server did not take as sent, after the last submit."""
        # Set before the widgets are styled: set on mount, it would restyle every widget.
        self.set_class(remote.environment == "production", "-production", update=False)

    def compose(self) -> ComposeResult:
        with Horizontal(id="header-row"):
            yield SessionHeader(self.remote)
            yield LoadingIndicator(id="sending")
        yield LoadingIndicator(id="loading")
        with Horizontal(id="editor-body"):
            with TabbedContent(id="panels"):
                # Only the first panel now; each other one when its tab is first opened
                # (all eight mounted at once cost ~1.5 s of styling at start-up).
                for index, tab in enumerate(PANELS):
                    with TabPane(tab.title, id=f"tab-{tab.key}"):
                        if index == 0:
                            yield tab.panel(id=f"panel-{tab.key}")
            yield TotalsPanel(id="totals")
        yield Static("", id="problem")
        yield Footer()

    @cached_property
    def forms(self) -> list[FormPanel]:
        """Every mounted form (row forms included), kept: walking the DOM for them on every
        keystroke costs milliseconds. Forgotten when a panel is mounted."""
        return list(self.query(FormPanel))

    @cached_property
    def lists(self) -> list[ListPanel]:
        return list(self.query(ListPanel))

    @on(TabbedContent.TabActivated)
    async def _tab_opened(self, event: TabbedContent.TabActivated) -> None:
        await self.open_panel(event.pane.id or "")

    async def action_switch_tab(self, step: int) -> None:
        """The tab ``step`` places on (wrapping), opened with the tab bar focused: a field of the
        tab left would be hidden, and keep the keys typed next."""
        if self.base is None:
            return
        tabbed = self.query_one(TabbedContent)
        keys = [f"tab-{tab.key}" for tab in PANELS]
        pane_id = keys[(keys.index(tabbed.active) + step) % len(keys)]
        await self.open_panel(pane_id)
        tabbed.active = pane_id
        self.query_one("ContentTabs").focus()

    async def open_panel(self, pane_id: str) -> None:
        """Mount the panel of tab ``pane_id`` (``tab-items``) if it is not yet, and fill it."""
        pane = self.query_one(f"#{pane_id}", TabPane)
        if pane.children:
            return
        name = pane_id.removeprefix("tab-")
        panel_class = next(tab.panel for tab in PANELS if tab.key == name)
        panel = panel_class(id=f"panel-{name}")
        await pane.mount(panel)
        self.__dict__.pop("forms", None)
        self.__dict__.pop("lists", None)
        if self.draft is not None and self.base is not None:
            panel.load(self.draft, self.base)
            # Rows it mounts for the session's own methods are filled once mounted: waited
            # for, so a mark put on one next (a 422) is not wiped by that fill.
            if (filled := getattr(panel, "filled", None)) is not None:
                await filled()

    async def show_tab_for(self, path: Path) -> None:
        """Open (and mount) the tab whose panel edits ``path``."""
        pane_id = f"tab-{tab_for(path)}"
        await self.open_panel(pane_id)
        self.query_one(TabbedContent).active = pane_id

    def on_mount(self) -> None:
        self.query_one("#editor-body").display = False
        self.query_one("#sending").display = False
        self.load_session()

    @work(exclusive=True, group="load")
    async def load_session(self) -> None:
        if problem := self.remote.env_problem():
            self.query_one("#loading").display = False  # shown until now, it spun for ever
            self._show_problem(f"Refused, nothing was requested: {problem}")
            self.call_after_refresh(report_started, self.app)
            return
        self.query_one("#loading").display = True
        try:
            wire = await self.remote.load()
            session = Session.from_wire(wire)
        except Exception as error:  # noqa: BLE001 - every failure is shown, none crashes
            self._show_problem(describe_failure(error))
            return
        finally:
            self.query_one("#loading").display = False
            self.call_after_refresh(report_started, self.app)
        self._set_base(session)
        self._remember(session)
        await self._offer_saved_draft(session)

    async def _offer_saved_draft(self, loaded: Session) -> None:
        """After a crash or a kill: put back the edits saved for this token, if the user wants."""
        saved = load_draft(self.remote.base_url, self.remote.token)
        if saved is None or not saved.changes():
            return
        when = saved.saved_at[:16].replace("T", " ") + " UTC"
        question = (f"{saved.changes()} unsent change(s) to this session were saved at {when}."
                    " Restore them?\n(y, enter or escape restores them; n throws them away.)")
        # Yes has focus, and escape (backing out) restores too: only No throws them away.
        self._offering_draft = True
        try:
            restore = await self.app.push_screen_wait(
                ConfirmScreen(question, default=True, escape=True))
        finally:
            self._offering_draft = False
        if not restore:
            discard_draft(self.remote.base_url, self.remote.token)
            return
        from primer_tui.conflicts import resolve

        # The saved edits go on top of the session as it is now (it may have moved on).
        self._apply(resolve(saved.base, self.base, saved.draft, "mine"))
        self._load_panels()
        put, missed = await self.put_back_typed(saved.typed, saved.typed_rows)
        if put or missed:
            self.notify(typed_kept_note(put, missed), severity="warning", timeout=15)

    def _remember(self, session: Session) -> None:
        if self.remote.environment == "demo":
            return  # demo tokens die with the process
        entry = RecentSession(self.remote.token, self.remote.environment, self.remote.base_url,
                              session.order_id, time.time())
        remember(entry)

    def _set_base(self, session: Session, typed: dict[str, Any] | None = None) -> None:
        """``session`` becomes the base and the draft, with ``typed`` (a PATCH body: edits made
        while a send was out) on top. The panels are filled once: set to the server's value and
        back, the field being typed in would keep its cursor where the shorter text ended."""
        self.base = without_computed_amount(session)
        self.history.clear()
        self._show_problem(None)
        self.query_one("#editor-body").display = True
        draft = self.base
        if typed:
            draft = Session.from_wire(apply_patch(self.base.to_wire(), typed))
        self.draft = draft
        self.changes = count_changes(self.base, draft) if typed else 0
        self._load_panels()

    def _load_panels(self) -> None:
        """Show the draft in every mounted panel (each tab's panel has ``load``)."""
        if self.draft and self.base:
            for pane in self.query(TabPane):
                for panel in pane.children:
                    panel.load(self.draft, self.base)
            self.show_held_back_soon()  # a fill clears errors it does not keep

    def watch_draft(self, draft: Session | None) -> None:
        if draft is None:
            return
        self.query_one(TotalsPanel).breakdown = checkout_totals(draft)
        header = self.query_one(SessionHeader)
        header.order_id, header.currency = draft.order_id or "", draft.currency_code or ""
        # Counting diffs two whole dumps, saving writes a file: once typing pauses.
        if self._count_timer is not None:
            self._count_timer.stop()
        self._count_timer = self.set_timer(0.3, self._count_changes)
        self.schedule_save()

    def schedule_save(self) -> None:
        """Save the draft once typing pauses (a second)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(1.0, self._save_draft)

    def save_draft(self) -> None:
        """Save the draft now, not once typing pauses (the terminal is going away)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._save_draft()

    def _save_draft(self) -> None:
        """Keep the draft on disk (never the key) so a crash or a kill loses nothing."""
        if self.base is None or self.draft is None or self.remote.environment == "demo":
            return
        if self._offering_draft:  # the saved draft is being offered: it is what is on disk
            return
        try:
            # Refused text is not in the draft: kept beside it, with its row. Not a text that
            # holds the key (pasted in the wrong field): the file would be refused whole.
            secret = self.remote.secret
            typed = {path: text for path, text in self.typed_texts().items()
                     if not secret or secret not in text}
            if count_changes(self.base, self.draft) or typed:
                save_draft(self.remote.base_url, self.remote.token,
                           environment=self.remote.environment, base=self.base, draft=self.draft,
                           typed=typed, typed_rows=self.typed_rows(typed), forbidden=secret)
            else:
                discard_draft(self.remote.base_url, self.remote.token)
        except (OSError, ValueError) as problem:
            self.notify(f"The draft could not be saved: {problem}", severity="error")

    def unsent_changes(self) -> int:
        """How many leaves differ from the base now, and fields holding refused text (typed,
        not in the draft). ``changes`` waits for a pause in typing (0.3 s): a key pressed just
        before quit or reload must count too."""
        if self.base is None or self.draft is None:
            return 0
        return count_changes(self.base, self.draft) + self.typed_unsent()

    def _count_changes(self) -> None:
        # Refused text counts, as quit counts it (``unsent_changes``): the header's count is
        # what a quit would ask about. Its count is the one ``show_held_back`` took when that
        # text last changed: walking every form here, at each pause in typing, cost up to 8 ms.
        if self.base and self.draft:
            self.changes = count_changes(self.base, self.draft) + self.typed_unsent_seen

    def watch_changes(self, changes: int) -> None:
        self.query_one(SessionHeader).changes = changes

    # --- edits -------------------------------------------------------------------------------

    def _apply(self, session: Session) -> None:
        if self.draft is not None:
            self.history.append(self.draft)
        self.draft = session

    @on(FormPanel.Edited)
    def _edited(self, event: FormPanel.Edited) -> None:
        self.apply_edit(event)

    def apply_edit(self, event: FormPanel.Edited) -> None:
        """Apply one field's new value to the draft (forms call this within the keystroke)."""
        if self.draft is None:
            return
        if get_value(self.draft, event.path) == event.value:
            event.panel.show_error(event.path, None)
            return
        try:
            updated = set_value(self.draft, event.path, event.value)
        except EditError as error:
            event.panel.show_error(event.path, error.message)
            return
        if self.base is not None and (rows := row_path(event.path)) is not None:
            self._lineage.carry(self.base, get_value(self.draft, rows), get_value(updated, rows))
        self._apply(updated)
        changed = self.base is not None and event.value != get_value(self.base, event.path)
        for panel in self.forms:  # a field may be in two panels (customerId)
            if panel.row_for(event.path) is not None:
                if panel is not event.panel:
                    panel.show_value(event.path, event.value)
                panel.mark(event.path, changed)
        for list_panel in self.lists:
            depth = len(list_panel.PATH)
            if event.path[:depth] == list_panel.PATH and len(event.path) > depth:
                list_panel.refresh_row_soon(updated, int(event.path[depth]))
        if event.path == ("currency_code",):
            # Every mounted panel now reads and shows money in the new currency; the currency
            # field itself is left as it is (not re-loaded under the user's hands).
            for panel in self.forms:
                panel.set_currency(self.draft)
            for list_panel in self.lists:
                list_panel.set_currency(self.draft)

    @on(CustomerPanel.BillingCopied)
    def _copy_billing(self) -> None:
        if self.draft and self.draft.customer and self.draft.customer.billing_address:
            billing = self.draft.customer.billing_address
            before = self.draft
            self._apply(set_value(self.draft, ("customer", "shipping_address"), billing.to_wire()))
            with self.typed_kept(replaced_from=before):
                self._load_panels()

    @on(ListPanel.RowsChanged)
    def _rows_changed(self, event: ListPanel.RowsChanged) -> None:
        if self.draft is None or self.base is None:
            return
        if event.action == "select":
            event.panel.show_row(event.index, self.draft, self.base)
            return
        updated = self._row_action(event.panel, event.action, event.index)
        if updated is not None:
            self._apply(updated)
        event.panel.load(self.draft, self.base, select=_selection_after(event.action, event.index))
        self.show_held_back_soon()  # a deleted row's refused text went with it

    def _row_action(self, panel: ListPanel, action: str, index: int) -> Session | None:
        path, rows = panel.PATH, get_value(self.draft, panel.PATH) or []
        if action == "add":
            return insert_item(self.draft, path, dict(panel.NEW_ROW))
        if not rows:
            return None
        if action == "duplicate":
            return insert_item(self.draft, path, rows[index].model_copy(deep=True), index + 1)
        if action == "delete":
            return remove_item(self.draft, path, index)
        return move_item(self.draft, path, index, -1 if action == "up" else 1)

    def action_reset_field(self) -> None:
        """The focused field back to the value it had when the session was loaded: in a list,
        the value of the same row (followed by identity: rows move), not of the same index."""
        # Imported here: the metadata tab (a TextArea) is not on the way to the first paint.
        from primer_tui.ui.widgets.metadata_panel import MetadataPanel

        ancestors = self.focused.ancestors if self.focused else []
        metadata = next((a for a in ancestors if isinstance(a, MetadataPanel)), None)
        if metadata is not None and self.draft is not None and self.base is not None:
            self._reset_metadata(metadata)
            return
        row = next((a for a in ancestors if isinstance(a, FieldRow)), None)
        form = next((a for a in ancestors if isinstance(a, FormPanel)), None)
        if row is None or form is None or self.draft is None or self.base is None:
            self.notify("Focus a field to reset it")
            return
        path, loaded = row.spec.path, self.base
        if (rows := row_path(path)) is not None:
            loaded = self._lineage.loaded_row(self.base, self.draft, rows)
            if loaded is None:
                self.notify("This row was not in the loaded session: nothing to reset it to",
                            severity="warning")
                return
            path = path[len(rows):]
        value = get_value(loaded, path)
        self.apply_edit(FormPanel.Edited(form, row.spec.path, value))
        if get_value(self.draft, row.spec.path) == value:  # else refused: the message shows
            form.show_loaded(row.spec.path, value)

    def _reset_metadata(self, panel: MetadataPanel) -> None:
        """The metadata text back to the loaded metadata, refused text included."""
        from primer_tui.ui.widgets.metadata_panel import PATH

        loaded = self.base.metadata if self.base is not None else None
        self.apply_edit(FormPanel.Edited(panel, PATH, loaded))  # type: ignore[arg-type]
        if self.draft is not None and self.base is not None:
            panel.load(self.draft, self.base)

    @cached_property
    def _lineage(self) -> RowLineage:
        """Which loaded row each row of the draft is (what f4 resets a row's field to)."""
        return RowLineage()

    @work(exclusive=True, group="audit")
    async def action_audit(self) -> None:
        from primer_tui.audit import read_entries, reverted_draft
        from primer_tui.ui.screens.audit_log import AuditScreen

        entry = await self.app.push_screen_wait(AuditScreen(read_entries()))
        if entry is None or self.base is None:
            return
        if entry.client_token != self.remote.token:
            self.notify("That PATCH was for another session: load it first (ctrl+o)",
                        severity="warning")
            return
        before = self.draft
        self._apply(reverted_draft(entry, self.base))
        with self.typed_kept(replaced_from=before):
            self._load_panels()
        self.action_review()

    def action_back(self) -> None:
        """Back to the load screen when the session did not load: the one below, or a new one
        (the editor was the first screen: a token on the command line)."""
        if self.base is not None:
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.action_open()

    def action_undo(self) -> None:
        before = self.draft
        # A step that changed nothing (a box ticked whose fields already held those values) is
        # passed over: an undo that seems to do nothing is one more press for nothing.
        while self.history and not (undone := model_changes(self.history[-1], before)):
            self.history.pop()
        if not self.history or before is None:
            self.notify("Nothing to undo")
            return
        self.draft = self.history.pop()
        with self.typed_kept(replaced_from=before):  # refused text at other fields stays
            self._load_panels()
        # Said, with its tab: the field may be on a tab not shown.
        first = undone[0].path
        more = f" and {len(undone) - 1} more" if len(undone) > 1 else ""
        self.notify(f"Undone: {first}{more} ({tab_title(parse_path(first))})", timeout=4)

    def action_reload(self) -> None:
        if self.refused_while_sending("Not reloaded"):
            return
        unsent = self.unsent_changes()
        if not unsent:
            self.load_session()
            return
        # Asked, No first (enter and escape keep the edits): a reload is also the way to start
        # again from the server's session, throwing every edit away at once.
        question = (f"Reload the session from the server and throw away {unsent} unsent "
                    f"change{'s' if unsent != 1 else ''}?")
        if errors := self.fields_in_error():
            names = ", ".join(field_name(owner, path) for owner, path, _ in errors)
            question += f" That includes the text typed at {names}."
        self.app.push_screen(ConfirmScreen(question), self._reload_answered)

    def _reload_answered(self, yes: bool | None) -> None:
        if yes and not self.refused_while_sending("Not reloaded"):
            if self._save_timer is not None:  # a save due now would bring the edits back
                self._save_timer.stop()
                self._save_timer = None
            discard_draft(self.remote.base_url, self.remote.token)
            self.load_session()

    def _show_problem(self, text: str | None) -> None:
        problem = self.query_one("#problem", Static)
        problem.display = text is not None
        if text is not None and self.base is None:  # no session: say the way back
            text += "\n\nescape: back to the load screen"
        problem.update(text or "")
        # The keys that need a session go from the footer while none could be loaded (not
        # while one is loading: the footer would be built twice at every start).
        failed = text is not None and self.base is None
        if failed != self._load_failed:
            self._load_failed = failed
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.base is None
        if action in NEEDS_A_SESSION:  # not offered when no session could be loaded
            return not self._load_failed
        return True


def _selection_after(action: str, index: int) -> int:
    """The row to select after a row action on row ``index`` (clamped to the table later)."""
    return {"add": 1 << 30, "duplicate": index + 1, "up": index - 1, "down": index + 1}.get(action, index)

