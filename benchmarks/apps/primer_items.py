"""primer-tui's demo on a session of N line items, with the cursor in the first item's amount.

``python benchmarks/apps/primer_items.py N``. Once the editor has loaded it opens the Items tab,
focuses the amount field, types ``1`` into it (through the field, so the draft follows) and
signals ready (``ready.py``). Only the set-up is scripted; the app is ``PrimerApp`` unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ready import signal_ready  # a sibling script: this folder is on sys.path

BENCHMARKS = Path(__file__).resolve().parents[1]

AMOUNT = "#f-order-line_items-amount Input"


def _when_loaded(app) -> None:
    from primer_tui.ui.screens.editor import EditorScreen

    editor = app.screen
    if not isinstance(editor, EditorScreen) or editor.draft is None:
        app.set_timer(0.05, lambda: _when_loaded(app))
        return
    editor.query_one("TabbedContent").active = "tab-items"
    editor.call_after_refresh(_focus_amount, editor)


def _focus_amount(editor) -> None:
    found = editor.query(AMOUNT)
    if not found:  # the Items panel mounts on the tab's activation, a message away: not yet
        editor.set_timer(0.05, lambda: _focus_amount(editor))
        return
    field = found.first()
    field.select_on_focus = False  # else the first key would replace the whole value
    field.focus()
    field.value = "1"
    field.cursor_position = len(field.value)
    editor.call_after_refresh(signal_ready)


def main() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    from sessions import primer_app

    app = primer_app(int(sys.argv[1]))
    app.call_later(_when_loaded, app)
    app.run()


if __name__ == "__main__":
    main()
