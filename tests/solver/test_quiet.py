"""A SCIP solve that reports its plans keeps the console clean, and real errors still show."""

import os

import pytest

from solver.problem import Backend, CancelToken, Progress, SolveParams, SolveStatus
from solver.quiet import is_noise, scip_callback_noise_filtered
from solver.solve import solve
from tests.solver.test_solve import tiny

pytestmark = pytest.mark.solver

SCIP_COMPLAINT = (
    b"[scip_event.c:305] ERROR: SCIPcatchEvent does not support variable or row change "
    b"events. Use SCIPcatchVarEvent or SCIPcatchRowEvent!\n"
    b"[gscip_event_handler.cc:124] ERROR: Error <-9> in function call\n"
)
"""What OR-Tools 9.15 printed on every SCIP solve with a callback before the filter."""


def test_a_scip_solve_with_progress_prints_no_error_and_still_reports_its_plans(
    capfd: pytest.CaptureFixture[str],
) -> None:
    reports: list[Progress] = []
    result = solve(tiny(), SolveParams(backend=Backend.SCIP), progress=reports.append)
    out, err = capfd.readouterr()
    assert result.status is SolveStatus.OPTIMAL
    assert reports, "the callback whose registration SCIP complains about still runs"
    assert "ERROR" not in err and "ERROR" not in out


def test_other_lines_written_to_stderr_during_a_filtered_solve_still_reach_it(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with scip_callback_noise_filtered():
        os.write(2, SCIP_COMPLAINT)
        os.write(2, b"[scip_lp.c:1] ERROR: unresolved numerical troubles\n")
        with scip_callback_noise_filtered():  # a second solve in another thread
            os.write(2, b"a warning from elsewhere\n")
    os.write(2, b"after\n")
    err = capfd.readouterr().err
    assert err == (
        "[scip_lp.c:1] ERROR: unresolved numerical troubles\na warning from elsewhere\nafter\n"
    )


def test_only_the_two_known_lines_count_as_noise() -> None:
    known = SCIP_COMPLAINT.splitlines(keepends=True)
    assert all(is_noise(line) for line in known)
    assert not is_noise(b"[gscip_event_handler.cc:124] ERROR: Error <-6> in function call\n")
    assert not is_noise(b"prefix " + known[0])


def test_a_cancellable_scip_solve_in_its_own_process_prints_no_error(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The GUI's path: the solve runs in a child process, whose stderr is the console's."""
    reports: list[Progress] = []
    token = CancelToken()
    result = solve(tiny(), SolveParams(backend=Backend.SCIP), progress=reports.append, cancel=token)
    err = capfd.readouterr().err
    assert result.status is SolveStatus.OPTIMAL
    assert "ERROR" not in err
