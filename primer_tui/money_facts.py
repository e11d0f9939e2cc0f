"""What money.py learns from Babel and the ISO 4217 table, kept on disk from one run to the next.

Showing one amount needs a few facts per currency: its exponent (``iso4217``) and, for the
locale, its pattern, symbol and separators (Babel). Getting them loads the ISO table and Babel's
locale data: about 30 ms and 6 MiB at every start for a dozen small values (issue 7). So the
facts money.py derives are kept in ``money-facts.json`` in the user cache dir (platformdirs):

- Only derived values go in (an exponent, or a ``_Layout`` that matched Babel's own rendering
  when it was built), for the spec's currency codes only; Babel and ``iso4217`` stay the
  source. A fact not in the file is asked of them as before, then added. money.py checks each
  kept value again before using it (``_Layout.from_json``, the exponent's range).
- The file names what the facts came from: a digest of babel's and iso4217's code and table,
  of primer-tui's own rules (``money.py``, ``spec_data.py``) and of this file's format. After
  any of them changes, the file is ignored and rewritten.
- It is a cache: a file that cannot be read, parsed or written is ignored, never an error
  shown to anyone, and deleting it costs one slower start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any

FILE_NAME = "money-facts.json"
FORMAT = 1
"""Bumped when what is kept, or how, changes."""
_KEY = re.compile(r"(exponent [A-Z]{3}|layout [A-Z]{3} [A-Za-z0-9_]{1,32})")
_OWN_RULES = ("money.py", "spec_data.py")
"""primer-tui's own inputs to the facts: Primer's exponents where ISO has none, the spec codes."""

_facts: dict[str, Any] | None = None
"""What the file held (or what was learnt), keyed ``"exponent GBP"``, ``"layout GBP en"``."""
_source: str | None = None
"""Digest of what the facts come from; ``""`` when it cannot be made (then nothing is kept)."""


def lookup(key: str) -> Any:
    """The fact kept under ``key``, or ``None``."""
    return _load().get(key)


def remember(key: str, value: Any) -> None:
    """Keep ``value`` (JSON) under ``key``, in memory and in the file."""
    if not _KEY.fullmatch(key):
        return
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
        _source = _sources()
        _facts = {}
        try:  # any problem at all (a RecursionError on deep nesting too) means no facts
            data = json.loads(path().read_text(encoding="utf-8"))
            if _source and data.get("source") == _source:
                _facts = {key: value for key, value in data["facts"].items()
                          if isinstance(key, str) and _KEY.fullmatch(key)}
        except Exception:  # noqa: BLE001 - a cache: whatever is wrong with it, it is not used
            _facts = {}
    return _facts


def _sources() -> str:
    """A digest of everything the facts are derived from; ``""`` if a part cannot be read."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    try:
        files = [Path(__file__).with_name(name) for name in _OWN_RULES]
        for name, extra in (("babel", ()), ("iso4217", ("table.xml",))):
            spec = find_spec(name)
            if spec is None or spec.origin is None:
                return ""
            origin = Path(spec.origin)
            files += [origin, *(origin.with_name(file) for file in extra)]
        for file in files:
            digest.update(file.read_bytes())
    except (OSError, ValueError, ImportError):
        return ""
    return digest.hexdigest()


def _write(data: dict[str, Any]) -> None:
    target = path()
    temporary = None
    # A cache: whatever goes wrong, it is not written this time and asked again next time.
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, sort_keys=True)  # ASCII: any string at all can be written
        descriptor, temporary = tempfile.mkstemp(prefix=f"{FILE_NAME}.", dir=target.parent)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
        temporary = None
    except Exception:  # noqa: BLE001, S110 - see above
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
