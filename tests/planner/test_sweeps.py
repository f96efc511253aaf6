"""Sweeps run on a pluggable executor: the bank's whole stress library gives the same table in
this process, on a local process pool and on a Dask cluster; a cancel stops waiting at once."""

import time

import pytest

from planner.analysis.executor import dask_cluster, open_workers, process_pool
from planner.analysis.report import StressReport
from planner.analysis.stress import StressContext, run_stress
from planner.analysis.table import StressRow, stress_rows
from planner.optimise.solving import CancelToken
from planner.scenario.shock_effects import scope_of_plan
from planner.scenario.shock_library import shock_library
from planner.scenario.shocks import Shock, expand
from tests.planner.stressed import Stressed

CANCEL_WITHIN_S = 1.0
"""The GUI's promise for a cancel."""


def _shocks(stressed: Stressed) -> list[Shock]:
    ctx = stressed.context
    return list(expand(shock_library(ctx.catalog), scope_of_plan(ctx.plan, ctx.catalog)))


def _rows(report: StressReport) -> list[StressRow]:
    return stress_rows(report)


@pytest.fixture(scope="module")
def pooled(stressed_bank: Stressed) -> StressReport:
    with process_pool(stressed_bank.context, 2) as workers:
        return run_stress(stressed_bank.context, _shocks(stressed_bank), workers)


def test_the_process_pool_gives_the_table_of_one_process(
    stressed_bank: Stressed, pooled: StressReport
) -> None:
    assert pooled.complete
    assert _rows(pooled) == _rows(stressed_bank.report)


def test_a_dask_local_cluster_gives_the_process_pools_table(
    stressed_bank: Stressed, pooled: StressReport
) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="Dask's distributed is the optional extra sovplan[cluster]"
    )
    with (
        distributed.LocalCluster(
            # ":0": any free port; None still serves the scheduler's HTTP routes on 8787,
            # which a second test session on the machine may hold.
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        dask_cluster(stressed_bank.context, cluster.scheduler_address) as workers,
    ):
        assert workers.workers == 2
        report = run_stress(stressed_bank.context, _shocks(stressed_bank), workers)
    assert _rows(report) == _rows(pooled)


def test_one_task_runs_in_this_process(stressed_bank: Stressed) -> None:
    with open_workers(stressed_bank.context, tasks=1) as workers:
        assert workers.workers == 1
        report = run_stress(stressed_bank.context, _shocks(stressed_bank)[:1], workers)
    assert len(report.results) == 1


def test_a_cancel_returns_at_once_with_what_finished(stressed_bank: Stressed) -> None:
    cancel = CancelToken()
    cancel.cancel()
    context: StressContext = stressed_bank.context
    started = time.monotonic()
    with process_pool(context, 2) as workers:
        report = run_stress(context, _shocks(stressed_bank), workers, cancel=cancel)
    assert time.monotonic() - started < CANCEL_WITHIN_S + 5.0  # pool start-up included
    assert not report.complete
    assert len(report.results) < len(_shocks(stressed_bank))
