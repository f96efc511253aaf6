"""The usability walk-through of issue 16, driven for real: what a bank's procurement analyst
does in the main window, one PNG per step (1280 × 800), written down in docs/walkthrough.md.

    QT_QPA_PLATFORM=offscreen python docs/walkthrough.py            # into docs/walkthrough/
    QT_QPA_PLATFORM=offscreen python docs/walkthrough.py --out DIR  # elsewhere (the test)

Open the eu-bank example (an untitled copy) → type a larger daily token volume for the staff
assistant → solve (F5) → save the scenario file (Save asks where) → keep the plan in the
workspace → lower the share per provider and keep a second variant → compare the two →
export the plan to PDF and XLSX → render the PDF's first pages and read the XLSX back.

The file dialogs are answered by stand-ins that record they were asked (a native dialog
cannot be driven offscreen); everything else goes through the real widgets, typed with the
keyboard. A fresh workspace and settings file in a temporary folder are used, never the
user's.
"""

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import openpyxl  # type: ignore[import-untyped]  # noqa: E402
from PySide6.QtCore import QSettings, QSize, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QWidget,
)
from screenshots import DEFAULT_SIZE, SOLVE_TIMEOUT_MS, _settle  # noqa: E402

from catalog.workspace import open_workspace  # noqa: E402
from planner.scenario.examples import example_path, examples_dir  # noqa: E402
from ui.main_window import TAB_REQUIREMENTS, AppContext, MainWindow  # noqa: E402
from ui.results_view import TAB_CHARTS, TAB_LINE_ITEMS  # noqa: E402

STAFF_TOKENS_PER_DAY = "500,000,000"
"""The staff assistant's new daily volume: the bank rolls it out to more staff (was 380 M)."""
VARIANT_PROVIDER_SHARE_PERCENT = "40"
"""The second variant: at most 40 % of the capacity with one provider group (was 60 %)."""
FIRST_NAME = "bank: 500 M tokens a day"
SECOND_NAME = "bank: 500 M, max 40 % per provider"
PDF_PAGES_SHOWN = 2
PDF_DPI = 100
"""Resolution of the rendered PDF pages (an A4 page is then 827 × 1169 pixels)."""
POINTS_PER_INCH = 72
XLSX_ROWS_READ = 12


@dataclass
class Walk:
    """One window walked through its steps; `log` says what each step found."""

    app: QApplication
    window: MainWindow
    out: Path
    files: Path
    log: dict[str, Any] = field(default_factory=dict)
    shots: list[Path] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    """The dialogs the window opened (title), answered by the stand-ins."""

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        _settle(self.app)
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        (widget or self.window).grab().save(str(path))
        self.shots.append(path)


@contextmanager
def answered_dialogs(walk: Walk, answers: dict[str, str]) -> Iterator[None]:
    """Stand-ins for the file and name dialogs: answer by dialog title, record the asking."""
    save_file, get_text = QFileDialog.getSaveFileName, QInputDialog.getText

    def fake_save(_parent: object, title: str, _start: str = "", filters: str = "") -> Any:
        walk.asked.append(title)
        path = answers[title]
        chosen = next((f for f in filters.split(";;") if path.endswith(f[-6:-1])), "")
        return path, chosen

    def fake_text(_parent: object, title: str, _label: str, **_kw: Any) -> tuple[str, bool]:
        walk.asked.append(title)
        return answers[title], True

    QFileDialog.getSaveFileName = fake_save  # type: ignore[method-assign, assignment]
    QInputDialog.getText = fake_text  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        QFileDialog.getSaveFileName = save_file  # type: ignore[method-assign]
        QInputDialog.getText = get_text  # type: ignore[method-assign]


