"""The Qt binding keeps Python's reference counts: a long editing session must not abort.

PySide6 6.12.0 on Python 3.11 dropped a reference to True on every emit() made from Python
and one to None on every void Qt call; after about a thousand keystrokes the process died
with "deallocating True". pyproject.toml keeps that release out; this test fails on it.
"""

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui

CALLS = 300
"""Far fewer than would abort, many more than the counts drift by chance."""


class _Emitter(QObject):
    changed = Signal(int)


def test_emits_and_void_calls_keep_the_counts_of_none_and_true(qtbot: object) -> None:
    emitter, label = _Emitter(), QLabel()
    received: list[int] = []
    emitter.changed.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(CALLS):
        emitter.changed.emit(i)
        label.setToolTip(f"tip {i}")
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    assert len(received) == CALLS
    assert lost_none < CALLS // 2, f"{lost_none} references to None lost in {CALLS} calls"
    assert lost_true < CALLS // 2, f"{lost_true} references to True lost in {CALLS} calls"
