"""Numbers typed and shown in the user's locale; shares as percentages (issue 16 item 4).

"1,5" once became 15 silently. Now a German reads and writes 1,5; an English locale refuses
"1,5" with a message saying how to write the number; thousands separators count only between
groups of three digits."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from catalog.workspace import Workspace
from planner.scenario.examples import examples_dir
from ui.main_window import AppContext, MainWindow
from ui.number_text import NumberProblem, parse_number

pytestmark = pytest.mark.gui
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.fixture
def in_locale(request: pytest.FixtureRequest) -> Iterator[QLocale]:
    before = QLocale()
    QLocale.setDefault(request.param)
    yield request.param
    QLocale.setDefault(before)


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(
        AppContext(workspace, settings, examples_dir(), confirm_discard=lambda _q: True)
    )
    qtbot.addWidget(win)
    win.open_scenario(examples_dir() / "eu-bank.toml")
    yield win
    win.pool.waitForDone()


def _cell(win: MainWindow, key: str):  # type: ignore[no-untyped-def]
    model = win.requirements.workloads
    return model.index(0, next(i for i, f in enumerate(model.columns) if f.key == key))


def _type(win: MainWindow, key: str, text: str) -> object:
    win.requirements.workloads.setData(_cell(win, key), text, Qt.ItemDataRole.EditRole)
    assert win.doc is not None
    return win.doc.get(f"workloads[0].{key}")


@pytest.mark.parametrize("in_locale", [GERMAN], indirect=True)
def test_german_reads_a_decimal_comma_and_shows_german_numbers(
    window: MainWindow, qtbot: QtBot, in_locale: QLocale
) -> None:
    assert _type(window, "peak_factor", "1,5") == 1.5
    assert _cell(window, "peak_factor").data() == "1,5"
    assert _type(window, "tokens_per_day", "1.500.000") == 1_500_000
    assert _cell(window, "tokens_per_day").data() == "1.500.000"
    assert window.commands["solve"].isEnabled()
    rate = window.requirements.findChild(QLineEdit, "field:organisation.discount_rate")
    assert rate is not None and rate.text() == "7"  # the bank's 0.07 as a percentage
    rate.setFocus()
    rate.selectAll()
    qtbot.keyClicks(rate, "7,5")
    assert window.doc is not None and window.doc.get("organisation.discount_rate") == 0.075


@pytest.mark.parametrize("in_locale", [ENGLISH], indirect=True)
def test_english_refuses_a_decimal_comma_and_never_reads_fifteen(
    window: MainWindow, in_locale: QLocale
) -> None:
    stored = _type(window, "peak_factor", "1,5")
    assert stored != 15 and stored == "1,5"
    assert not window.commands["solve"].isEnabled()
    tip = _cell(window, "peak_factor").data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Workload 1 (staff-assistant), Peak factor: '1,5' is not a number")
    assert "write one and a half as 1.5" in tip and "expected" not in tip
    assert _type(window, "peak_factor", "1.5") == 1.5
    assert _type(window, "tokens_per_day", "1,500,000") == 1_500_000
    assert _cell(window, "tokens_per_day").data() == "1,500,000"


@pytest.mark.parametrize("in_locale", [ENGLISH], indirect=True)
def test_a_share_is_typed_and_shown_as_a_percentage(
    window: MainWindow, qtbot: QtBot, in_locale: QLocale
) -> None:
    editor = window.requirements.findChild(QLineEdit, "field:policy.max_provider_share")
    assert editor is not None and editor.text() == "60"
    captions = [c.text() for c in window.requirements.findChildren(QLabel) if c.buddy() is editor]
    assert captions == ["Max share per provider group (%)"]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "45")
    assert window.doc is not None and window.doc.get("policy.max_provider_share") == 0.45
    editor.selectAll()
    qtbot.keyClicks(editor, "0")
    assert editor.toolTip() == (
        "Policy, Max share per provider group: must be greater than 0 % and at most 100 % (got 0 %)"
    )


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        (GERMAN, "1,5", 1.5), (GERMAN, "1.500", 1500), (GERMAN, "-0,25", -0.25),
        (GERMAN, "1.234.567,5", 1234567.5), (GERMAN, "1.5", None), (GERMAN, "1,5,0", None),
        (ENGLISH, "1.5", 1.5), (ENGLISH, "1,5", None), (ENGLISH, "12,50", None),
        (ENGLISH, "1,500", 1500), (ENGLISH, "2e6", 2e6), (ENGLISH, "1.500,5", None),
        (ENGLISH, "abc", None), (ENGLISH, "1 000", 1000),
    ],
)  # fmt: skip
def test_parse_number(locale: QLocale, text: str, value: float | None) -> None:
    parsed = parse_number(text, locale)
    if value is None:
        assert isinstance(parsed, NumberProblem)
    else:
        assert parsed == value and type(parsed) is type(value)
