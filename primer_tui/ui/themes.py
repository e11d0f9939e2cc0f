"""Themes shipped in ``themes/`` (TOML: Textual ``Theme`` fields) and the remembered choice.

In a wheel the folder is installed as ``primer_tui/themes``; in a source checkout it sits beside
the package. The chosen theme is kept in the config dir (platformdirs), written only on change.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from platformdirs import user_config_path
from textual.theme import Theme

_PACKAGE = Path(__file__).resolve().parent.parent


def themes_dir() -> Path:
    installed = _PACKAGE / "themes"
    return installed if installed.is_dir() else _PACKAGE.parent / "themes"


def load_themes() -> list[Theme]:
    """Every ``*.toml`` theme shipped with the app."""
    return [Theme(**tomllib.loads(path.read_text("utf-8"))) for path in sorted(themes_dir().glob("*.toml"))]


def _state_file() -> Path:
    return user_config_path("primer-tui") / "ui-state.json"


def remembered_theme() -> str | None:
    try:
        return json.loads(_state_file().read_text("utf-8")).get("theme")
    except (OSError, ValueError, AttributeError):
        return None


def remember_theme(name: str) -> None:
    if remembered_theme() == name:
        return
    path = _state_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"theme": name}), "utf-8")
    except OSError:
        pass  # a read-only config dir must not stop the app; the theme is just not remembered
