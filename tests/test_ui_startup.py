"""Start-up mechanisms behind issue 7's first-paint figure (the benchmark measures the time).

- Garbage collection is paused for start-up and back on once the first screen is drawn (or
  after a grace period, whatever happens); what the imports built is frozen, no session is.
- The editor gets its width class before its widgets are styled, not on the first resize
  (which restyles every widget).
"""

from __future__ import annotations

import argparse
import gc
import weakref

import pytest

from primer_tui import cli
from primer_tui.ui import app as app_module
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.screens.editor import EditorScreen
from primer_tui.ui.screens.load import LoadScreen
from tests.pilot_support import first_screen, loaded_editor


@pytest.fixture
def paused_gc():
    """GC off as ``primer-tui`` starts; whatever the test does, on and unfrozen afterwards."""
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_command_pauses_collection_while_it_starts(monkeypatch):
    seen = []
    monkeypatch.setattr(app_module, "run", lambda args, target: seen.append(gc.isenabled()) or 0)
    try:
        assert cli.run_editor(argparse.Namespace(demo=True)) == 0
    finally:
        gc.enable()
    assert seen == [False]
    assert gc.isenabled()  # on again when the app has ended


def test_collection_is_on_again_when_the_command_fails(monkeypatch):
    def refused(args, target):
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(app_module, "run", refused)
    try:
        with pytest.raises(RuntimeError):
            cli.run_editor(argparse.Namespace(demo=True))
        assert gc.isenabled()
        code = cli.main(["--profile", "no-such-profile", "--token", "t"])
        assert code == cli.EXIT_USAGE
        assert gc.isenabled(), "a refused target left collection off"
    finally:
        gc.enable()


async def test_collection_is_back_on_once_the_editor_is_drawn(paused_gc):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        await loaded_editor(pilot)
        for _ in range(50):
            if gc.isenabled():
                break
            await pilot.pause(0.02)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what the imports built is out of the collector's way


async def test_the_first_editor_is_freed_after_opening_another_session(paused_gc):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        first = weakref.ref(await loaded_editor(pilot))
        for _ in range(50):
            if gc.isenabled():
                break
            await pilot.pause(0.02)
        await pilot.press("ctrl+o")  # the load screen, in place of the editor
        await pilot.pause(0.2)
        assert isinstance(pilot.app.screen, LoadScreen)
        for _ in range(3):
            gc.collect()
            await pilot.pause(0.05)
        assert first() is None, "the first editor (and its session) can never be freed"


async def test_collection_is_back_on_once_the_load_screen_is_drawn(paused_gc):
    async with PrimerApp(demo=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, LoadScreen)
        for _ in range(50):
            if gc.isenabled():
                break
            await pilot.pause(0.02)
        assert gc.isenabled()


async def test_collection_is_back_on_after_the_grace_period_whatever_happens(
        paused_gc, monkeypatch):
    monkeypatch.setattr(app_module, "STARTUP_GRACE", 0.05)
    monkeypatch.setattr("primer_tui.ui.screens.load.report_started", lambda app: None)  # as imported there
    async with PrimerApp(demo=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert gc.isenabled()


@pytest.mark.parametrize(("width", "expected", "other"), [(120, "-wide", "-narrow"),
                                                          (80, "-narrow", "-wide")])
async def test_the_editor_has_its_width_class_before_it_is_styled(width, expected, other):
    async with PrimerApp(demo=False).run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        editor = EditorScreen(demo_remote())  # not mounted: no resize has reached it
        assert editor.has_class(expected)
        assert not editor.has_class(other)


async def test_a_field_row_draws_its_own_label_and_marks_it_changed():
    from textual.widgets import Label

    from primer_tui.ui.widgets.form import FieldRow

    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        row = editor.query_one("#f-customer-first_name", FieldRow)
        assert not row.query(Label)  # one widget fewer per field: the row draws the label
        before = row.render()
        assert before.plain == "First name"
        row.query_one("Input").value = "Jane"
        await pilot.pause()
        assert row.has_class("-changed")
        after = row.render()
        assert after.plain == "First name"
        label_style = lambda text: text.spans[0].style
        assert label_style(after) != label_style(before) and label_style(after).bold


async def test_a_long_label_wraps_in_its_column():
    from primer_tui.ui.widgets.form import FieldRow

    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(80, 40)) as pilot:
        editor = await loaded_editor(pilot)
        row = editor.query_one("#f-customer-shipping_address-postal_code", FieldRow)
        lines = row.render().plain.splitlines()
        assert len(lines) == 2 and " ".join(lines) == "Shipping postal code"
        assert all(len(line) <= 13 for line in lines)  # 14 columns in a narrow terminal
        assert row.size.height == 2



