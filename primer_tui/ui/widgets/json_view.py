"""JSON text, coloured, drawn only where it is seen: the review's PATCH body.

A Rich ``Syntax`` in a ``Static`` highlights and wraps the whole text to measure it, and again to
draw it, and on every resize: the review of a 2,000-item session took 7.6 s to appear (the
body is about 40,000 lines), and a second ctrl+s pressed meanwhile was taken as the send. Here a
line is coloured (a small tokenizer: the text is ``json.dumps`` output, one value or key per
line) and wrapped only when it is drawn; the height is counted from line lengths alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span, Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")(?P<colon>\s*:)?'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>true|false|null)"
)


class JsonView(Widget):
    """Shows ``text`` (JSON), its long lines folded at the widget's width."""

    DEFAULT_CSS = """
    JsonView { height: auto; }
    JsonView > .json-view--key { color: $text-primary; }
    JsonView > .json-view--string { color: $text-success; }
    JsonView > .json-view--number { color: $text-warning; }
    JsonView > .json-view--literal { color: $text-secondary; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "json-view--key", "json-view--string", "json-view--number", "json-view--literal",
    }

    def __init__(self, text: str, *, id: str | None = None) -> None:  # noqa: A002 - Textual's
        super().__init__(id=id)
        self.text = text
        self.lines = text.splitlines() or [""]
        self._widths = [cell_len(line) for line in self.lines]
        self._starts: tuple[int, list[int]] = (0, [])
        """For a width: the first row of each line, and the total at the end."""
        self._styles: dict[str, Style] | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _rows_at(self, width: int) -> list[int]:
        """Where each line starts, in rows of ``width`` cells, and (last) how many rows in all."""
        if self._starts[0] != width or not self._starts[1]:
            heights = (len(_folds(line, cells, width)) + 1
                       for line, cells in zip(self.lines, self._widths))
            self._starts = (width, [0, *accumulate(heights)])
        return self._starts[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._rows_at(width)[-1]

    def highlighted(self, index: int) -> list[Span]:
        """The colours of line ``index``: keys, strings, numbers, true / false / null."""
        if self._styles is None:
            self._styles = {part: self.get_component_rich_style(f"json-view--{part}")
                            for part in ("key", "string", "number", "literal")}
        spans = []
        for match in _TOKEN.finditer(self.lines[index]):
            kind = match.lastgroup if match.lastgroup != "colon" else "string"
            if kind == "string" and match["colon"]:
                kind = "key"
            group = "string" if kind == "key" else kind
            spans.append(Span(match.start(group), match.end(group), self._styles[kind]))
        return spans

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style.rich_style
        starts = self._rows_at(width)
        if y >= starts[-1] or width <= 0:
            return Strip.blank(width, style)
        index = bisect_right(starts, y) - 1
        line, row = self.lines[index], y - starts[index]
        # The base style as a span of its own: Rich leaves a text without spans unstyled.
        text = Text(line, spans=[Span(0, len(line), style), *self.highlighted(index)])
        if row or self._widths[index] > width:
            text = text.divide(_folds(line, self._widths[index], width))[row]
        strip = Strip(text.render(self.app.console))
        return strip.extend_cell_length(width, style).crop(0, width)


def _folds(line: str, cells: int, width: int) -> list[int]:
    """Where ``line`` (``cells`` wide) breaks to fit ``width`` cells a row: character offsets."""
    width = max(1, width)
    if cells <= width:
        return []
    if line.isascii():
        return list(range(width, len(line), width))
    folds, used = [], 0
    for offset, char in enumerate(line):
        size = cell_len(char)
        if used + size > width and used:
            folds.append(offset)
            used = 0
        used += size
    return folds
