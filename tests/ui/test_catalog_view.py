"""The catalog view: browsing, search, validated edits, import/export and price books."""

import csv
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from catalog.listing import list_rows
from catalog.revisions import current_revision
from catalog.validation import Row
from catalog.workspace import Workspace
from ui.catalog_labels import table_label
from ui.catalog_table_model import CatalogTableModel
from ui.catalog_view import CatalogView

pytestmark = pytest.mark.gui

PRICE = "price_per_instance_hour"


def _rows(ws: Workspace, table: str) -> list[Row]:
    with ws.sessions() as s:
        return list_rows(s, table, {})


def _revision(ws: Workspace) -> int:
    with ws.sessions() as s:
        return current_revision(s)


@pytest.fixture
def view(qtbot: QtBot, workspace: Workspace) -> CatalogView:
    widget = CatalogView(workspace)
    qtbot.addWidget(widget)
    return widget


def _cell(view: CatalogView, row_id: str, column: str) -> tuple[int, int]:
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.value(r, 0) == row_id)
    return row, model.columns.index(column)


@pytest.mark.parametrize("table", ["fx_rates", "cloud_offers", "sovereignty_assessments"])
def test_switching_tables_shows_every_row(
    view: CatalogView, workspace: Workspace, table: str
) -> None:
    view.table_combo.setCurrentText(table_label(table))  # the list names tables by label
    expected = len(_rows(workspace, table))
    assert expected > 0
    assert view.table_name == table
    assert view.visible_row_count() == expected
    assert view.count_label.text() == f"{expected} rows"


def test_search_is_case_insensitive_over_all_columns_or_one(view: CatalogView) -> None:
    view.show_table("cloud_offers")
    total = view.visible_row_count()
    view.search_edit.setText("H100")
    shown = view.visible_row_count()
    assert 0 < shown < total
    for r in range(shown):
        texts = [
            str(view.proxy.index(r, c).data()).lower() for c in range(view.proxy.columnCount())
        ]
        assert any("h100" in t for t in texts)
    assert view.count_label.text() == f"{shown} of {total} rows"
    view.column_combo.setCurrentText("Pricing term")
    assert view.visible_row_count() == 0, "no pricing term mentions H100"
    view.search_edit.setText("SPOT")
    assert 0 < view.visible_row_count() < total
    view.search_edit.clear()
    assert view.visible_row_count() == total


@pytest.mark.parametrize("table", ["accelerators", "api_offers", "sources"])
def test_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, workspace: Workspace, table: str
) -> None:
    model = CatalogTableModel(workspace, table)
    qtmodeltester.check(model)


def test_proxy_passes_qtmodeltester(qtmodeltester: ModelTester, view: CatalogView) -> None:
    view.show_table("cloud_offers")
    view.search_edit.setText("eu")
    qtmodeltester.check(view.proxy)


def test_cells_show_text_alignment_and_provenance(view: CatalogView, workspace: Workspace) -> None:
    view.show_table("cloud_offers")
    model = view.model
    first = _rows(workspace, "cloud_offers")[0]
    row, price_col = _cell(view, str(first["id"]), PRICE)
    index = model.index(row, price_col)
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    with workspace.sessions() as s:
        source = list_rows(s, "sources", {"id": str(first["source_id"])})[0]
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert str(source["title"]) in tip and str(source["citation"]) in tip
    assert f"As of {first['as_of']}" in tip
    assert not model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsEditable, "key is read-only"
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    effective = model.columns.index("effective_price_per_instance_hour")
    assert not model.flags(model.index(row, effective)) & Qt.ItemFlag.ItemIsEditable
    view.view.setCurrentIndex(view.proxy.mapFromSource(index))
    assert str(source["title"]) in view.detail.text()


