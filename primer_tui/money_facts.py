"""What money.py learns from Babel and the ISO 4217 table, kept on disk from one run to the next.

Showing one amount needs a few facts per currency: its exponent (``iso4217``) and, for the
locale, its pattern, symbol and separators (Babel). Getting them loads the ISO table and Babel's
locale data: about 30 ms and 6 MiB at every start for a dozen small values (issue 7). So the
facts money.py derives are kept in ``money-facts.json`` in the user cache dir (platformdirs):

- Only derived values go in (an exponent, or a ``_Layout`` that matched Babel's own rendering
  when it was built); Babel and ``iso4217`` stay the source. A fact not in the file is asked of
  them as before, then added.
- The file names the installed babel and iso4217 (path, size, modification time of each
  package's ``__init__.py``): after an upgrade or a reinstall it is ignored and rewritten.
- It is a cache: a file that cannot be read, parsed or written is ignored (never an error
  shown to anyone), and deleting it costs one slower start.
"""

from __future__ import annotations

import contextlib
import json
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any

FILE_NAME = "money-facts.json"
_PACKAGES = ("babel", "iso4217")

_facts: dict[str, Any] | None = None
"""What the file held (or what was learned), keyed ``"exponent GBP"``, ``"layout GBP en"``."""
_source: str | None = None
"""The installed packages the facts came from; ``""`` when they cannot be identified."""


def lookup(key: str) -> Any:
    """The fact kept under ``key``, or ``None``."""
    return _load().get(key)


def remember(key: str, value: Any) -> None:
    """Keep ``value`` (JSON) under ``key``, in memory and in the file."""
    facts = _load()
    if facts.get(key) == value:
        return
    facts[key] = value
    if _source:
        _write({"source": _source, "facts": facts})


def forget() -> None:
    """Drop what is in memory (tests; the next lookup reads the file again)."""
    global _facts, _source
    _facts, _source = None, None


def path() -> Path:
    from platformdirs import user_cache_path  # Textual has imported it already

    return user_cache_path("primer-tui") / FILE_NAME


def _load() -> dict[str, Any]:
    global _facts, _source
    if _facts is None:
        _source = _installed()
        _facts = {}
        try:
            data = json.loads(path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if (isinstance(data, dict) and _source and data.get("source") == _source
                and isinstance(data.get("facts"), dict)):
            _facts = data["facts"]
    return _facts


def _installed() -> str:
    """Which babel and iso4217 are installed, without importing them; ``""`` if unknown."""
    parts = []
    for name in _PACKAGES:
        try:
            spec = find_spec(name)
            stat = os.stat(spec.origin) if spec and spec.origin else None
        except (OSError, ValueError, ImportError):
            stat = None
        if stat is None:
            return ""
        parts.append(f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def _write(data: dict[str, Any]) -> None:
    target = path()
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
