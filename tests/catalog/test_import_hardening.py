"""Issue 11, failure 7 (and 5 for imports): odd numbers and text in catalog imports and price
books, as a user of `sovplan catalog import` meets them.

An integer SQLite cannot hold, a number beyond the catalog's range, deeply nested JSON and a
lone-surrogate escape each get a message naming the file, the row and the column (or the
file as a whole), exit 2, and nothing is imported. A byte-order mark is accepted.
"""

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from catalog.codec import SQLITE_INTEGER_RANGE
from catalog.input_files import MAX_NESTING_DEPTH
from catalog.revisions import current_revision
from catalog.transfer import dump_rows, export_table
from catalog.validation import MAX_MAGNITUDE, MIN_POSITIVE
from catalog.workspace import open_workspace
from planner.cli.main import main
from planner.exit_codes import ExitCode


def _sovplan(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _rows(workspace_path: Path, table: str, folder: Path) -> list[dict[str, Any]]:
    """The table's rows as its JSON export holds them (numbers as numbers)."""
    path = folder / f"{table}-export.json"
    ws = open_workspace(workspace_path)
    with ws.sessions() as s:
        export_table(s, table, path)
    ws.close()
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows


def _state(workspace_path: Path, table: str) -> tuple[int, list[dict[str, Any]]]:
    ws = open_workspace(workspace_path)
    with ws.sessions() as s:
        state = current_revision(s), dump_rows(s, table)
    ws.close()
    return state


def _json_file(path: Path, table: str, rows: list[dict[str, Any]]) -> Path:
    """Rows as JSON; `ensure_ascii` writes a lone surrogate as the escape `\\ud800`."""
    path.write_text(json.dumps({"table": table, "rows": rows}), encoding="utf-8")
    return path


def _import_refused(capsys: pytest.CaptureFixture[str], workspace_path: Path, path: Path,
                    table: str) -> str:  # fmt: skip
    before = _state(workspace_path, table)
    code, out, err = _sovplan(capsys, "--workspace", workspace_path, "catalog", "import", path)
    assert code == ExitCode.INVALID_INPUT and out == "", err
    assert "internal error" not in err and "Traceback" not in err
    assert _state(workspace_path, table) == before, "nothing imported"
    return err


HIGH = SQLITE_INTEGER_RANGE[1]
CELLS = [
    ("server_skus", "accelerator_count", HIGH + 1,
     f"must be from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807, what the "
     f"workspace can store (got {HIGH + 1})"),
    ("server_skus", "rack_units", -(2**64), "must be from -9,223,372,036,854,775,808"),
    ("server_skus", "unit_price", 10**400,
     "expected a finite number, got a whole number of about 401 digits"),
    ("server_skus", "unit_price", 1e300, f"must be at most {MAX_MAGNITUDE:g} (got 1e+300)"),
    ("accelerators", "bf16_dense_tflops", 5e-324,
     f"must be at least {MIN_POSITIVE:g} (got 5e-324)"),
    ("sites", "electricity_price_per_kwh", "1e-300", f"must be at least {MIN_POSITIVE:g}"),
    ("accelerators", "notes", "a lone \ud800 surrogate",
     "holds a lone surrogate escape (\\ud800 at character 8), which is not a character"),
    ("providers", "name", "x" * 201, "is 201 characters long; name holds at most 200"),
    ("cloud_offers", "accelerators_per_instance", [[1]], "expected integer, got [[1]]"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "column", "value", "reason"), CELLS,
                         ids=[f"{t}.{c}={str(v)[:12]}" for t, c, v, _ in CELLS])  # fmt: skip
def test_an_odd_cell_is_named_by_file_row_and_column_and_nothing_is_imported(
    table: str, column: str, value: Any, reason: str, workspace_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    rows = _rows(workspace_path, table, tmp_path)[:3]
    rows[1][column] = value
    path = _json_file(tmp_path / f"{table}.json", table, rows)
    err = _import_refused(capsys, workspace_path, path, table)
    assert f"  {path}: row 2, column {column!r}: {reason}" in err, err


def test_an_integer_too_big_for_sqlite_in_a_csv_is_named_too(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(workspace_path, "server_skus", tmp_path)[:2]
    rows[0]["accelerator_count"] = "1" + "0" * 30
    path = tmp_path / "server_skus.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    err = _import_refused(capsys, workspace_path, path, "server_skus")
    assert f"  {path}: row 2, column 'accelerator_count': must be from -9,223" in err, err


@pytest.mark.parametrize("depth", [MAX_NESTING_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_refused_as_a_whole(
    depth: int, workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(workspace_path, "providers", tmp_path)[:1]
    path = tmp_path / "providers.json"
    text = json.dumps({"table": "providers", "rows": rows})
    path.write_text(text[:-3] + ', "notes": ' + "[" * depth + "]" * depth + "}]}")
    err = _import_refused(capsys, workspace_path, path, "providers")
    assert f"{path}: nested too deeply (more than {MAX_NESTING_DEPTH} levels" in err, err


def test_a_price_book_with_a_lone_surrogate_or_a_huge_price_is_refused_by_row_and_column(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offer = _rows(workspace_path, "cloud_offers", tmp_path)[0]
    entries = [
        {"target_kind": "cloud_offer", "target_id": offer["id"],
         "price_per_instance_hour": 2**70, "currency": "EUR", "notes": "ok"},
        {"target_kind": "provider", "target_id": offer["provider_id"],
         "discount_fraction": 0.1, "notes": "framework \udc80"},
    ]  # fmt: skip
    path = tmp_path / "book.json"
    path.write_text(json.dumps({"rows": entries}), encoding="utf-8")
    before = _state(workspace_path, "price_book_entries")
    code, _, err = _sovplan(capsys, "--workspace", workspace_path, "catalog", "pricebook",
                            "import", path)  # fmt: skip
    assert code == ExitCode.INVALID_INPUT
    assert f"  {path}: row 1, column 'price_per_instance_hour': must be at most 1e+12" in err
    assert f"  {path}: row 2, column 'notes': holds a lone surrogate escape (\\udc80" in err
    assert _state(workspace_path, "price_book_entries") == before


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_byte_order_mark_is_accepted(
    suffix: str, workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"providers{suffix}"
    ws = open_workspace(workspace_path)
    with ws.sessions() as s:
        export_table(s, "providers", path)
    ws.close()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"Amazon", b"Amazon (BOM)"))
    code, out, err = _sovplan(capsys, "--workspace", workspace_path, "catalog", "import", path)
    assert code == ExitCode.OK, err  # a header read as "\ufeffid" would be an unknown column
    assert "0 added, 2 changed" in out, "the two rows that name Amazon"
