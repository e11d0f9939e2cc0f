"""primer-tui's benchmarks: ``make bench`` (or ``.venv/bin/python benchmarks/run.py [--quick]``).

Prints one table (each figure beside its target from issue 7, PASS/FAIL) and writes it, with the
machine and the date, to ``benchmarks/results.md``. Decisions: every figure that depends on the
machine is taken beside a plain-Textual baseline in the same run, and the ratio is what is judged
where the issue says so (a shared 2-core machine drifts by tens of percent); each measurement runs
in a process of its own; apps run in tmux on a private server (``terminal.py``); the only thing
written outside ``benchmarks/`` is a temporary XDG config/data/cache dir, removed at the end.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from keystrokes import end_to_end
from profiles import run_profile
from results import Row, as_markdown, as_text, machine, ms_pair, verdict
from startup import (
    APP_MODULES,
    DEMO_MODULES,
    compare_paint,
    first_paint,
    own_import_breakdown,
    own_import_times,
)
from terminal import TmuxServer

HERE = Path(__file__).resolve().parent
ITEMS = (10, 1_000, 10_000)
HEADLESS_TARGET_MS = {1_000: 10.0, 10_000: 16.0}
LOAD_ITEMS = 2_000


@dataclass(frozen=True)
class Settings:
    """How many runs: ``--quick`` trades precision for about a third of the time."""

    paint_runs: int = 7
    keys: int = 40
    load_runs: int = 5
    import_runs: int = 7


QUICK = Settings(paint_runs=3, keys=10, load_runs=2, import_runs=3)


@dataclass
class Context:
    """What every section needs: the tmux server, the apps' environment, the settings."""

    server: TmuxServer
    env: dict[str, str]
    settings: Settings
    notes: list[str] = field(default_factory=list)


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- sections: each returns its rows and may add notes -------------------------------------------

def paint_and_memory(ctx: Context) -> list[Row]:
    runs = ctx.settings.paint_runs
    paints = compare_paint(ctx.server, ctx.env, runs)
    demo, floor, stock, core = (median([p.seconds for p in paints[k]])
                                for k in ("demo", "minimal", "stock-form", "core-floor"))
    rss, rss_floor = (max(p.rss_mib for p in paints[k]) for k in ("demo", "minimal"))
    ctx.notes.append("first paint, every run (s): " + "; ".join(
        f"{label} " + ", ".join(f"{p.seconds:.2f}" for p in paints[label])
        for label in ("demo", "minimal", "stock-form", "core-floor")))
    ctx.notes.append(f"the core floor: primer-tui's core (httpx, the pydantic model, totals) adds "
                     f"{core - floor:.2f} s to the minimal app's first paint, "
                     f"{(core - floor) / floor:.0%} of it, before any screen shows a total; "
                     "the 1.3x target leaves 30% for everything")
    ctx.notes.append(f"the demo took {demo / stock:.2f}x the stock-widget form's first paint: "
                     "what primer-tui adds to a plain Textual screen of the same parts (a "
                     "session, its model and validation, the emulator over HTTP, totals)")
    first = paints["warm-up"][0]
    ctx.notes.append(f"the demo's uncounted warm-up, a first start with an empty cache dir (Babel "
                     f"and the ISO table loaded, their facts kept): {first.seconds:.2f} s, "
                     f"{first.rss_mib:.1f} MiB")
    return [
        Row(f"first full paint, `primer-tui --demo`, tmux 120x40 (median of {runs})",
            f"{demo:.2f} s", f"{floor:.2f} s (minimal app)", f"{demo / floor:.2f}x", "<= 1.3x",
            verdict(demo / floor <= 1.3)),
        Row(f"first full paint, the same screen from stock Textual widgets, no data (median of "
            f"{runs}; `apps/stock_form.py`, a scale)", f"{stock:.2f} s",
            f"{floor:.2f} s (minimal app)", f"{stock / floor:.2f}x", "-", "-"),
        Row(f"first full paint, the minimal app showing a total from primer-tui's core (median "
            f"of {runs}; `apps/core_floor.py`, a floor)",
            f"{core:.2f} s", f"{floor:.2f} s (minimal app)", f"{core / floor:.2f}x", "-", "-"),
        Row("peak RSS of the demo after first paint (VmHWM, max of runs)", f"{rss:.1f} MiB",
            f"{rss_floor:.1f} MiB (minimal app)", f"{rss / rss_floor:.2f}x", "< 60 MiB",
            verdict(rss < 60)),
    ]


