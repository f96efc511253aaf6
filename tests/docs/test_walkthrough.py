"""The usability walk-through (docs/walkthrough.md) runs to its end, so the document cannot
describe steps the window no longer takes. It writes into tmp_path, never into docs/."""

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QApplication

pytestmark = [pytest.mark.gui, pytest.mark.solver, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "walkthrough.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("walkthrough", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_analyst_walks_from_the_example_to_the_opened_exports(
    qapp: QApplication, tmp_path: Path
) -> None:
    script = _script()
    walk = script.walk_through(tmp_path)
    log = walk.log
    assert log["tokens_per_day"] == 500_000_000  # typed "500,000,000" in the table
    assert log["provider_share"] == 0.4  # typed "40" into the percentage field
    assert log["saved_file"] and log["example_untouched"]
    assert walk.asked[0] == "Save scenario file as"  # an example's copy asks where to go
    assert log["first_cost"] != log["second_cost"]
    assert log["pdf_pages"] >= script.PDF_PAGES_SHOWN
    assert {"Summary", "Line items"} <= set(log["xlsx_sheets"])
    names = [p.name for p in walk.shots]
    assert names[0] == "01-example-opened.png" and names[-1].endswith("pdf-page-2.png")
    assert all(p.parent == tmp_path and p.stat().st_size > 0 for p in walk.shots)
