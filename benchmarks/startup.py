"""Start-up: first full paint in tmux beside a minimal Textual app, peak RSS, own import time.

First paint is the time from ``tmux new-session`` to the first capture showing ``Computed
total`` (the minimal app shows the same words), polled every 10 ms. Beside the demo and the
minimal app, a scale: the demo's first screen built the plain way from stock Textual widgets
(``apps/stock_form.py``), with no data behind it; and a floor: the minimal app showing a total
that primer-tui's core computed before it painted (``apps/core_floor.py``: httpx, the pydantic
model, totals and money imported, the demo's session validated). The apps take turns in an
order that rotates and reverses from run to run, after one uncounted warm-up each (it writes
any missing ``.pyc``, and the demo's currency facts into the bench's empty cache dir:
``money_facts``), so drift on a shared machine hits them all. The demo's warm-up is reported
too: it is a first start after an install. Peak RSS
is the app's ``VmHWM`` half a second after that paint (the deferred work after loading has run
by then).

Own import time: Textual's share is every ``textual.*`` module that ``primer_tui.ui.app`` ends up
importing (found in a first process); a fresh process imports those, then times
``import primer_tui.ui.app``: whatever that costs (primer_tui, and httpx, pydantic, babel... that
it pulls in) is primer-tui's own. ``-X importtime`` of the same split names the biggest parts.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from terminal import TmuxServer, peak_rss_mib

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
DEMO = [str(Path(PYTHON).parent / "primer-tui"), "--demo"]
MINIMAL = [PYTHON, str(HERE / "apps" / "minimal.py")]
STOCK_FORM = [PYTHON, str(HERE / "apps" / "stock_form.py")]
CORE_FLOOR = [PYTHON, str(HERE / "apps" / "core_floor.py")]
MARKER = "Computed total"


@dataclass
class Paint:
    """One start: seconds to first full paint, and peak RSS in MiB."""

    seconds: float
    rss_mib: float


def first_paint(
    server: TmuxServer, argv: list[str], env: dict[str, str], name: str, quit_key: str | None = "C-q"
) -> Paint:
    """Start ``argv`` in a fresh pane and time it to the first screen showing ``MARKER``.

    ``quit_key`` ends the app (``None``: the session is killed, for apps that would ask first).
    """
    start = time.perf_counter()
    pane = server.open(name, argv, env)
    try:
        seen = pane.wait_for(lambda screen: MARKER in screen, timeout=60, interval=0.01)
        time.sleep(0.5)
        return Paint(seen - start, peak_rss_mib(pane.pid()))
    finally:
        pane.close(quit_key)


def compare_paint(server: TmuxServer, env: dict[str, str], runs: int) -> dict[str, list[Paint]]:
    """``runs`` first paints of the demo, the minimal app, the stock-widget form and the core floor,
    in an order that rotates and reverses from run to run (drift hits them all); under
    ``warm-up`` the demo's uncounted first start (empty caches)."""
    apps = {"demo": DEMO, "minimal": MINIMAL, "stock-form": STOCK_FORM, "core-floor": CORE_FLOOR}
    paints: dict[str, list[Paint]] = {label: [] for label in apps}
    for label, argv in apps.items():
        warm = first_paint(server, argv, env, f"warm-{label}")
        if label == "demo":
            paints["warm-up"] = [warm]
    for run in range(runs):
        for label in run_order(list(apps), run):
            paints[label].append(first_paint(server, apps[label], env, f"{label}-{run}"))
    return paints


def run_order(labels: list[str], run: int) -> list[str]:
    """``labels`` rotated by ``run`` and, on odd runs, reversed: over any len(labels) * 2 runs,
    each app goes first, last and between equally often."""
    shift = (run // 2) % len(labels)
    rotated = labels[shift:] + labels[:shift]
    return rotated[::-1] if run % 2 else rotated


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- import time -------------------------------------------------------------------------------

APP_MODULES = ("primer_tui.ui.app",)
"""What every start imports: the app, its load screen and themes."""
DEMO_MODULES = ("primer_tui.ui.app", "primer_tui.ui.demo", "primer_tui.ui.screens.editor",
                "primer_tui.ui.widgets.customer_panel")
"""What ``--demo`` imports before its first paint: the editor and its first tab (pydantic and
the model), the client (httpx) and the emulator (starlette)."""

_LIST_TEXTUAL = (
    "import importlib, sys\n"
    "for name in sys.argv[1:]: importlib.import_module(name)\n"
    "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))"
)
_TIME_SPLIT = (
    "import importlib, json, sys, time\n"
    "at = sys.argv.index('--')\n"
    "names, own = sys.argv[1:at], sys.argv[at + 1:]\n"
    "t0 = time.perf_counter()\n"
    "for name in names: importlib.import_module(name)\n"
    "t1 = time.perf_counter()\n"
    "sys.stderr.write('--- primer-tui from here ---\\n'); sys.stderr.flush()\n"
    "for name in own: importlib.import_module(name)\n"
    "t2 = time.perf_counter()\n"
    "print(json.dumps({'textual_s': t1 - t0, 'own_s': t2 - t1}))"
)


def textual_modules(own: tuple[str, ...] = APP_MODULES) -> list[str]:
    """The ``textual.*`` modules that importing ``own`` brings in (Textual's share)."""
    out = subprocess.run([PYTHON, "-c", _LIST_TEXTUAL, *own], capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


def own_import_times(runs: int, own: tuple[str, ...] = APP_MODULES
                     ) -> tuple[list[float], list[float]]:
    """(Textual's share, the rest) of importing ``own``, in seconds, one fresh process each."""
    argv = [PYTHON, "-c", _TIME_SPLIT, *textual_modules(own), "--", *own]
    subprocess.run(argv, capture_output=True, check=True)  # writes the .pyc files
    textual, rest = [], []
    for _ in range(runs):
        split = json.loads(subprocess.run(argv, capture_output=True, text=True, check=True).stdout)
        textual.append(split["textual_s"])
        rest.append(split["own_s"])
    return textual, rest


def own_import_breakdown(top: int = 6, own: tuple[str, ...] = APP_MODULES
                         ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """What costs most in importing ``own`` beyond Textual, in ms of self time:
    (packages, modules)."""
    argv = [PYTHON, "-X", "importtime", "-c", _TIME_SPLIT, *textual_modules(own), "--", *own]
    stderr = subprocess.run(argv, capture_output=True, text=True, check=True).stderr
    own_part = stderr.split("--- primer-tui from here ---", 1)[1]
    modules: dict[str, float] = {}
    for line in own_part.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            modules[parts[2].strip()] = int(parts[0]) / 1000
    packages: dict[str, float] = defaultdict(float)
    for name, ms in modules.items():
        packages[name.split(".")[0]] += ms
    return _largest(packages, top), _largest(modules, top)


def _largest(costs: dict[str, float], top: int) -> list[tuple[str, float]]:
    return sorted(costs.items(), key=lambda item: -item[1])[:top]
