"""Safe on production (issue 5): environments, faults, conflicts, drafts, audit, keys."""

from __future__ import annotations

import socket

import httpx
import pytest
from textual.widgets import Input, TabbedContent, TextArea
from textual.worker import WorkerState

from primer_tui.audit import read_entries
from primer_tui.client import PrimerClient
from primer_tui.drafts import load_draft
from primer_tui.emulator import BackgroundServer, create_app
from primer_tui.patch import count_changes
from primer_tui.ui.app import PrimerApp, remote_factory
from primer_tui.ui.remote import Remote
from primer_tui.ui.screens.audit_log import AuditScreen
from primer_tui.ui.screens.confirm import ConfirmScreen
from primer_tui.ui.screens.conflict import ConflictScreen
from primer_tui.ui.screens.editor import EditorScreen
from primer_tui.ui.screens.load import LoadScreen
from primer_tui.ui.screens.review import ReviewScreen
from primer_tui.ui.screens.type_to_confirm import TypeToConfirmScreen
from primer_tui.ui.widgets.session_header import SessionHeader
from tests.pilot_support import (
    HeldTransport,
    first_screen,
    loaded_editor,
    notes_of,
    type_into,
)

KEY = "sk-test-SECRET-0123456789"


def _in_process(emulator, environment="sandbox", key=None, name="primer-example") -> Remote:
    token = next(s.token for s in emulator.state.sessions if s.name == name)
    make = remote_factory(key, transport=httpx.ASGITransport(app=emulator))
    return make(environment, None, "2.4", token)


def _held(emulator, name="primer-example") -> tuple[Remote, HeldTransport]:
    """A sandbox remote on ``emulator`` whose answers the test can hold back."""
    token = next(s.token for s in emulator.state.sessions if s.name == name)
    transport = HeldTransport(emulator)
    return remote_factory(None, transport=transport)("sandbox", None, "2.4", token), transport


def _patches(emulator) -> int:
    return sum(1 for r in emulator.state.requests if r.method == "PATCH")


async def _edit_and_send(pilot, editor, value="Zed"):
    await type_into(pilot, editor, "#f-customer-first_name", value)
    await pilot.pause(0.4)
    await pilot.press("ctrl+s", "ctrl+s")


async def _settle(pilot) -> None:
    """Until the send is over or it asks a question (a worker waiting on a modal never ends)."""
    for _ in range(200):
        busy = [w for w in pilot.app.workers if w.is_running and w.group == "submit"]
        if not busy or isinstance(pilot.app.screen, ConfirmScreen):
            break
        await pilot.pause(0.05)
    await pilot.pause()


def _problem(editor) -> str:
    return str(editor.query_one("#problem").render())


# --- environments -------------------------------------------------------------------------------

async def test_a_sandbox_token_is_refused_against_production_without_a_request():
    emulator = create_app(env="SANDBOX")
    async with PrimerApp(remote=_in_process(emulator, "production")).run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        editor = pilot.app.screen
        problem = _problem(editor)
        assert "Refused" in problem and "sandbox" in problem and "production" in problem
        assert list(emulator.state.requests) == []
        assert not editor.query_one("#loading").display  # no spinner for a request never made
        # What can be done is said: going back; reviewing a session never loaded is not offered.
        assert "escape: back to the load screen" in problem
        shown = {binding.action for (_, binding, enabled, _) in
                 pilot.app.active_bindings.values() if binding.show and enabled}
        assert "open" in shown and not shown & {"review", "undo", "reset_field"}
        await pilot.press("escape")  # the editor was the first screen: a load screen comes
        await pilot.pause()
        assert isinstance(pilot.app.screen, LoadScreen)


async def test_production_send_needs_the_order_id_typed():
    emulator = create_app(env="PRODUCTION")
    async with PrimerApp(remote=_in_process(emulator, "production")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        assert editor.has_class("-production")
        await _edit_and_send(pilot, editor)
        await pilot.pause()
        assert isinstance(pilot.app.screen, TypeToConfirmScreen)
        field = pilot.app.screen.query_one(Input)
        field.value = "order-12"
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, TypeToConfirmScreen)  # a near miss does not send
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        assert _patches(emulator) == 0 and editor.draft.customer.first_name == "Zed"
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "order-123"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert _patches(emulator) == 1 and editor.base.customer.first_name == "Zed"


