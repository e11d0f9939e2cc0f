"""Money: ISO 4217 minor units, parsing what a person types, formatting with Babel.

Amounts are integers in minor units everywhere; this module turns them into text and back.

- Exponents come from ISO 4217 (the ``iso4217`` package), not Babel, whose CLDR digits differ
  from ISO for 13 currencies (IQD among them) and are 2 for any unknown code. Where ISO gives no
  number, Primer's SDK table (NOTES.md, Currencies) decides, so every spec code counts as
  Primer's own checkout shows it: "N.A." codes (XAU, XDR, XTS...) are 2, not 0, and codes ISO
  withdrew but the spec keeps (HRK, MRO, BYR, CUC, ZWL, ANG, BGN, XFU) are 2 (BYR too, though
  ISO once said 0). Other codes are refused (``UnknownCurrencyError``), except by
  ``format_money``: a display shows what a server returns plainly ("1,234.50 ABC", 2 decimals).
- ``parse`` is strict, to catch "1.000" GBP typed by someone meaning a thousand: digits, one
  ".", commas only between groups of three ("1,234.50"), no more decimals than the currency has
  (trailing zeros count), no sign, exponent, NaN or infinity.
- ``format_money`` uses the locale's currency pattern with its fraction digits set to the ISO
  exponent (else Babel rounds IQD 1234 to "IQD1"). ``NumberPattern.apply`` costs ~11 µs, too
  slow for ~20 figures a keystroke, so each (currency, locale) pattern becomes a ``_Layout``
  rendered with integer arithmetic (~1.3 µs); it is checked against Babel on sample values when
  built, and Babel is used wherever they differ. The trade-off: a second renderer to keep equal
  to Babel's, guarded by that check and by the tests.
- ``iso4217`` (parses XML, ~29 ms) and Babel (~30 ms) are imported lazily; results are cached
  in memory, and on disk from one run to the next (``money_facts``: the exponent and the
  ``_Layout`` of each spec currency, checked again when read), so a start that shows the
  spec's currencies loads neither.
"""

from __future__ import annotations

import copy
import functools
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Callable, NamedTuple

from primer_tui import money_facts
from primer_tui.spec_data import CURRENCY_CODES

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

__all__ = [
    "MAX_MINOR", "MoneyError", "UnknownCurrencyError", "format_money", "format_plain",
    "minor_units", "parse", "to_major",
]

MAX_MINOR = 2**63 - 1
"""The largest amount Primer accepts, in minor units (the spec's int64)."""

# Primer's SDK table (NOTES.md): used only for spec codes ISO no longer lists.
_PRIMER_ZERO = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split())
_PRIMER_THREE = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_UNKNOWN_DISPLAY_EXPONENT = 2
_SPEC_CODES = frozenset(CURRENCY_CODES)
# Digits with an optional ".", commas only between groups of three after a first group that
# does not start with 0 ("0,500" is 0.500 written the European way, not 500); the lookahead
# wants a digit.
_AMOUNT = re.compile(
    r"(?=\.?[0-9])(?P<whole>[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]*)(?:\.(?P<frac>[0-9]*))?"
)
_BABEL_PROBES = (0, 1, -1, 5, 123456789012345, -987654321098765, MAX_MINOR)


class MoneyError(ValueError):
    """An amount or currency that cannot be used; the message is meant for a person."""


class UnknownCurrencyError(MoneyError):
    """A currency code neither ISO 4217 nor Primer's spec knows."""


@functools.lru_cache(maxsize=None)
def minor_units(code: str) -> int:
    """The number of decimal places (ISO 4217 exponent) of a currency.

    Args:
        code: An upper-case ISO 4217 code, e.g. "GBP".

    Returns:
        2 for GBP, 0 for JPY, 3 for KWD and IQD; Primer's SDK value where ISO has none
        (XAU: "N.A.", HRK: withdrawn), which is 2 for every such code in the spec.

    Raises:
        UnknownCurrencyError: ISO does not list the code and the spec's enum does not either.
    """
    if code in _SPEC_CODES:
        kept = money_facts.lookup(f"exponent {code}")
        if type(kept) is int and 0 <= kept <= 4:  # ISO's largest is 4 (CLF, UYW)
            return kept
    from iso4217 import Currency  # lazily: parses an XML table on import

    try:
        exponent = Currency(code).exponent
    except ValueError:
        if code not in _SPEC_CODES:
            raise UnknownCurrencyError(f"{_shown(code)} is not an ISO 4217 currency code") from None
        exponent = None  # withdrawn by ISO but still in Primer's spec
    exponent = _primer_exponent(code) if exponent is None else exponent
    if code in _SPEC_CODES:  # only these are kept: a server's odd codes do not grow the file
        money_facts.remember(f"exponent {code}", exponent)
    return exponent


