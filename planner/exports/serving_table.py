"""How each self-hosted allocation is served: the trail behind its capacity figure.

The capacity a plan buys stands on one replica per allocation: its tensor-parallel size (the
accelerators of one machine it spans), precision and batch, the latency it achieves against
the workload's targets, what limits its throughput, and whether the figure is the capacity
model's estimate or a measurement (with the measurements' source and date). Every report shows
the same rows.
"""

from planner.exports.common import Table
from planner.results.plan_document import PlanDocument

SERVING_NOTE = (
    "One replica per row: its tensor-parallel size (accelerators of one machine), precision "
    "and batch; time to first token (TTFT) and time per output token (TPOT) against the "
    "workload's targets; what limits its throughput; and the basis of the figure (the capacity "
    "model's estimate, or a measurement). The catalog holds no quality figure per precision: a "
    "model's quality score is that of its published weights, whatever the precision served."
)


def serving_table(plan: PlanDocument) -> Table:
    table = Table(
        "Serving",
        ["Workload", "Model", "Venue", "Precision", "Tensor parallel", "Batch", "TTFT (ms)",
         "TTFT target (ms)", "TPOT (ms)", "TPOT target (ms)", "Limited by", "Basis"],
        ["text", "text", "text", "text", "integer", "integer", "number", "number", "number",
         "number", "text", "text"],
    )  # fmt: skip
    result = plan.result
    if result is None:
        return table
    for a in result.allocations:
        t = a.serving
        if t is None:
            continue
        table.rows.append([
            a.workload_id, a.model_id, result.venue_name(a), a.precision or "", t.tensor_parallel,
            t.batch, t.ttft_ms, t.ttft_target_ms, t.tpot_ms, t.tpot_target_ms,
            t.limited_by.replace("_", " "),
            f"{t.basis} ({t.basis_source})" if t.basis_source else t.basis,
        ])  # fmt: skip
    return table
