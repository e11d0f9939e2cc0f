"""The editor's partial screen updates (``primer_tui.ui.compositor``): the same cells as a full
redraw, drawing only the widgets in the areas that changed (issue 7's keystroke figures).

Every partial update checked here is compared, cell for cell in its changed spans, with the same
spans cut from a full redraw of the screen (Textual's own ``_render_chops`` over the whole
screen), as ``ChopsUpdate`` writes them to the terminal.
"""

from __future__ import annotations

from textual._compositor import ChopsUpdate, Compositor
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

import primer_tui.ui.screens.editor as editor_module
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.compositor import SplitCompositor, group_regions, split_compositor
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.widgets.form import FieldInput
from tests.pilot_support import loaded_editor


def _written(update: ChopsUpdate) -> list[tuple[int, int, str, object]]:
    """The cells ``update`` writes: (y, x, character, style), in its changed spans only."""
    cells = []
    for y, left, right in update.spans:
        for (x, strip), end in zip(update.chops[y].items(), update.chop_ends[y]):
            if end <= left or x >= right:
                continue
            assert strip is not None, f"nothing to write at {x},{y}"
            start = max(x, left)
            for segment in strip.crop(start - x, min(end, right) - x):
                for character in segment.text:
                    cells.append((y, start, character, segment.style))
                    start += 1
    return cells


def _as_fully_redrawn(compositor: Compositor, update: ChopsUpdate) -> ChopsUpdate:
    """``update``'s spans cut from a full redraw of the screen."""
    everything = Compositor._render_chops(compositor, compositor.size.region, lambda y: True)
    return ChopsUpdate(everything, update.spans, update.chop_ends)


class CheckedCompositor(SplitCompositor):
    """Compares each partial update it draws with a full redraw; keeps count and mismatches."""

    def __init__(self) -> None:
        super().__init__()
        self.checked = self.split = 0
        self.mismatches: list[tuple[list[Region], str, str]] = []

    def render_partial_update(self) -> ChopsUpdate | None:
        regions = list(self._dirty_regions)
        update = super().render_partial_update()
        if update is not None:
            drawn = _written(update)
            expected = _written(_as_fully_redrawn(self, update))
            self.checked += 1
            self.split += len(group_regions(regions)) > 1
            if drawn != expected:
                self.mismatches.append((regions, drawn, expected))
        return update


def test_regions_that_touch_are_grouped_and_others_kept_apart():
    field, note, totals = Region(21, 20, 28, 1), Region(1, 20, 76, 1), Region(80, 1, 40, 6)
    assert sorted(group_regions([field, totals, note])) == sorted(
        [Region(1, 20, 76, 1), totals])
    # Side by side (corners too) counts as touching, a cell between does not; a region that
    # touches two groups merges them.
    left, right = Region(0, 0, 5, 1), Region(10, 0, 5, 1)
    assert len(group_regions([left, right])) == 2
    assert group_regions([left, right, Region(5, 1, 5, 1)]) == [Region(0, 0, 15, 2)]
    assert group_regions([Region(0, 0, 2, 2), Region(2, 2, 2, 2)]) == [Region(0, 0, 4, 4)]
    assert len(group_regions([Region(0, 0, 2, 2), Region(3, 3, 2, 2)])) == 2


def test_the_editor_uses_it_where_textual_has_what_it_relies_on(monkeypatch):
    assert isinstance(split_compositor(), SplitCompositor)

    def other_init(self, lines, ends):  # a Textual whose ChopsUpdate changed shape
        pass

    monkeypatch.setattr(ChopsUpdate, "__init__", other_init)
    fallback = split_compositor()
    assert type(fallback) is Compositor


