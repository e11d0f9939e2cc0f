"""``python -m primer_tui.emulator``: the same as ``primer-tui emulator``."""

from __future__ import annotations

import sys

from primer_tui.emulator.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