async def test_a_send_key_pressed_before_the_review_was_drawn_does_not_send():
    from textual import events

    emulator = create_app()
    async with PrimerApp(remote=_in_process(emulator)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        notes = notes_of(pilot.app)
        await type_into(pilot, editor, "#f-customer-first_name", "Zed")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen) and review.drawn_at is not None
        # A second ctrl+s read from the terminal while a large review was still being built.
        early = events.Key("ctrl+s", None)
        early.time = review.drawn_at - 0.5
        pilot.app.post_message(early)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert pilot.app.screen is review and _patches(emulator) == 0
        assert any("before this review was shown" in note for note in notes)
        await pilot.press("ctrl+s")  # pressed with the review in sight: sent
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert _patches(emulator) == 1 and editor.base.customer.first_name == "Zed"


async def test_production_confirmation_asks_for_the_loaded_order_id_not_the_edited_one():
    emulator = create_app(env="PRODUCTION")
    async with PrimerApp(remote=_in_process(emulator, "production")).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        notes = notes_of(editor)
        editor.query_one("TabbedContent").active = "tab-order"
        await pilot.pause()
        await type_into(pilot, editor, "#f-order_id", "order-123-X")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
        confirm = pilot.app.screen
        assert isinstance(confirm, TypeToConfirmScreen) and confirm.expected == "order-123"
        assert "orderId to order-123-X" in str(confirm.message)
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        assert _patches(emulator) == 0
        assert any("cancelled" in note for note in notes)
        assert not any("did not match" in note for note in notes)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "order-123-X"  # what was just typed: refused
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, TypeToConfirmScreen)
        pilot.app.screen.query_one(Input).value = "order-123"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert _patches(emulator) == 1 and editor.base.order_id == "order-123-X"


