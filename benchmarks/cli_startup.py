"""How quickly `sovplan` starts and finishes: `--help`, and planning the bank example.

    python benchmarks/cli_startup.py [--repeats 15] [--before PATH] [--teardown]

Each command runs as a fresh process (`python -m planner.cli …` with this checkout first on
the path) on a warm workspace: a temporary one, created and migrated by a first run that is
not timed. The reference is `python -c "import ortools.math_opt.python.mathopt"`, timed in
the same rounds, since the goal is relative to it (issue 10): `sovplan --help` ≤ 0.3 s and
`sovplan plan --example eu-bank --json` ≤ 3 × the reference. The commands take turns
within each round, so a busy machine slows them alike; the figures are medians of wall
time and of CPU time (user + system of the child, from `wait4`).

`--before PATH` also times the same commands on another checkout (say an export of the
commit before a change) in the same rounds. `--teardown` runs the plan in one process and
times what happens after `main` returns: a normal exit, an exit after `gc.freeze()`, and
`os._exit` — which part of the interpreter's teardown is slow.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "import ortools.math_opt.python.mathopt"
HELP_TARGET_S = 0.3
PLAN_TARGET_RATIO = 3.0
EXAMPLE = "eu-bank"


@dataclass
class Timed:
    """One command's runs: wall and CPU seconds."""

    label: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    """`python -m` puts the working folder first on the path: the checkout under test."""
    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)

    def run(self) -> None:
        started = time.perf_counter()
        process = subprocess.Popen(
            self.argv, env=self.env, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        self.wall_s.append(time.perf_counter() - started)
        self.cpu_s.append(usage.ru_utime + usage.ru_stime)
        if process.returncode != 0:
            raise SystemExit(f"{self.label} failed ({process.returncode}): {errors.decode()}")

    @property
    def wall(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_s)


def _env(root: Path, workspace: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(root), "SOVPLAN_WORKSPACE": str(workspace)}


def _commands(root: Path, workspace: Path, suffix: str = "") -> list[Timed]:
    env = _env(root, workspace)
    cli = [sys.executable, "-m", "planner.cli"]
    return [
        Timed(f"sovplan --help{suffix}", [*cli, "--help"], env, root),
        Timed(
            f"sovplan plan --example {EXAMPLE} --json{suffix}",
            [*cli, "plan", "--example", EXAMPLE, "--json"],
            env,
            root,
        ),
    ]


def _print(rows: list[Timed]) -> None:
    width = max(len(r.label) for r in rows)
    print(f"{'command':<{width}}  {'wall s':>7}  {'CPU s':>7}  runs")
    for r in rows:
        print(f"{r.label:<{width}}  {r.wall:>7.3f}  {r.cpu:>7.3f}  {len(r.wall_s)}")


TEARDOWN_CODE = """
import gc, io, os, sys, time
from planner.cli.main import main
out = sys.stdout
sys.stdout = io.StringIO()
code = main(["plan", "--example", "{example}", "--json"])
sys.stdout = out
print(time.perf_counter(), file=sys.stderr, flush=True)
{ending}
"""
ENDINGS = {
    "normal exit": "",
    "gc.freeze() then normal exit": "gc.freeze()",
    "os._exit": "sys.stdout.flush(); os._exit(code)",
}


def _teardown(root: Path, workspace: Path, repeats: int) -> None:
    """Seconds from `main` returning to the process having ended, per way of ending."""
    env = _env(root, workspace)
    times: dict[str, list[float]] = {name: [] for name in ENDINGS}
    for _ in range(repeats):
        for name, ending in ENDINGS.items():
            code = TEARDOWN_CODE.format(example=EXAMPLE, ending=ending)
            done = subprocess.run(
                [sys.executable, "-c", code],
                env=env,
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            )
            ended = time.perf_counter()
            times[name].append(ended - float(done.stderr.strip().splitlines()[-1]))
    print("\n## Teardown: from `main` returning to the process having ended (median)")
    for name, values in times.items():
        print(f"{name:<30} {statistics.median(values):.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another checkout to time alongside")
    parser.add_argument("--teardown", action="store_true", help="also time the teardown")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        reference = [sys.executable, "-c", REFERENCE]
        rows = [Timed(f'python -c "{REFERENCE}"', reference, dict(os.environ), ROOT)]
        rows += _commands(ROOT, Path(tmp) / "workspace.sqlite")
        if args.before is not None:
            rows += _commands(args.before.resolve(), Path(tmp) / "before.sqlite", " (before)")
        for row in rows:  # warm: create and migrate the workspaces, fill the OS caches
            row.run()
            row.wall_s.clear()
            row.cpu_s.clear()
        for _ in range(args.repeats):
            for row in rows:
                row.run()
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); {args.repeats} rounds")
        _print(rows)
        reference, help_, plan = rows[0], rows[1], rows[2]
        ratio = plan.wall / reference.wall
        print(
            f"\nsovplan --help: {help_.wall:.3f} s (goal ≤ {HELP_TARGET_S:g} s: "
            f"{'MET' if help_.wall <= HELP_TARGET_S else 'NOT MET'})"
        )
        print(
            f"plan / import mathopt: {ratio:.2f}× wall, {plan.cpu / reference.cpu:.2f}× CPU "
            f"(goal ≤ {PLAN_TARGET_RATIO:g}×: {'MET' if ratio <= PLAN_TARGET_RATIO else 'NOT MET'})"
        )
        if args.before is not None:
            before_help, before_plan = rows[3], rows[4]
            print(
                f"before: --help {before_help.wall:.3f} s, plan {before_plan.wall:.3f} s "
                f"({before_plan.wall / reference.wall:.2f}× the reference)"
            )
        if args.teardown:
            _teardown(ROOT, Path(tmp) / "workspace.sqlite", max(3, args.repeats // 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
