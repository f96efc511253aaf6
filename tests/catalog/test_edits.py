"""Edits and imports share one write path: the same checks, the same revision history."""

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from catalog.edits import edit_row, import_table
from catalog.errors import CatalogError, ImportRejectedError
from catalog.listing import list_rows
from catalog.revisions import current_revision
from catalog.transfer import export_table
from catalog.user_tables import CatalogRevision
from catalog.validation import Row
from catalog.workspace import Workspace

PRICE = "price_per_instance_hour"


def _rows(ws: Workspace, table: str) -> list[Row]:
    with ws.sessions() as s:
        return list_rows(s, table, {})


def _history(ws: Workspace) -> list[str]:
    with ws.sessions() as s:
        return list(s.scalars(select(CatalogRevision.description).order_by(CatalogRevision.id)))


def _revision(ws: Workspace) -> int:
    with ws.sessions() as s:
        return current_revision(s)


def test_an_edit_writes_the_row_and_records_a_revision_naming_it(workspace: Workspace) -> None:
    offer = _rows(workspace, "cloud_offers")[0]
    before = _history(workspace)
    edited = edit_row(workspace, "cloud_offers", offer, PRICE, "12.5", row_number=1)
    assert edited.changed
    assert edited.row[PRICE] == 12.5
    assert edited.row["effective_price_per_instance_hour"] == 12.5, "as listings show it"
    assert _rows(workspace, "cloud_offers")[0] == edited.row
    assert _history(workspace) == [*before, f"edit cloud_offers {offer['id']}: {PRICE}"]


def test_an_edit_that_changes_nothing_records_no_revision(workspace: Workspace) -> None:
    offer = _rows(workspace, "cloud_offers")[0]
    revision = _revision(workspace)
    edited = edit_row(workspace, "cloud_offers", offer, PRICE, str(offer[PRICE]), row_number=1)
    assert not edited.changed
    assert _revision(workspace) == revision


BAD_CELLS = [
    ("memory_gb", "-80"),
    ("memory_gb", "eighty"),
    ("vendor_country", "USA"),
    ("price_currency", "XYZ"),
    ("source_id", "nowhere"),
    ("bf16_dense_tflops", ""),
]


@pytest.mark.parametrize(("column", "text"), BAD_CELLS)
def test_an_edit_is_refused_for_exactly_the_reason_an_import_would_be(
    workspace: Workspace, tmp_path: Path, column: str, text: str
) -> None:
    rows = _rows(workspace, "accelerators")
    assert rows
    revision = _revision(workspace)
    with pytest.raises(ImportRejectedError) as edit:
        edit_row(workspace, "accelerators", rows[0], column, text, row_number=2)

    path = tmp_path / "accelerators.csv"
    with workspace.sessions() as s:
        export_table(s, "accelerators", path)
    with path.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    records[0][column] = text  # data row 1 is file row 2
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    with pytest.raises(ImportRejectedError) as imported:
        import_table(workspace, path)

    assert [(p.row, p.column, p.reason) for p in edit.value.problems] == [
        (p.row, p.column, p.reason) for p in imported.value.problems
    ]
    assert _rows(workspace, "accelerators") == rows
    assert _revision(workspace) == revision


@pytest.mark.parametrize(
    ("column", "message"),
    [("id", "part of the key of cloud_offers"), ("no_such_column", "has no column")],
)
def test_a_key_or_unknown_column_cannot_be_edited(
    workspace: Workspace, column: str, message: str
) -> None:
    offer = _rows(workspace, "cloud_offers")[0]
    with pytest.raises(CatalogError, match=message):
        edit_row(workspace, "cloud_offers", offer, column, "x", row_number=1)
    assert _rows(workspace, "cloud_offers")[0] == offer


def test_an_import_that_changes_rows_records_one_revision_with_the_counts(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "cloud_offers.csv"
    with workspace.sessions() as s:
        export_table(s, "cloud_offers", path)
    offer = _rows(workspace, "cloud_offers")[0]
    edit_row(workspace, "cloud_offers", offer, PRICE, "99", row_number=1)
    before = _history(workspace)
    result = import_table(workspace, path)
    assert (result.added, result.changed) == (0, 1)
    assert _history(workspace) == [*before, f"import cloud_offers.csv: {result}"]
    assert _rows(workspace, "cloud_offers")[0] == offer
