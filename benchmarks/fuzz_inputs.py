"""Fuzzed scenario files, catalog imports and price books through the real `sovplan` entry.

    python benchmarks/fuzz_inputs.py [--cases 1000] [--seed 11] [--kinds scenario,import,pricebook]
                                     [--keep DIR] [--only KIND:N]

Each case starts from a valid input (a shipped example scenario; rows of the shipped seed
CSVs; a price book over shipped offers) and applies seeded mutations from
`fuzz_mutations.py`: odd values at any key (type swaps, non-finite, huge, subnormal and
out-of-range numbers, unicode oddities, formula and markup payloads), deleted and unknown
keys, copied workloads, then byte edits (truncation, a byte-order mark, flipped bytes,
invalid UTF-8, CRLF, a duplicated line), deep nesting and oversized files. It runs through
`planner.cli.main.main` in this process, as the console script would:

- scenario: `plan FILE --json` (some cases also `--save` and `--export` to every format);
- import: `catalog import FILE` into a copy of a freshly created workspace, then, if the
  import was accepted, `plan --example …` on it;
- pricebook: `catalog pricebook import FILE` likewise, then a plan with the book applied.

An internal error is exit code 1, an exception escaping `main`, a traceback on stderr, or
`--json` output that is not strict JSON (`Infinity`, `NaN`). The goal is none. Case N of a
kind is reproducible alone (`--only scenario:N`); `--keep DIR` writes the inputs of the
cases that failed there.
"""

import argparse
import contextlib
import csv
import io
import json
import random
import shutil
import sys
import tempfile
import time
import tomllib
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import fuzz_mutations as m  # noqa: E402
from catalog.seed import SEED_DIR  # noqa: E402
from catalog.workspace import open_workspace  # noqa: E402
from planner.cli.main import main as sovplan  # noqa: E402
from planner.scenario.examples import example_names, example_path  # noqa: E402

KINDS = ("scenario", "import", "pricebook")
TIME_LIMIT_S = "5"
"""Per solve: enough for the shipped examples (well under a second each), bounded for copies."""
EXPORT_SUFFIXES = (".json", ".md", ".csv", ".xlsx", ".pdf", ".dora.xlsx", ".dora.csv")
OVERSIZED_BYTES = 3 * 1024 * 1024
"""A file padded to this size, above every input limit."""
INTERNAL = 1


@dataclass(frozen=True)
class Case:
    """One input file and the commands to run on it (after the first, only if it succeeded)."""

    name: str
    data: bytes
    commands: tuple[tuple[str, ...], ...]
    fresh_workspace: bool


@dataclass
class Tally:
    cases: int = 0
    codes: Counter[int] = field(default_factory=Counter)
    internal: list[tuple[int, str]] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def _strict_json(text: str) -> bool:
    def refuse(name: str) -> None:
        raise ValueError(name)

    try:
        json.loads(text, parse_constant=refuse)
    except ValueError:
        return False
    return True


