"""The "ready to type" signal the tmux harness waits for: a file named by ``BENCH_READY_FILE``.

A file, not something on screen, because "the amount field has focus and holds 1" cannot be told
reliably from a capture of the pane.
"""

from __future__ import annotations

import os
from pathlib import Path


def signal_ready() -> None:
    """Create the file named by ``BENCH_READY_FILE`` (nothing when unset)."""
    path = os.environ.get("BENCH_READY_FILE")
    if path:
        Path(path).write_text("ready\n", encoding="utf-8")
