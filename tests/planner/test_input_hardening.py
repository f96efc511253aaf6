"""Issue 11, failure 5: non-finite and huge numbers, deep nesting and byte-order marks.

Every number of a scenario is finite and in its documented range, checked by the field table
and refused with a message naming the field; a number at either end of its range plans to
strict JSON (no `Infinity`, no `NaN`); TOML nested too deeply, or too large, is refused
before it is parsed or as the parser gives up; a UTF-8 byte-order mark is accepted.
"""

import ast
import copy
import json
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest

from catalog.domain import Catalog
from catalog.input_files import MAX_NESTING_DEPTH, MAX_SCENARIO_BYTES
from planner.cli.main import main
from planner.exit_codes import ExitCode
from planner.optimise.planning import plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.plan_json import plan_to_text
from planner.scenario.document import ScenarioDocument
from planner.scenario.examples import example_path
from planner.scenario.field_table import FIELDS
from planner.scenario.reader import ScenarioError, load_scenario, parse_scenario
from planner.scenario.schema import Field, ValueType
from solver.problem import SolveParams
from tests.field_cases import field_id, with_class_for

ROOT = Path(__file__).resolve().parents[2]
MIDSIZE = example_path("midsize-firm").read_text(encoding="utf-8")
FINE_TUNING = {"id": "tune", "kind": "fine_tuning", "tokens_per_run": 2e8, "runs_per_year": 4}


def _sovplan(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the JSON")

    return json.loads(text, parse_constant=refuse)


THE_ISSUES_NUMBERS = [
    ("tokens_per_day = 20_000_000", "tokens_per_day = inf", "workloads[0].tokens_per_day",
     "must be a finite number"),
    ("annual_budget = 800_000", "annual_budget = 1e308", "organisation.annual_budget",
     "must be greater than 0 and at most 1,000,000,000,000 (got 1e+308)"),
    ("annual_budget = 800_000", "annual_budget = 1" + "0" * 310, "organisation.annual_budget",
     "must be greater than 0 and at most 1,000,000,000,000 (got a whole number of about 311 "
     "digits)"),
    ("input_tokens = 1000", "input_tokens = 1" + "0" * 310, "workloads[0].input_tokens",
     "must be from 1 to 10,000,000 (got a whole number of about 311 digits)"),
    ("horizon_years = 3", "horizon_years = 1e-300", "organisation.horizon_years",
     "must be from 0.25 to 50 (got 1e-300)"),
    ("tokens_per_day = 20_000_000", "tokens_per_day = 5e-324", "workloads[0].tokens_per_day",
     "must be from 1 to"),
    ("tpot_ms = 80", "tpot_ms = nan", "workloads[0].tpot_ms", "must be a finite number"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "where", "reason"), THE_ISSUES_NUMBERS)
def test_the_issues_numbers_are_refused_naming_the_field(
    old: str, new: str, where: str, reason: str, workspace_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert old in MIDSIZE
    path = tmp_path / "scenario.toml"
    path.write_text(MIDSIZE.replace(old, new, 1), encoding="utf-8")
    code, out, err = _sovplan(capsys, "--workspace", workspace_path, "plan", path, "--json")
    assert code == ExitCode.INVALID_INPUT and out == ""
    assert f"{path}: {where}: {reason}" in err, err


def test_a_fine_tuning_run_of_a_fraction_of_a_token_is_refused(shipped_catalog: Catalog) -> None:
    data = tomllib.loads(MIDSIZE)
    data["workloads"].append({**FINE_TUNING, "tokens_per_run": 5e-324})
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, shipped_catalog, "x.toml")
    assert caught.value.lines() == [
        "x.toml: workloads[3].tokens_per_run: must be 0, or from 1 to 100,000,000,000,000 "
        "(got 5e-324)"
    ]


def test_requests_per_second_that_give_too_many_tokens_a_day_are_refused(
    shipped_catalog: Catalog,
) -> None:
    data = tomllib.loads(MIDSIZE)
    del data["workloads"][0]["tokens_per_day"]
    data["workloads"][0]["requests_per_second_peak"] = 1e7
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, shipped_catalog, "x.toml")
    assert caught.value.lines() == [
        "x.toml: workloads[0].requests_per_second_peak: gives 3.74e+14 tokens a day, more "
        "than the 1e+14 tokens_per_day allows"
    ]