class Gap(App[None]):
    """Two labels on one line, the row's background showing between them and after."""

    CSS = """
    Horizontal { height: 1; background: red; }
    #left { width: 10; background: blue; }
    #right { width: 10; margin-left: 10; background: green; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("left side", id="left")
            yield Static("right side", id="right")


async def test_a_group_takes_no_cell_outside_its_rectangle():
    """Two groups on one line. The first one's rectangle takes in some of the row's background,
    so the row (it spans the line) is drawn for it: the row must not fill the second group's
    cells, where the right label is in front of it."""
    app = Gap()
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.pause()
        assert app.query_one("#right").region == Region(20, 0, 10, 1)
        compositor = SplitCompositor()
        compositor.reflow(app.screen, app.screen.size)
        compositor._dirty_regions.clear()
        compositor._dirty_regions.update({Region(0, 0, 12, 1), Region(25, 0, 5, 1)})
        update = compositor.render_partial_update()
        assert update is not None
        drawn = _written(update)
        assert drawn == _written(_as_fully_redrawn(compositor, update))
        assert "".join(character for _, x, character, _ in drawn if x >= 25) == " side"


async def test_every_partial_update_of_an_editing_session_matches_a_full_redraw(monkeypatch):
    compositors: list[CheckedCompositor] = []

    def checked() -> CheckedCompositor:
        compositors.append(CheckedCompositor())
        return compositors[-1]

    monkeypatch.setattr(editor_module, "split_compositor", checked)
    app = PrimerApp(remote=demo_remote(), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        compositor = compositors[-1]
        assert editor._compositor is compositor
        # Customer: a field near the top shares lines with the totals.
        email = editor.query_one("#f-customer-email_address Input", FieldInput)
        email.focus()
        await pilot.press("end", *"x.y", "backspace")
        await pilot.pause()
        app.notify("A toast over the forms")
        await pilot.press(*"ab")
        await pilot.pause()
        # Items: the amount (its note changes too), the table's cursor moves the row form.
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        amount = editor.query_one("#f-order-line_items-amount Input", FieldInput)
        amount.focus()
        await pilot.press("5", "5", "backspace", ",", "backspace", "7")
        await pilot.pause(0.4)  # the table's row redraw after typing pauses
        # Surcharges: a method's amount.
        await editor.show_tab_for(("payment_method", "options", "GOOGLE_PAY", "surcharge",
                                   "amount"))
        await pilot.pause()
        surcharge = editor.query_one(
            "#f-payment_method-options-GOOGLE_PAY-surcharge-amount Input", FieldInput)
        surcharge.focus()
        await pilot.press("1", "2", "backspace")
        await pilot.pause(0.4)
    assert compositor.mismatches == []
    assert compositor.checked >= 15
    assert compositor.split >= 5  # the field and the totals drawn as two groups


async def test_a_keystroke_draws_the_field_its_note_and_the_totals_only(monkeypatch):
    drawn: list[str] = []
    render_lines = Widget.render_lines

    def spy(widget, crop):
        drawn.append(type(widget).__name__)
        return render_lines(widget, crop)

    app = PrimerApp(remote=demo_remote(), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        amount = editor.query_one("#f-order-line_items-amount Input", FieldInput)
        amount.focus()
        amount.value = "1"
        await pilot.pause(0.4)
        monkeypatch.setattr(Widget, "render_lines", spy)
        await pilot.press("5")
        await pilot.pause()
        monkeypatch.undo()
    # Textual's single rectangle around the field and the totals took in the tab bar, the item
    # table, the row buttons, every form row and the footer: about 45 widgets.
    assert sorted(set(drawn)) == ["FieldInput", "FieldRow", "TotalsPanel"]


class Short(Static):
    """Draws fewer lines than it is asked for."""

    def render_lines(self, crop):
        return super().render_lines(crop)[:1]


class ShortApp(App[None]):
    CSS = "Horizontal { height: 3; background: red; } Short { width: 10; height: 3; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Short("short\nlines\nhere")


async def test_a_widget_drawing_fewer_lines_than_asked_is_drawn_as_textual_draws_it():
    app = ShortApp()
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        compositor = SplitCompositor()
        compositor.reflow(app.screen, app.screen.size)
        compositor._dirty_regions.clear()
        compositor._dirty_regions.add(Region(0, 0, 12, 3))
        update = compositor.render_partial_update()
        assert update is not None
        assert _written(update) == _written(_as_fully_redrawn(compositor, update))
        assert "".join(character for y, _, character, _ in _written(update) if y == 0)[:5] == (
            "short")
