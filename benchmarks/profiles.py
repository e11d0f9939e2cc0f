"""cProfile of the slow paths, for whoever optimises them: start-up, a keystroke, a load.

``python benchmarks/run.py --profile startup|keys|load``. Each writes ``profiles/<name>.prof``
(open it with ``python -m pstats`` or snakeviz) and prints the top functions by cumulative and
by own time. cProfile, not a sampler, because it is in the standard library; it slows pure-Python
code by about 1.5-2x, so read the shares, not the absolute times.

- ``startup``: ``primer-tui --demo`` under ``python -m cProfile`` in tmux, quit with ctrl+q as soon
  as the total is on screen (so the idle time after is short).
- ``keys``: the headless keystroke loop at ``--items`` line items (only the measured keys).
- ``load``: the headless load of ``--items`` line items, app start to the totals on screen.
"""

from __future__ import annotations

import io
import pstats
import subprocess
import sys
import time
from pathlib import Path

from terminal import TmuxServer

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
OUT = HERE / "profiles"


def profile_startup(server: TmuxServer, env: dict[str, str]) -> Path:
    """Profile the demo from process start to the first frame with the total, then quit."""
    out = OUT / "startup.prof"
    argv = [PYTHON, "-m", "cProfile", "-o", str(out), str(Path(PYTHON).parent / "primer-tui"),
            "--demo"]
    pane = server.open("profile-startup", argv, env)
    pane.wait_for(lambda screen: "Computed total" in screen, timeout=60, interval=0.01)
    pane.close("C-q", grace=10)
    _wait_for_file(out)
    return out


def _wait_for_file(path: Path, timeout: float = 10) -> None:
    deadline = time.perf_counter() + timeout
    while not path.exists() and time.perf_counter() < deadline:
        time.sleep(0.05)
    if not path.exists():
        raise RuntimeError(f"the profile {path} was not written (did the app quit cleanly?)")


def profile_headless(what: str, items: int) -> Path:
    """Profile ``headless.py keys|load items``."""
    out = OUT / f"{what}-{items}.prof"
    argv = [PYTHON, str(HERE / "headless.py"), what, str(items), "--profile", str(out)]
    subprocess.run(argv, check=True, capture_output=True)
    return out


def summary(path: Path, top: int = 30) -> str:
    """Top functions by cumulative time, primer-tui's own by cumulative time, all by own time."""
    text = io.StringIO()
    pstats.Stats(str(path), stream=text).sort_stats("cumulative").print_stats("/primer_tui/", top)
    stats = pstats.Stats(str(path), stream=text)
    stats.strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)
    return text.getvalue().replace(str(Path(PYTHON).parents[1]), "")


def run_profile(name: str, items: int, server: TmuxServer, env: dict[str, str]) -> str:
    """Run profile ``name``; returns its summary (also written beside the ``.prof``)."""
    OUT.mkdir(exist_ok=True)
    path = profile_startup(server, env) if name == "startup" else profile_headless(name, items)
    text = summary(path)
    path.with_suffix(".txt").write_text(text, encoding="utf-8")
    return f"{path}\n{text}"