def _primer_exponent(code: str) -> int:
    return 0 if code in _PRIMER_ZERO else 3 if code in _PRIMER_THREE else 2


def parse(text: str, currency: str) -> int:
    """Turn an amount typed in major units into minor units: "6.50" GBP -> 650.

    Args:
        text: What was typed; surrounding whitespace is ignored, "1,234.50" is accepted.
        currency: The ISO 4217 code giving the number of decimals allowed.

    Raises:
        MoneyError: The text is not a non-negative amount with at most the currency's decimals
            that fits in int64 minor units; the message says which.
    """
    exponent = minor_units(currency)
    cleaned = text.strip()
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise MoneyError(_not_an_amount(cleaned, exponent))
    frac = match["frac"] or ""
    whole = match["whole"]
    if exponent == 3 and whole.count(",") == 1 and match["frac"] is None:
        # "12,500" in a currency of three decimals reads both ways: twelve and a half, as a
        # decimal comma writes it, or twelve thousand five hundred. A thousandfold slip.
        raise MoneyError(f"{_shown(cleaned)} is ambiguous in {currency} ({_places(exponent)}):"
                         f" write {whole.replace(',', '.')} or {whole.replace(',', '')}")
    if len(frac) > exponent:
        raise MoneyError(f"{currency} has {_places(exponent)}; {_shown(cleaned)} has {len(frac)}")
    digits = (match["whole"].replace(",", "") + frac.ljust(exponent, "0")).lstrip("0") or "0"
    # The length test first: int() refuses strings of more than 4300 digits.
    if len(digits) > len(str(MAX_MINOR)) or int(digits) > MAX_MINOR:
        raise MoneyError(f"too large (max {format_plain(MAX_MINOR, currency)} {currency})")
    return int(digits)


def _not_an_amount(cleaned: str, exponent: int) -> str:
    example = "12" + ("." + "5".ljust(exponent, "0") if exponent else "")
    if not cleaned:
        return f"enter an amount, e.g. {example}"
    if cleaned[0] in "-−" and _AMOUNT.fullmatch(cleaned[1:].lstrip()):
        return f"must be 0 or more, not {_shown(cleaned)}"
    if "," in cleaned:
        return f"{_shown(cleaned)} is not an amount: use '.' for decimals, e.g. {example}"
    return f"{_shown(cleaned)} is not an amount: use digits and '.', e.g. {example}"


def _places(exponent: int) -> str:
    return f"{exponent} decimal place{'s' * (exponent > 1)}" if exponent else "no decimal places"


def _shown(text: str) -> str:
    return repr(text if len(text) <= 24 else text[:24] + "…")


def to_major(minor: int, currency: str) -> Decimal:
    """Minor units to an exact Decimal in major units: 1234 KWD -> Decimal("1.234").

    Exact for any int64 amount (Decimal's default precision is 28 digits).
    """
    return Decimal(minor).scaleb(-minor_units(currency))


def format_plain(minor: int, currency: str) -> str:
    """The major-unit number without symbol or grouping, as an input shows it for editing.

    650 GBP -> "6.50", 3500 JPY -> "3500", 1234 KWD -> "1.234"; ``parse`` reads it back.
    """
    exponent = minor_units(currency)
    whole, frac = divmod(abs(minor), 10**exponent)
    sign = "-" if minor < 0 else ""
    return f"{sign}{whole}" + (f".{frac:0{exponent}d}" if exponent else "")


def format_money(minor: int, currency: str, locale: str = "en") -> str:
    """Format an amount for display: 650 GBP -> "£6.50", 1234 IQD -> "IQD1.234".

    Always shows exactly the currency's ISO decimals; negatives (discounts) get the locale's
    negative form ("-£1.00"). A code ISO does not know shows plainly: "1,234.50 ABC".

    Raises:
        babel.core.UnknownLocaleError: Babel has no data for ``locale``.
    """
    return _formatter(currency, locale)(minor)