def _headless(what: str, items: int, *extra: str) -> dict:
    argv = [sys.executable, str(HERE / "headless.py"), what, str(items), *extra]
    out = subprocess.run(argv, capture_output=True, text=True, check=False)
    if out.returncode:
        raise RuntimeError(f"headless.py {what} {items} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout)


def headless_keys(ctx: Context) -> list[Row]:
    keys = ("--keys", str(ctx.settings.keys))
    floor = _headless("keys", 0, *keys)["to_paint_ms"]
    rows = []
    for items in ITEMS:
        result = _headless("keys", items, *keys)
        paint, watch = result["to_paint_ms"], result["to_watch_ms"]
        target = HEADLESS_TARGET_MS.get(items)
        rows.append(Row(
            f"keystroke to totals repainted, headless, {items:,} items (median / p95)",
            ms_pair(paint), f"{ms_pair(floor)} (one-Input app)",
            f"{median(paint) / median(floor):.1f}x", f"< {target:g} ms" if target else "-",
            verdict(median(paint) < target) if target else "-"))
        ctx.notes.append(f"headless, {items:,} items: key to TotalsPanel.watch_breakdown "
                         f"{ms_pair(watch)}; to the frame showing it {ms_pair(paint)}")
    return rows


def terminal_keys(ctx: Context) -> list[Row]:
    rows = []
    for items in ITEMS:
        result = end_to_end(ctx.server, ctx.env, items, ctx.settings.keys)
        primer, floor = result["primer"], result["one_input"]
        ratio = median(primer) / median(floor)
        rows.append(Row(
            f"keystroke to total on screen, tmux, {items:,} items (median / p95)", ms_pair(primer),
            f"{ms_pair(floor)} (one-Input app)", f"{ratio:.2f}x", "<= 1.1x", verdict(ratio <= 1.1)))
    return rows


def load(ctx: Context) -> list[Row]:
    runs = [_headless("load", LOAD_ITEMS) for _ in range(ctx.settings.load_runs)]
    painted = median([run["painted_s"] for run in runs])
    watched = median([run["watched_s"] for run in runs])
    argv = [sys.executable, str(HERE / "apps" / "primer_items.py"), str(LOAD_ITEMS)]
    starts = [first_paint(ctx.server, argv, ctx.env, f"load-{n}", quit_key=None)
              for n in range(ctx.settings.load_runs)]
    ctx.notes.append(
        f"{LOAD_ITEMS:,} items: totals computed {watched:.2f} s after the app starts (headless); "
        f"in tmux, from process start (imports, emulator seeding included) to the total on "
        f"screen {median([s.seconds for s in starts]):.2f} s, peak RSS "
        f"{max(s.rss_mib for s in starts):.1f} MiB")
    rows = [Row(f"{LOAD_ITEMS:,}-item session: app start to totals drawn, in-process emulator "
                f"(median of {len(runs)})", f"{painted:.2f} s", target="< 1 s",
                result=verdict(painted < 1.0))]
    for items in (LOAD_ITEMS, max(ITEMS)):
        tabs = [_headless("tab", items)["tab_s"] for _ in range(ctx.settings.load_runs)]
        rows.append(Row(f"{items:,}-item session: Items tab opened to its table drawn "
                        f"(median of {len(tabs)})", f"{median(tabs):.2f} s"))
    for items in (LOAD_ITEMS, max(ITEMS)):
        reviews = [_headless("review", items)["review_s"] for _ in range(ctx.settings.load_runs)]
        rows.append(Row(f"{items:,}-item session: ctrl+s to the review drawn, one item changed "
                        f"(median of {len(reviews)})", f"{median(reviews):.2f} s"))
    return rows


def imports(ctx: Context) -> list[Row]:
    rows = []
    for label, own, target in (
        ("primer-tui's own imports beyond Textual, every start", APP_MODULES, 40.0),
        ("the same, everything `--demo` imports before its first paint", DEMO_MODULES, None),
    ):
        textual, rest = own_import_times(ctx.settings.import_runs, own)
        rest_ms, textual_ms = median(rest) * 1000, median(textual) * 1000
        packages, modules = own_import_breakdown(own=own)
        ctx.notes.append(f"{label}, ms of self time (-X importtime), by package: "
                         + ", ".join(f"{name} {ms:.0f}" for name, ms in packages) + "; largest "
                         "modules: " + ", ".join(f"{name} {ms:.0f}" for name, ms in modules))
        rows.append(Row(f"{label} (median of {len(rest)})", f"{rest_ms:.0f} ms",
                        f"{textual_ms:.0f} ms (Textual's share)", "-",
                        f"< {target:.0f} ms" if target else "-",
                        verdict(rest_ms < target) if target else "-"))
    return rows



SECTIONS: dict[str, Callable[[Context], list[Row]]] = {
    "paint": paint_and_memory, "headless": headless_keys, "terminal": terminal_keys,
    "load": load, "imports": imports,
}


# --- running -------------------------------------------------------------------------------------

def run_sections(ctx: Context, names: list[str]) -> tuple[list[Row], bool]:
    """Every section asked for; one that fails becomes an ERROR row and the rest still run."""
    rows, failed = [], False
    for name in names:
        print(f"... {name}", file=sys.stderr, flush=True)
        try:
            rows += SECTIONS[name](ctx)
        except Exception as error:  # noqa: BLE001 - one broken section must not hide the others
            failed = True
            rows.append(Row(f"{name}: could not be measured", "-", result="ERROR"))
            ctx.notes.append(f"{name} failed: {error}\n{traceback.format_exc(limit=3)}")
    return rows, failed


def write_results(rows: list[Row], notes: list[str], about: list[str], quick: bool) -> str:
    mode = "quick (`--quick`: fewer runs)" if quick else "full"
    text = "\n".join([
        "# Benchmark results", "",
        ("Written by `make bench` (`.venv/bin/python benchmarks/run.py`); how each figure is "
         "taken: [README.md](README.md)."), "",
        *(f"- {line}" for line in [*about, f"mode: {mode}"]), "",
        as_markdown(rows), "", "Details:", "", *(f"- {note}" for note in notes), "",
    ])
    path = HERE / "results.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="primer-tui's benchmarks (issue 7).")
    parser.add_argument("--quick", action="store_true", help="fewer runs (about 2 minutes)")
    parser.add_argument("--only", help=f"comma-separated sections of {','.join(SECTIONS)}")
    parser.add_argument("--profile", choices=("startup", "keys", "load"),
                        help="instead of the table: a cProfile of one path (profiles.py)")
    parser.add_argument("--items", type=int, default=10_000, help="line items for --profile")
    parser.add_argument("--no-write", action="store_true", help="do not write results.md")
    return parser.parse_args()


def byte_compile() -> None:
    """Write primer-tui's ``.pyc`` files, as installing a wheel does and as any first run does
    unless ``PYTHONDONTWRITEBYTECODE`` is set (it is on some CI and sandbox machines): without
    them every start compiles the package from source, about 30 ms that no user pays."""
    package = Path(__file__).resolve().parent.parent / "primer_tui"
    compileall.compile_dir(str(package), quiet=1)


def main() -> int:
    args = parse_args()
    names = args.only.split(",") if args.only else list(SECTIONS)
    if unknown := set(names) - set(SECTIONS):
        sys.exit(f"unknown section(s): {', '.join(sorted(unknown))}")
    about = machine()
    byte_compile()
    home = tempfile.mkdtemp(prefix="primer-bench-home-")
    env = {"XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
           "XDG_CACHE_HOME": f"{home}/cache",
           "COLORTERM": "truecolor"}
    os.environ.update(env)  # headless.py's apps get the same isolated dirs
    server = TmuxServer().start()
    try:
        if args.profile:
            print(run_profile(args.profile, args.items, server, env))
            return 0
        ctx = Context(server, env, QUICK if args.quick else Settings())
        rows, failed = run_sections(ctx, names)
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)
    print("\n".join(about), "", as_text(rows), "", *ctx.notes, sep="\n")
    if not args.no_write and not args.only:
        print(f"\nwritten to {write_results(rows, ctx.notes, about, args.quick)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