def test_a_negative_price_is_refused_with_a_reason_and_nothing_written(
    qtbot: QtBot, view: CatalogView, workspace: Workspace
) -> None:
    view.show_table("cloud_offers")
    before, revision = _rows(workspace, "cloud_offers"), _revision(workspace)
    row, col = _cell(view, str(before[0]["id"]), PRICE)
    with (
        qtbot.assertNotEmitted(view.catalog_changed),
        qtbot.waitSignal(view.model.edit_rejected) as rejected,
    ):
        assert not view.model.setData(view.model.index(row, col), "-5")
    reason = rejected.args[0]
    assert reason.startswith(f"row {row + 1} ({before[0]['id']}), column {PRICE}:")
    assert "greater than 0" in reason
    assert "greater than 0" in view.status.text()
    assert _rows(workspace, "cloud_offers") == before
    assert _revision(workspace) == revision
    assert view.model.index(row, col).data(Qt.ItemDataRole.EditRole) != "-5"


def test_a_valid_price_is_saved_and_announced(
    qtbot: QtBot, view: CatalogView, workspace: Workspace
) -> None:
    view.show_table("cloud_offers")
    offer = str(_rows(workspace, "cloud_offers")[0]["id"])
    revision = _revision(workspace)
    row, col = _cell(view, offer, PRICE)
    with qtbot.waitSignal(view.catalog_changed):
        assert view.model.setData(view.model.index(row, col), "12.5")
    with workspace.sessions() as s:
        (saved,) = list_rows(s, "cloud_offers", {"id": offer})
    assert saved[PRICE] == 12.5
    assert saved["effective_price_per_instance_hour"] == 12.5
    assert _revision(workspace) == revision + 1
    edit = Qt.ItemDataRole.EditRole
    assert view.model.index(row, col).data(edit) == "12.5"
    effective = view.model.columns.index("effective_price_per_instance_hour")
    assert view.model.index(row, effective).data(edit) == "12.5"


def test_an_edit_breaking_a_reference_is_refused(
    qtbot: QtBot, view: CatalogView, workspace: Workspace
) -> None:
    view.show_table("cloud_offers")
    before = _rows(workspace, "cloud_offers")
    row, col = _cell(view, str(before[0]["id"]), "currency")
    with qtbot.waitSignal(view.model.edit_rejected) as rejected:
        assert not view.model.setData(view.model.index(row, col), "XYZ")
    assert "does not exist in fx_rates" in rejected.args[0]
    assert _rows(workspace, "cloud_offers") == before


def _export_csv(view: CatalogView, path: Path) -> list[dict[str, str]]:
    assert view.export_to(path) is not None
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def test_a_bad_import_lists_its_problems_and_writes_nothing(
    qtbot: QtBot, view: CatalogView, workspace: Workspace, tmp_path: Path
) -> None:
    view.show_table("accelerators")
    before, revision = _rows(workspace, "accelerators"), _revision(workspace)
    records = _export_csv(view, tmp_path / "accelerators.csv")
    records.append({**records[0], "id": "brand-new-accelerator"})  # valid, must not land
    records[1]["memory_gb"] = "-1"
    bad = tmp_path / "bad.csv"
    _write_csv(bad, records)
    with qtbot.assertNotEmitted(view.catalog_changed):
        assert view.import_from(bad) is None
    dialog = view.problems_dialog
    assert dialog is not None and dialog.isVisible()
    assert [(p.file, p.row, p.column) for p in dialog.problems] == [(str(bad), 3, "memory_gb")]
    assert "greater than 0" in dialog.problems[0].reason
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(4)]  # type: ignore[union-attr]
    assert cells[:3] == ["bad.csv", "3", "memory_gb"]
    assert "nothing imported" in view.status.text()
    assert _rows(workspace, "accelerators") == before
    assert _revision(workspace) == revision


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_then_import_round_trips(
    qtbot: QtBot, view: CatalogView, workspace: Workspace, tmp_path: Path, suffix: str
) -> None:
    view.show_table("cloud_offers")
    original = _rows(workspace, "cloud_offers")
    path = tmp_path / f"offers{suffix}"
    assert view.export_to(path) == len(original)
    result = view.import_from(path)
    assert result is not None
    assert (result.added, result.changed, result.unchanged) == (0, 0, len(original))

    row, col = _cell(view, str(original[0]["id"]), PRICE)
    assert view.model.setData(view.model.index(row, col), "99")
    assert _rows(workspace, "cloud_offers") != original
    with qtbot.waitSignal(view.catalog_changed):
        result = view.import_from(path)
    assert result is not None and result.changed == 1
    assert _rows(workspace, "cloud_offers") == original
    assert view.model.index(row, col).data(Qt.ItemDataRole.EditRole) == str(original[0][PRICE])


