"""The help screen (f1): every key, and how the editor works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# primer-tui

| key | does |
|---|---|
| `ctrl+s` | review the PATCH; in the review, `ctrl+s` again sends it |
| `escape` | back (edits are kept) |
| `ctrl+z` | undo the last change |
| `f4` | reset the focused field to its loaded value |
| `ctrl+r` | reload the session (asks first when edits are unsent: yes throws them away) |
| `ctrl+o` | open another session (asks first when edits are unsent: they stay a draft) |
| `ctrl+pagedown` / `ctrl+pageup` | the next / previous tab, from anywhere |
| `f6` | audit log: every PATCH sent; revert one through the review |
| `ctrl+p` | command palette: every action, themes |
| `f1` | this help |
| `ctrl+q` | quit (asks first when edits are unsent) |

Money fields take the currency's major units (`6.50` for GBP, `3500` for JPY, `1.234` for KWD);
the minor units Primer receives are shown beside them. Changed fields are marked. The totals on
the right are recalculated as you type, per payment method and card network too.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help-close", tooltip="Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
