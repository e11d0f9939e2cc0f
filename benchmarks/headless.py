"""In-process measurements (``App.run_test``): keystroke-to-repaint and load-to-first-render.

Run as a script, one measurement per process, so no run inherits another's warm caches:
``python benchmarks/headless.py keys 1000``, ``... load 2000``, or ``... floor 0`` (the
one-Input app of ``apps/one_input.py``, measured the same way: Textual's own floor); prints JSON.

How "the totals were repainted" is seen, without Pilot's ``pause()`` (it waits in 20 ms steps): a
probe wraps three methods, at class level and only in this process. ``TotalsPanel.watch_breakdown``
arms it (new figures), ``TotalsPanel.render_lines`` marks that the panel was drawn since, and the
end of the next ``Screen._compositor_refresh`` (the frame that contains the drawn panel) is the
moment measured (for the one-Input app: its ``on_input_changed`` and its ``Echo`` line).
``_compositor_refresh`` is private Textual API: if Textual renames it the probe
fails loudly rather than measuring something else. The trade-off of headless: no bytes are written
to a terminal (Textual skips that when headless), which the tmux benchmark covers.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sessions import emulator_with_items, primer_app  # a sibling: this folder is on sys.path

HERE = Path(__file__).resolve().parent

AMOUNT = "#f-order-line_items-amount Input"
KEYS = (("5", "5"), ("backspace", None))
"""Typed into the amount field holding ``1``: 1 -> 15 -> 1 -> ...; each changes the total."""
WARM_UP_KEYS = 2


def gap_after(index: int) -> float:
    """Seconds before key ``index + 1``: bursts of 5 keys 120 ms apart, then a 450 ms pause.

    The pause lets the work the editor defers until typing stops (the change count and the table
    row refresh, both at 300 ms) run between bursts, as it does when a person types.
    """
    return 0.45 if index % 5 == 4 else 0.12


@dataclass
class Probe:
    """Times when the totals got new figures and when a frame showing them was composed."""

    watched_at: float | None = None
    painted_at: float | None = None
    armed: bool = False
    drawn: bool = False
    painted: asyncio.Event = field(default_factory=asyncio.Event)

    def reset(self) -> None:
        self.watched_at = self.painted_at = None
        self.armed = self.drawn = False
        self.painted.clear()

    def install(self, watched: type, method: str, panel: type) -> Probe:
        """Arm on ``watched.method`` (new figures), count frames once ``panel`` was drawn."""
        from textual.screen import Screen

        if not hasattr(Screen, "_compositor_refresh"):
            raise RuntimeError("Textual has no Screen._compositor_refresh: update the probe")
        _wrap_watch(watched, method, self)
        _wrap_render(panel, self)
        _wrap_refresh(Screen, self)
        return self


def _wrap_watch(watched: type, method: str, probe: Probe) -> None:
    original = getattr(watched, method)

    def watch(obj: Any, value: Any) -> Any:  # two parameters: Textual counts them
        result = original(obj, value)
        if value is not None:
            probe.watched_at, probe.armed, probe.drawn = time.perf_counter(), True, False
        return result

    setattr(watched, method, watch)


def _wrap_render(panel_class: type, probe: Probe) -> None:
    original = panel_class.render_lines

    def render_lines(panel: Any, crop: Any) -> Any:
        if probe.armed:
            probe.drawn = True
        return original(panel, crop)

    panel_class.render_lines = render_lines


def _wrap_refresh(screen_class: type, probe: Probe) -> None:
    original = screen_class._compositor_refresh

    def _compositor_refresh(screen: Any) -> None:
        original(screen)
        if probe.armed and probe.drawn:
            probe.painted_at, probe.armed = time.perf_counter(), False
            probe.painted.set()

    screen_class._compositor_refresh = _compositor_refresh


def primer_probe() -> Probe:
    from primer_tui.ui.widgets.totals_panel import TotalsPanel

    return Probe().install(TotalsPanel, "watch_breakdown", TotalsPanel)


async def _loaded_editor(app: Any, timeout: float = 60.0) -> Any:
    from primer_tui.ui.screens.editor import EditorScreen

    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if isinstance(app.screen, EditorScreen) and app.screen.draft is not None:
            return app.screen
        await asyncio.sleep(0.01)
    raise TimeoutError(f"the editor did not load; the screen is {app.screen}")


async def _focus_amount(pilot: Any, editor: Any) -> Any:
    editor.query_one("TabbedContent").active = "tab-items"
    await pilot.pause()  # set-up only: nothing is measured here
    field = editor.query_one(AMOUNT)
    field.select_on_focus = False  # else the first key would replace the whole value
    field.focus()
    field.value = "1"
    field.cursor_position = len(field.value)
    await pilot.pause()
    await asyncio.sleep(0.6)  # the deferred work of the set-up runs out
    return field


async def _press(app: Any, probe: Probe, key: str, char: str | None) -> tuple[float, float]:
    """One key through the driver, as a terminal's would come; (to watcher, to frame) in s."""
    from textual import events

    probe.reset()
    event = events.Key(key, char)
    event.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(event)
    try:
        await asyncio.wait_for(probe.painted.wait(), timeout=10)
    except TimeoutError:
        raise RuntimeError(f"key {key!r}: the totals were not repainted within 10 s") from None
    return probe.watched_at - start, probe.painted_at - start


