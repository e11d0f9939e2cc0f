"""The review's body: all of it shown, exactly, coloured, and drawn only where it is seen."""

from __future__ import annotations

import json

from rich.cells import cell_len
from textual.app import App, ComposeResult

from primer_tui.ui.widgets.json_view import JsonView, _folds

BODY = {"clientToken": "t" * 150, "order": {"lineItems": [
    {"itemId": f"item-{n}", "amount": n * 100, "description": "日本語の説明 " * (n % 3),
     "gift": n % 2 == 0, "note": None} for n in range(300)]}}
TEXT = json.dumps(BODY, indent=2, ensure_ascii=False)


class _Viewer(App[None]):
    def compose(self) -> ComposeResult:
        yield JsonView(TEXT)


def _rows(view: JsonView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_every_character_is_shown_long_lines_folded_at_the_width():
    async with _Viewer().run_test(size=(40, 20)) as pilot:
        view = pilot.app.query_one(JsonView)
        await pilot.pause()
        width = view.size.width
        rows = [view.render_line(y).text for y in range(view.size.height)]
        lines = TEXT.splitlines()
        assert len(rows) > len(lines)  # folded, not cut
        assert all(cell_len(row) == width for row in rows)  # padded to the width, not past it
        starts = view._rows_at(width)
        for index, line in enumerate(lines):  # each line's rows are the line, cut by cells
            cuts = [0, *_folds(line, cell_len(line), width), len(line)]
            parts = [line[a:b] for a, b in zip(cuts, cuts[1:])] or [""]
            expected = [part + " " * (width - cell_len(part)) for part in parts]
            assert rows[starts[index]:starts[index + 1]] == expected, index


def test_folds_break_by_cells():
    assert _folds("a" * 10, 10, 4) == [4, 8]
    assert _folds("日本語です", 10, 3) == [1, 2, 3, 4]  # two cells each: one a row
    assert _folds("ab日", 4, 3) == [2]  # the wide character goes whole to the next row
    assert _folds("short", 5, 40) == []


async def test_keys_strings_numbers_and_literals_are_coloured_apart():
    async with _Viewer().run_test(size=(120, 20)) as pilot:
        view = pilot.app.query_one(JsonView)
        await pilot.pause()
        index = next(i for i, line in enumerate(view.lines) if '"amount": 100' in line)
        line = view.lines[index]
        styles = {line[span.start:span.end]: span.style for span in view.highlighted(index)}
        assert set(styles) == {'"amount"', "100"}
        assert styles['"amount"'] != styles["100"]
        gift = next(i for i, line in enumerate(view.lines) if '"gift": true' in line)
        kinds = {view.lines[gift][s.start:s.end]: s.style for s in view.highlighted(gift)}
        assert kinds["true"] not in (styles['"amount"'], styles["100"])


async def test_only_the_lines_seen_are_coloured():
    calls: list[int] = []

    class Counting(JsonView):
        def highlighted(self, index):
            calls.append(index)
            return super().highlighted(index)

    class _Counted(App[None]):
        def compose(self) -> ComposeResult:
            yield Counting(TEXT)

    async with _Counted().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(TEXT.splitlines()) > 2000
        assert 0 < len(set(calls)) <= 24  # the screen's rows, not the body's 2,000+ lines
