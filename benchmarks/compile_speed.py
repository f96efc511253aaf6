"""How long compiling options takes: the array compiler, and (optionally) an earlier one.

    python benchmarks/compile_speed.py [--sizes national,large] [--before REV] [--repeats 1]
                                       [--json out.json]

For each instance of tests/synthetic.py's sizes ("national": 50 workloads, 5,000 cloud
offers; "large": 200 workloads, 20,000 cloud offers), times `compile_options` (with
`to_problem`, which turns the kept options into the solver's arrays) in CPU and wall seconds,
and counts eligible and kept options. With `--before REV`, the option compiler of that git
revision (planner/optimise/options.py as it was, which built one object per option) is
loaded from git and timed on the same instances in the same run; the rest of the code is
this tree's.
"""

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.solve_scaling import _catalog, _machine  # noqa: E402
from planner.optimise.compile import to_problem  # noqa: E402
from planner.optimise.options import compile_options  # noqa: E402
from tests.synthetic import instances  # noqa: E402


def _before(revision: str) -> ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:planner/optimise/options.py"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "options_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("options_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timed(call: Callable[..., object], *args: object) -> tuple[object, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    value = call(*args)
    return value, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="national,large")
    parser.add_argument("--before", metavar="REV")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    before = _before(args.before) if args.before else None
    catalog = _catalog()
    rows = []
    header = (
        f"{'instance':<20} {'compiler':<10} {'cpu s':>8} {'wall s':>8} {'eligible':>11} "
        f"{'kept':>7} {'resources':>9}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes.split(","):
        for instance in instances(size, catalog):
            scenario, big = instance.scenario, instance.catalog
            runs: list[tuple[str, Callable[..., object]]] = [
                ("arrays", lambda s, c: to_problem(s, compile_options(s, c))),
            ]
            if before is not None:
                runs.append((args.before, before.compile_options))
            for label, call in runs:
                value, cpu, wall = _timed(call, scenario, big)
                compiled = getattr(value, "compiled", value)
                eligible = getattr(compiled, "eligible", None)
                kept, resources = len(compiled.options), len(compiled.resources)
                print(
                    f"{instance.name:<20} {label:<10} {cpu:>8.2f} {wall:>8.2f} "
                    f"{'—' if eligible is None else f'{eligible:,}':>11} {kept:>7,} "
                    f"{resources:>9,}",
                    flush=True,
                )
                rows.append({"instance": instance.name, "compiler": label, "cpu_s": cpu,
                             "wall_s": wall, "eligible": eligible, "kept": kept,
                             "resources": resources})  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"machine": _machine(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
