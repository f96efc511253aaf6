"""`sovplan catalog …` as a user runs it: output, exit codes and one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.workspace import WORKSPACE_ENV_VAR
from planner.cli.main import main
from planner.exit_codes import ExitCode


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_json_reports_counts_and_full_provenance(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--workspace", str(workspace_path), "catalog", "stats", "--json")
    assert (code, err) == (0, "")
    stats = json.loads(out)
    assert stats["tables"]["accelerators"]["rows"] >= 15
    assert stats["tables"]["cloud_offers"]["rows"] >= 60
    assert stats["sourced_share"] == stats["dated_share"] == 1.0


def test_stats_text_is_a_table(workspace_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--workspace", str(workspace_path), "catalog", "stats")
    assert code == 0
    assert "accelerators" in out and "100%" in out


def test_workspace_comes_from_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "from-env" / "ws.sqlite"
    monkeypatch.setenv(WORKSPACE_ENV_VAR, str(target))
    code, out, _ = run(capsys, "catalog", "stats", "--json")
    assert code == 0
    assert json.loads(out)["workspace"] == str(target)
    assert target.is_file()


def test_list_filters_by_field(workspace_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--workspace", str(workspace_path), "catalog", "list",
                       "cloud_offers", "--where", "pricing_term=on_demand", "--json")  # fmt: skip
    rows = json.loads(out)
    assert code == 0 and rows
    assert {r["pricing_term"] for r in rows} == {"on_demand"}
    assert all(r["price_basis"] == "list" for r in rows)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["catalog", "list", "gpus"], "invalid choice: 'gpus'"),
        (["catalog", "list", "accelerators", "--where", "colour=red"], "has no field 'colour'"),
        (["catalog", "list", "accelerators", "--where", "memory_gb=lots"], "expected a number"),
        (["catalog", "list", "accelerators", "--where", "memory_gb"], "expected FIELD=VALUE"),
        (["catalog", "import", "nowhere.csv"], "no such file"),
        (["catalog", "export", "sites", "out.txt"], "unsupported file type"),
        (["catalog", "pricebook", "remove", "nope"], "no price book 'nope'"),
        (["catalog", "pricebook", "import", "x.csv", "--as-of", "yesterday"], "YYYY-MM-DD"),
        (["plan-everything"], "invalid choice"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--workspace", str(workspace_path), *argv)
    assert code == ExitCode.INVALID_INPUT
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert "Traceback" not in err


def test_a_bad_import_lists_each_problem_and_writes_nothing(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(workspace_path)]
    exported = tmp_path / "sites.csv"
    assert run(capsys, *ws, "catalog", "export", "sites", str(exported))[0] == 0
    lines = exported.read_text().splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace(",EUR,", ",EUX,"), *lines[2:]]) + "\n")
    code, _, err = run(capsys, *ws, "catalog", "import", str(bad), "--table", "sites")
    assert code == ExitCode.INVALID_INPUT
    assert "nothing imported" in err
    assert f"{bad}: row 2, column 'currency': 'EUX' does not exist in fx_rates" in err
    again = tmp_path / "again.csv"
    run(capsys, *ws, "catalog", "export", "sites", str(again))
    assert again.read_bytes() == exported.read_bytes()


def test_pricebook_cycle_through_the_cli(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(workspace_path)]
    _, out, _ = run(capsys, *ws, "catalog", "list", "cloud_offers", "--json")
    offer = json.loads(out)[0]
    book = tmp_path / "bank-deal.csv"
    book.write_text(f"target_kind,target_id,discount_fraction\ncloud_offer,{offer['id']},0.25\n")
    assert run(capsys, *ws, "catalog", "pricebook", "import", str(book), "--as-of",
               "2026-10-01")[0] == 0  # fmt: skip
    _, out, _ = run(capsys, *ws, "catalog", "list", "cloud_offers", "--where",
                    f"id={offer['id']}", "--json")  # fmt: skip
    [row] = json.loads(out)
    assert row["effective_price_per_instance_hour"] == pytest.approx(
        offer["price_per_instance_hour"] * 0.75
    )
    _, out, _ = run(capsys, *ws, "catalog", "pricebook", "list", "--json")
    assert json.loads(out)[0]["id"] == "bank-deal"
    assert run(capsys, *ws, "catalog", "pricebook", "remove", "bank-deal")[0] == 0


def test_console_script_runs_without_a_traceback(workspace_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli.main", "--workspace", str(workspace_path), "catalog",
         "list", "nothing"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == ExitCode.INVALID_INPUT
    assert done.stderr.startswith("sovplan: error:")
