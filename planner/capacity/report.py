"""The generated error table of docs/capacity.md: each benchmark against the shipped model."""

from catalog.domain import Catalog
from planner.capacity.calibration import compare, summarise

BEGIN = "<!-- BEGIN GENERATED: benchmark errors -->"
END = "<!-- END GENERATED: benchmark errors -->"


def render_error_table(catalog: Catalog) -> str:
    comparisons = compare(catalog)
    summary = summarise(comparisons)
    lines = [
        f"{summary.count} benchmarks: median absolute error {summary.median_abs_error:.0%}, "
        f"RMS log error {summary.rms_log_error:.2f}, {summary.within_25_percent:.0%} within ±25 %.",
        "",
        "| benchmark | model | accelerator × n | precision | in/out | load | measured tok/s "
        "| predicted tok/s | error |",
        "|---|---|---|---|---|---|---:|---:|---:|",
    ]
    for c in comparisons:
        b = c.benchmark
        load = f"batch {b.concurrency}" if b.concurrency else f"max (B={c.batch})"
        lines.append(
            f"| {b.engine} ({b.provenance.source_id}) | {b.ai_model_id} | {b.accelerator_id} × "
            f"{b.accelerators} | {b.precision} | {b.input_tokens}/{b.output_tokens} | {load} "
            f"| {b.output_tokens_per_second:,.0f} | {c.predicted_tokens_per_second:,.0f} "
            f"| {c.error:+.0%} |"
        )
    return "\n".join(lines)


def replace_generated_section(document: str, table: str) -> str:
    """The document with the text between the markers replaced by `table`."""
    head, _, rest = document.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table}\n{END}{tail}"
