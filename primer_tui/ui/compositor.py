"""The editor's partial screen updates: each area that changed is drawn on its own (issue 7).

A keystroke in a form changes two places far apart: the field, and the totals at the top right.
Textual's compositor draws a partial update by cropping to the one rectangle around every
changed region, and draws again (from cache, 0.1-0.2 ms each) every widget whose *clip* meets it.
For a key in the Items form that rectangle covers the tab bar, the item table, the row buttons
and the form rows above the field, and the clip of every form row is the whole form: about 45
widgets, 10 of a keystroke's 16 ms on a slow machine, to show two changed lines.

``SplitCompositor`` changes only how a partial update picks what to draw; what it produces is
the same ``ChopsUpdate``, the same strips for every changed cell:

- Changed regions that touch are grouped, and each group's rectangle is drawn on its own.
- A widget is drawn for a group only where it is actually visible (its region within its clip)
  inside the group's rectangle, and only if some cell there is still undrawn: widgets come front
  to back, so a container wholly behind the field it holds is not drawn at all, and drawing stops
  once every cell of the rectangle has its strip.
- Only cells inside a group's rectangle are taken from that group's drawing: a cell outside it may
  belong to a widget the group did not look at.

This leans on Textual's private compositor (``_dirty_regions``, ``cuts``, ``visible_widgets``,
``_regions_to_spans``, ``ChopsUpdate``). ``split_compositor`` checks that they are there and
falls back to Textual's own compositor when they are not; the tests compare every partial update
the editor draws with a full redraw of the same screen. A candidate for an upstream change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region

if TYPE_CHECKING:
    from textual.strip import Strip

MAX_GROUPS_INPUT = 48
"""More changed regions than this (a scroll, a resize): one rectangle around them all, as
Textual does; grouping them would cost more than it saves."""


def group_regions(regions: list[Region]) -> list[Region]:
    """The rectangles around ``regions`` that overlap or lie side by side (corners too), merged
    until no two rectangles touch."""
    groups: list[Region] = []
    for region in regions:
        box = region
        while True:
            grown = box.grow((1, 1, 1, 1))
            touching = [group for group in groups if grown.overlaps(group)]
            if not touching:
                break
            for group in touching:
                groups.remove(group)
            box = Region.from_union([box, *touching])
        groups.append(box)
    return groups


class SplitCompositor(Compositor):
    """Textual's compositor, drawing each group of changed regions on its own (module doc)."""

    def render_partial_update(self) -> ChopsUpdate | None:
        regions = list(self._dirty_regions)
        self._dirty_regions.clear()
        if not regions:
            return None
        screen = self.size.region
        spans = list(self._regions_to_spans(regions))
        lines = {y for y, _, _ in spans}
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
        if len(regions) > MAX_GROUPS_INPUT:
            boxes = [Region.from_union(regions)]
        else:
            boxes = group_regions(regions)
        for box in sorted(boxes):  # a fixed order, not the dirty set's
            crop = box.intersection(screen)
            if crop:
                self._draw(crop, sorted(y for y in lines if crop.y <= y < crop.bottom), chops)
        return ChopsUpdate(chops, spans, [line[1:] for line in cuts])

    def _draw(self, crop: Region, lines: list[int], chops: list[dict[int, Strip | None]]) -> None:
        """Fill ``chops`` on ``lines`` for the cut segments that meet ``crop`` and are not
        filled yet, from the widgets visible there, front to back."""
        if not lines:
            return
        cuts = self.cuts
        left, right = crop.x, crop.right
        # Per line, the segments still to draw that meet the crop: {start: end}.
        undrawn: dict[int, dict[int, int]] = {}
        for y in lines:
            line_cuts, line_chops = cuts[y], chops[y]
            todo = {start: end for start, end in zip(line_cuts, line_cuts[1:])
                    if start < right and end > left and line_chops[start] is None}
            if todo:
                undrawn[y] = todo
        intersection = Region.intersection
        for widget, (region, clip) in self.visible_widgets.items():
            if not undrawn:
                return
            visible = intersection(region, clip)
            x, top, width, height = visible
            if not width or not crop.overlaps(visible):
                continue
            end_x, bottom = x + width, top + height
            wanted = [y for y in undrawn if top <= y < bottom
                      and any(start < end_x and end > x for start, end in undrawn[y].items())]
            if not wanted:
                continue
            strips = widget.render_lines(Region(x - region.x, top - region.y, width, height))
            for y in wanted:
                if y - top >= len(strips):  # fewer lines than asked for: as Textual, skip
                    break
                widget_cuts = [cut for cut in cuts[y] if x <= cut <= end_x]
                pieces = strips[y - top].divide([cut - x for cut in widget_cuts[1:]])
                todo, line_chops = undrawn[y], chops[y]
                for cut, piece in zip(widget_cuts, pieces):
                    if cut in todo:
                        line_chops[cut] = piece
                        del todo[cut]
                if not todo:
                    del undrawn[y]


def split_compositor() -> Compositor:
    """A ``SplitCompositor``, or Textual's own if this Textual lacks what it relies on."""
    needed = ("_dirty_regions", "cuts", "visible_widgets", "_regions_to_spans")
    probe = Compositor()
    init = ChopsUpdate.__init__.__code__
    if all(hasattr(probe, name) for name in needed) and init.co_varnames[1:4] == (
            "chops", "spans", "chop_ends"):
        return SplitCompositor()
    return probe
