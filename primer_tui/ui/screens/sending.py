"""Sending a PATCH from the editor, made hard to get wrong (issue 5).

The steps, each one able to stop the send with every edit kept:

1. production: type the orderId to confirm;
2. re-read the session: when someone else changed it since it was loaded, show the three sides
   (``conflicts``) and let the user keep theirs, take the server's, or cancel; either choice goes
   back to the review, nothing is sent behind the user's back;
3. PATCH once (never re-sent automatically), append the attempt to the audit log;
4. success: the answer becomes the base, edits typed meanwhile are kept, fields the server did not
   take are listed; failure: the error is shown, 422 fields are marked and focused; an unknown
   outcome (timeout, lost connection) offers to reload and compare before anything else.

What only sending needs (the conflict and production screens, the audit log) is imported when a
send needs it, not with the editor at start-up (issue 7).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work

from primer_tui.edit import EditError, Path, parse_path
from primer_tui.model import Session
from primer_tui.patch import Patch, build_patch, unapplied, unapplied_text
from primer_tui.totals import without_computed_amount
from primer_tui.ui.panels import tab_for
from primer_tui.ui.remote import describe_failure
from primer_tui.ui.screens.confirm import ConfirmScreen
from primer_tui.ui.widgets.form import FormPanel
from primer_tui.ui.widgets.session_header import SessionHeader

if TYPE_CHECKING:
    from primer_tui.ui.screens.editor import EditorScreen


class SendingMixin:
    """The editor's review and submit flow; mixed into :class:`EditorScreen`."""

    @property
    def sending(self: EditorScreen) -> bool:
        """A send is under way (from the production check to the answer). Another one would
        offer the same changes again, and send them on top of a PATCH whose answer is out."""
        return any(worker.group == "submit" and worker.node is self and not worker.is_finished
                   for worker in self.app.workers)

    def refused_while_sending(self: EditorScreen, what: str) -> bool:
        """True, and says so, when a send is under way: ``what`` waits for its answer."""
        busy = self.sending
        if busy:
            self.notify(f"{what}: a send is in progress; wait for its answer",
                        severity="warning")
        return busy

    def action_review(self: EditorScreen) -> None:
        if not self.refused_while_sending("Not reviewed"):
            self._open_review()

    def _open_review(self: EditorScreen) -> None:
        """Review the draft as it is now (not while a field shows an error)."""
        if self.base is None or self.draft is None or self._refused_for_errors("reviewed"):
            return
        from primer_tui.ui.screens.review import ReviewScreen

        reviewed = self.draft
        patch = build_patch(self.base, reviewed, client_token=self.remote.token)
        self.app.push_screen(ReviewScreen(patch, self.remote),
                             partial(self._reviewed, reviewed, patch))

    def _reviewed(self: EditorScreen, reviewed: Session, patch: Patch, send: bool | None) -> None:
        """The review closed; sends exactly what it showed (``patch``, from ``reviewed``)."""
        if not send or self.refused_while_sending("Not sent"):
            return
        if not self._refused_for_errors("sent"):
            self.submit(reviewed, patch)

    # Not exclusive: a new worker of an exclusive group cancels the one running, and a PATCH
    # cancelled while out is applied or not, unknown. A second send is refused (``sending``).
    @work(group="submit")
    async def submit(self: EditorScreen, reviewed: Session, patch: Patch) -> None:
        """Send ``patch``: the body the user reviewed, built from the draft ``reviewed``.

        Never the draft as it is now: what is typed while the session is re-read or the PATCH
        is out was not reviewed. It stays in the draft, on top of the new base (``_submitted``).
        """
        if not await self._confirmed_for_production(reviewed):
            self.notify("Not sent: the production confirmation was cancelled",
                        severity="warning")
            return
        self._sending(True)
        try:
            if await self._server_changed(reviewed):
                return
            await self._send(reviewed, patch)
        finally:
            self._sending(False)

    def _sending(self: EditorScreen, busy: bool) -> None:
        # query, not query_one: a send cancelled as the app closes finds its widgets gone.
        for header in self.query(SessionHeader):
            header.busy = busy
        for indicator in self.query("#sending"):
            indicator.display = busy

    async def _confirmed_for_production(self: EditorScreen, reviewed: Session) -> bool:
        if self.remote.environment != "production":
            return True
        from primer_tui.ui.screens.type_to_confirm import TypeToConfirmScreen

        # The orderId the session has on the server: it says whose session this is. Not the
        # edited one, which the person sending has just typed and would only be typing again.
        loaded = self.base.order_id if self.base is not None else None
        expected = loaded or "PRODUCTION"
        message = Text.assemble(
            ("PRODUCTION", "bold"),
            f": this changes a real customer's session at {self.remote.base_url}.")
        if reviewed.order_id != loaded:
            message.append(f" It also changes its orderId to {reviewed.order_id or '(none)'}.")
        return bool(await self.app.push_screen_wait(TypeToConfirmScreen(message, expected)))

    async def _server_changed(self: EditorScreen, reviewed: Session) -> bool:
        """Re-read the session; True when the send must stop (changed, or unreadable).

        Conflicts are looked for in what is about to be sent (``reviewed``); a merge keeps the
        draft as it is now, edits typed since the review included, and goes back to the review.
        """
        try:
            server = Session.from_wire(await self.remote.load())
        except Exception as error:  # noqa: BLE001 - shown; nothing sent, edits kept
            self._show_problem("Could not re-read the session before sending, so nothing was "
                               f"sent.\n{describe_failure(error)}")
            return True
        from primer_tui.conflicts import find_conflicts, resolve
        from primer_tui.ui.screens.conflict import ConflictScreen

        conflicts = find_conflicts(self.base, server, reviewed)
        if not conflicts:
            return False
        self._sending(False)  # nothing is out while the question is asked
        choice = await self.app.push_screen_wait(ConflictScreen(conflicts))
        if choice is None:
            self.notify("Not sent: cancelled", severity="warning")
            return True
        self._rebase(without_computed_amount(server), resolve(self.base, server, self.draft, choice))
        self.notify("Merged with the server's session: review again before sending")
        self._open_review()  # not action_review: this send is still under way
        return True

    def _rebase(self: EditorScreen, base: Session, draft: Session) -> None:
        # The server's session was just read: what an earlier send left unknown is known now.
        self._show_problem(None)
        self.base = base
        self.history.clear()
        self.draft = draft
        with self.typed_kept():
            self._load_panels()

    async def _send(self: EditorScreen, sent: Session, patch: Patch) -> None:
        import primer_tui.audit  # noqa: F401 - loaded before the PATCH: the attempt is logged after

        if patch.body is None:
            return
        try:
            wire = await self.remote.update(patch.body)
            session = Session.from_wire(wire)
        except asyncio.CancelledError as cancelled:  # quit, or the screen closed: still logged
            self._audit(patch.body, cancelled)
            raise
        except Exception as error:  # noqa: BLE001 - every failure is shown, edits kept
            self._audit(patch.body, error)
            await self._send_failed(error, patch.body, sent)
            return
        self._audit(patch.body, None)
        self._submitted(patch.body, wire, session, sent)

    def _audit(self: EditorScreen, body: dict[str, Any], error: Exception | None) -> None:
        from primer_tui.audit import append, entry_for

        status: int | str = 200
        if error is not None:
            status = getattr(error, "status", None) or type(error).__name__
        entry = entry_for(self.base, body, env=self.remote.environment,
                          base_url=self.remote.base_url, status=status,
                          diagnostics_id=getattr(error, "diagnostics_id", None))
        try:
            append(entry, forbidden=self.remote.secret)
        except (OSError, ValueError) as problem:
            self.notify(f"The audit log could not be written: {problem}", severity="error")

    def _submitted(
        self: EditorScreen, body: dict[str, Any], wire: dict[str, Any], session: Session,
        sent: Session,
    ) -> None:
        # Edits made since the review (``sent``) are kept, on the new base; text that is not a
        # value yet (a field showing an error) is not in the draft: it is put back as typed.
        typed_meanwhile = build_patch(sent, self.draft, send_options=True).body
        loaded = self.base.to_wire() if self.base is not None else None
        with self.typed_kept():
            self._set_base(session, typed_meanwhile)
        missed = self.unapplied = unapplied(body, wire, loaded)
        if missed:
            lines = "\n".join(unapplied_text(change) for change in missed[:8])
            self.notify(f"Sent, but the server did not take everything:\n{lines}",
                        severity="warning", timeout=15)
        else:
            self.notify("Sent: the session is updated")

    async def _send_failed(
        self: EditorScreen, error: Exception, body: dict[str, Any], sent: Session
    ) -> None:
        self._show_problem(describe_failure(error))
        fields = getattr(error, "validation_errors", None) or []
        marked = [found for f in fields if (found := await self._mark_server_error(f))]
        if marked:
            panel, path = marked[0]
            await self.show_tab_for(path)
            self.call_after_refresh(panel.focus_field, path)
        if getattr(error, "outcome_unknown", False):
            await self._outcome_unknown(body, sent)

    async def _outcome_unknown(self: EditorScreen, body: dict[str, Any], sent: Session) -> None:
        question = ("The PATCH may or may not have been applied: no answer that could be read "
                    "came back.\n"
                    "Reload the session and compare with what was sent? (Nothing is re-sent.)")
        # Yes has focus: reloading to compare sends nothing; No leaves the outcome unknown.
        self._sending(False)  # nothing is out while the question is asked
        if not await self.app.push_screen_wait(ConfirmScreen(question, default=True)):
            return
        self._sending(True)  # the reload
        try:
            wire = await self.remote.load()
            server = Session.from_wire(wire)
        except Exception as error:  # noqa: BLE001
            self._show_problem(f"Could not reload to compare.\n{describe_failure(error)}")
            return
        finally:
            self._sending(False)
        missed = unapplied(body, wire, self.base.to_wire() if self.base is not None else None)
        if missed:
            self._show_problem("The update was NOT applied (or only in part): your edits are "
                               "kept. Review and send again when ready.")
            self.unapplied = missed
        else:
            self._submitted(body, wire, server, sent)
            self._show_problem(None)

    async def _mark_server_error(self: EditorScreen, field: Any) -> tuple[FormPanel, Path] | None:
        """Show the server's message at its field; the panel and path, or None if unseen."""
        try:
            path = parse_path(field.field_path)
        except EditError:
            return None
        message = field.message
        await self.open_panel(f"tab-{tab_for(path)}")
        for rows in self.lists:
            at = len(rows.PATH)
            if path[:at] == rows.PATH and len(path) > at and isinstance(path[at], int):
                if rows.form_row != path[at] and rows.typed_errors():
                    continue  # its form holds refused text for its own row: not moved off it
                with self.typed_kept():
                    rows.show_row(path[at], self.draft, self.base)
        for panel in self.forms:
            if panel.row_for(path) is not None:
                panel.show_error(path, message, from_server=True)
                return panel, path
        return None