# --- faults -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("patch:500", "500"),
        ("patch:502", "502"),
        ("patch:503", "503"),
        ("patch:504", "504"),
        ("patch:malformed", "JSON"),
        ("patch:drop", "connection"),
    ],
)
async def test_send_faults_say_what_happened_keep_edits_and_never_resend(fault, words):
    emulator = create_app()
    async with PrimerApp(remote=_in_process(emulator)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        emulator.state.faults.add(fault)
        await _edit_and_send(pilot, editor)
        await _settle(pilot)
        if isinstance(pilot.app.screen, ConfirmScreen):  # outcome unknown: asked, not re-sent
            await pilot.press("n")
            await pilot.pause()
        assert words.lower() in _problem(editor).lower()
        assert editor.draft.customer.first_name == "Zed"
        assert _patches(emulator) == 1


async def test_a_wrong_key_gives_a_401_message_naming_the_key_source():
    emulator = create_app(api_key="the-right-key")
    remote = _in_process(emulator, key="a-wrong-key")
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        problem = _problem(pilot.app.screen)
        assert "401" in problem and "PRIMER_API_KEY" in problem
        assert "a-wrong-key" not in problem


async def test_a_key_no_header_can_carry_is_a_message_on_the_load_screen_not_a_crash():
    emulator = create_app()
    make = remote_factory("sekret\nkey-0123", transport=httpx.ASGITransport(app=emulator))
    async with PrimerApp(make_remote=make).run_test(size=(120, 40)) as pilot:
        load = await first_screen(pilot, LoadScreen)
        load.query_one("#load-token", Input).value = emulator.state.sessions[0].token
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert pilot.app.screen is load and pilot.app.is_running
        shown = [str(note.message) for note in pilot.app._notifications]
        assert any("control character" in text for text in shown), shown
        assert not any("sekret" in text for text in shown)
    assert not emulator.state.requests


async def test_an_unknown_token_shows_primers_400_with_diagnostics():
    make = remote_factory(None, transport=httpx.ASGITransport(app=create_app()))
    async with PrimerApp(remote=make("custom", "http://emulator", "2.4", "no-such-token")).run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        problem = _problem(pilot.app.screen)
        assert "ClientSessionValidationError" in problem and "Diagnostics" in problem


async def test_connection_refused_and_dns_failure_are_named():
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    refused = remote_factory(None)("custom", f"http://127.0.0.1:{port}", "2.4", "t")

    def no_dns(request):
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    dns = Remote(PrimerClient(api_key=None, base_url="https://api.sandbox.primer.io",
                              transport=httpx.MockTransport(no_dns)), "sandbox", "t")
    for remote in (refused, dns):
        async with PrimerApp(remote=remote).run_test() as pilot:
            await first_screen(pilot, EditorScreen)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert "connect" in _problem(pilot.app.screen).lower()


async def test_get_is_retried_a_bounded_number_of_times():
    emulator = create_app(faults=["get:503:once"])
    async with PrimerApp(remote=_in_process(emulator)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        assert editor.base.order_id == "order-123"
    assert [r.method for r in emulator.state.requests] == ["GET", "GET"]


async def test_a_patch_timeout_offers_reload_and_compare_over_loopback():
    with BackgroundServer(create_app(faults=["patch:latency=1.5:once"])) as server:
        token = server.tokens[0]
        client = PrimerClient(api_key=None, base_url=server.base_url,
                              timeout=httpx.Timeout(5.0, read=0.5))
        async with PrimerApp(remote=Remote(client, "custom", token)).run_test(size=(120, 40)) as pilot:
            editor = await loaded_editor(pilot)
            await _edit_and_send(pilot, editor)
            for _ in range(100):
                if isinstance(pilot.app.screen, ConfirmScreen):
                    break
                await pilot.pause(0.05)
            assert "may or may not have been applied" in str(pilot.app.screen.question)
            assert "timed out" in _problem(editor).lower() or "timeout" in _problem(editor).lower()
            assert not editor.query_one(SessionHeader).busy  # not "sending" under the question
            await pilot.press("y")
            await _settle(pilot)
            # uvicorn saw the client go away before the body was read: not applied, and said so
            assert "NOT applied" in _problem(editor)
            assert editor.draft.customer.first_name == "Zed"
        assert [r.method for r in server.app.state.requests].count("PATCH") == 1


async def test_a_patch_that_landed_before_the_timeout_becomes_the_base_after_compare():
    emulator = create_app()
    inner = httpx.ASGITransport(app=emulator)

    class LandsThenTimesOut(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request):
            response = await inner.handle_async_request(request)
            if request.method == "PATCH":
                raise httpx.ReadTimeout("timed out", request=request)
            return response

    token = emulator.state.sessions[0].token
    client = PrimerClient(api_key=None, base_url="http://emulator", transport=LandsThenTimesOut())
    async with PrimerApp(remote=Remote(client, "custom", token)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _edit_and_send(pilot, editor)
        await _settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(pilot)
        assert editor.base.customer.first_name == "Zed" and editor.changes == 0
    assert _patches(emulator) == 1


# --- what is sent --------------------------------------------------------------------------------

async def test_the_reviewed_body_is_sent_and_what_is_typed_meanwhile_stays_as_typed():
    emulator = create_app()
    remote, transport = _held(emulator)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "Ada")
        await pilot.press("ctrl+s")
        await pilot.pause()
        reviewed = pilot.app.screen.patch.body
        transport.hold("GET")  # the re-read before the PATCH takes a while
        await pilot.press("ctrl+s")
        await transport.until_held(pilot)
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        amount = await type_into(pilot, editor, "#f-order-line_items-amount", "7.5")
        await editor.show_tab_for(("customer", "last_name"))
        await pilot.pause()
        await type_into(pilot, editor, "#f-customer-last_name", "Lovelace")
        email = await type_into(pilot, editor, "#f-customer-email_address", "ada@")  # half typed
        transport.release()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [body for method, body in transport.bodies if method == "PATCH"] == [reviewed]
        assert reviewed == {"clientToken": remote.token, "customer": {"firstName": "Ada"}}
        assert (editor.base.customer.first_name, editor.base.customer.last_name) == ("Ada", "Smith")
        # Typed while the request was out: in the draft, on the new base, the text as typed.
        assert editor.draft.customer.last_name == "Lovelace"
        assert amount.value == "7.5" and editor.draft.order.line_items[0].amount == 750
        assert email.value == "ada@"
        assert editor.query_one("#f-customer-email_address").error is not None
        await pilot.press(*"x.io")  # the cursor is where it was: at the end
        assert email.value == "ada@x.io" and editor.draft.customer.email_address == "ada@x.io"
        assert editor.draft.customer.first_name == "Ada"


@pytest.mark.parametrize("typed", ["7,50", "12.345"])
async def test_review_and_send_are_refused_while_a_field_shows_an_error(typed):
    emulator = create_app()
    async with PrimerApp(remote=_in_process(emulator)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        notes = notes_of(editor)
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        amount = await type_into(pilot, editor, "#f-order-line_items-amount", typed)
        assert editor.query_one("#f-order-line_items-amount").error is not None
        await editor.show_tab_for(("customer", "first_name"))
        await pilot.pause()
        await type_into(pilot, editor, "#f-customer-first_name", "Ada")  # a valid edit too
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is editor and _patches(emulator) == 0
        assert any("Not reviewed" in note and "Items › Unit amount" in note for note in notes)
        assert editor.query_one(TabbedContent).active == "tab-items"
        assert pilot.app.focused is amount and amount.value == typed
        # Fixed, it goes: the amount typed, not the last valid one the draft had kept.
        await type_into(pilot, editor, "#f-order-line_items-amount", "7.50")
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert _patches(emulator) == 1 and editor.base.order.line_items[0].amount == 750


async def test_an_error_in_a_deleted_row_does_not_refuse_the_review():
    emulator = create_app()
    async with PrimerApp(remote=_in_process(emulator)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        await type_into(pilot, editor, "#f-order-line_items-amount", "7,50")
        await pilot.click("#panel-items #row-delete")  # the only row: its form is hidden
        await pilot.pause()
        assert editor.draft.order.line_items in (None, [])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_a_metadata_error_refuses_the_review_until_fixed_or_undone():
    emulator = create_app()
    async with PrimerApp(remote=_in_process(emulator)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        notes = notes_of(editor)
        await editor.show_tab_for(("metadata",))
        await pilot.pause()
        area = editor.query_one("#metadata-text", TextArea)
        area.load_text("ticket = T-9")
        await pilot.pause()
        area.load_text(" = oops")
        await pilot.pause()
        await editor.show_tab_for(("customer", "first_name"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is editor and any("Metadata" in note for note in notes)
        assert pilot.app.focused is area and area.text == " = oops"
        editor.action_undo()  # the last edit (ticket) undone: valid metadata shown, no error
        await pilot.pause()
        assert area.text == "productType = Clothing\nloyaltyTier = 2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_a_second_send_is_refused_while_a_patch_is_out_and_the_first_one_finishes():
    emulator = create_app()
    remote, transport = _held(emulator)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        notes = notes_of(editor)
        await editor.show_tab_for(("order", "line_items", 0, "quantity"))
        await pilot.pause()
        await type_into(pilot, editor, "#f-order-line_items-quantity", "2")
        transport.hold("PATCH")  # applied by the server; its answer is slow to come back
        await pilot.press("ctrl+s", "ctrl+s")
        await transport.until_held(pilot)
        [first] = [w for w in pilot.app.workers if w.group == "submit"]
        await pilot.press("ctrl+s", "ctrl+s", "ctrl+r", "ctrl+o")
        await pilot.pause()
        assert pilot.app.screen is editor  # no second review, no reload, no other session
        assert sum("send is in progress" in note for note in notes) == 4
        transport.release()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert first.state == WorkerState.SUCCESS and _patches(emulator) == 1
        assert [entry.status for entry in read_entries()] == [200]
        assert editor.base.order.line_items[0].quantity == 2
        assert count_changes(editor.base, editor.draft) == 0


async def test_a_send_cancelled_while_the_patch_is_out_is_still_audited():
    emulator = create_app()
    remote, transport = _held(emulator)
    app = PrimerApp(remote=remote)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "Ada")
        transport.hold("PATCH")
        await pilot.press("ctrl+s", "ctrl+s")
        await transport.until_held(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "A send is in progress" in pilot.app.screen.question
        await pilot.press("y")
        await pilot.pause()
    transport.release()
    assert not app.is_running and _patches(emulator) == 1
    [entry] = read_entries()
    assert entry.status == "CancelledError" and entry.body["customer"] == {"firstName": "Ada"}


# --- conflicts ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("choice", "expected"), [("m", "mine@example.com"),
                                                  ("t", "server@example.com")])
async def test_a_change_made_elsewhere_shows_three_sides(choice, expected):
    emulator = create_app()
    remote = _in_process(emulator)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await remote.client.update({"clientToken": remote.token,
                                    "customer": {"emailAddress": "server@example.com"}})
        await type_into(pilot, editor, "#f-customer-email_address", "mine@example.com")
        # As an earlier send whose answer was lost leaves it: stale once the server is re-read.
        editor._show_problem("The PATCH may or may not have been applied")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause(0.3)
        screen = pilot.app.screen
        assert isinstance(screen, ConflictScreen)
        # Nothing is out while the question is up: the header does not say "sending".
        assert not editor.query_one(SessionHeader).busy
        assert not editor.query_one("#sending").display
        [conflict] = screen.conflicts
        assert (conflict.loaded, conflict.server, conflict.mine) == (
            "john@primer.io", "server@example.com", "mine@example.com")
        await pilot.press(choice)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)  # back to review, nothing sent
        assert not editor.query_one("#problem").display
        assert _patches(emulator) == 1  # only the other person's
        assert editor.draft.customer.email_address == expected
        assert editor.base.customer.email_address == "server@example.com"


# --- drafts, audit ------------------------------------------------------------------------------

async def _offered_back(pilot) -> None:
    """Until the editor asks whether to restore the draft saved for its session."""
    for _ in range(100):
        if isinstance(pilot.app.screen, ConfirmScreen):
            break
        await pilot.pause(0.05)
    assert "Restore" in pilot.app.screen.question


async def test_a_draft_offered_back_stays_on_disk_until_answered_even_if_killed_again():
    emulator = create_app()
    remote = _in_process(emulator, key=KEY)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-last_name", "Twiceson")
        pilot.app.save_drafts_and_exit(143)  # killed (SIGTERM)
    async with PrimerApp(remote=_in_process(emulator, key=KEY)).run_test(size=(120, 40)) as pilot:
        await _offered_back(pilot)
        await pilot.pause(1.5)  # past the draft's own save, a second after the load
        saved = load_draft(remote.base_url, remote.token)
        assert saved is not None and saved.draft.customer.last_name == "Twiceson"
        pilot.app.save_drafts_and_exit(143)  # killed again, the question unanswered
    saved = load_draft(remote.base_url, remote.token)
    assert saved is not None and saved.draft.customer.last_name == "Twiceson"


@pytest.mark.parametrize("answer", ["y", "enter", "escape"])  # escape backs out: edits kept
async def test_a_killed_session_offers_its_draft_back(tmp_path, answer):
    emulator = create_app()
    remote = _in_process(emulator, key=KEY)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-last_name", "Draftson")
        await pilot.pause(1.3)  # the save is debounced
        pilot.app.exit()  # as if killed: no question, nothing sent
    saved = load_draft(remote.base_url, remote.token)
    assert saved is not None and saved.draft.customer.last_name == "Draftson"
    async with PrimerApp(remote=_in_process(emulator, key=KEY)).run_test(size=(120, 40)) as pilot:
        await _offered_back(pilot)
        await pilot.pause()
        assert pilot.app.focused.id == "yes"  # the safe answer: no throws the draft away
        await pilot.press(answer)
        editor = await loaded_editor(pilot)
        await pilot.pause()
        assert editor.draft.customer.last_name == "Draftson"
        assert editor.query_one("#f-customer-last_name Input", Input).value == "Draftson"


async def test_reload_answered_yes_throws_the_edits_away_and_reads_the_session_again():
    emulator = create_app()
    remote = _in_process(emulator, key=KEY)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-last_name", "Gone")
        await pilot.pause(1.3)  # saved as a draft
        assert load_draft(remote.base_url, remote.token) is not None
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is editor  # no offer of the draft just thrown away
        assert editor.draft == editor.base and editor.draft.customer.last_name == "Smith"
        assert editor.query_one("#f-customer-last_name Input", Input).value == "Smith"
        assert load_draft(remote.base_url, remote.token) is None
    assert _patches(emulator) == 0


@pytest.mark.parametrize("key", ["ctrl+o", "ctrl+q"])
async def test_open_or_quit_answered_yes_keeps_the_edits_as_a_draft(key):
    emulator = create_app()
    remote = _in_process(emulator, key=KEY)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-last_name", "Kept")
        await pilot.press(key)  # at once: the draft's own save is a second away
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen) and "kept as a draft" in question.question
        await pilot.press("y")
        await pilot.pause()
        saved = load_draft(remote.base_url, remote.token)
        assert saved is not None and saved.draft.customer.last_name == "Kept"
    assert _patches(emulator) == 0


async def test_when_the_terminal_goes_away_what_was_just_typed_is_saved_and_the_app_exits():
    emulator = create_app()
    remote = _in_process(emulator, key=KEY)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-last_name", "Hangupson")
        assert load_draft(remote.base_url, remote.token) is None  # the save waits a second
        pilot.app.terminal_gone()  # the hang-up, or the once-a-second check of the terminal
        saved = load_draft(remote.base_url, remote.token)
        assert saved is not None and saved.draft.customer.last_name == "Hangupson"
        await pilot.pause()
    assert pilot.app.return_code == 129
    assert _patches(emulator) == 0


@pytest.mark.parametrize(("signal_name", "status"), [("SIGHUP", 129), ("SIGTERM", 143)])
async def test_a_hang_up_or_stop_signal_saves_what_was_just_typed_and_exits(
    monkeypatch, signal_name, status
):
    import os
    import signal

    signal_number = getattr(signal, signal_name)
    emulator = create_app()
    remote = _in_process(emulator, key=KEY)
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-last_name", "Hangupson")
        # As in a terminal: run_test is headless, with no terminal to watch.
        monkeypatch.setattr(PrimerApp, "is_headless", False)
        monkeypatch.setattr(os, "isatty", lambda fileno: True)
        pilot.app._watch_terminal()
        assert signal.getsignal(signal_number) is not signal.SIG_DFL  # else it ends pytest
        os.kill(os.getpid(), signal_number)
        for _ in range(50):
            await pilot.pause(0.02)
            if pilot.app.return_code is not None:
                break
        saved = load_draft(remote.base_url, remote.token)
        assert saved is not None and saved.draft.customer.last_name == "Hangupson"
    assert pilot.app.return_code == status


async def test_every_patch_is_audited_and_can_be_reverted_through_review():
    emulator = create_app()
    async with PrimerApp(remote=_in_process(emulator)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await _edit_and_send(pilot, editor, "Zed")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        [entry] = read_entries()
        assert entry.status == 200 and entry.body["customer"] == {"firstName": "Zed"}
        assert entry.before == {"customer": {"firstName": "John"}}
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AuditScreen)
        await pilot.press("r")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert review.patch.body["customer"] == {"firstName": "John"}


# --- keys ---------------------------------------------------------------------------------------

async def test_the_key_is_in_no_file_written_and_no_screen_drawn(tmp_path_factory):
    import os
    from pathlib import Path

    emulator = create_app(api_key=KEY)
    remote = _in_process(emulator, key=KEY)
    screens = []
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        screens.append(pilot.app.export_screenshot())
        await type_into(pilot, editor, "#f-customer-first_name", "Kay")
        await pilot.pause(1.3)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screens.append(pilot.app.export_screenshot())
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        screens.append(pilot.app.export_screenshot())
    assert _patches(emulator) == 1
    assert not any(KEY in svg for svg in screens)
    written = [p for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")
               for p in Path(os.environ[name]).rglob("*") if p.is_file()]
    assert written  # the audit log and recent tokens at least
    assert not any(KEY in p.read_text("utf-8", errors="replace") for p in written)


async def test_the_review_exports_the_request_with_the_key_as_a_variable():
    emulator = create_app(api_key=KEY)
    async with PrimerApp(remote=_in_process(emulator, key=KEY)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "Ex")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "x")
        await pilot.pause()
        shown = str(pilot.app.screen.query_one("#review-export").render())
        assert shown.startswith("curl") and "$PRIMER_API_KEY" in shown and KEY not in shown
        assert '"firstName":"Ex"' in shown.replace(" ", "")
        await pilot.press("x")
        await pilot.pause()
        assert str(pilot.app.screen.query_one("#review-export").render()).startswith("httpie")
    assert _patches(emulator) == 0


async def test_a_lost_patch_that_only_removed_a_metadata_key_is_reported_not_applied():
    # The PATCH never reaches the server. Sent: metadata without loyaltyTier (replaced whole);
    # the server still has it. The compare after "outcome unknown" must not call that applied.
    emulator = create_app()
    inner = httpx.ASGITransport(app=emulator)

    class LostOnTheWay(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request):
            if request.method == "PATCH":
                raise httpx.ReadTimeout("timed out", request=request)
            return await inner.handle_async_request(request)

    token = next(s.token for s in emulator.state.sessions if s.name == "primer-example")
    client = PrimerClient(api_key=None, base_url="http://emulator", transport=LostOnTheWay())
    async with PrimerApp(remote=Remote(client, "custom", token)).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        assert "loyaltyTier" in editor.base.metadata
        kept = {k: v for k, v in editor.base.metadata.items() if k != "loyaltyTier"}
        editor._apply(editor.draft.model_copy(update={"metadata": kept}))
        await pilot.pause(0.4)
        await pilot.press("ctrl+s", "ctrl+s")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(pilot)
        assert "NOT applied" in _problem(editor)
        assert "loyaltyTier" not in editor.draft.metadata and editor.changes == 1
        assert [c.path for c in editor.unapplied] == ["metadata.loyaltyTier"]


async def test_metadata_typed_while_a_patch_is_out_keeps_its_text_and_cursor():
    from textual.widgets import TextArea

    remote, transport = _held(create_app())
    async with PrimerApp(remote=remote).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await type_into(pilot, editor, "#f-customer-first_name", "Ada")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s")
        await pilot.pause()
        transport.hold("PATCH")
        await pilot.press("ctrl+s")
        await transport.until_held(pilot)
        await editor.show_tab_for(("metadata",))
        await pilot.pause()
        area = editor.query_one("#metadata-text", TextArea)
        area.focus()
        area.cursor_location = area.document.end
        await pilot.press("enter", *"ticket=12")
        await pilot.pause()
        typed, cursor = area.text, area.cursor_location
        transport.release()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert (area.text, area.cursor_location) == (typed, cursor)
        await pilot.press(*"34")
        await pilot.pause()
        assert editor.base.customer.first_name == "Ada"
        assert editor.draft.metadata == {"productType": "Clothing", "loyaltyTier": 2,
                                         "ticket": 1234}


async def test_the_audit_log_opens_from_the_metadata_text_and_the_command_palette():
    from textual.widgets import TextArea

    async with PrimerApp(remote=_in_process(create_app())).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await editor.show_tab_for(("metadata",))
        await pilot.pause()
        editor.query_one("#metadata-text", TextArea).focus()
        await pilot.pause()
        await pilot.press("f6")  # TextArea's own f6 is "select line"
        await pilot.pause()
        assert isinstance(pilot.app.screen, AuditScreen)
        await pilot.press("escape")
        await pilot.pause()
        titles = [command.title for command in pilot.app.get_system_commands(editor)]
        assert "Audit log" in titles
