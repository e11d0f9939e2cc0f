"""Keystroke to total on screen, end to end in tmux, beside a one-Input Textual app.

Both apps get the same keys at the same pace (``headless.gap_after``): ``5`` then ``BSpace`` into
a field holding ``1``, so the value goes 1, 15, 1, 15... For each key: ``tmux send-keys``, then
``capture-pane`` as fast as it goes (2 ms between polls) until the text after the marker (the
``Computed total`` figure; the one-Input app's ``Echo:`` line) differs from before the key. The
first two keys of each app are not counted (first-use costs: a real user pays them once).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from headless import WARM_UP_KEYS, gap_after
from terminal import Pane, TmuxServer

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
TMUX_KEYS = ("5", "BSpace")


def _after(marker: str, screen: str) -> str | None:
    """The rest of the line after ``marker`` (None when the marker is not on screen)."""
    if marker not in screen:
        return None
    return screen.split(marker, 1)[1].split("\n", 1)[0]


def _open_ready(server: TmuxServer, name: str, argv: list[str], env: dict[str, str]) -> Pane:
    """Start ``argv`` and wait until it signals it is ready to be typed into."""
    with tempfile.TemporaryDirectory(prefix="primer-bench-") as folder:
        ready = Path(folder) / "ready"
        pane = server.open(name, argv, {**env, "BENCH_READY_FILE": str(ready)})
        deadline = time.perf_counter() + 120
        while not ready.exists():
            if time.perf_counter() > deadline or not pane.alive():
                screen = pane.capture()
                pane.close(None)
                raise RuntimeError(f"{name} never became ready; screen:\n{screen}")
            time.sleep(0.05)
    time.sleep(0.8)  # the work deferred after the set-up runs out before the first key
    return pane


def _type_and_time(pane: Pane, marker: str, keys: int) -> list[float]:
    """Latency (ms) of each key after the warm-up ones, seen at ``marker``."""
    latencies = []
    for index in range(keys + WARM_UP_KEYS):
        before = _after(marker, pane.capture())
        start = time.perf_counter()
        pane.send_keys(TMUX_KEYS[index % 2])
        seen = pane.wait_for(lambda screen, old=before: _after(marker, screen) not in (old, None),
                             timeout=10, interval=0.002)
        if index >= WARM_UP_KEYS:
            latencies.append((seen - start) * 1000)
        time.sleep(gap_after(index))
    return latencies


def end_to_end(server: TmuxServer, env: dict[str, str], items: int, keys: int) -> dict:
    """Per-key latency (ms) of primer-tui on ``items`` line items and of the one-Input app."""
    runs = {
        "one_input": ([PYTHON, str(HERE / "apps" / "one_input.py")], "Echo:"),
        "primer": ([PYTHON, str(HERE / "apps" / "primer_items.py"), str(items)], "Computed total"),
    }
    result: dict = {"items": items}
    for label, (argv, marker) in runs.items():
        pane = _open_ready(server, f"{label}-{items}", argv, env)
        try:
            result[label] = _type_and_time(pane, marker, keys)
        finally:
            pane.close(None)  # primer-tui would ask about its unsent change: no need to wait
    return result