def _ends(field: Field) -> list[float]:
    """The smallest and largest values the field's range allows (and 0 if it allows it)."""
    assert field.range is not None
    r = field.range
    low = math.nextafter(r.low, math.inf) if r.low_open else r.low
    high = math.nextafter(r.high, -math.inf) if r.high_open else r.high
    if field.value_type is ValueType.WHOLE:
        low, high = math.ceil(low), math.floor(high)
    return [low, high, *([0.0] if r.or_zero else [])]


NUMBERS = [f for f in FIELDS if f.value_type in (ValueType.NUMBER, ValueType.WHOLE)]


@pytest.mark.solver
@pytest.mark.parametrize("field", NUMBERS, ids=field_id)
def test_every_number_at_either_end_of_its_range_plans_to_strict_json(
    field: Field, shipped_catalog: Catalog, tmp_path: Path
) -> None:
    """Derived figures (tokens a year × price, cost per token, annuities) stay finite."""
    base = tomllib.loads(example_path("small-nation").read_text(encoding="utf-8"))
    base["workloads"].append(FINE_TUNING)
    base["shocks"] = [{"name": "dearer-apis", "kind": "price_shock", "apis": True, "change": 0.5}]
    base = with_class_for(base, field, tmp_path)
    for value in _ends(field):
        doc = ScenarioDocument(copy.deepcopy(base))
        nested = field.section.within is not None  # a request class of the first workload
        entries = len(base[field.section.key]) if field.section.repeated and not nested else 1
        for index in range(entries):
            doc.set(field.path(index), value)
            if field.key == "requests_per_second_peak":
                doc.set(f"workloads[{index}].tokens_per_day", None)
        try:
            scenario = parse_scenario(doc.data, shipped_catalog, "x.toml")
        except ScenarioError as exc:  # only a rule tying fields together may refuse it
            assert all("must be" not in line for line in exc.lines()), exc.lines()
            continue
        outcome = plan_scenario(scenario, shipped_catalog, SolveParams(time_limit_s=10))
        text = plan_to_text(plan_document(outcome, scenario, shipped_catalog))
        assert _strict_json(text)["status"] in ("optimal", "feasible", "infeasible"), value


DEEP = {
    "arrays": "deep = " + "[" * 1000 + "]" * 1000,
    "inline tables": "deep = " + "{a = " * 1000 + "1" + "}" * 1000,
    "dotted keys": ".".join(["deep"] * 1000) + " = 1",
    "just too deep": "deep = " + "[" * (MAX_NESTING_DEPTH + 1) + "]" * (MAX_NESTING_DEPTH + 1),
}