def _one_input_probe() -> tuple[Probe, Any]:
    sys.path.insert(0, str(HERE / "apps"))
    from one_input import Echo, OneInputApp

    return Probe().install(OneInputApp, "on_input_changed", Echo), OneInputApp()


async def _one_input_ready(pilot: Any) -> None:
    await pilot.pause()
    await asyncio.sleep(0.6)


async def measure_keys(items: int, keys: int, profiler: cProfile.Profile | None) -> dict:
    """Per-key latency (ms) in an editor on ``items`` line items (0: the one-Input app)."""
    if items:
        # As the command starts it (cli.run_editor): collection paused until the editor is
        # drawn, what the imports built frozen out of its way (PrimerApp.on_mount, startup_done).
        gc.disable()
        probe, app = primer_probe(), primer_app(items)
    else:
        probe, app = _one_input_probe()
    to_watch, to_paint = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        if items:
            await _focus_amount(pilot, await _loaded_editor(app))
        else:
            await _one_input_ready(pilot)
        for index in range(keys + WARM_UP_KEYS):
            if index == WARM_UP_KEYS and profiler:
                profiler.enable()
            watched, painted = await _press(app, probe, *KEYS[index % 2])
            if index >= WARM_UP_KEYS:
                to_watch.append(watched * 1000)
                to_paint.append(painted * 1000)
            await asyncio.sleep(gap_after(index))
    return {"items": items, "to_watch_ms": to_watch, "to_paint_ms": to_paint}


async def measure_load(items: int, profiler: cProfile.Profile | None) -> dict:
    """Seconds from the app's start to the first frame showing the totals of ``items`` lines."""
    emulator = emulator_with_items(items)  # the server already holds the session
    probe = primer_probe()
    if profiler:
        profiler.enable()
    start = time.perf_counter()
    app = primer_app(items, emulator)
    async with app.run_test(size=(120, 40)):
        await asyncio.wait_for(probe.painted.wait(), timeout=60)
        if profiler:
            profiler.disable()
    return {"items": items, "watched_s": probe.watched_at - start,
            "painted_s": probe.painted_at - start}


async def measure_tab(items: int, profiler: cProfile.Profile | None) -> dict:
    """Seconds from opening the Items tab of a loaded ``items``-line session to the first frame
    with its table drawn (the panel mounted, every row formatted, the visible ones drawn)."""
    from textual.screen import Screen

    from primer_tui.ui.widgets.row_table import RowTable

    drawn = asyncio.Event()
    state = {"armed": False, "table": False}
    render_line, refresh = RowTable.render_line, Screen._compositor_refresh

    def counting_render_line(table: Any, y: int) -> Any:
        if state["armed"] and table.row_count == items:
            state["table"] = True
        return render_line(table, y)

    def frame(screen: Any) -> None:
        refresh(screen)
        if state["armed"] and state["table"]:
            state["armed"] = False
            drawn.set()

    RowTable.render_line, Screen._compositor_refresh = counting_render_line, frame
    gc.disable()  # as the command starts (see measure_keys)
    app = primer_app(items)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _loaded_editor(app)
        await pilot.pause()
        await asyncio.sleep(0.6)
        if profiler:
            profiler.enable()
        state["armed"], start = True, time.perf_counter()
        editor.query_one("TabbedContent").active = "tab-items"
        await asyncio.wait_for(drawn.wait(), timeout=60)
        took = time.perf_counter() - start
        if profiler:
            profiler.disable()
    return {"items": items, "tab_s": took}


async def measure_review(items: int, profiler: cProfile.Profile | None) -> dict:
    """Seconds from ctrl+s to the first frame of the review, after one line item's description
    changed in a loaded ``items``-line session (the body sent: every line item)."""
    from textual.screen import Screen

    from primer_tui.ui.screens.review import ReviewScreen

    drawn = asyncio.Event()
    refresh = Screen._compositor_refresh

    def frame(screen: Any) -> None:
        refresh(screen)
        if isinstance(screen, ReviewScreen):
            drawn.set()

    Screen._compositor_refresh = frame
    gc.disable()  # as the command starts (see measure_keys)
    app = primer_app(items)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _loaded_editor(app)
        await editor.show_tab_for(("order", "line_items", 0, "description"))
        await pilot.pause()
        editor.query_one("#f-order-line_items-description Input").value = "Changed"
        await asyncio.sleep(0.6)
        if profiler:
            profiler.enable()
        start = time.perf_counter()
        await pilot.press("ctrl+s")
        await asyncio.wait_for(drawn.wait(), timeout=120)
        took = time.perf_counter() - start
        if profiler:
            profiler.disable()
        assert isinstance(app.screen, ReviewScreen) and app.screen.patch.body is not None
    return {"items": items, "review_s": took}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("keys", "load", "tab", "review"))
    parser.add_argument("items", type=int, help="line items; keys 0: the one-Input app instead")
    parser.add_argument("--keys", type=int, default=40, help="keystrokes measured (keys)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the measured part here")
    args = parser.parse_args()
    profiler = cProfile.Profile() if args.profile else None
    if args.what == "keys":
        result = asyncio.run(measure_keys(args.items, args.keys, profiler))
    elif args.what == "tab":
        result = asyncio.run(measure_tab(args.items, profiler))
    elif args.what == "review":
        result = asyncio.run(measure_review(args.items, profiler))
    else:
        result = asyncio.run(measure_load(args.items, profiler))
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
