"""How long sovplan holds the workspace's write lock: the figure behind BUSY_TIMEOUT_S.

    python benchmarks/workspace_writes.py [--rows 50000] [--repeats 3]

A writer waits for another's lock up to `catalog.engine.BUSY_TIMEOUT_S`, so the timeout must
outlast the longest write. Each write below is timed from BEGIN IMMEDIATE to COMMIT (the time
another process would wait), median of `--repeats`:

- creating a workspace: every migration plus loading the shipped catalog, one transaction;
- upgrading a workspace from the price-book revision (copy, migrations, new tables' rows);
- importing `--rows` cloud offers (the shipped ones repeated under new ids): parsed,
  validated and written under the lock, the largest import a user is likely to make;
- saving a plan (`plan --save` of examples/eu-bank.toml).
"""

import argparse
import csv
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from catalog.edits import import_table  # noqa: E402
from catalog.engine import BUSY_TIMEOUT_S  # noqa: E402
from catalog.seed import SEED_DIR  # noqa: E402
from catalog.snapshot import load_catalog  # noqa: E402
from catalog.workspace import open_workspace  # noqa: E402
from planner.optimise.planning import plan_scenario  # noqa: E402
from planner.results.plan_builder import plan_document  # noqa: E402
from planner.results.saved_scenarios import read_scenario_file, save_plan  # noqa: E402
from planner.scenario.examples import example_path  # noqa: E402
from solver.problem import SolveParams  # noqa: E402
from tests.catalog.reliability import make_old_workspace  # noqa: E402


def _median_s(action: Callable[[int], float], repeats: int) -> float:
    return statistics.median(action(i) for i in range(repeats))


def _many_cloud_offers(path: Path, rows: int) -> Path:
    with (SEED_DIR / "cloud_offers.csv").open(encoding="utf-8") as handle:
        shipped = list(csv.DictReader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(shipped[0]))
        writer.writeheader()
        for i in range(rows):
            row = dict(shipped[i % len(shipped)])
            writer.writerow({**row, "id": f"{row['id']}-copy-{i}"})
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sovplan-writes-"))
    template = folder / "template.sqlite"
    open_workspace(template).close()

    def create(i: int) -> float:
        started = time.perf_counter()
        open_workspace(folder / f"new-{i}.sqlite").close()
        return time.perf_counter() - started

    def upgrade(i: int) -> float:
        path = folder / f"old-{i}" / "workspace.sqlite"
        make_old_workspace(template, path)
        started = time.perf_counter()
        open_workspace(path).close()
        return time.perf_counter() - started

    offers = _many_cloud_offers(folder / "cloud_offers.csv", args.rows)

    def big_import(i: int) -> float:
        path = folder / f"import-{i}.sqlite"
        shutil.copyfile(template, path)
        ws = open_workspace(path)
        started = time.perf_counter()
        import_table(ws, offers, "cloud_offers")
        elapsed = time.perf_counter() - started
        ws.close()
        return elapsed

    ws = open_workspace(template)
    with ws.sessions() as session:
        catalog = load_catalog(session)
    toml, scenario = read_scenario_file(example_path("eu-bank"), catalog)
    plan = plan_document(plan_scenario(scenario, catalog, SolveParams()), scenario, catalog)

    def save(i: int) -> float:
        started = time.perf_counter()
        with ws.sessions.begin() as session:
            save_plan(session, f"bank-{i}", toml, plan)
        return time.perf_counter() - started

    figures = {
        "create a workspace (migrations + shipped catalog)": _median_s(create, args.repeats),
        "upgrade from the price-book revision": _median_s(upgrade, args.repeats),
        f"import {args.rows:,} cloud offers": _median_s(big_import, args.repeats),
        "save a plan (eu-bank)": _median_s(save, args.repeats),
    }
    ws.close()
    shutil.rmtree(folder)
    width = max(map(len, figures))
    print(f"write lock held, median of {args.repeats} (seconds):")
    for name, seconds in figures.items():
        print(f"  {name:<{width}}  {seconds:8.3f}")
    longest = max(figures.values())
    print(f"longest {longest:.2f} s; BUSY_TIMEOUT_S = {BUSY_TIMEOUT_S:g} s "
          f"({BUSY_TIMEOUT_S / longest:.1f}x the longest)")  # fmt: skip


if __name__ == "__main__":
    main()