def _press(walk: Walk, key: Qt.Key | str, modifier: Qt.KeyboardModifier | None = None) -> None:
    """A shortcut pressed in the window, as a user would (the window has the focus)."""
    walk.window.activateWindow()
    _settle(walk.app, 50)  # a dialog just closed: the window must be active for a shortcut
    target = walk.window.focusWidget() or walk.window  # a closed dialog's widget is no target
    if isinstance(key, str):
        QTest.keySequence(target, key)
    else:
        QTest.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)
    _settle(walk.app, 50)


def _type_into(walk: Walk, editor: QLineEdit, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Tab)


def _solve_with_f5(walk: Walk) -> None:
    finished: list[bool] = []
    walk.window.solve_finished.connect(lambda: finished.append(True))
    _press(walk, Qt.Key.Key_F5)
    waited_ms = 0
    while not finished and waited_ms < SOLVE_TIMEOUT_MS:
        _settle(walk.app, 100)
        waited_ms += 100
    if not finished:
        raise RuntimeError("F5 did not finish a solve")
    _settle(walk.app, 500)


def _annual_cost(walk: Walk) -> str:
    plan = walk.window.shown_plan()
    if plan is None or plan.result is None:
        return "no plan"
    return f"{plan.header.currency} {plan.result.annual_cost:,.0f}"


def step_open(walk: Walk) -> None:
    walk.window.commands["example:eu-bank"].trigger()
    walk.log["title"] = walk.window.windowTitle()
    walk.log["status_open"] = walk.window.status.text()
    walk.shot("example-opened")


def step_edit(walk: Walk) -> None:
    """The staff assistant's tokens per day, typed into the workloads table (F2, Enter)."""
    req = walk.window.requirements
    view, model = req.workloads_view, req.workloads
    column = next(i for i, f in enumerate(model.columns) if f.key == "tokens_per_day")
    view.setFocus()
    view.setCurrentIndex(model.index(0, column))
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = walk.app.focusWidget()
    assert isinstance(editor, QLineEdit), f"F2 opened {editor!r}, not a line editor"
    editor.selectAll()
    QTest.keyClicks(editor, STAFF_TOKENS_PER_DAY)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    walk.shot("tokens-per-day-typed")
    assert walk.window.doc is not None
    walk.log["tokens_per_day"] = walk.window.doc.get("workloads[0].tokens_per_day")


def step_solve(walk: Walk) -> None:
    _solve_with_f5(walk)
    walk.log["first_cost"] = _annual_cost(walk)
    walk.window.results.tabs.setCurrentIndex(TAB_CHARTS)
    walk.shot("solved-summary")
    walk.window.results.tabs.setCurrentIndex(TAB_LINE_ITEMS)
    walk.shot("solved-line-items")
    walk.window.results.tabs.setCurrentIndex(TAB_CHARTS)


def step_save_file(walk: Walk) -> None:
    path = walk.files / "eu-bank-500m.toml"
    with answered_dialogs(walk, {"Save scenario file as": str(path.with_suffix(""))}):
        _press(walk, "Ctrl+S")
    walk.log["saved_file"] = path.exists()
    walk.log["title_saved"] = walk.window.windowTitle()
    walk.shot("scenario-file-saved")


def step_keep(walk: Walk, name: str, label: str) -> None:
    with answered_dialogs(walk, {"Keep in the workspace": name}):
        _press(walk, "Ctrl+Shift+W")
    walk.log[f"status_{label}"] = walk.window.status.text()
    if walk.asked[-1:] != ["Keep in the workspace"]:
        raise RuntimeError(f"Ctrl+Shift+W did not ask for a name: {walk.asked}")


def step_variant(walk: Walk) -> None:
    walk.window.tabs.setCurrentIndex(TAB_REQUIREMENTS)
    share = walk.window.requirements.findChild(QLineEdit, "field:policy.max_provider_share")
    assert share is not None
    _type_into(walk, share, VARIANT_PROVIDER_SHARE_PERCENT)
    assert walk.window.doc is not None
    walk.log["provider_share"] = walk.window.doc.get("policy.max_provider_share")
    walk.shot("variant-typed")
    _solve_with_f5(walk)
    walk.log["second_cost"] = _annual_cost(walk)
    step_keep(walk, SECOND_NAME, "second")
    walk.shot("variant-solved-and-kept")