@pytest.fixture
def styled(monkeypatch) -> dict[str, int]:
    """How many times each widget has been styled (keyed by type and id), from app start."""
    from textual.css.stylesheet import Stylesheet

    counts: dict[str, int] = {}
    apply = Stylesheet.apply

    def counting(self, node, **kwargs):
        if node.id:
            key = f"{type(node).__name__}#{node.id}"
            counts[key] = counts.get(key, 0) + 1
        return apply(self, node, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    return counts


async def test_opening_the_editor_styles_its_widgets_once(styled):
    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        await loaded_editor(pilot)
        rows = {key: n for key, n in styled.items() if key.startswith("FieldRow#")}
        assert len(rows) > 10
        assert set(rows.values()) == {1}, "the first resume restyled the whole editor"
        assert styled["TabbedContent#panels"] == 1


async def test_the_load_screen_styles_its_widgets_once(styled):
    async with PrimerApp(demo=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, LoadScreen)
        # Those focus does not touch (the focused field and its form are restyled, rightly).
        assert styled["Input#load-token"] == 1
        assert styled["Static#load-title"] == 1


@pytest.mark.parametrize("demo_token", [True, False], ids=["editor", "load-screen"])
async def test_the_first_screens_first_frame_is_the_one_shown(demo_token, monkeypatch):
    # Pushed from the app's mount, the first screen was drawn while Textual held frames back
    # (the app's start-up batch), that frame thrown away, and drawn again: ~80 ms (issue 7).
    # Pushed after the app's first refresh, blank frames of the default screen came first.
    frames = []
    display = PrimerApp._display

    def recording(self, screen, renderable):
        if renderable is not None:
            frames.append((type(screen).__name__, self._batch_count > 0))
        return display(self, screen, renderable)

    monkeypatch.setattr(PrimerApp, "_display", recording)
    remote = demo_remote() if demo_token else None
    app = PrimerApp(remote=remote, demo=True) if demo_token else PrimerApp(demo=False)
    kind = EditorScreen if demo_token else LoadScreen
    async with app.run_test(size=(120, 40)) as pilot:
        if demo_token:
            await loaded_editor(pilot)
        await first_screen(pilot, kind)
        await pilot.pause()
    drawn = [held for name, held in frames if name == kind.__name__]
    assert drawn, "the screen was never drawn"
    assert not any(drawn), f"{drawn.count(True)} frame(s) drawn while held back"
    first = next(i for i, (name, _held) in enumerate(frames) if name == kind.__name__)
    blank = [held for name, held in frames[:first] if name == "Screen"]
    assert all(blank), f"{blank.count(False)} blank frame(s) shown before the first screen's"


@pytest.mark.parametrize("environment", ["sandbox", "production"])
async def test_the_editors_own_classes_do_not_style_it_before_it_is_mounted(environment,
                                                                           monkeypatch):
    # Its width class and -production are set in __init__; with Textual's default (update=True)
    # each styled the lone, unmounted screen (about 2 ms), which its mount styles again.
    from textual.css.stylesheet import Stylesheet

    styled = []
    apply = Stylesheet.apply

    def counting(self, node, **kwargs):
        if isinstance(node, EditorScreen):
            styled.append(node.is_attached)
        return apply(self, node, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    async with PrimerApp(demo=False).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        remote = demo_remote()
        remote.environment = environment
        editor = EditorScreen(remote)
        assert editor.has_class("-wide") and editor.has_class("-production") == (
            environment == "production")
        assert styled == []
        await pilot.app.push_screen(editor)
        assert styled and all(styled)


def test_only_the_first_resume_skips_the_restyle():
    from types import SimpleNamespace

    from textual import events

    from primer_tui.ui.startup import StyledOnce

    screen = SimpleNamespace(_resumed=False)  # the mixin's state, without an app
    first, second = events.ScreenResume(), events.ScreenResume()
    StyledOnce.on_screen_resume(screen, first)
    StyledOnce.on_screen_resume(screen, second)
    assert (first.refresh_styles, second.refresh_styles) == (False, True)


def test_a_start_up_screen_can_be_built_outside_a_running_app():
    screen = LoadScreen()  # no app yet: no width class, the first resize gives it one
    assert not screen.has_class("-wide") and not screen.has_class("-narrow")


def test_the_mixin_must_come_before_screen():
    from textual.screen import Screen

    from primer_tui.ui.startup import StyledOnce

    with pytest.raises(TypeError, match="before Screen"):
        type("Late", (Screen, StyledOnce), {})


async def test_a_field_row_draws_its_note_beside_the_control_and_grows_with_it():
    from textual.widgets import Input, Static

    from primer_tui.ui.widgets.form import FieldRow
    from tests.pilot_support import type_into

    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        row = editor.query_one("#f-customer-email_address", FieldRow)
        assert not row.query(Static)  # no note widget: the row draws it
        await type_into(pilot, editor, "#f-customer-email_address", "not-an-email")
        await pilot.pause()
        control = row.query_one(Input)
        start = control.region.right - row.content_region.x + 1
        lines = row.render().plain.splitlines()
        assert lines[0].startswith("Email") and lines[0][start:].startswith("'not-an-email'")
        assert all(len(line) <= row.content_region.width for line in lines)
        assert row.size.height == len(lines) == 3  # wrapped in its column, the row grows
        await type_into(pilot, editor, "#f-customer-email_address", "jane@example.com")
        await pilot.pause()
        assert row.note == "" and row.render().plain == "Email"
        assert row.size.height == 1


@pytest.mark.parametrize(("width", "shown"), [(120, True), (80, False)])
async def test_a_money_note_is_drawn_only_where_there_is_room(width, shown):
    from primer_tui.ui.widgets.form import FieldRow

    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(width, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await editor.show_tab_for(("order", "shipping", "amount"))
        await pilot.pause()
        row = editor.query_one("#f-order-shipping-amount", FieldRow)
        assert row.note == "= 50 minor units"
        assert ("= 50 minor units" in row.render().plain) == shown


@pytest.mark.parametrize("theme", ["primer", "primer-light", "nord"])
async def test_the_app_starts_in_its_theme_without_restyling_for_it(theme, monkeypatch):
    from textual.app import App
    from textual.color import Color

    refreshes = []
    refresh_css = App.refresh_css
    monkeypatch.setattr(App, "refresh_css",
                        lambda self, *a, **k: refreshes.append(1) or refresh_css(self, *a, **k))
    app = PrimerApp(remote=demo_remote(), demo=True, profile_theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        chosen = app.get_theme(theme)
        assert app.theme == theme and f"-theme-{theme}" in app.classes
        assert app.has_class("-dark-mode") == chosen.dark != app.has_class("-light-mode")
        assert editor.styles.background == Color.parse(chosen.background)
    # A theme as dark as Textual's default is in place before the first parse; a light one
    # is set on mount, as Textual does it (it changes the ANSI colour filter too).
    assert len(refreshes) == (0 if chosen.dark else 1)


async def test_a_field_control_is_styled_when_mounted_not_before(styled):
    from primer_tui.ui.widgets.form import FieldCheckbox, FieldInput, FieldSelect

    async with PrimerApp(demo=False).run_test(size=(120, 40)) as pilot:
        controls = [FieldInput(compact=True, id="probe-input"),
                    FieldSelect([("GB", "GB")], compact=True, id="probe-select"),
                    FieldCheckbox(compact=True, id="probe-checkbox")]
        assert all(control.has_class("-textual-compact") for control in controls)
        names = [f"{type(c).__name__}#{c.id}" for c in controls]
        assert [styled.get(name, 0) for name in names] == [0, 0, 0]  # built: not styled yet
        await pilot.app.screen.mount_all(controls)
        await pilot.pause()
        assert [styled.get(name, 0) for name in names] == [1, 1, 1]
        controls[0].add_class("-invalid")  # mounted: a class change restyles, as ever
        assert styled["FieldInput#probe-input"] == 2


async def test_a_notes_colour_follows_the_rows_state():
    from primer_tui.ui.widgets.form import FieldRow
    from tests.pilot_support import type_into

    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await editor.show_tab_for(("order", "shipping", "amount"))
        await pilot.pause()
        row = editor.query_one("#f-order-shipping-amount", FieldRow)

        def note_style():
            return row.render().spans[-1].style  # the note is drawn last

        calm = note_style()
        await type_into(pilot, editor, "#f-order-shipping-amount", "1.505")
        assert row.has_class("-invalid") and "decimal places" in row.note
        alarmed = note_style()
        assert alarmed != calm and alarmed.color != calm.color
        await type_into(pilot, editor, "#f-order-shipping-amount", "1.50")
        assert not row.has_class("-invalid") and note_style() == calm
