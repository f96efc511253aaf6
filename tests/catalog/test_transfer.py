"""Export and import: byte-identical round trips, and bad files rejected with nothing written."""

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.codec import Kind, from_text, to_text
from catalog.edits import import_table
from catalog.errors import CatalogError, ImportRejectedError
from catalog.registry import FACT_TABLES, IMPORTABLE
from catalog.revisions import current_revision
from catalog.transfer import dump_rows, export_table
from catalog.workspace import Workspace, open_workspace

TABLE_NAMES = [c.__tablename__ for c in FACT_TABLES]


def _export_all(ws: Workspace, folder: Path, suffix: str) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    with ws.sessions() as s:
        for name in IMPORTABLE:
            path = folder / f"{name}{suffix}"
            export_table(s, name, path)
            out[name] = path.read_bytes()
    return out


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_import_export_into_an_empty_workspace_is_byte_identical(
    workspace: Workspace, tmp_path: Path, suffix: str
) -> None:
    first = _export_all(workspace, tmp_path / "first", suffix)
    empty = open_workspace(tmp_path / "empty.sqlite", seed=False)
    for name in TABLE_NAMES:
        result = import_table(empty, tmp_path / "first" / f"{name}{suffix}")
        with empty.sessions() as s:
            assert result.added == len(dump_rows(s, name)) > 0
    second = _export_all(empty, tmp_path / "second", suffix)
    empty.close()
    assert second == first


def test_reimporting_an_export_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "cloud_offers.csv"
    with workspace.sessions() as s:
        export_table(s, "cloud_offers", path)
        revision = current_revision(s)
    result = import_table(workspace, path)
    with workspace.sessions() as s:
        assert current_revision(s) == revision
    assert result.added == result.changed == 0
    assert result.unchanged > 0


def test_import_updates_existing_rows_and_adds_new_ones(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "sites.csv"
    with workspace.sessions.begin() as s:
        export_table(s, "sites", path)
    rows = _read_csv(path)
    rows[0]["pue"] = "1.11"
    rows.append({**rows[1], "id": "lu-bettembourg-own-dc", "name": "Our own data centre"})
    _write_csv(path, rows)
    result = import_table(workspace, path)
    with workspace.sessions() as s:
        sites = {r["id"]: r for r in dump_rows(s, "sites")}
    assert (result.added, result.changed) == (1, 1)
    assert sites[rows[0]["id"]]["pue"] == 1.11
    assert sites["lu-bettembourg-own-dc"]["name"] == "Our own data centre"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _accelerator_rows(ws: Workspace, tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    path = tmp_path / "accelerators.csv"
    with ws.sessions() as s:
        export_table(s, "accelerators", path)
    return path, _read_csv(path)


BAD_CELLS = [
    ("memory_gb", "-80", "must be greater than 0"),
    ("memory_gb", "eighty", "expected a number"),
    ("vendor_country", "USA", "ISO 3166"),
    ("price_currency", "XYZ", "does not exist in fx_rates"),
    ("export_control_exposure", "severe", "is not one of none, low, medium, high"),
    ("as_of", "22/11/2026", "YYYY-MM-DD"),
    ("source_id", "nowhere", "does not exist in sources"),
    ("bf16_dense_tflops", "", "a value is required"),
    ("id", "Bad Id", "not a valid id"),
]


@pytest.mark.parametrize(("column", "value", "reason"), BAD_CELLS)
def test_one_bad_cell_rejects_the_whole_file_and_names_row_and_column(
    workspace: Workspace, tmp_path: Path, column: str, value: str, reason: str
) -> None:
    path, rows = _accelerator_rows(workspace, tmp_path)
    for row in rows:
        row["name"] = row["name"] + " (edited)"  # every good row would change if written
    target = next(i for i, r in enumerate(rows) if r["unit_price"])
    rows[target][column] = value
    _write_csv(path, rows)
    with workspace.sessions() as s:
        before = dump_rows(s, "accelerators")
    with pytest.raises(ImportRejectedError) as caught:
        import_table(workspace, path)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (target + 2, column)  # the header is row 1
    assert reason in problem.reason
    assert str(path) in str(problem)
    with workspace.sessions() as s:
        assert dump_rows(s, "accelerators") == before


def test_every_problem_is_reported_not_just_the_first(workspace: Workspace, tmp_path: Path) -> None:
    path, rows = _accelerator_rows(workspace, tmp_path)
    rows[0]["memory_gb"] = "-1"
    rows[1]["tdp_w"] = "hot"
    rows.append(dict(rows[3]))  # duplicate key
    _write_csv(path, rows)
    with pytest.raises(ImportRejectedError) as caught:
        import_table(workspace, path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(2, "memory_gb"), (3, "tdp_w"), (len(rows) + 1, "id")}


def test_unknown_and_missing_columns_are_rejected(workspace: Workspace, tmp_path: Path) -> None:
    path, rows = _accelerator_rows(workspace, tmp_path)
    for row in rows:
        row["memory_gib"] = row.pop("memory_gb")
    _write_csv(path, rows)
    with pytest.raises(ImportRejectedError) as caught:
        import_table(workspace, path)
    reasons = {(p.column, p.reason) for p in caught.value.problems}
    assert ("memory_gib", "unknown column for table 'accelerators'") in reasons
    assert ("memory_gb", "required column is missing") in reasons


def test_seal_level_outside_zero_to_four_is_rejected(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "assessments.json"
    with workspace.sessions() as s:
        export_table(s, "sovereignty_assessments", path)
    document = json.loads(path.read_text())
    document["rows"][0]["seal_level"] = 5
    path.write_text(json.dumps(document))
    with pytest.raises(ImportRejectedError) as caught:
        import_table(workspace, path)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (1, "seal_level")
    assert "at most 4" in problem.reason


def test_a_cloud_offer_in_another_providers_region_is_rejected(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "cloud_offers.csv"
    with workspace.sessions() as s:
        export_table(s, "cloud_offers", path)
    rows = _read_csv(path)
    other = next(r for r in rows if r["provider_id"] != rows[0]["provider_id"])
    rows[0]["region_id"] = other["region_id"]
    _write_csv(path, rows)
    with pytest.raises(ImportRejectedError) as caught:
        import_table(workspace, path)
    assert "belongs to provider" in caught.value.problems[0].reason


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("accelerators.xlsx", "", "unsupported file type"),
        ("mystery.csv", "id\nx\n", "cannot tell which table"),
        ("accelerators.csv", "", "empty"),
        ("accelerators.json", "{not json", "not valid JSON"),
        ("accelerators.csv", "id,name\na\n", "1 cells but the header has 2"),
    ],
)
def test_structurally_bad_files_get_a_clear_message(
    workspace: Workspace, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(CatalogError, match=message):
        import_table(workspace, path)


def test_export_is_atomic_and_leaves_no_temporary_files(
    workspace: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "providers.json"
    target.parent.mkdir()
    with workspace.sessions() as s:
        export_table(s, "providers", target)
    assert [p.name for p in target.parent.iterdir()] == ["providers.json"]
    assert json.loads(target.read_text())["table"] == "providers"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_survive_the_text_round_trip(value: float) -> None:
    assert from_text(to_text(value, Kind.NUMBER), Kind.NUMBER) == value
