"""Textual's ``Footer``, rebuilt only when the keys it shows change.

Textual's footer recomposes (a new ``FooterKey`` per binding, each styled twice) every time the
screen's bindings are refreshed: on focus changes, on reactives declared ``bindings=True``, on
screen changes. At start-up that happened five or six times for the same nine keys, about 50 ms
of the editor's first paint (issue 7). The footer's content is a function of the active
bindings, so it is rebuilt when they differ from what it shows, and only then.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A ``Footer`` that skips recomposing when the shown keys did not change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = _shown_keys(screen)
        if shown == self._shown and self.is_attached:
            return
        self._shown = shown
        super().bindings_changed(screen)


def _shown_keys(screen: Screen) -> tuple[Any, ...]:
    """What the footer draws for ``screen``: each shown binding and whether it is enabled."""
    return (screen.app.app_focus, tuple(
        (binding.key, binding.key_display, binding.description, binding.action, binding.group,
         enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    ))
