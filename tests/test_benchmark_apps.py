"""The benchmarks' stock-widget form stays a fair scale for the demo's first screen.

``benchmarks/apps/stock_form.py`` is the editor's first screen built from stock Textual widgets:
its first paint beside the minimal app's shows what Textual itself charges for such a screen
(issue 7). If the editor's first screen gains fields, tabs or keys, the scale must follow, or
the comparison silently flatters or wrongs primer-tui.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import Footer, Input, Select, Static, TabPane
from textual.widgets._footer import FooterKey

from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.panels import PANELS
from primer_tui.ui.widgets.customer_panel import CustomerPanel
from tests.pilot_support import loaded_editor

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS / "apps"))
sys.path.insert(0, str(BENCHMARKS))

from stock_form import StockFormApp  # noqa: E402 - found through the path above
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


def test_the_paint_order_rotates_so_each_app_takes_each_place_equally() -> None:
    labels = ["demo", "minimal", "stock-form"]
    orders = [run_order(labels, run) for run in range(2 * len(labels))]
    assert all(sorted(order) == sorted(labels) for order in orders)
    for place in range(len(labels)):
        assert sorted(order[place] for order in orders) == sorted(labels * 2)