def test_price_books_import_list_and_remove(
    qtbot: QtBot, view: CatalogView, workspace: Workspace, tmp_path: Path
) -> None:
    view.show_table("cloud_offers")
    offer = _rows(workspace, "cloud_offers")[0]
    path = tmp_path / "framework-2026.csv"
    _write_csv(
        path,
        [{"target_kind": "cloud_offer", "target_id": str(offer["id"]), "discount_fraction": "0.5"}],
    )
    dialog = view.open_price_books()
    assert dialog.book_ids() == []
    with qtbot.waitSignal(view.catalog_changed):
        result = dialog.import_book(path, date(2026, 3, 1), reference="RFP-1")
    assert result is not None and result.added == 1
    assert dialog.book_ids() == ["framework-2026"]
    assert dialog.table.item(0, 3).text() == "2026-03-01"  # type: ignore[union-attr]
    row, _ = _cell(view, str(offer["id"]), PRICE)
    effective = view.model.columns.index("effective_price_per_instance_hour")
    assert view.model.value(row, effective) == pytest.approx(float(offer[PRICE]) / 2)  # type: ignore[arg-type]
    assert "framework-2026" in view.model.provenance(row)

    with qtbot.assertNotEmitted(view.catalog_changed):
        assert dialog.import_book(path, date(2026, 3, 1)) is None, "the id is taken"
    assert "already exists" in dialog.status.text()

    with qtbot.waitSignal(view.catalog_changed):
        assert dialog.remove_book("framework-2026") == 1
    assert dialog.book_ids() == []
    assert _rows(workspace, "cloud_offers")[0] == offer


def test_a_bad_price_book_shows_its_problems_and_leaves_no_book(
    qtbot: QtBot, view: CatalogView, tmp_path: Path
) -> None:
    path = tmp_path / "bad-book.csv"
    _write_csv(
        path,
        [{"target_kind": "cloud_offer", "target_id": "no-such-offer", "discount_fraction": "0.1"}],
    )
    dialog = view.open_price_books()
    with qtbot.assertNotEmitted(view.catalog_changed):
        assert dialog.import_book(path, date(2026, 3, 1)) is None
    assert dialog.problems_dialog is not None
    assert [p.column for p in dialog.problems_dialog.problems] == ["target_id"]
    assert dialog.book_ids() == []


def test_tables_and_columns_read_as_labels_with_units_and_prices_align(
    view: CatalogView,
) -> None:
    view.show_table("cloud_offers")
    assert view.table_combo.currentText() == "Cloud offers (instances to rent)"
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Price per instance-hour\n(in its currency)" in headers  # on two lines
    assert "price_per_instance_hour" not in headers
    column = model.columns.index(PRICE)
    tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("price_per_instance_hour")  # the CSV's name, for imports
    prices = [str(model.index(r, column).data()) for r in range(model.rowCount())]
    decimals = {len(p.split(".")[1]) for p in prices if p}
    assert len(decimals) == 1 and 2 <= decimals.pop() <= 4, "one number of decimals a column"
    view.show_table("accelerators")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Memory (GB)" in headers and "Memory bandwidth\n(TB/s)" in headers


def test_ids_keep_their_start_and_show_whole_in_the_tooltip(view: CatalogView) -> None:
    view.show_table("api_offers")
    assert view.view.textElideMode() == Qt.TextElideMode.ElideRight
    model = view.model
    longest = max(range(model.rowCount()), key=lambda r: len(str(model.value(r, 0))))
    tip = model.index(longest, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(str(model.value(longest, 0)))
