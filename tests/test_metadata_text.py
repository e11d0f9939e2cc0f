"""The metadata panel's text: a value's JSON type is what was loaded or written, never a guess."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import TextArea

from primer_tui.client import PrimerClient
from primer_tui.emulator import create_app
from primer_tui.ui.app import PrimerApp
from primer_tui.ui.demo import demo_remote
from primer_tui.ui.screens.review import ReviewScreen
from primer_tui.ui.widgets.metadata_panel import format_metadata, parse_metadata
from tests.pilot_support import loaded_editor

any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                   min_size=1, max_size=12)
values = st.one_of(any_text, st.integers(-(2**63), 2**63 - 1),
                   st.from_regex(r"-?[0-9]{1,20}", fullmatch=True))  # text made of digits


@given(st.dictionaries(any_text, values, min_size=1, max_size=5))
def test_what_is_shown_reads_back_as_loaded_type_and_all(metadata):
    parsed = parse_metadata(format_metadata(metadata))
    assert parsed == metadata
    assert [type(v) for v in parsed.values()] == [type(v) for v in metadata.values()]


def test_strings_that_look_like_numbers_are_shown_quoted():
    text = format_metadata({"storeCode": "0042", "ticket": "123", "tier": 2, "name": "bob"})
    assert text.splitlines() == ['storeCode = "0042"', 'ticket = "123"', "tier = 2", "name = bob"]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("ref = 007", "007"),  # leading zeros: a code, kept as typed
        ("zip = 01234", "01234"),
        ("ticket = 123", 123),
        ("delta = -5", -5),
        ('ticket = "123"', "123"),
        ("price = 1.5", "1.5"),
        ("agent = bob smith", "bob smith"),
        ('pad = "  x "', "  x "),
        ("url = https://x.test/?a=b", "https://x.test/?a=b"),
    ],
)
def test_a_typed_value_is_a_number_only_when_written_as_one(line, value):
    parsed = parse_metadata(line)
    assert list(parsed.values()) == [value] and type(list(parsed.values())[0]) is type(value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("x = 99999999999999999999", "line 1: the number is too large"),
        ('x = "open', "line 1: the quoted value is not closed"),
        ('x = "a" b', "line 1: only spaces may follow"),
        ("a = 1\na = 2", "line 2: the key is already on line 1"),
        ("no equals sign", "write key = value"),
    ],
)
def test_bad_lines_are_named(text, words):
    with pytest.raises(ValueError, match=words):
        parse_metadata(text)


async def test_adding_a_line_leaves_the_other_entries_as_they_were_loaded():
    emulator = create_app()
    token = emulator.state.sessions[0].token
    client = PrimerClient(api_key=None, base_url="http://emulator.demo",
                          transport=httpx.ASGITransport(app=emulator))
    await client.update({"clientToken": token, "metadata": {"storeCode": "0042", "ticket": "123"}})
    app = PrimerApp(remote=demo_remote(token, app=emulator), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await loaded_editor(pilot)
        editor.query_one("TabbedContent").active = "tab-metadata"
        await pilot.pause()
        area = editor.query_one("#metadata-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"agent = bob", "enter", *"ref = 007")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        sent = pilot.app.screen.patch.body["metadata"]
        assert sent == {"storeCode": "0042", "ticket": "123", "agent": "bob", "ref": "007"}
        assert [c.path for c in pilot.app.screen.patch.changes] == ["metadata.agent",
                                                                    "metadata.ref"]
