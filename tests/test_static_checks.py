"""Lint and types hold for the shipped packages: strictness that erodes is a bug.

mypy keeps its incremental cache where pyproject.toml says (build/mypy-cache, git-ignored),
so a second run checks only what changed: a cold strict run takes 10-60 s, a warm one
under a second. A stale cache cannot hide an error (mypy re-checks any module whose
source or dependencies changed).
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "--quiet", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_finds_nothing() -> None:
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
