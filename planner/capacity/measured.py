"""Your own measurements win: a measured serving profile replaces the model's estimate.

An organisation that benchmarks its own hardware imports the results as serving profiles
(catalog table `serving_profiles`). A profile matches a model on an accelerator; the planner
prefers a matching measurement to its estimate, within the range the measurements cover:

- A *series* is the profiles of one model, accelerator, precision, replica size (tensor
  parallel) and latency targets. It applies to a workload when its replica size is one the
  unit allows and its targets are at least as tight as the workload's (a profile measured
  at a 50 ms TPOT serves a 60 ms workload; one measured without a target serves only a
  workload without one).
- Within a series, the replica-seconds per request are interpolated **bilinearly** between
  the measured shapes (input tokens × output tokens) around the workload's shape: the four
  corners of the grid cell it lies in must be measured (two on a grid line, one on a
  point). Exact at every measured shape, and exact for a cost linear in input and output
  tokens (prefill grows with the prompt, decode with the answer).
- No extrapolation: a shape outside every series' measured cell (shorter, longer, or in a
  cell with a corner missing) keeps the model's estimate, and `coverage` says why.
- The option compiler serves every variant (replica size, precision) as an option of its
  own, so a series replaces the estimate of its own variant only; of several series of one
  variant that cover the shape (measured at different targets) the fastest wins. Asked
  without a variant (`sovplan estimate`), the fastest series of any allowed size wins (the
  smaller replica on a tie), as the estimate picks its replica size.
"""

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from catalog.domain import ServingProfile
from planner.capacity.roofline import RequestShape


class CapacityBasis(StrEnum):
    """What an allocation's capacity rests on."""

    ESTIMATE = "estimate"
    """The capacity model (docs/capacity.md)."""
    MEASURED = "measured"
    """The organisation's own measurements (serving profiles)."""


@dataclass(frozen=True, slots=True)
class Measured:
    """Capacity read from measurements."""

    tokens_per_second_per_accelerator: float
    accelerators_per_replica: int
    precision: str
    source: str
    """The profiles' sources, as imported ("Bank lab, vLLM 0.9, 2026-10")."""
    as_of: date
    """The newest measurement used."""
    profile_ids: tuple[str, ...]
    tpot_ms: float | None = None
    """The TPOT target the series was measured at (it holds it); None: measured without one."""
    ttft_ms: float | None = None
    """The TTFT target the series was measured at; None: measured without one."""

    @property
    def provenance(self) -> str:
        """The measurements' source and date, as a plan's allocation records it."""
        return f"{self.source}, as of {self.as_of.isoformat()}"

    @property
    def basis_text(self) -> str:
        return f"{CapacityBasis.MEASURED.value} ({self.provenance})"


SeriesKey = tuple[str, int, float | None, float | None]
"""(precision, tensor parallel, TPOT target, TTFT target)."""


def _seconds_per_request(p: ServingProfile) -> float:
    """Replica-seconds one request takes at the profile's shape, from either figure."""
    if p.requests_per_second is not None:
        return 1.0 / p.requests_per_second
    assert p.output_tokens_per_second is not None
    return p.output_tokens / p.output_tokens_per_second


def _holds(measured: float | None, wanted: float | None) -> bool:
    """A measurement at target `measured` holds for a workload whose target is `wanted`."""
    return wanted is None or (measured is not None and measured <= wanted)


def _bracket(values: Sequence[int], x: int) -> tuple[int, int] | None:
    """The measured values either side of x (the same twice when x is measured)."""
    if not values or x < values[0] or x > values[-1]:
        return None
    i = bisect.bisect_left(values, x)
    if values[i] == x:
        return x, x
    return values[i - 1], values[i]


def interpolate(points: dict[tuple[int, int], float], x: int, y: int) -> float | None:
    """Bilinear interpolation of a value measured at (input, output) shapes; None outside
    the measured grid cells (see the module docstring)."""
    xs = _bracket(sorted({p[0] for p in points}), x)
    ys = _bracket(sorted({p[1] for p in points}), y)
    if xs is None or ys is None:
        return None
    corners = [(a, b) for a in dict.fromkeys(xs) for b in dict.fromkeys(ys)]
    if any(c not in points for c in corners):
        return None
    (x0, x1), (y0, y1) = xs, ys
    tx = 0.0 if x1 == x0 else (x - x0) / (x1 - x0)
    ty = 0.0 if y1 == y0 else (y - y0) / (y1 - y0)
    low = points[(x0, y0)] * (1 - ty) + points[(x0, y1)] * ty
    high = points[(x1, y0)] * (1 - ty) + points[(x1, y1)] * ty
    return low * (1 - tx) + high * tx


def _series(
    profiles: Iterable[ServingProfile], model_id: str, accelerator_id: str
) -> dict[SeriesKey, list[ServingProfile]]:
    found: dict[SeriesKey, list[ServingProfile]] = defaultdict(list)
    for p in profiles:
        if p.ai_model_id == model_id and p.accelerator_id == accelerator_id:
            found[(p.precision, p.tensor_parallel, p.tpot_ms, p.ttft_ms)].append(p)
    return found


def measured_capacity(
    profiles: Sequence[ServingProfile],
    model_id: str,
    accelerator_id: str,
    shape: RequestShape,
    replica_sizes: tuple[int, ...],
    precision: str | None = None,
) -> Measured | None:
    """The measured capacity of the model on the accelerator at this shape, or None when no
    series covers it (then the estimate stands). With `replica_sizes` of one size and a
    `precision`, the measurement of that one variant (what the capacity table replaces)."""
    best: Measured | None = None
    for (series_precision, tp, tpot, ttft), members in sorted(
        _series(profiles, model_id, accelerator_id).items(), key=lambda kv: str(kv[0])
    ):
        held = _holds(tpot, shape.tpot_ms) and _holds(ttft, shape.ttft_ms)
        wanted = precision is None or series_precision == precision
        if tp not in replica_sizes or not held or not wanted:
            continue
        points = {(p.input_tokens, p.output_tokens): _seconds_per_request(p) for p in members}
        seconds = interpolate(points, shape.input_tokens, shape.output_tokens)
        if seconds is None or seconds <= 0:
            continue
        speed = shape.output_tokens / seconds / tp
        if best is not None and (speed, -tp) <= (
            best.tokens_per_second_per_accelerator,
            -best.accelerators_per_replica,
        ):
            continue
        sources = " / ".join(dict.fromkeys(p.source for p in members))
        best = Measured(
            speed, tp, series_precision, sources, max(p.as_of for p in members),
            tuple(sorted(p.id for p in members)), tpot, ttft,
        )  # fmt: skip
    return best


def coverage(profiles: Sequence[ServingProfile], model_id: str, accelerator_id: str) -> str | None:
    """The measured range of the model on the accelerator, in words, or None without any
    measurement: what `sovplan estimate` notes when a shape falls outside it."""
    series = _series(profiles, model_id, accelerator_id)
    if not series:
        return None
    parts = []
    for (precision, tp, tpot, ttft), members in sorted(series.items(), key=lambda kv: str(kv[0])):
        ins = sorted({p.input_tokens for p in members})
        outs = sorted({p.output_tokens for p in members})
        targets = ", ".join(
            f"{name} ≤ {value:g} ms" for name, value in (("TPOT", tpot), ("TTFT", ttft)) if value
        )
        parts.append(
            f"{precision} TP {tp}: input {ins[0]:,}–{ins[-1]:,}, output {outs[0]:,}–{outs[-1]:,}"
            + (f" ({targets})" if targets else " (no latency target)")
        )
    return "; ".join(parts)
