"""Numbers as the user writes them: in their locale's notation, shares as percentages.

"1,5" means one and a half to a German and is no number an English reader would write; it
once became 15 silently, because commas were dropped as thousands separators. Here a
separator counts as a thousands separator only where it separates groups of three digits
(1,500 or 1.500.000); anything else the locale cannot read unambiguously is refused with a
message that says how to write the number, never guessed.

Shares and rates (a discount rate of 0.07, a provider share of 0.6) are entered and shown as
percentages (7, 60): the file keeps the share, the form shows the percentage.
"""

import re
from dataclasses import dataclass

from PySide6.QtCore import QLocale

from planner.scenario.schema import Field, Range, Unit, ValueType, number_text

PERCENT_UNITS: dict[Unit, str] = {
    Unit.SHARE: "%",
    Unit.SHARE_PER_YEAR: "% per year",
    Unit.CHANGE: "% change",
}
"""Units stored as a share and shown as a percentage, with how a label states them."""
PERCENT = 100
GROUPING_FROM = 10_000
"""Whole numbers from here on show thousands separators (380,000,000 reads better)."""
SIGNIFICANT_DIGITS = 12
"""Enough for any value typed in a form, few enough that 0.07 × 100 shows as 7."""
GROUP_DIGITS = 3
SPACES = " \u00a0\u202f"
"""Spaces a locale may group with (French uses a narrow no-break space); typed, they count as
the locale's own group separator."""


@dataclass(frozen=True, slots=True)
class NumberProblem:
    """Text that is no number in the user's locale, and how to write it instead."""

    text: str
    reason: str


def is_percent(field: Field) -> bool:
    return field.unit in PERCENT_UNITS


def _separators(locale: QLocale) -> tuple[str, str]:
    return locale.decimalPoint(), locale.groupSeparator()


def _language(locale: QLocale) -> str:
    return QLocale.languageToString(locale.language())


def format_number(value: float, locale: QLocale | None = None) -> str:
    """A number in the locale's notation: 0,07 in German; 380,000,000 in English."""
    decimal, group = _separators(locale or QLocale())
    if float(value).is_integer() and abs(value) < 1e16:
        text = f"{int(value):,}" if abs(value) >= GROUPING_FROM else str(int(value))
    else:
        text = f"{value:.{SIGNIFICANT_DIGITS}g}"
    return text.translate({ord(","): group, ord("."): decimal})


def format_amount(value: float, decimals: int = 0, locale: QLocale | None = None) -> str:
    """A figure as a report shows it, rounded to `decimals` and grouped in thousands in the
    locale's notation: 414,970 and 78.2 in English, 414.970 and 78,2 in German."""
    decimal, group = _separators(locale or QLocale())
    text = f"{value:,.{decimals}f}"
    return text.translate({ord(","): group, ord("."): decimal})


def format_money(amount: float, currency: str, locale: QLocale | None = None) -> str:
    """An amount in whole units of its currency: `EUR 414,970` (planner/money.py's form) in
    the locale's notation."""
    return f"{currency} {format_amount(amount, 0, locale)}"


def _grouped(digits: str, group: str) -> str | None:
    """`digits` without group separators, if they separate groups of exactly three."""
    if group not in digits:
        return digits
    first, *rest = digits.split(group)
    if not first or len(first) > GROUP_DIGITS or any(len(g) != GROUP_DIGITS for g in rest):
        return None
    return first + "".join(rest)


NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?|[+-]?\.\d+([eE][+-]?\d+)?")


def _hint(text: str, decimal: str, group: str, language: str) -> str:
    seps = f"'{decimal}' for decimals" + (f" and '{group}' between thousands" if group else "")
    return (
        f"{text!r} is not a number as {language} writes it ({seps}); "
        f"write one and a half as 1{decimal}5"
    )


def parse_number(text: str, locale: QLocale | None = None) -> float | int | NumberProblem:
    """The number `text` writes in the locale (whole numbers as int), or why it is none."""
    locale = locale or QLocale()
    decimal, group = _separators(locale)
    cleaned = text.strip().replace("_", "")
    if group in SPACES:
        cleaned = "".join(group if c in SPACES else c for c in cleaned)
    else:
        cleaned = "".join(c for c in cleaned if c not in SPACES)
    mantissa, e, exponent = cleaned.replace("E", "e").partition("e")
    whole, point, fraction = mantissa.partition(decimal)
    sign = whole[:1] if whole[:1] in "+-" else ""
    digits = _grouped(whole[len(sign) :], group)
    hint = _hint(text.strip(), decimal, group, _language(locale))
    if digits is None or group in fraction:
        return NumberProblem(text, hint)
    plain = f"{sign}{digits}{'.' if point else ''}{fraction}{e}{exponent}"
    if not NUMBER.fullmatch(plain):
        return NumberProblem(text, hint)
    if not point and not e:
        return int(plain)
    return float(plain)


def parse_field_number(text: str, field: Field, locale: QLocale | None = None) -> object:
    """What a number field's text stores: the number (a share for a percentage), the text
    itself when it is none (the form then says why), or None for an empty field."""
    stripped = text.strip()
    if is_percent(field):
        stripped = stripped.removesuffix("%").strip()
    if not stripped:
        return None
    parsed = parse_number(stripped, locale)
    if isinstance(parsed, NumberProblem):
        return text.strip()
    if is_percent(field):
        return round(parsed / PERCENT, SIGNIFICANT_DIGITS)
    if field.value_type is ValueType.WHOLE and isinstance(parsed, float) and parsed.is_integer():
        return int(parsed)
    return parsed


def format_field_number(value: float, field: Field, locale: QLocale | None = None) -> str:
    """A number field's value as the form shows it (a share as its percentage)."""
    if is_percent(field):
        value = float(f"{value * PERCENT:.{SIGNIFICANT_DIGITS}g}")
    return format_number(value, locale)


def percent_range_text(bounds: Range) -> str:
    """A share's range as percentages: "greater than 0 % and at most 100 %"."""
    scaled = Range(bounds.low * PERCENT, bounds.high * PERCENT, bounds.low_open,
                   bounds.high_open, bounds.or_zero)  # fmt: skip
    text = scaled.text()
    for bound in {scaled.low, scaled.high}:
        shown = number_text(bound)
        text = re.sub(rf"(?<![\d,.]){re.escape(shown)}(?![\d,.])", f"{shown} %", text)
    return text
