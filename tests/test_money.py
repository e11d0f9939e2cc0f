"""Tests for primer_tui.money: exponents, parsing, formatting, and the core's import hygiene."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import get_currency_precision
from hypothesis import given
from hypothesis import strategies as st
from iso4217 import Currency

from primer_tui import money
from primer_tui.money import (
    MAX_MINOR,
    MoneyError,
    UnknownCurrencyError,
    format_money,
    format_plain,
    minor_units,
    parse,
    to_major,
)
from primer_tui.spec_data import CURRENCY_CODES

# Primer's SDK table (NOTES.md, Currencies), written out again so the test does not trust the code.
SDK_ZERO = set("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split())
SDK_THREE = set("BHD IQD JOD KWD LYD OMR TND".split())
LOCALES = ["en_GB", "en_US", "de_DE", "de_CH", "fr_FR", "en_IN", "ja_JP", "ar_EG", "he_IL",
           "fa_IR", "sv_SE", "nl_NL"]
codes = st.sampled_from(CURRENCY_CODES)
int64_amounts = st.integers(min_value=0, max_value=MAX_MINOR)


def iso_lists(code: str) -> bool:
    try:
        Currency(code)
    except ValueError:
        return False
    return True


# --- minor_units -------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "exponent"), [("GBP", 2), ("JPY", 0), ("KWD", 3), ("IQD", 3),
                                                ("USD", 2), ("CLP", 0), ("BHD", 3)])
def test_minor_units_follow_iso(code: str, exponent: int) -> None:
    assert minor_units(code) == exponent


@pytest.mark.parametrize("code", ["IQD", "AFN", "RSD", "YER"])
def test_minor_units_are_not_babels_display_digits(code: str) -> None:
    # Babel (CLDR) says 0 for these; ISO and Primer do not.
    assert get_currency_precision(code) == 0
    assert minor_units(code) == Currency(code).exponent > 0


@pytest.mark.parametrize("code", ["HRK", "MRO", "BYR", "CUC", "ZWL"])
def test_withdrawn_spec_codes_use_primers_table(code: str) -> None:
    assert not iso_lists(code)  # the fallback, not ISO, answers here
    assert minor_units(code) == 2


def test_iso_na_codes_use_primers_table() -> None:
    assert Currency("XAU").exponent is None
    assert minor_units("XAU") == 2
    assert format_money(100, "XAU").endswith("1.00")


def test_every_spec_code_matches_primers_sdk_table() -> None:
    assert any(not iso_lists(code) for code in CURRENCY_CODES)  # the fallback is exercised
    for code in CURRENCY_CODES:
        expected = 0 if code in SDK_ZERO else 3 if code in SDK_THREE else 2
        assert minor_units(code) == expected, code


def test_codes_iso_lists_beyond_the_spec_are_accepted() -> None:
    # The spec's enum is dated (NOTES.md): the server may return current codes such as MRU.
    assert "MRU" not in CURRENCY_CODES
    assert minor_units("MRU") == 2


@pytest.mark.parametrize("code", ["ABC", "gbp", "", "GBPX", "12"])
def test_unknown_code_is_refused(code: str) -> None:
    with pytest.raises(UnknownCurrencyError, match="not an ISO 4217 currency code") as info:
        minor_units(code)
    assert repr(code) in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownCurrencyError):
        parse("1", code)
    with pytest.raises(UnknownCurrencyError):
        format_plain(100, code)


# --- parse -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code", "minor"), [
    ("6.50", "GBP", 650), ("6.5", "GBP", 650), ("6", "GBP", 600), ("  6.50\t\n", "GBP", 650),
    ("0", "GBP", 0), ("0.01", "GBP", 1), (".5", "GBP", 50), ("6.", "GBP", 600),
    ("3500", "JPY", 3500), ("1.234", "KWD", 1234), ("1.234", "IQD", 1234), ("1.2", "KWD", 1200),
    ("1,234.50", "GBP", 123450), ("1,234,567", "JPY", 1234567),
    ("12,500", "GBP", 1250000), ("1,234,500", "KWD", 1234500000), ("12,500.5", "KWD", 12500500),
    ("92233720368547758.07", "GBP", MAX_MINOR), ("9223372036854775807", "JPY", MAX_MINOR),
    ("007.10", "GBP", 710),
])
def test_parse(text: str, code: str, minor: int) -> None:
    assert parse(text, code) == minor


@pytest.mark.parametrize(("text", "code", "message"), [
    ("6.505", "GBP", "GBP has 2 decimal places; '6.505' has 3"),
    ("1.000", "GBP", "GBP has 2 decimal places; '1.000' has 3"),
    ("3500.5", "JPY", "JPY has no decimal places; '3500.5' has 1"),
    ("1.2345", "KWD", "KWD has 3 decimal places; '1.2345' has 4"),
    ("-5", "GBP", "must be 0 or more"),
    ("-1.00", "GBP", "must be 0 or more"),
    ("abc", "GBP", "'abc' is not an amount"),
    ("nan", "GBP", "'nan' is not an amount"),
    ("NaN", "GBP", "'NaN' is not an amount"),
    ("inf", "GBP", "'inf' is not an amount"),
    ("Infinity", "GBP", "'Infinity' is not an amount"),
    ("1e5", "GBP", "'1e5' is not an amount"),
    ("+5", "GBP", "'+5' is not an amount"),
    ("6,50", "GBP", "use '.' for decimals"),
    ("1,23", "GBP", "is not an amount"),
    ("0,500", "KWD", "use '.' for decimals"),  # 0.500 the European way, not 500 KWD
    # 12.500 the European way, or 12500? Three decimals make one comma read both ways.
    ("12,500", "KWD", "'12,500' is ambiguous in KWD (3 decimal places): write 12.500 or 12500"),
    ("0,000", "GBP", "is not an amount"), ("000,000.5", "GBP", "is not an amount"),
    ("6 50", "GBP", "'6 50' is not an amount"),
    ("1.2.3", "GBP", "'1.2.3' is not an amount"),
    (".", "GBP", "'.' is not an amount"),
    ("-", "GBP", "'-' is not an amount"),
    ("", "GBP", "enter an amount"),
    ("   ", "GBP", "enter an amount"),
    ("٣", "GBP", "is not an amount"),  # only ASCII digits
    ("92233720368547758.08", "GBP", "too large (max 92233720368547758.07 GBP)"),
    ("9223372036854775808", "JPY", "too large (max 9223372036854775807 JPY)"),
    ("9" * 5000, "KWD", "too large (max 9223372036854775.807 KWD)"),
])
def test_parse_refuses_with_a_readable_message(text: str, code: str, message: str) -> None:
    with pytest.raises(MoneyError) as info:
        parse(text, code)
    assert message in str(info.value)
    assert len(str(info.value)) < 100  # long input is shortened in the message


def test_parse_examples_fit_the_currency() -> None:
    with pytest.raises(MoneyError, match=r"e\.g\. 12$"):
        parse("x", "JPY")
    with pytest.raises(MoneyError, match=r"e\.g\. 12\.500$"):
        parse("x", "KWD")


# --- to_major, format_plain --------------------------------------------------------------------


@pytest.mark.parametrize(("minor", "code", "major"), [
    (650, "GBP", "6.50"), (3500, "JPY", "3500"), (1234, "KWD", "1.234"), (1234, "IQD", "1.234"),
    (0, "GBP", "0.00"), (-100, "GBP", "-1.00"), (MAX_MINOR, "GBP", "92233720368547758.07"),
])
def test_to_major_and_format_plain(minor: int, code: str, major: str) -> None:
    assert to_major(minor, code) == Decimal(major)
    assert str(to_major(minor, code)) == major  # exact digits, no float on the way
    assert format_plain(minor, code) == major


# --- format_money ------------------------------------------------------------------------------


def test_format_money_examples() -> None:
    assert format_money(650, "GBP") == "£6.50"
    assert format_money(0, "GBP") == "£0.00"
    assert format_money(123456789, "GBP") == "£1,234,567.89"
    assert format_money(-100, "GBP") == "-£1.00"
    assert format_money(650, "USD", "en_US") == "$6.50"


def test_format_money_jpy_has_no_decimals() -> None:
    text = format_money(3500, "JPY")
    assert text == "¥3,500"
    assert format_money(3500, "JPY", "ja_JP") in {"￥3,500", "¥3,500"}


@pytest.mark.parametrize("code", ["IQD", "KWD"])
def test_format_money_three_decimals_not_babels_rounding(code: str) -> None:
    text = format_money(1234, code)
    assert code in text and text.endswith("1.234")  # Babel's own digits would give "IQD1"
    assert format_money(-1234, code).startswith("-")


def test_format_money_other_locales() -> None:
    assert format_money(123456789, "EUR", "de_DE").replace("\xa0", " ") == "1.234.567,89 €"
    assert format_money(123456789, "INR", "en_IN") == "₹12,34,567.89"  # Indian grouping


def test_format_money_unknown_code_is_shown_plainly() -> None:
    assert format_money(123450, "ABC") == "1,234.50 ABC"
    assert format_money(-123450, "ABC") == "-1,234.50 ABC"
    assert format_money(5, "") == "0.05"


def babel_reference(minor: int, code: str, locale: str) -> str:
    """What Babel itself prints, told the ISO exponent: the oracle for the fast renderer."""
    loc = Locale.parse(locale)
    pattern = copy.copy(loc.currency_formats["standard"])
    pattern.frac_prec = (minor_units(code),) * 2
    return pattern.apply(to_major(minor, code), loc, currency=code, currency_digits=False)


@given(st.integers(min_value=-MAX_MINOR, max_value=MAX_MINOR), codes, st.sampled_from(LOCALES))
def test_format_money_equals_babel(minor: int, code: str, locale: str) -> None:
    assert format_money(minor, code, locale) == babel_reference(minor, code, locale)


@given(st.integers(min_value=-MAX_MINOR, max_value=MAX_MINOR), codes)
def test_format_money_shows_exactly_the_exponents_digits(minor: int, code: str) -> None:
    text = format_money(minor, code)
    number = re.search(r"[0-9][0-9,]*(?:\.([0-9]+))?", text)
    assert number is not None, text
    exponent = minor_units(code)
    assert len(number[1] or "") == exponent, text
    whole, frac = divmod(abs(minor), 10**exponent)
    assert number[0].replace(",", "") == str(whole) + (f".{frac:0{exponent}d}" if exponent else "")
    assert text.startswith("-") == (minor < 0)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_spec_code_renders_without_babel_per_call(locale: str) -> None:
    # Speed: Babel's apply costs ~11 µs a call; the precomputed layout must serve every spec code
    # in these locales (falling back to Babel is only for patterns it cannot reproduce).
    for code in CURRENCY_CODES:
        assert isinstance(money._formatter(code, locale).__self__, money._Layout), code


def test_format_money_falls_back_to_babel_when_the_layout_disagrees(monkeypatch) -> None:
    from primer_tui import money_facts

    money._formatter.cache_clear()
    money_facts.forget()  # nothing kept from earlier tests: the layouts are built here
    monkeypatch.setattr(money._Layout, "render", lambda self, minor: "wrong")
    try:
        assert format_money(1234, "IQD") == babel_reference(1234, "IQD", "en")
        assert format_money(-650, "GBP") == "-£6.50"
        assert money_facts.lookup("layout GBP en") is None  # a layout Babel disagrees with
    finally:
        money._formatter.cache_clear()
        money_facts.forget()


# --- properties --------------------------------------------------------------------------------


@given(int64_amounts, codes)
def test_parse_reads_format_plain_back(minor: int, code: str) -> None:
    assert parse(format_plain(minor, code), code) == minor


@given(st.text(), st.sampled_from(["GBP", "JPY", "KWD", "HRK"]))
def test_parse_raises_only_money_error(text: str, code: str) -> None:
    try:
        result = parse(text, code)
    except MoneyError as error:
        assert str(error)
    else:
        assert 0 <= result <= MAX_MINOR


@given(st.from_regex(r"\A[ 0-9,.\-eE+]{0,25}\Z"), st.sampled_from(["GBP", "JPY", "KWD"]))
def test_parse_number_like_text(text: str, code: str) -> None:
    try:
        result = parse(text, code)
    except MoneyError:
        return
    # Whatever is accepted means what Decimal reads once the thousands commas are gone.
    assert Decimal(text.strip().replace(",", "")).scaleb(minor_units(code)) == result


# --- import hygiene ----------------------------------------------------------------------------


def test_import_is_light() -> None:
    code = (
        "import sys, primer_tui.money\n"
        "heavy = ('textual', 'httpx', 'iso4217', 'babel')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    # textual and httpx: the core never needs them; iso4217 and babel: imported when first used.
    assert result.stdout.strip() == "[]"
