"""The harder set's tables (benchmarks/harder_set.py): seconds to a proven optimum per
instance and backend, with the gap where a backend did not prove it, and the sums."""

import statistics

from benchmarks.harder_set import BACKENDS, CHECKPOINTS_S, Outcome
from benchmarks.solve_scaling import RELATIVE_GAP


def _fmt_s(value: float | None) -> str:
    return f"> {CHECKPOINTS_S[-1]:g}" if value is None else f"{value:.2f}"


def _fmt_gap(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f} %"


def _excess(outcome: Outcome, all_outcomes: list[Outcome]) -> float | None:
    """Worst point's cost above the best any backend found there (fronts and single solves)."""
    peers = [
        o
        for o in all_outcomes
        if (o.instance, o.variant, o.kind) == (outcome.instance, outcome.variant, outcome.kind)
    ]
    worst = 0.0
    for i, attempt in enumerate(outcome.last):
        found = [p.last[i].objective for p in peers if p.last[i].objective is not None]
        if attempt.objective is None or not found:
            return None
        best = min(found)
        worst = max(worst, (attempt.objective - best) / max(abs(best), 1e-9))
    return worst


def _cell(o: Outcome, all_outcomes: list[Outcome]) -> str:
    """Seconds to a proven optimum; the gap at 10 s when it took longer, at 60 s when it
    was never proven; the worst cost above the best known, when there is one."""
    gap_10, gap_60 = o.worst_gap(o.first), o.worst_gap(o.last)
    text = _fmt_s(o.time_to_optimal_s)
    if o.time_to_optimal_s is None:
        text += f" (gap {_fmt_gap(gap_10)} at 10 s, {_fmt_gap(gap_60)} at 60 s)"
    elif gap_10:
        text += f" (gap {_fmt_gap(gap_10)} at 10 s)"
    excess = _excess(o, all_outcomes)
    worse = excess is not None and excess > RELATIVE_GAP  # beyond the gap all accept
    return text + (f", cost +{_fmt_gap(excess)}" if worse else "")


def print_tables(outcomes: list[Outcome], markdown: bool) -> dict[str, object]:
    """Seconds to a proven optimum per instance and backend, then the sums and CBC's time
    over each backend's (all measured in this run)."""
    backends = [b for b in BACKENDS if any(o.backend == b for o in outcomes)]
    print("\n## Harder set: seconds to a proven optimum (gap at 10 s / 60 s where not proven)")
    keys = list(dict.fromkeys((o.kind, o.instance, o.variant, o.options) for o in outcomes))
    by = {(o.kind, o.instance, o.variant, o.backend): o for o in outcomes}
    rows = [
        [kind, f"{name} [{variant}]", f"{options:,}"]
        + [_cell(by[(kind, name, variant, b)], outcomes) for b in backends]
        for kind, name, variant, options in keys
    ]
    _table(["kind", "instance", "options", *(f"{b} s" for b in backends)], rows, markdown)
    print("\n## Sums over the harder set (a point never proven counts as 60 s)")
    summary: dict[str, object] = {}
    rows = []
    for backend in backends:
        mine = [o for o in outcomes if o.backend == backend]
        wall, cpu = sum(o.censored_s for o in mine), sum(o.cpu_s for o in mine)
        cbc = [o for o in outcomes if o.backend == "CBC"]
        cbc_wall, cbc_cpu = sum(o.censored_s for o in cbc), sum(o.cpu_s for o in cbc)
        ratios = [by[(o.kind, o.instance, o.variant, "CBC")].censored_s / o.censored_s
                  for o in mine if (o.kind, o.instance, o.variant, "CBC") in by]  # fmt: skip
        proven = sum(o.time_to_optimal_s is not None for o in mine)
        summary[backend] = {"sum_s": wall, "cpu_s": cpu, "cbc_over_backend_wall": cbc_wall / wall,
                            "cbc_over_backend_cpu": cbc_cpu / cpu, "ratios": ratios}  # fmt: skip
        rows.append([backend, f"{wall:.1f}", f"{cpu:.1f}",
                     f"{cbc_wall / wall:.2f}× / {cbc_cpu / cpu:.2f}×" if cbc else "—",
                     f"{statistics.median(ratios):.2f}×" if ratios else "—",
                     f"{proven} of {len(mine)}"])  # fmt: skip
    head = ["backend", "wall s", "CPU s", "CBC / backend (wall / CPU)",
            "median of CBC / backend", "proven optimal"]  # fmt: skip
    _table(head, rows, markdown)
    return summary


def _table(head: list[str], rows: list[list[str]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