@pytest.mark.parametrize("shape", DEEP)
def test_toml_nested_too_deeply_is_refused_with_the_limit(
    shape: str, workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(DEEP[shape] + "\n" + MIDSIZE, encoding="utf-8")
    code, _, err = _sovplan(capsys, "--workspace", workspace_path, "plan", path)
    assert code == ExitCode.INVALID_INPUT
    assert f"{path}: nested too deeply (more than {MAX_NESTING_DEPTH} levels" in err
    assert "RecursionError" not in err and "internal error" not in err


def test_toml_nested_within_the_limit_reads(shipped_catalog: Catalog, tmp_path: Path) -> None:
    depth = MAX_NESTING_DEPTH - 1  # the file's own table is one level
    path = tmp_path / "nested.toml"
    path.write_text("deep = " + "[" * depth + "]" * depth + "\n" + MIDSIZE, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, shipped_catalog)
    assert caught.value.lines() == [f"{path}: deep: unknown field"], "read, then not known"


def test_a_byte_order_mark_is_accepted_and_not_saved(
    shipped_catalog: Catalog, workspace_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    path = tmp_path / "excel.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MIDSIZE.encode("utf-8"))
    assert load_scenario(path, shipped_catalog).name == "Mid-size firm: cheapest"
    ws = ("--workspace", workspace_path)
    assert _sovplan(capsys, *ws, "plan", path, "--save", "excel")[0] == ExitCode.OK
    code, out, _ = _sovplan(capsys, *ws, "scenario", "show", "excel", "--json")
    assert code == ExitCode.OK and _strict_json(out)["scenario_toml"] == MIDSIZE


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            MIDSIZE.encode() + b"\n#" + b"x" * MAX_SCENARIO_BYTES,
            "the file is larger than the 1 MiB",
        ),
        (MIDSIZE.encode().replace(b"Example", b"Ex\xffample"), "not UTF-8 text (byte"),
        (b"big = 1" + b"0" * 5000 + b"\n", "holds a whole number of more than 4,300 digits"),
    ],
    ids=["too large", "not UTF-8", "too many digits"],
)
def test_a_file_that_cannot_be_read_whole_is_refused_with_the_reason(
    content: bytes, reason: str, workspace_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    path = tmp_path / "scenario.toml"
    path.write_bytes(content)
    code, _, err = _sovplan(capsys, "--workspace", workspace_path, "plan", path)
    assert code == ExitCode.INVALID_INPUT and f"{path}: {reason}" in err, err


ESTIMATE = ("estimate", "--model", "llama-3.3-70b-instruct", "--accelerator",
            "nvidia-h100-80gb-sxm5")  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "argument"),
    [
        (("plan", "--example", "midsize-firm", "--time-limit", "inf"), "--time-limit"),
        (("plan", "--example", "midsize-firm", "--time-limit", "nan"), "--time-limit"),
        (("plan", "--example", "midsize-firm", "--time-limit", "1e308"), "--time-limit"),
        ((*ESTIMATE, "--tpot-ms", "inf", "--json"), "--tpot-ms"),
        ((*ESTIMATE, "--finetune-tokens", "1e308", "--json"), "--finetune-tokens"),
        ((*ESTIMATE, "--finetune-tokens", "1e14", "--utilisation", "1e-300"), "--utilisation"),
        ((*ESTIMATE, "--input-tokens", "1" + "0" * 30), "--input-tokens"),
    ],
    ids=["time inf", "time nan", "time 1e308", "tpot inf", "tokens 1e308", "utilisation",
         "input tokens"],
)  # fmt: skip
def test_non_finite_or_huge_numbers_on_the_command_line_are_refused(
    argv: tuple[str, ...], argument: str, workspace_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    code, out, err = _sovplan(capsys, "--workspace", workspace_path, *argv)
    assert code == ExitCode.INVALID_INPUT and out == ""
    assert err.startswith(f"sovplan: error: argument {argument}: must be "), err


def _json_dumps_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("dumps", "dump") and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "json"
    ]  # fmt: skip


def test_every_json_the_program_writes_refuses_non_finite_numbers() -> None:
    """`json.dumps` writes inf as `Infinity` (not JSON) unless told not to: every call in the
    shipped code is, so a non-finite number fails loudly instead of reaching a script."""
    calls = 0
    for package in ("catalog", "planner", "solver", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for call in _json_dumps_calls(ast.parse(path.read_text(encoding="utf-8"))):
                calls += 1
                allow_nan = [k for k in call.keywords if k.arg == "allow_nan"]
                assert allow_nan and isinstance(allow_nan[0].value, ast.Constant), path
                assert allow_nan[0].value.value is False, f"{path}:{call.lineno}"
    assert calls >= 3, "the CLI's, the plan's and the catalog export's"