def step_compare(walk: Walk) -> None:
    _press(walk, "Ctrl+Shift+O")
    dialog = walk.window.workspace_scenarios.dialog
    assert dialog is not None
    dialog.resize(QSize(900, 400))
    dialog.select_names([FIRST_NAME, SECOND_NAME])
    walk.shot("saved-scenarios", dialog)
    dialog.request_compare()
    walk.shot("comparison")


def step_export(walk: Walk) -> None:
    for suffix in ("pdf", "xlsx"):
        path = walk.files / f"bank-plan.{suffix}"
        with answered_dialogs(walk, {"Export plan": str(path)}):
            _press(walk, "Ctrl+E")
        if not path.exists():
            raise RuntimeError(f"Ctrl+E did not export {path.name}: {walk.window.status.text()}")
        walk.log[f"status_{suffix}"] = walk.window.status.text()
    walk.shot("exported")


def step_read_exports(walk: Walk) -> None:
    """The PDF's first pages as images; the XLSX's sheets and first rows as text."""
    pdf = QPdfDocument()
    pdf.load(str(walk.files / "bank-plan.pdf"))
    walk.log["pdf_pages"] = pdf.pageCount()
    for page in range(min(PDF_PAGES_SHOWN, pdf.pageCount())):
        points = pdf.pagePointSize(page)
        size = QSize(round(points.width() * PDF_DPI / POINTS_PER_INCH),
                     round(points.height() * PDF_DPI / POINTS_PER_INCH))  # fmt: skip
        image: QImage = pdf.render(page, size)
        path = walk.out / f"{len(walk.shots) + 1:02d}-pdf-page-{page + 1}.png"
        image.save(str(path))
        walk.shots.append(path)
    pdf.close()
    book = openpyxl.load_workbook(walk.files / "bank-plan.xlsx", read_only=True)
    lines: list[str] = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        for row in sheet.iter_rows(max_row=XLSX_ROWS_READ, values_only=True):
            lines.append(" | ".join("" if v is None else str(v) for v in row))
    book.close()
    walk.log["xlsx_sheets"] = [s.split("## ", 1)[1] for s in lines if s.startswith("## ")]
    (walk.out / "xlsx-read-back.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


STEPS: tuple[Callable[[Walk], None], ...] = (
    step_open,
    step_edit,
    step_solve,
    step_save_file,
    lambda walk: step_keep(walk, FIRST_NAME, "first"),
    step_variant,
    step_compare,
    step_export,
    step_read_exports,
)


def walk_through(out: Path) -> Walk:
    """Run every step, writing the PNGs and the XLSX read-back into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp) / "workspace.sqlite")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(workspace, settings, examples_dir(),
                                       confirm_discard=lambda _q: True))  # fmt: skip
        window.resize(*DEFAULT_SIZE)
        window.show()
        window.activateWindow()
        walk = Walk(app, window, out, Path(tmp))
        try:
            for step in STEPS:
                step(walk)
        finally:
            if walk.window.workspace_scenarios.dialog is not None:
                walk.window.workspace_scenarios.dialog.close()
            window.undo_stack.clear()
            window.close()
            window.pool.waitForDone()
            workspace.close()
    walk.log["example_untouched"] = (
        example_path("eu-bank").read_text("utf-8").count("tokens_per_day = 380_000_000") == 1
    )
    return walk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "walkthrough",
                        help="folder for the PNGs (default: docs/walkthrough)")  # fmt: skip
    args = parser.parse_args(argv)
    walk = walk_through(args.out)
    for path in walk.shots:
        print(f"wrote {path}")
    for key, value in walk.log.items():
        print(f"{key}: {value}")
    print(f"dialogs asked: {walk.asked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
