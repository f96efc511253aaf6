"""Text and JSON forms of column values, so exports re-import to exactly the same rows.

Floats are written in the shortest form that reads back to the same number
(integral values without a trailing ".0"), so export → import → export is byte-identical.
"""

import math
from datetime import date, datetime
from enum import Enum

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer

from catalog.input_files import quoted

Value = str | int | float | bool | date | None

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_LARGEST_EXACT_INTEGER = 2**53
"""Above this a float no longer holds every integer, so integral floats keep repr()."""
SQLITE_INTEGER_RANGE = (-(2**63), 2**63 - 1)
"""What an SQLite INTEGER holds (64-bit signed); beyond it the driver cannot store a value."""


def _stored_integer(value: int) -> int:
    low, high = SQLITE_INTEGER_RANGE
    if not low <= value <= high:
        raise ValueError(
            f"must be from {low:,} to {high:,}, what the workspace can store (got {quoted(value)})"
        )
    return value


def _is_text(text: str) -> str:
    """`text`, unless it holds a lone surrogate (JSON can escape one, `"\\ud800"`), which is
    no character: no file, database or terminal can hold it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"holds a lone surrogate escape (\\u{ord(text[exc.start]):04x} at character "
            f"{exc.start + 1}), which is not a character"
        ) from None
    return text


class Kind(Enum):
    """The value kinds a catalog column can hold."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"


def kind_of(column: Column[object]) -> Kind:
    col_type = column.type
    if isinstance(col_type, Boolean):
        return Kind.BOOLEAN
    if isinstance(col_type, Integer):
        return Kind.INTEGER
    if isinstance(col_type, Float):
        return Kind.NUMBER
    if isinstance(col_type, DateTime):
        return Kind.DATETIME
    if isinstance(col_type, Date):
        return Kind.DATE
    return Kind.TEXT


def format_number(value: float) -> str:
    if value.is_integer() and abs(value) < _LARGEST_EXACT_INTEGER:
        return str(int(value))
    return repr(value)


def to_text(value: Value, kind: Kind) -> str:
    """The CSV cell for a value; NULL is the empty cell."""
    if value is None:
        return ""
    if kind is Kind.BOOLEAN:
        return "true" if value else "false"
    if kind is Kind.NUMBER:
        return format_number(float(value))  # type: ignore[arg-type]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def from_text(text: str, kind: Kind) -> Value:
    """Parse a CSV cell; raises ValueError with a reason a user understands."""
    text = _is_text(text).strip()
    if text == "":
        return None
    if kind is Kind.TEXT:
        return text
    if kind is Kind.BOOLEAN:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"expected true or false, got {quoted(text)}")
    if kind is Kind.INTEGER:
        try:
            whole = int(text)
        except ValueError:  # not a number, or one of more than 4,300 digits
            raise ValueError(f"expected a whole number, got {quoted(text)}") from None
        return _stored_integer(whole)
    if kind is Kind.NUMBER:
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"expected a number, got {quoted(text)}") from None
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {quoted(text)}")
        return number
    if kind is Kind.DATE:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a date as YYYY-MM-DD, got {quoted(text)}") from None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"expected a date and time (ISO 8601), got {quoted(text)}") from None


def to_json(value: Value, kind: Kind) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if kind is Kind.NUMBER:
        number = float(value)
        return (
            int(number) if number.is_integer() and abs(number) < _LARGEST_EXACT_INTEGER else number
        )
    return value


def from_json(value: object, kind: Kind) -> Value:
    """Parse a JSON value; strings are accepted wherever a CSV cell would be."""
    if value is None:
        return None
    if isinstance(value, str):
        return from_text(value, kind)
    if kind is Kind.BOOLEAN and isinstance(value, bool):
        return value
    if kind is Kind.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return _stored_integer(value)
    if kind is Kind.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # a whole number beyond 1e308
            raise ValueError(f"expected a finite number, got {quoted(value)}") from None
        return from_text(repr(number), kind)
    raise ValueError(f"expected {kind.value}, got {quoted(value)}")