class _Layout(NamedTuple):
    """A currency pattern reduced to what rendering a whole number of minor units needs."""

    affixes: tuple[tuple[str, str], tuple[str, str]]  # (prefix, suffix): positive, negative
    exponent: int
    min_int: int
    grouping: tuple[int, int]
    group: str
    decimal: str

    def render(self, minor: int) -> str:
        whole, frac = divmod(abs(minor), 10**self.exponent)
        digits, size, grouped = str(whole).zfill(self.min_int), self.grouping[0], ""
        while len(digits) > size:  # as Babel's _format_int: the primary group, then secondary
            grouped = self.group + digits[-size:] + grouped
            digits, size = digits[:-size], self.grouping[1]
        if self.exponent:
            grouped += f"{self.decimal}{frac:0{self.exponent}d}"
        prefix, suffix = self.affixes[minor < 0]
        return prefix + digits + grouped + suffix

    @classmethod
    def from_json(cls, value: object) -> _Layout | None:
        """A layout kept by ``money_facts`` (as JSON lists), or None if it is not one."""
        try:
            (pos, neg), exponent, min_int, grouping, group, decimal = value  # type: ignore[misc]
            affixes = (tuple(pos), tuple(neg))
            numbers = (exponent, min_int, *grouping)
            texts = (*affixes[0], *affixes[1], group, decimal)
        except (TypeError, ValueError):
            return None
        if (len(numbers) == 4 and all(type(n) is int and 0 <= n <= 64 for n in numbers)
                and min(grouping) > 0 and len(affixes[0]) == len(affixes[1]) == 2
                and all(isinstance(t, str) for t in texts)):
            return cls(affixes, exponent, min_int, tuple(grouping), group, decimal)  # type: ignore[arg-type]
        return None


@functools.lru_cache(maxsize=1024)
def _formatter(currency: str, locale: str) -> Callable[[int], str]:
    key = f"layout {currency} {locale}"
    if currency in _SPEC_CODES and (kept := _kept_layout(key, currency)) is not None:
        return kept.render
    from babel import Locale, numbers  # lazily: ~30 ms

    loc = Locale.parse(locale)
    pattern = copy.copy(loc.currency_formats["standard"])  # never mutate Babel's shared pattern
    try:
        exponent, known = minor_units(currency), True
    except UnknownCurrencyError:
        exponent, known = _UNKNOWN_DISPLAY_EXPONENT, False
    pattern.frac_prec = (exponent, exponent)
    if known:
        symbol = numbers.get_currency_symbol(currency, loc)
        affixes = tuple((_affix(p, currency, symbol), _affix(s, currency, symbol))
                        for p, s in zip(pattern.prefix, pattern.suffix))
    else:  # shown plainly after the number, so it does not pass for a real currency
        affixes = (("", f" {currency}".rstrip()), ("-", f" {currency}".rstrip()))
    layout = _Layout(affixes, exponent, pattern.int_prec[0], pattern.grouping,
                     numbers.get_group_symbol(loc), numbers.get_decimal_symbol(loc))
    with_babel = functools.partial(_with_babel, pattern, loc, currency)
    if not known:
        return layout.render
    if all(layout.render(m) == with_babel(m) for m in _BABEL_PROBES):
        if currency in _SPEC_CODES:
            money_facts.remember(key, layout)
        return layout.render
    return with_babel


def _kept_layout(key: str, currency: str) -> _Layout | None:
    """The layout ``money_facts`` kept under ``key``, if it is one this currency can use: its
    exponent the currency's, and negatives unlike positives (a minus sign is never lost)."""
    kept = _Layout.from_json(money_facts.lookup(key))
    if kept is None or kept.affixes[0] == kept.affixes[1] or kept.exponent != minor_units(currency):
        return None
    return kept


def _with_babel(pattern: NumberPattern, loc: Locale, currency: str, minor: int) -> str:
    exponent = pattern.frac_prec[0]
    return pattern.apply(Decimal(minor).scaleb(-exponent), loc, currency=currency,
                         currency_digits=False)


def _affix(text: str, currency: str, symbol: str) -> str:
    # The same substitutions, in the same order, as Babel's NumberPattern.apply.
    text = text.replace("¤¤", currency.upper()).replace("¤", symbol)
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", text)
