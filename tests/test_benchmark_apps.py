"""The benchmarks' stock-widget form and core floor stay fair beside the demo's first screen.

``benchmarks/apps/stock_form.py`` is the editor's first screen built from stock Textual widgets:
its first paint beside the minimal app's shows what Textual itself charges for such a screen
(issue 7). If the editor's first screen gains fields, tabs or keys, the scale must follow, or
the comparison silently flatters or wrongs primer-tui.

``benchmarks/apps/core_floor.py`` is the minimal app showing the demo session's total as
primer-tui's core computes it: the same session, the same total, and nothing of the emulator's
or the editor's, or it is no floor.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Footer, Input, Select, Static, TabPane
from textual.widgets._footer import FooterKey

from primer_tui.emulator.seeds import builtin_seeds
from primer_tui.money import format_money
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.panels import PANELS
from primer_tui.ui.widgets.customer_panel import CustomerPanel
from primer_tui.ui.widgets.totals_panel import TotalsPanel
from tests.pilot_support import loaded_editor

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS / "apps"))
sys.path.insert(0, str(BENCHMARKS))

from core_floor import SESSION, CoreFloorApp  # noqa: E402 - found through the path above
from stock_form import StockFormApp  # noqa: E402
from startup import MARKER, run_order  # noqa: E402


def _shown_keys(app) -> list[str]:
    return sorted(str(key.description) for key in app.screen.query_one(Footer).query(FooterKey))


async def test_the_stock_form_has_the_editors_first_screen_parts() -> None:
    editor_app = PrimerApp(remote=demo_remote(), demo=True)
    async with editor_app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        await pilot.pause()
        tabs = len(editor.query(TabPane))
        fields = len(editor.query_one(CustomerPanel).query(".field-input"))
        editor_keys = _shown_keys(editor_app)
    stock = StockFormApp()
    async with stock.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(stock.query(TabPane)) == tabs == len(PANELS)
        assert len(stock.query(Input)) + len(stock.query(Select)) == fields
        assert fields == len(CustomerPanel.FIELDS)
        assert _shown_keys(stock) == editor_keys
        assert any(MARKER in str(static.render()) for static in stock.query(Static))


async def test_the_core_floor_shows_the_total_the_editor_shows_for_the_demo_session() -> None:
    assert SESSION == builtin_seeds()[0].session
    editor_app = PrimerApp(remote=demo_remote(), demo=True)
    async with editor_app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        breakdown = editor.query_one(TotalsPanel).breakdown
    floor = CoreFloorApp()
    async with floor.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = [str(static.render()) for static in floor.query(Static)]
    expected = f"{MARKER}  {format_money(breakdown.computed_total, breakdown.currency)}"
    assert expected in shown


def test_the_core_floor_imports_the_core_and_nothing_of_the_emulator_or_the_editor() -> None:
    probe = ("import sys, core_floor; print(' '.join(sorted({m.split('.')[0] for m in sys.modules} "
             "& {'httpx', 'pydantic', 'starlette', 'uvicorn'})), "
             "any(m.startswith(('primer_tui.ui', 'primer_tui.emulator')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=BENCHMARKS / "apps",
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["httpx", "pydantic", "False"]


def test_the_paint_order_rotates_so_each_app_takes_each_place_equally() -> None:
    labels = ["demo", "minimal", "stock-form", "core-floor"]
    orders = [run_order(labels, run) for run in range(2 * len(labels))]
    assert all(sorted(order) == sorted(labels) for order in orders)
    for place in range(len(labels)):
        assert sorted(order[place] for order in orders) == sorted(labels * 2)
