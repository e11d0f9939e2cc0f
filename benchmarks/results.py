"""The benchmark table: rows with a target, PASS/FAIL, printed as text and written as Markdown.

A row holds strings already formatted by the section that measured it, so each section chooses its
own units; this module only lays them out and describes the machine the numbers came from.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata

HEADERS = ("measure", "primer-tui", "baseline", "ratio", "target", "result")


@dataclass(frozen=True)
class Row:
    """One line of the table; ``result`` is PASS, FAIL or ``-`` (no target: for information)."""

    measure: str
    primer: str
    baseline: str = "-"
    ratio: str = "-"
    target: str = "-"
    result: str = "-"

    def cells(self) -> tuple[str, ...]:
        return (self.measure, self.primer, self.baseline, self.ratio, self.target, self.result)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def p95(values: list[float]) -> float:
    """The 95th percentile (inclusive method: defined for any number of samples >= 2)."""
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def ms_pair(values: list[float]) -> str:
    """``median / p95 ms``."""
    return f"{statistics.median(values):.1f} / {p95(values):.1f} ms"


def as_text(rows: list[Row]) -> str:
    """The table for a terminal, columns padded."""
    lines = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS))]
    out = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
           for line in lines]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def as_markdown(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |"
              for row in rows]
    return "\n".join(lines)


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1].strip() for line in info
                     if line.startswith("model name")]
        return names[0] if names else platform.processor()
    except OSError:
        return platform.processor()


def _tmux_version() -> str:
    out = subprocess.run(["tmux", "-V"], capture_output=True, text=True, check=False)
    return out.stdout.strip()


def machine() -> list[str]:
    """Lines describing where and when the numbers were taken."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        (f"machine: {platform.system()} {platform.release()}, {_cpu()}, {os.cpu_count()} CPUs, "
         f"load average at start {load}"),
        f"python: {sys.version.split()[0]} ({sys.executable})",
        (f"textual {metadata.version('textual')}, rich {metadata.version('rich')}, "
         f"primer-tui {metadata.version('primer-tui')}, {_tmux_version()}"),
    ]
