"""The shipped efficiency factors against the published benchmarks, as docs/capacity.md says."""

from pathlib import Path

import pytest

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import Workspace
from planner.capacity.calibration import compare, efficiency_for, summarise
from planner.capacity.report import BEGIN, END, render_error_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "capacity.md"


@pytest.fixture
def catalog(workspace: Workspace) -> Catalog:
    with workspace.sessions() as s:
        return load_catalog(s)


def test_every_benchmark_is_predicted_within_the_documented_error(catalog: Catalog) -> None:
    summary = summarise(compare(catalog))
    assert summary.count == len(catalog.serving_benchmarks) >= 70
    assert summary.median_abs_error <= 0.30
    assert summary.rms_log_error <= 0.35


def test_the_error_table_in_the_docs_is_the_shipped_one(catalog: Catalog) -> None:
    document = DOC.read_text(encoding="utf-8")
    generated = document.split(BEGIN)[1].split(END)[0].strip()
    assert generated == render_error_table(catalog).strip(), (
        "docs/capacity.md is stale: run python benchmarks/calibrate_capacity.py --write"
    )


def test_an_accelerator_generation_with_its_own_row_uses_it(catalog: Catalog) -> None:
    mi300x = catalog.accelerators[next(a for a in catalog.accelerators if "mi300x" in a)]
    h100 = catalog.accelerators[next(a for a in catalog.accelerators if "h100-80gb-sxm5" in a)]
    amd, nvidia = (
        efficiency_for(catalog.serving_efficiency, mi300x),
        efficiency_for(catalog.serving_efficiency, h100),
    )
    assert amd != nvidia
    assert nvidia.bandwidth_fraction == next(
        r.bandwidth_fraction for r in catalog.serving_efficiency if r.generation is None
    )
