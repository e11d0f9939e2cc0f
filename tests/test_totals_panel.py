"""The totals panel lays out its two columns itself (1.6 ms a keystroke less than rendering a
Rich grid); the grid (``render_breakdown``) stays the reference it must match, cell for cell."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style

from primer_tui.emulator import builtin_seeds
from primer_tui.model import Session
from primer_tui.totals import checkout_totals
from primer_tui.ui.widgets.totals_panel import (
    MIN_LABEL,
    breakdown_rows,
    lay_out,
    render_breakdown,
)
from tests.sessions import sessions

CONSOLE = Console(width=200, color_system="truecolor", legacy_windows=False)


def _cells(renderable, width: int) -> list[list[tuple[str, str]]]:
    """Each line as (character, style) pairs as a person sees them: a space's style is left
    out (the grid pads some cells in their style, which shows only as a longer underline
    beyond the words: the snapshot PNGs, compared before and after, were identical)."""
    options = CONSOLE.options.update_width(width)
    lines = []
    for line in CONSOLE.render_lines(renderable, options, pad=False):
        cells = [(char, "" if char == " " else str(segment.style or "none"))
                 for segment in line for char in segment.text]
        while cells and cells[-1][0] == " ":
            cells.pop()
        lines.append(cells)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _same_as_the_grid(breakdown, width: int) -> None:
    grid = _cells(render_breakdown(breakdown), width)
    ours = _cells(lay_out(breakdown_rows(breakdown), width, CONSOLE), width)
    assert [("".join(c for c, _ in line)) for line in ours] == [
        "".join(c for c, _ in line) for line in grid]
    assert ours == grid


WIDTHS = (27, 37)
"""The panel's only content widths: 40 columns less its padding and left border, 30 in a
narrow terminal (primer.tcss)."""


async def test_the_panel_has_the_widths_checked_here():
    from primer_tui.ui.app import PrimerApp
    from primer_tui.ui.demo import demo_remote
    from primer_tui.ui.widgets.totals_panel import TotalsPanel
    from tests.pilot_support import loaded_editor

    for size in ((120, 40), (80, 30), (200, 50)):
        async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=size) as pilot:
            editor = await loaded_editor(pilot)
            assert editor.query_one(TotalsPanel).content_region.width in WIDTHS


@pytest.mark.parametrize("seed", builtin_seeds(), ids=lambda seed: seed.name)
@pytest.mark.parametrize("width", [20, *WIDTHS, 60])
def test_every_seed_is_laid_out_as_the_grid(seed, width):
    _same_as_the_grid(checkout_totals(Session.from_wire(seed.session)), width)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions, st.integers(min_value=20, max_value=70))
def test_any_session_is_laid_out_as_the_grid(wire, width):
    breakdown = checkout_totals(Session.from_wire(wire))
    widest = max(amount.cell_len for _, amount in breakdown_rows(breakdown))
    assume(widest + 1 + MIN_LABEL <= width)  # else amounts go under labels: the test below
    _same_as_the_grid(breakdown, width)


@pytest.mark.parametrize("width", [27, 30])
def test_amounts_too_wide_to_stand_beside_their_labels_go_under_them(width):
    huge = {"currencyCode": "GBP", "order": {"lineItems": [
        {"itemId": "a", "amount": 9_000_000_000_000_000_000, "quantity": 1}],
        "fees": [{"type": "SERVICE", "amount": 9_000_000_000_000_000_000}]}}
    rows = breakdown_rows(checkout_totals(Session.from_wire(huge)))
    assert max(amount.cell_len for _, amount in rows) + 1 + MIN_LABEL > width  # the case
    lines = lay_out(rows, width, CONSOLE).plain.splitlines()
    assert all(len(line) <= width for line in lines)
    for label, amount in rows:
        if label.plain.startswith("! "):  # a warning (above int64, here) wraps over lines
            assert label.plain in " ".join(line.strip() for line in lines), label.plain
        elif label.plain:
            assert label.plain in lines, label.plain  # whole, on a line of its own
        if amount.plain:
            assert any(line.strip() == amount.plain and line.endswith(amount.plain)
                       for line in lines), amount.plain


async def test_the_first_show_is_laid_out_at_the_width_the_panel_then_gets(monkeypatch):
    from primer_tui.ui.app import PrimerApp
    from primer_tui.ui.demo import demo_remote
    from primer_tui.ui.widgets import totals_panel
    from tests.pilot_support import loaded_editor

    widths: list[int] = []
    lay = totals_panel.lay_out_lines
    monkeypatch.setattr(totals_panel, "lay_out_lines",
                        lambda rows, width, console: widths.append(width) or lay(
                            rows, width, console))
    for size in ((120, 40), (80, 30)):
        widths.clear()
        async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=size) as pilot:
            editor = await loaded_editor(pilot)
            await pilot.pause()
            panel = editor.query_one(totals_panel.TotalsPanel)
            assert "Computed total" in str(panel.render())
            # Before Textual's layout, from the width its CSS fixes: never at another width
            # first (nor as a Rich grid, whose render cost about 4 ms at start-up).
            assert widths and set(widths) == {panel.content_region.width}, size


async def test_a_keystroke_redraws_only_the_totals_lines_whose_text_changed(monkeypatch):
    from primer_tui.ui.app import PrimerApp
    from primer_tui.ui.demo import demo_remote
    from primer_tui.ui.widgets.totals_panel import TotalsPanel
    from tests.pilot_support import loaded_editor

    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await editor.show_tab_for(("order", "line_items", 0, "amount"))
        await pilot.pause()
        amount = editor.query_one("#f-order-line_items-amount Input")
        amount.focus()
        amount.value = "1"
        await pilot.pause(0.4)
        panel = editor.query_one(TotalsPanel)
        before = str(panel.render()).splitlines()
        drawn: list[int] = []
        render_line = TotalsPanel.render_line
        monkeypatch.setattr(TotalsPanel, "render_line",
                            lambda self, y: drawn.append(y) or render_line(self, y))
        await pilot.press("5")
        await pilot.pause()
        after = str(panel.render()).splitlines()
        changed = {y for y, (old, new) in enumerate(zip(before, after)) if old != new}
        assert len(after) == len(before)
        assert changed and len(changed) < len(after)  # the case: some lines, not all
        assert set(drawn) == changed


def _strip_cells(strip) -> list[tuple[str, object, object, bool, bool, bool]]:
    """Each cell as a person sees it: character, colour, background, bold, italic, underline."""
    return [(char, style.color, style.bgcolor, bool(style.bold), bool(style.italic),
             bool(style.underline))
            for text, style, _ in strip for char in text for style in [style or Style()]]


async def test_selected_text_is_drawn_as_textual_draws_it_and_copied():
    from textual.geometry import Offset
    from textual.selection import Selection
    from textual.visual import Visual, visualize

    from primer_tui.ui.app import PrimerApp
    from primer_tui.ui.demo import demo_remote
    from primer_tui.ui.widgets.form import FieldRow
    from primer_tui.ui.widgets.totals_panel import TotalsPanel
    from tests.pilot_support import loaded_editor

    def as_textual_draws(widget) -> list:
        """The widget's text drawn by Textual's own path (a Static's), selection included."""
        return Visual.to_strips(widget, visualize(widget, widget.render()), widget.size.width,
                                None, widget.visual_style)

    async with PrimerApp(remote=demo_remote(), demo=True).run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        panel = editor.query_one(TotalsPanel)
        row = editor.query_one("#f-customer-email_address", FieldRow)
        lines = str(panel.render()).splitlines()
        y = next(index for index, line in enumerate(lines) if line.startswith("Computed total"))
        editor.selections = {
            panel: Selection(Offset(0, y - 1), Offset(len(lines[y]), y)),  # two lines
            row: Selection(Offset(0, 0), Offset(3, 0)),  # "Ema"
        }
        await pilot.pause()
        assert editor.get_selected_text().split()[:3] == lines[y - 1].split() + ["Computed"]
        for widget in (panel, row):
            reference = as_textual_draws(widget)
            for index, strip in enumerate(reference):
                expected = _strip_cells(strip)
                assert _strip_cells(widget.render_line(index))[:len(expected)] == expected, index
        selected = _strip_cells(panel.render_line(y))[0]
        assert selected[1] != selected[2]  # the text shows on the selection's background
        assert _strip_cells(row.render_line(0))[0][1] != _strip_cells(row.render_line(0))[0][2]
        editor.selections = {}
        await pilot.pause()
        expected = _strip_cells(as_textual_draws(panel)[y])
        assert _strip_cells(panel.render_line(y))[:len(expected)] == expected
