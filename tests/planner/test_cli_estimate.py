"""`sovplan estimate` as a user runs it."""

import json
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.exit_codes import ExitCode

H100 = "nvidia-h100-80gb-sxm5"
KEYS = {"accelerators_per_replica", "max_batch", "tokens_per_second_per_replica",
        "tokens_per_second_per_accelerator", "ttft_ms", "tpot_ms", "limited_by"}  # fmt: skip
NEW_KEYS = {"batch", "tpot_target_ms", "ttft_target_ms", "memory_gb_per_replica", "roofline"}


def run(capsys: pytest.CaptureFixture[str], ws: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(ws), "estimate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_holds_the_documented_fields(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, "--model", "llama-3.3-70b-instruct",
                       "--accelerator", H100, "--json")  # fmt: skip
    result = json.loads(out)
    assert code == 0
    assert set(result) >= KEYS | NEW_KEYS
    assert result["precision"] == "fp8"  # the default where the hardware has FP8
    assert result["basis"] == "estimate"
    assert result["roofline"]["step_ms"] >= result["roofline"]["bandwidth_floor_ms_per_step"]
    assert result["tokens_per_second_per_replica"] == pytest.approx(
        result["tokens_per_second_per_accelerator"] * result["accelerators_per_replica"]
    )


def test_an_interactive_target_gives_fewer_tokens_than_offline(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--model", "llama-3.1-8b-instruct", "--accelerator", H100, "--json"]
    offline = json.loads(run(capsys, workspace_path, *base)[1])
    interactive = json.loads(run(capsys, workspace_path, *base, "--tpot-ms", "20")[1])
    assert interactive["tpot_ms"] <= 20
    assert interactive["limited_by"] == "latency_target"
    assert (interactive["tokens_per_second_per_accelerator"]
            < offline["tokens_per_second_per_accelerator"])  # fmt: skip


def test_the_text_shows_size_batch_latency_against_targets_and_the_limit(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, "--model", "llama-3.3-70b-instruct",
                       "--accelerator", H100, "--input-tokens", "8000", "--output-tokens",
                       "500", "--tpot-ms", "40", "--ttft-ms", "3000")  # fmt: skip
    assert code == 0
    assert "tensor-parallel size" in out and "(one machine)" in out
    assert "that fit memory" in out
    assert "target 40.0 ms: meets" in out and "target 3,000 ms: meets" in out
    assert "limited by" in out and "roofline" not in out
    assert "basis" in out and "estimate" in out


def test_explain_prints_the_roofline_terms(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, "--model", "mixtral-8x7b-instruct",
                       "--accelerator", H100, "--explain")  # fmt: skip
    assert code == 0
    for term in ("weights read per step", "KV cache read per step", "decode matmul FLOPs",
                 "attention FLOPs per step", "prefill FLOPs per request", "all-reduces",
                 "decode step", "bandwidth floor per step"):  # fmt: skip
        assert term in out, term


def test_a_given_tensor_parallel_size_is_estimated_as_asked(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--model", "llama-3.1-8b-instruct", "--accelerator", H100, "--json"]
    sizes = {tp: json.loads(run(capsys, workspace_path, *base, "--tensor-parallel", str(tp))[1])
             for tp in (1, 2)}  # fmt: skip
    assert [sizes[tp]["accelerators_per_replica"] for tp in (1, 2)] == [1, 2]
    assert sizes[2]["memory_gb_per_replica"] == 2 * sizes[1]["memory_gb_per_replica"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--model", "lama-3.3-70b", "--accelerator", H100], ExitCode.INVALID_INPUT,
         "did you mean llama-3.3-70b-instruct"),
        (["--model", "gpt-4o", "--accelerator", H100], ExitCode.INFEASIBLE, "closed model"),
        (["--model", "llama-3.1-8b-instruct", "--accelerator", "nvidia-a100-80gb-sxm4",
          "--precision", "fp8"], ExitCode.INVALID_INPUT, "does not support fp8"),
        (["--model", "llama-3.1-405b-instruct", "--accelerator", "nvidia-l4-24gb"],
         ExitCode.INFEASIBLE, "do not fit"),
        (["--model", "llama-3.1-8b-instruct", "--accelerator", H100, "--tpot-ms", "0"],
         ExitCode.INVALID_INPUT, "must be greater than 0"),
        (["--model", "llama-3.1-8b-instruct"], ExitCode.INVALID_INPUT, "--accelerator"),
    ],
)  # fmt: skip
def test_what_cannot_be_answered_gets_one_line_and_a_non_zero_exit(
    workspace_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    message: str,
) -> None:
    got, out, err = run(capsys, workspace_path, *argv)
    assert got == code
    assert out == "" and len(err.strip().splitlines()) == 1
    assert message in err


def test_every_open_model_and_accelerator_pair_gets_an_answer(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, workspace_path, "--all", "--json")
    results = json.loads(out)
    assert code == 0 and results
    assert all(("tokens_per_second_per_accelerator" in r) != ("error" in r) for r in results)
    answered = {(r["model"], r["accelerator"]) for r in results if "error" not in r}
    assert ("llama-3.1-8b-instruct", H100) in answered
    assert len(answered) > len(results) / 2


def test_fine_tuning_hours(workspace_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, workspace_path, "--model", "llama-3.1-8b-instruct",
                       "--accelerator", H100, "--finetune-tokens", "1e9", "--method", "full",
                       "--json")  # fmt: skip
    tune = json.loads(out)
    assert code == 0
    assert tune["flops"] == pytest.approx(6 * 8.03e9 * 1e9)
    assert tune["accelerator_hours"] > 0
