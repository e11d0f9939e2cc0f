"""httpx, imported without its command-line client.

``httpx/__init__.py`` imports ``httpx._main`` (the ``httpx`` command) whenever click is installed,
and click is (uvicorn needs it): that pulls in click, pygments' lexer table and rich.syntax,
about 30 ms and 4 MiB on every start, for a command primer-tui never runs (upstream:
encode/httpx#3547, still open). A ``None`` in ``sys.modules`` makes that one import fail, so
httpx falls back to the stub it defines for a missing ``[cli]`` extra; the entry is removed
again at once. Import httpx from here: ``from primer_tui._httpx import httpx``.
"""

from __future__ import annotations

import sys

if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    try:
        import httpx
    finally:
        if "httpx._main" in sys.modules and sys.modules["httpx._main"] is None:
            del sys.modules["httpx._main"]

import httpx  # the module itself, imported above or earlier

__all__ = ["httpx"]
