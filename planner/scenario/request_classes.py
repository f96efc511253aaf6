"""Read a workload's request sizes as they come: `[[workloads.request_classes]]` or a histogram.

Either gives a few classes of (input tokens, output tokens, share of requests); each value is
checked by its field in `field_table.py` (REQUEST_CLASSES), whether it stands in the scenario
or in a row of the CSV. The rules that tie them together are here: shares add up to 1 (within
SHARE_SUM_TOLERANCE, then scaled to exactly 1), no shape twice, an embedding's one output
token, and the classes replace the workload's own `input_tokens`/`output_tokens`. A histogram
is read whole or not at all: one bad row rejects the file, with the row and the column named.
"""

import csv
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from catalog.input_files import MAX_SCENARIO_BYTES, InputFileError, quoted, read_text
from planner.scenario.field_table import (
    MAX_REQUEST_CLASSES,
    REQUEST_CLASSES,
    SHARE_SUM_TOLERANCE,
    fields_of,
)
from planner.scenario.model import RequestClass, WorkloadKind
from planner.scenario.problems import FieldPath
from planner.scenario.schema import ValueType
from planner.scenario.table_reader import TableReader

CLASSES_KEY = REQUEST_CLASSES.key
HISTOGRAM_KEY = "request_histogram"
HISTOGRAM_COLUMNS = tuple(f.key for f in fields_of(REQUEST_CLASSES))
"""The histogram's header, in order: input_tokens,output_tokens,share."""
EMBEDDING_OUTPUT_TOKENS = 1
"""An embedding returns one vector, counted as one output token per request."""

Values = dict[str, Any]


def _cell(text: str, value_type: ValueType) -> Any:
    """A CSV cell as the scenario would hold it; the text itself when it is no number."""
    try:
        return int(text) if value_type is ValueType.WHOLE else float(text)
    except ValueError:
        return text


def _histogram_rows(path: Path) -> list[tuple[int, dict[str, Any]]] | str:
    """The rows of a histogram file as tables, or why the file cannot be used at all."""
    try:
        text = read_text(path, MAX_SCENARIO_BYTES)
    except InputFileError as exc:
        return str(exc)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != HISTOGRAM_COLUMNS:
        return f"the header must be {','.join(HISTOGRAM_COLUMNS)} (got {quoted(header)})"
    types = {f.key: f.value_type for f in fields_of(REQUEST_CLASSES)}
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(HISTOGRAM_COLUMNS):
            return f"row {number} has {len(cells)} cells, not {len(HISTOGRAM_COLUMNS)}"
        cells_by_key = zip(HISTOGRAM_COLUMNS, cells, strict=True)
        rows.append((number, {k: _cell(c.strip(), types[k]) for k, c in cells_by_key}))
    return rows


Entries = list[tuple[FieldPath, Mapping[str, Any]]]
"""Class tables, each with the path its problems are named by."""


def _entries(r: TableReader, table: Mapping[str, Any], at: FieldPath,
             base: Path) -> tuple[Entries, FieldPath] | None:  # fmt: skip
    """The class tables and where to name their problems (the histogram field for a file's
    rows, with the row number), or None when the workload gives no classes."""
    if HISTOGRAM_KEY in table and CLASSES_KEY in table:
        r.fail(at / HISTOGRAM_KEY, f"give {CLASSES_KEY} or {HISTOGRAM_KEY}, not both")
        return None
    if CLASSES_KEY in table:
        items = table[CLASSES_KEY]
        if not isinstance(items, list):
            r.fail(at / CLASSES_KEY, f"expected a list of tables, got {quoted(items)}")
            return None
        found: Entries = []
        for j, item in enumerate(items):
            if isinstance(item, dict):
                found.append((at / CLASSES_KEY / j, item))
            else:
                r.fail(at / CLASSES_KEY / j, "expected a table")
        return found, at / CLASSES_KEY
    name = table.get(HISTOGRAM_KEY)
    if not isinstance(name, str):
        return None  # absent, or not text (reported by the field table)
    rows = _histogram_rows(base / name)
    where = at / HISTOGRAM_KEY
    if isinstance(rows, str):
        r.fail(where, f"{quoted(name)}: {rows}")
        return None
    return [(where / f"row {number}", row) for number, row in rows], where


def _check_entry(r: TableReader, entry: Mapping[str, Any], at: FieldPath,
                 kind: WorkloadKind | None) -> RequestClass | None:  # fmt: skip
    before = len(r.problems)
    values = r.read(entry, at, fields_of(REQUEST_CLASSES))
    if kind is WorkloadKind.EMBEDDING and values["output_tokens"] not in (
        None,
        EMBEDDING_OUTPUT_TOKENS,
    ):
        r.fail(at / "output_tokens", "an embedding returns one vector: use 1")
    if len(r.problems) > before:
        return None
    return RequestClass(**values)


def read_request_classes(r: TableReader, table: Mapping[str, Any], at: FieldPath,
                         values: Values, base: Path) -> None:  # fmt: skip
    """Put the workload's classes (shares scaled to sum to 1) in `values`, with the mean
    request shape in its input/output tokens; problems go to `r`."""
    values["request_classes"] = ()
    found = _entries(r, table, at, base)
    if found is None:
        return
    entries, where = found
    if values["kind"] is WorkloadKind.FINE_TUNING:
        r.fail(where, "fine-tuning workloads have no request sizes")
        return
    for key in ("input_tokens", "output_tokens"):
        if key in table:
            r.fail(at / key, f"the request classes give the request sizes; leave {key} out")
    if not entries:
        r.fail(where, "at least one request class is required")
        return
    if len(entries) > MAX_REQUEST_CLASSES:
        r.fail(where, f"{len(entries)} classes, more than the {MAX_REQUEST_CLASSES} allowed")
        return
    classes = [_check_entry(r, entry, path, values["kind"]) for path, entry in entries]
    checked = [c for c in classes if c is not None]
    if len(checked) < len(classes):
        return
    _check_together(r, checked, entries, where)
    if r.failed_under(where):
        return
    total = math.fsum(c.share for c in checked)
    scaled = tuple(RequestClass(c.input_tokens, c.output_tokens, c.share / total) for c in checked)
    values["request_classes"] = scaled
    values["input_tokens"] = round(sum(c.share * c.input_tokens for c in scaled))
    values["output_tokens"] = max(1, round(sum(c.share * c.output_tokens for c in scaled)))


def _check_together(
    r: TableReader, classes: Sequence[RequestClass], entries: Entries, where: FieldPath
) -> None:
    seen: set[tuple[int, int]] = set()
    for c, (path, _) in zip(classes, entries, strict=True):
        shape = (c.input_tokens, c.output_tokens)
        if shape in seen:
            r.fail(path, f"duplicate request class {c.label}: merge their shares")
        seen.add(shape)
    total = math.fsum(c.share for c in classes)
    if not math.isclose(total, 1.0, abs_tol=SHARE_SUM_TOLERANCE):
        percent = f"{total * 100:.4g} %"  # a form shows shares as percentages
        r.fail(where, f"the shares sum to {total:g} ({percent}), not 1 (100 %)")
