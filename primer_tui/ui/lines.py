"""A widget's text drawn a line at a time (Textual's line API), each line kept until it changes.

Textual draws a ``Static`` (or a widget's ``render()``) by turning its whole text into styled
lines on every repaint: about 0.5 ms for one short line on the dev machine, more than the rest
of drawing it. Widgets repainted on every keystroke (the totals, a field's row) draw their lines
here instead, cell for cell as Textual would (the SVG snapshots compare them; a test compares
a selection's colours).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Span, Text
from textual.strip import Strip
from textual.style import Style as TextualStyle
from textual.widget import Widget


class LineStrips:
    """The strips of one widget's lines, each kept while its text, width and style are the same."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[tuple[object, ...], Strip]] = {}

    def strip(self, widget: Widget, y: int, line: Text, width: int) -> Strip:
        """Line ``y`` of ``widget``'s content: ``line`` in the widget's style, cropped to
        ``width`` cells, with the offsets text selection reads, and the selection shown."""
        style = widget.visual_style.rich_style
        selection = widget.text_selection
        span = selection.get_span(y) if selection is not None else None
        key = (line.plain, tuple(line.spans), str(line.style), style, width)
        kept = self._kept.get(y)
        if span is None and kept is not None and kept[0] == key:
            return kept[1].apply_offsets(0, y)
        base = style + (Style.parse(line.style) if isinstance(line.style, str) else line.style)
        # The base style as a span of its own: Rich leaves a text without spans unstyled.
        text = Text(line.plain, spans=[Span(0, len(line.plain), base), *line.spans])
        if span is not None:
            start, end = span
            text.stylize(_selection_style(widget), start, len(text) if end == -1 else end)
        # Cropped, not padded: Textual pads a content line in the widget's background itself.
        strip = Strip(text.render(widget.app.console)).crop(0, width)
        if span is None:
            self._kept[y] = (key, strip)
        return strip.apply_offsets(0, y)


def _selection_style(widget: Widget) -> Style:
    """The selection's colours over ``widget``, as Textual draws a selected text: its
    background blended over the widget's, and the text keeping its own colour unless the
    theme gives the selection one (Textual's default is transparent)."""
    selection = TextualStyle.from_styles(
        widget.screen.get_component_styles("screen--selection"))
    over = (widget.visual_style + selection).rich_style
    foreground = selection.foreground
    keeps_colour = foreground is None or foreground.a == 0
    return Style(color=None if keeps_colour else over.color, bgcolor=over.bgcolor)
