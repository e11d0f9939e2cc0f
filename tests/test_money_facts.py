"""The currency facts kept between runs (primer_tui.money_facts): a start that shows known
currencies loads neither Babel nor the ISO table, and what it shows is what Babel would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from primer_tui import money, money_facts
from primer_tui.spec_data import CURRENCY_CODES


@pytest.fixture
def fresh():
    """Nothing remembered in this process: the next lookup reads the (per-test) cache file."""

    def reset() -> None:
        money_facts.forget()
        money._formatter.cache_clear()
        money.minor_units.cache_clear()

    reset()
    yield reset
    reset()


def _run(code: str) -> str:
    """``code`` in a new interpreter with this test's cache dir; its stdout."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                            text=True, env=os.environ.copy(), timeout=60, check=True)
    return result.stdout.strip()


SHOW = """
    import sys
    from primer_tui.money import format_money, parse
    print(format_money(123456, "GBP"), format_money(-5, "JPY"), format_money(1234, "KWD"),
          parse("12.50", "GBP"), "babel" in sys.modules, "iso4217" in sys.modules)
"""


def test_a_second_start_shows_the_same_amounts_without_babel_or_the_iso_table():
    first = _run(SHOW)
    assert first == "£1,234.56 -¥5 KWD1.234 1250 True True"
    assert money_facts.path().exists()
    assert _run(SHOW) == "£1,234.56 -¥5 KWD1.234 1250 False False"


def test_kept_layouts_render_every_spec_currency_as_babel_does(fresh):
    from tests.test_money import babel_reference

    for code in CURRENCY_CODES:
        money.format_money(1, code)  # learnt from Babel, and kept
    assert json.loads(money_facts.path().read_text())["facts"]
    fresh()
    amounts = (0, 7, -7, 1234567, -98765432109, money.MAX_MINOR)
    for code in CURRENCY_CODES:
        assert [money.format_money(a, code) for a in amounts] == [
            babel_reference(a, code, "en") for a in amounts], code
    assert money._formatter("GBP", "en").__self__ == money._Layout.from_json(
        money_facts.lookup("layout GBP en"))


def test_facts_from_other_installed_packages_are_ignored_and_replaced(fresh):
    money_facts.path().parent.mkdir(parents=True, exist_ok=True)
    wrong_layout = [[["$", ""], ["-$", ""]], 7, 1, [3, 3], ",", "."]
    stale = {"source": "babel 1.0 elsewhere",
             "facts": {"exponent GBP": 7, "layout GBP en": wrong_layout}}
    money_facts.path().write_text(json.dumps(stale))
    assert money.minor_units("GBP") == 2
    assert money.format_money(150, "GBP") == "£1.50"
    written = json.loads(money_facts.path().read_text())
    assert written["source"] != "babel 1.0 elsewhere"
    assert written["facts"]["exponent GBP"] == 2


def test_the_facts_name_babel_iso4217_and_primer_tuis_own_rules(fresh, monkeypatch):
    source = money_facts._sources()
    assert source
    monkeypatch.setattr(money_facts, "FORMAT", money_facts.FORMAT + 1)
    assert money_facts._sources() != source
    monkeypatch.undo()
    monkeypatch.setattr(money_facts, "_OWN_RULES", ("money.py",))  # spec_data.py left out
    assert money_facts._sources() != source


@pytest.mark.parametrize("content", [
    "not json", "[]", '{"facts": []}', "", "[" * 100_000, '{"source": 1, "facts": 2}',
])
def test_an_unreadable_file_is_ignored(fresh, content):
    money_facts.path().parent.mkdir(parents=True, exist_ok=True)
    money_facts.path().write_text(content)
    assert money.format_money(150, "EUR") == "€1.50"


def _keep(facts: dict) -> None:
    """A cache file of the right source holding ``facts``; nothing of it in memory yet."""
    money_facts.lookup("exponent GBP")  # names the installed packages
    source = money_facts._source
    money_facts.path().parent.mkdir(parents=True, exist_ok=True)
    money_facts.path().write_text(json.dumps({"source": source, "facts": facts}))
    money_facts.forget()
    money._formatter.cache_clear()
    money.minor_units.cache_clear()


@pytest.mark.parametrize(("key", "bad"), [
    ("exponent GBP", "2"), ("exponent GBP", True), ("exponent GBP", -1), ("exponent GBP", 99),
    ("exponent GBP", 5),
    ("layout GBP en", [[["£", ""]], 2, 1, [3, 3], ",", "."]),
    ("layout GBP en", [[["£", ""], ["-£", ""]], 2, 1, [0, 3], ",", "."]),
    ("layout GBP en", [[["£", ""], ["-£", 5]], 2, 1, [3, 3], ",", "."]),
    ("layout GBP en", [[["£", ""], ["-£", ""]], 3, 1, [3, 3], ",", "."]),  # not GBP's exponent
    ("layout GBP en", [[["£", ""], ["£", ""]], 2, 1, [3, 3], ",", "."]),  # no minus sign
    ("layout GBP en", "£#,##0.00"),
    ("layout GBP en", None),
])
def test_a_kept_value_that_is_not_a_fact_is_asked_of_babel_again(fresh, key, bad):
    _keep({key: bad})
    assert money.minor_units("GBP") == 2
    assert money.format_money(-123456, "GBP") == "-£1,234.56"
    assert money.format_money(150, "GBP") == "£1.50"


def test_kept_facts_count_only_for_the_specs_currencies(fresh):
    _keep({"exponent ABC": 2, "layout ABC en": [[["A$", ""], ["-A$", ""]], 2, 1, [3, 3], ",", "."]})
    with pytest.raises(money.UnknownCurrencyError):
        money.minor_units("ABC")
    assert money.format_money(150, "ABC") == "1.50 ABC"  # shown plainly, as an unknown code


def test_a_file_that_cannot_be_written_back_is_replaced_not_a_crash(fresh):
    _keep({"exponent JPY": 0, "junk \ud800": "\ud800", "layout GBP en": "\ud800"})
    assert money.format_money(150, "GBP") == "£1.50"  # learns a fact: the file is rewritten
    facts = json.loads(money_facts.path().read_text())["facts"]
    assert facts["exponent JPY"] == 0 and "exponent GBP" in facts
    assert not any(key.startswith("junk") for key in facts)
    assert not list(money_facts.path().parent.glob("*.json.*"))  # no temporary file left


def test_an_unknown_currency_is_shown_but_not_kept(fresh):
    assert money.format_money(150, "ABC") == "1.50 ABC"
    with pytest.raises(money.UnknownCurrencyError):
        money.minor_units("ABC")
    kept = money_facts.path()
    facts = json.loads(kept.read_text())["facts"] if kept.exists() else {}
    assert not any("ABC" in key for key in facts)


def test_a_cache_dir_that_cannot_be_written_is_no_error(fresh, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache dir would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert money.format_money(150, "GBP") == "£1.50"
    assert money.minor_units("JPY") == 0


def test_a_file_that_cannot_be_replaced_leaves_no_temporary_file(fresh):
    money_facts.path().mkdir(parents=True)  # a directory where the file would go
    assert money.format_money(150, "GBP") == "£1.50"
    assert money_facts.path().is_dir()
    assert [p.name for p in money_facts.path().parent.iterdir()] == [money_facts.FILE_NAME]