def run_cli(argv: list[str], *, json_out: bool) -> tuple[int, str, list[str]]:
    """Exit code (1 for any internal error), what went wrong, and numeric warnings seen.

    stdout is strict UTF-8 and stderr backslash-escaped, as a terminal's are."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace")
    with (
        warnings.catch_warnings(record=True) as seen,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        warnings.simplefilter("always")
        try:
            code = sovplan(argv)
        except BaseException as exc:
            code, escaped = INTERNAL, f"escaped main: {type(exc).__name__}: {exc}"[:300]
        else:
            escaped = ""
        out.flush()
        err.flush()
    stdout = out_bytes.getvalue().decode("utf-8", "replace")
    stderr = err_bytes.getvalue().decode("utf-8", "replace")
    numeric = [f"{Path(w.filename).name}:{w.lineno}: {w.message}" for w in seen
               if issubclass(w.category, RuntimeWarning)]  # fmt: skip
    if escaped:
        return code, escaped, numeric
    if "Traceback" in stderr:
        return INTERNAL, "traceback: " + stderr[-300:], numeric
    if json_out and stdout.strip() and not _strict_json(stdout):  # a plan, or its conflicts
        return INTERNAL, "not strict JSON: " + stdout[:200], numeric
    return code, stderr.strip()[:300], numeric


def _scenario_case(rng: random.Random, index: int, folder: Path) -> Case:
    name = rng.choice(example_names())
    doc = tomllib.loads(example_path(name).read_text(encoding="utf-8"))
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        rng.choice(m.DOC_MUTATIONS)(doc, rng)
    try:
        data = tomli_w.dumps(doc).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):
        data = example_path(name).read_bytes()
    if rng.random() < 0.15:
        data = m.deep_text(rng).encode() + b"\n" + data
    if rng.random() < 0.02:
        data = data + b"\n#" + b"x" * OVERSIZED_BYTES
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        data = rng.choice(m.BYTE_MUTATIONS)(data, rng)
    file = str(folder / "scenario.toml")
    argv = ["plan", file, "--json", "--time-limit", TIME_LIMIT_S]
    if rng.random() < 0.2:
        argv += ["--save", f"case-{index}"]
    if rng.random() < 0.15:
        argv += ["--export", str(folder / f"plan{rng.choice(EXPORT_SUFFIXES)}")]
    return Case("scenario.toml", data, (tuple(argv),), fresh_workspace=False)


def _seed_rows(table: str) -> list[dict[str, str]]:
    with (SEED_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _native(cell: str) -> Any:
    """A CSV cell as JSON would hold it: numbers and booleans as themselves."""
    if cell in ("true", "false"):
        return cell == "true"
    for parse in (int, float):
        try:
            return parse(cell)
        except ValueError:
            pass
    return cell if cell != "" else None


def _mutate_rows(rows: list[dict[str, Any]], rng: random.Random, odd: Callable[[], Any]) -> None:
    columns = list(rows[0])
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        row, column = rng.choice(rows), rng.choice(columns)
        row[column] = m.scaled(row.get(column), rng) if rng.random() < 0.3 else odd()
    roll = rng.random()
    if roll < 0.08:
        dropped = rng.choice(columns)
        for row in rows:
            row.pop(dropped, None)
    elif roll < 0.14:
        for row in rows:
            row[rng.choice(("colour", "ID", "id "))] = odd()


def _table_bytes(table: str, rows: list[dict[str, Any]], rng: random.Random, *,
                 as_json: bool) -> bytes:  # fmt: skip
    if as_json:
        native = [{k: _native(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
        for _ in range(rng.choice((0, 1, 2))):
            rng.choice(native)[rng.choice(list(native[0]))] = m.odd_json_value(rng)
        roll = rng.random()
        document: Any = {"table": table, "rows": native}
        if roll < 0.05:
            return m.deep_json(rng).encode()
        if roll < 0.1:
            document = rng.choice((native, {"table": table, "rows": {}}, {"rows": [1, 2]}, []))
        text = json.dumps(document, ensure_ascii=rng.random() < 0.5, indent=rng.choice((None, 1)))
        return text.encode("utf-8", "surrogatepass")
    buffer = io.StringIO()
    columns = list(dict.fromkeys(c for r in rows for c in r))
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _finish(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.02:
        data = data + b" " * OVERSIZED_BYTES
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        data = rng.choice(m.BYTE_MUTATIONS)(data, rng)
    return data


def _plan_after(rng: random.Random) -> tuple[str, ...]:
    return ("plan", "--example", rng.choice(example_names()), "--json", "--time-limit",
            TIME_LIMIT_S)  # fmt: skip


IMPORT_TABLES = tuple(sorted(p.stem for p in SEED_DIR.glob("*.csv")))


def _import_case(rng: random.Random, index: int, folder: Path) -> Case:
    table = rng.choice(IMPORT_TABLES)
    shipped = _seed_rows(table)
    rows: list[dict[str, Any]] = [dict(r) for r in rng.sample(shipped, min(len(shipped), 4))]
    key = next(iter(rows[0]))
    for j, row in enumerate(rows):
        if rng.random() < 0.5 and key == "id":
            row[key] = f"fuzz-{index}-{j}"
    _mutate_rows(rows, rng, lambda: m.odd_cell(rng))
    as_json = rng.random() < 0.4
    data = _finish(_table_bytes(table, rows, rng, as_json=as_json), rng)
    name = f"{table}.{'json' if as_json else 'csv'}"
    command = ("catalog", "import", str(folder / name), *(("--table", table) if rng.random() < 0.5
               else ()))  # fmt: skip
    return Case(name, data, (command, _plan_after(rng)), fresh_workspace=True)


def _price_targets() -> list[dict[str, Any]]:
    cloud = _seed_rows("cloud_offers")[:40]
    api = _seed_rows("api_offers")[:40]
    skus = _seed_rows("server_skus")
    providers = _seed_rows("providers")
    return [
        *({"target_kind": "cloud_offer", "target_id": c["id"],
           "price_per_instance_hour": "1.5", "currency": "EUR"} for c in cloud),
        *({"target_kind": "api_offer", "target_id": a["id"], "input_price_per_mtok": "0.2",
           "output_price_per_mtok": "0.8", "currency": "USD"} for a in api),
        *({"target_kind": "server_sku", "target_id": s["id"], "unit_price": "250000",
           "currency": "EUR"} for s in skus),
        *({"target_kind": "provider", "target_id": p["id"], "discount_fraction": "0.2"}
          for p in providers),
    ]  # fmt: skip


PRICE_COLUMNS = ("target_kind", "target_id", "price_per_instance_hour", "unit_price",
                 "input_price_per_mtok", "output_price_per_mtok", "currency",
                 "discount_fraction", "notes")  # fmt: skip


def _pricebook_case(rng: random.Random, index: int, folder: Path) -> Case:
    picked = rng.sample(_price_targets(), rng.choice((1, 3, 6)))
    rows: list[dict[str, Any]] = [{c: r.get(c, "") for c in PRICE_COLUMNS} for r in picked]
    _mutate_rows(rows, rng, lambda: m.odd_cell(rng))
    as_json = rng.random() < 0.4
    data = _finish(_table_bytes("price_book_entries", rows, rng, as_json=as_json), rng)
    name = f"book.{'json' if as_json else 'csv'}"
    command = ("catalog", "pricebook", "import", str(folder / name), "--id", f"book-{index}")
    return Case(name, data, (command, _plan_after(rng)), fresh_workspace=True)


BUILDERS: dict[str, Callable[[random.Random, int, Path], Case]] = {
    "scenario": _scenario_case,
    "import": _import_case,
    "pricebook": _pricebook_case,
}


def run_case(kind: str, index: int, seed: int, folder: Path, template: Path,
             shared: Path) -> tuple[int, str, list[str], Case]:  # fmt: skip
    """Build case `index` of `kind` and run it; the first internal error stops the case."""
    rng = random.Random(f"{seed}:{kind}:{index}")
    case_dir = folder / f"{kind}-{index}"
    case_dir.mkdir()
    case = BUILDERS[kind](rng, index, case_dir)
    (case_dir / case.name).write_bytes(case.data)
    workspace = shared
    if case.fresh_workspace:
        workspace = case_dir / "workspace.sqlite"
        shutil.copyfile(template, workspace)
    code, reason, numeric = 0, "", []
    for command in case.commands:
        code, reason, seen = run_cli(["--workspace", str(workspace), *command],
                                     json_out="--json" in command)  # fmt: skip
        numeric += seen
        if code != 0:
            break
    if code != INTERNAL:
        shutil.rmtree(case_dir)
    return code, reason, numeric, case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="per kind")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--keep", type=Path, help="write failing inputs to this folder")
    parser.add_argument("--only", help="one case, KIND:N")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sovplan-fuzz-"))
    template = folder / "template.sqlite"
    open_workspace(template).close()
    shared = folder / "shared.sqlite"
    shutil.copyfile(template, shared)
    if args.only:
        kind, number = args.only.split(":")
        plan: list[tuple[str, range]] = [(kind, range(int(number), int(number) + 1))]
    else:
        plan = [(kind, range(args.cases)) for kind in args.kinds.split(",")]
    print(f"seed {args.seed}; {sys.version.split()[0]}")
    for kind, indexes in plan:
        tally = Tally()
        started = time.perf_counter()
        for index in indexes:
            code, reason, numeric, case = run_case(kind, index, args.seed, folder, template,
                                                   shared)  # fmt: skip
            tally.cases += 1
            tally.codes[code] += 1
            tally.warnings.update(numeric)
            if code == INTERNAL:
                tally.internal.append((index, reason))
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{kind}-{index}-{case.name}").write_bytes(case.data)
        tally.seconds = time.perf_counter() - started
        _report(kind, tally, verbose=bool(args.only))
    shutil.rmtree(folder, ignore_errors=True)


def _report(kind: str, tally: Tally, *, verbose: bool) -> None:
    codes = ", ".join(f"exit {c}: {n}" for c, n in sorted(tally.codes.items()))
    print(
        f"{kind}: {tally.cases} cases in {tally.seconds:.0f} s; {codes}; "
        f"internal errors: {len(tally.internal)}; numeric warnings: {tally.warnings.total()}"
    )
    kinds = Counter(_gist(reason) for _, reason in tally.internal)
    for gist, count in kinds.most_common():
        first = next(i for i, r in tally.internal if _gist(r) == gist)
        print(f"  {count:4d} × {gist}  (first: {kind}:{first})")
    for where, count in tally.warnings.most_common(5):
        print(f"  {count:4d} × warning {where}")
    if verbose:
        for _, reason in tally.internal:
            print(reason)


def _gist(reason: str) -> str:
    """An internal error without the parts that differ between cases (paths, values)."""
    text = reason.split("internal error: ")[-1]
    return text.split(" (set SOVPLAN_DEBUG")[0][:120]


if __name__ == "__main__":
    main()
