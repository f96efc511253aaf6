"""Reading a file a user hands to sovplan: size and nesting limits, and a byte-order mark.

Every file sovplan parses (scenario TOML, catalog imports and price books as CSV or JSON)
comes through here, so the limits hold for each alike and are documented once
(docs/reliability.md, "Input hardening"). A file above the size limit is refused without
reading it whole; one nested deeper than any valid file is refused with one message,
whether the parser gave up (RecursionError) or the parsed value was measured. A UTF-8
byte-order mark, which Windows editors and Excel write, is dropped. Values quoted in
messages are shortened here too: a cell may hold megabytes.
"""

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

MAX_SCENARIO_BYTES = 1024 * 1024
"""1 MiB: a scenario of 1,000 workloads takes about 250 KB; the shipped ones take 1-2 KB."""
MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""64 MiB: a CSV of 50,000 cloud offers, the largest import benchmarked, takes 13 MB."""
MAX_NESTING_DEPTH = 32
"""Arrays and tables inside each other. A valid scenario nests 4 deep, an import 3."""
QUOTED_CHARS = 60
"""A value quoted in a message is cut to this many characters (a cell may be huge)."""
QUOTED_BITS = 200
"""A whole number of more bits (60 digits) is quoted by its number of digits."""

T = TypeVar("T")


def quoted(value: object) -> str:
    """A value from a user's file as a message quotes it: its repr, cut to QUOTED_CHARS; a
    huge whole number by its number of digits (Python prints none of more than 4,300)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > QUOTED_BITS:
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"a whole number of about {digits:,} digits"
    text = repr(value)
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


class InputFileError(Exception):
    """The file cannot be used as a whole; the message is the reason, without the path."""


def read_text(path: Path, max_bytes: int) -> str:
    """The file's text as UTF-8, without a byte-order mark; InputFileError if it is missing,
    unreadable, larger than `max_bytes` or not UTF-8. At most `max_bytes` + 1 bytes are
    read, so neither a huge file nor an endless one (a pipe, /dev/zero) is taken in whole."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputFileError("no such file") from None
    except IsADirectoryError:
        raise InputFileError("is a folder, not a file") from None
    except OSError as exc:
        raise InputFileError(f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputFileError(f"the file is larger than the {_size_text(max_bytes)} sovplan reads")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"not UTF-8 text (byte {exc.start} cannot be decoded)") from None


def _size_text(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB" if size >= 1024 * 1024 else f"{size:,} bytes"


def nesting_depth(value: object) -> int:
    """How many arrays and tables (lists and dicts) lie inside each other; no recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth + 1)
            stack.extend((item, depth + 1) for item in node)
    return deepest


TOO_MANY_DIGITS = (
    f"holds a whole number of more than {sys.get_int_max_str_digits():,} digits, "
    "more than any field takes or Python reads"
)
TOO_DEEP = f"nested too deeply (more than {MAX_NESTING_DEPTH} levels of arrays and tables)"


def parse_nested(parse: Callable[[str], T], text: str) -> T:
    """`parse(text)`, refused with InputFileError when nested beyond MAX_NESTING_DEPTH.

    The parsers recurse once per level, so a file thousands of levels deep makes them
    raise RecursionError; one they can read is measured after parsing."""
    try:
        value = parse(text)
    except RecursionError:
        raise InputFileError(TOO_DEEP) from None
    if nesting_depth(value) > MAX_NESTING_DEPTH:
        raise InputFileError(TOO_DEEP)
    return value
