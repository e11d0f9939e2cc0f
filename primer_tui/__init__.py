"""primer-tui: look at and change a Primer.io checkout client session from a terminal."""

from __future__ import annotations

__version__ = "0.1.0"
