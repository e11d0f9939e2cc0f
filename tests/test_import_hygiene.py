"""The core stays headless and ``primer-tui total`` starts light (DESIGN.md, Layout; STYLE.md).

Each check imports in a fresh interpreter, since this test process has long since loaded
everything. The wheel check builds the package as users receive it: ``themes/`` sits outside
``primer_tui/`` and reaches the wheel only through hatch's ``force-include``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ["model", "money", "money_facts", "totals", "patch", "token", "report", "spec_data"]
UI_AND_NETWORK = ["textual", "httpx"]
# What `primer-tui total` must not pay for before it reads a file: the UI, the network, Babel's
# locale data and pydantic's schema building.
HEAVY = ["textual", "httpx", "babel", "pydantic"]
# Strings that say pip could not reach the index to fetch the build backend.
OFFLINE = (
    "No matching distribution found for hatchling",
    "Could not find a version that satisfies the requirement hatchling",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
)


def loaded_after(code: str, watched: list[str]) -> list[str]:
    """Which of ``watched`` (or their submodules) are in ``sys.modules`` after running ``code``."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({watched!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("module", CORE)
def test_core_module_loads_neither_textual_nor_httpx(module: str) -> None:
    assert loaded_after(f"import primer_tui.{module}", UI_AND_NETWORK) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check above would notice: importing the UI library is seen."""
    assert loaded_after("import textual.app", UI_AND_NETWORK) == ["textual"]


def test_cli_module_imports_nothing_heavy() -> None:
    assert loaded_after("import primer_tui.cli", HEAVY) == []


def test_subcommand_help_imports_nothing_heavy() -> None:
    code = (
        "import contextlib, io, primer_tui.cli\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    primer_tui.cli.main(['total', '--help'])"
    )
    assert loaded_after(code, HEAVY) == []


def test_total_never_loads_textual_or_httpx(tmp_path: Path) -> None:
    session = tmp_path / "s.json"
    session.write_text('{"currencyCode": "GBP", "order": {"lineItems": [{"amount": 650}]}}')
    code = (
        "import contextlib, io, primer_tui.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert primer_tui.cli.main(['total', '--file', {str(session)!r}]) == 0"
    )
    assert loaded_after(code, UI_AND_NETWORK) == []


def test_wheel_ships_the_themes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    if done.returncode != 0 and any(sign in done.stderr for sign in OFFLINE):
        pytest.skip("cannot fetch the build backend (hatchling): no network")
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("primer_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(name).name for name in names if name.startswith("primer_tui/themes/")}
    assert shipped, names
    assert shipped >= {path.name for path in (ROOT / "themes").iterdir() if path.is_file()}


# Issue 7: start-up imports only what it shows. The load screen needs neither the model nor
# the network; the demo needs those, but not the loopback server, the help's Markdown, the
# other tabs' widgets, or the command-line client httpx's __init__ drags in.
NOT_AT_START = ["httpx", "pydantic", "starlette", "uvicorn", "click", "pygments", "markdown_it",
                "babel"]
NOT_IN_THE_DEMO = ["uvicorn", "click", "pygments", "markdown_it"]
DEMO_START = (
    "import primer_tui.ui.app, primer_tui.ui.demo, primer_tui.ui.screens.editor\n"
    "from primer_tui.ui.panels import PANELS\n"
    "PANELS[0].panel\n"
)


def test_the_app_module_starts_without_the_model_or_the_network() -> None:
    assert loaded_after("import primer_tui.ui.app", NOT_AT_START) == []


def test_the_demo_starts_without_server_cli_or_help_libraries() -> None:
    assert loaded_after(DEMO_START, NOT_IN_THE_DEMO + ["httpx"]) == ["httpx"]


def test_httpx_without_its_command_line_client_still_works() -> None:
    code = (
        "from primer_tui._httpx import httpx\n"
        "import sys\n"
        "assert 'httpx._main' not in sys.modules\n"
        "transport = httpx.MockTransport(lambda request: httpx.Response(200, json={'ok': 1}))\n"
        "assert httpx.Client(transport=transport).get('http://x/').json() == {'ok': 1}\n"
    )
    assert loaded_after(code, ["click", "pygments"]) == []


def _passes_after_the_demo_start(checks: str) -> None:
    """Run ``checks`` (Python) in a fresh interpreter after the demo's start-up imports."""
    done = subprocess.run([sys.executable, "-c", DEMO_START + checks], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_the_other_tabs_panels_load_when_opened() -> None:
    _passes_after_the_demo_start(
        "import sys\n"
        "assert 'textual.widgets._text_area' not in sys.modules, 'TextArea at start-up'\n"
        "assert PANELS[7].panel.__name__ == 'MetadataPanel'\n"
        "assert 'textual.widgets._text_area' in sys.modules\n"
    )


def test_what_only_sending_needs_is_not_loaded_with_the_editor() -> None:
    _passes_after_the_demo_start(
        "import sys\n"
        "late = ['primer_tui.audit', 'primer_tui.conflicts', 'primer_tui.ui.screens.conflict',\n"
        "        'primer_tui.ui.screens.type_to_confirm', 'primer_tui.ui.screens.audit_log']\n"
        "loaded = [name for name in late if name in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
