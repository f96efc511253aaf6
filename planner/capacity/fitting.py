"""Fit the eight serving factors to published benchmarks: few, global, physically bounded.

Least squares on log errors (a prediction 2× too high costs as much as one 2× too low),
made robust with a soft-L1 loss (a row far off pulls less than in plain least squares, as
the goals are medians), with each source weighted by 1/√rows so one publisher's long table
does not outvote the others, and a weak pull towards a starting point so a factor no row in
the fit constrains (say FP4 when Blackwell is held out) stays physical instead of drifting
to a bound. Levenberg–Marquardt on the factors' logarithms; numpy only.
"""

import math
from collections import Counter
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from planner.capacity.calibration import BenchmarkSet
from planner.capacity.physics import Array
from planner.capacity.replica import ServingEfficiency

START = ServingEfficiency(
    bandwidth_fraction=0.7,
    bandwidth_kept_per_tp_doubling=0.9,
    bf16_compute_fraction=0.6,
    fp8_compute_fraction=0.4,
    fp4_compute_fraction=0.4,
    prefill_compute_gain=1.7,
    step_overhead_us_per_layer=50.0,
    interconnect_fraction=0.5,
)
"""Where the fit starts and what it leans towards when the data say nothing: round values of
the order the factors take (fractions of peak well below one, tens of microseconds)."""

LOWER = ServingEfficiency(0.2, 0.5, 0.05, 0.05, 0.05, 1.0, 0.01, 0.01)
UPPER = ServingEfficiency(1.0, 1.0, 1.0, 1.0, 1.0, 5.0, 500.0, 1.0)
"""Physical bounds: a fraction of peak cannot exceed one, prefill is not slower than decode."""

LOSS_SCALE = 0.3
"""Log error beyond which the soft-L1 loss grows linearly rather than quadratically
(about ±35 %): rows further off still count, but less."""

PRIOR_WEIGHT = 3.0
"""Strength of the pull towards START, per factor, in units of one row's log error."""

ITERATIONS = 60
STEP = 1e-4
"""Finite-difference step on a factor's logarithm."""

NAMES = tuple(f.name for f in fields(ServingEfficiency))


def _vector(efficiency: ServingEfficiency) -> Array:
    return np.log([getattr(efficiency, n) for n in NAMES])


def _efficiency(logs: Array) -> ServingEfficiency:
    return ServingEfficiency(**{n: float(math.exp(v)) for n, v in zip(NAMES, logs, strict=True)})


def source_weights(data: BenchmarkSet) -> Array:
    """1/√(rows of the same source), scaled to a mean of one."""
    sources = [b.provenance.source_id for b in data.benchmarks]
    count = Counter(sources)
    weights = np.array([1.0 / math.sqrt(count[s]) for s in sources], dtype=np.float64)
    return weights / float(weights.mean())


@dataclass(frozen=True, slots=True)
class Fit:
    efficiency: ServingEfficiency
    rows: int
    iterations: int


def fit(
    data: BenchmarkSet,
    mask: npt.NDArray[np.bool_] | None = None,
    start: ServingEfficiency = START,
) -> Fit:
    """The factors that best predict the rows in `mask` (all rows by default)."""
    chosen = data if mask is None else data.subset(mask)
    weights = np.sqrt(source_weights(chosen))
    low, high, centre = _vector(LOWER), _vector(UPPER), _vector(START)
    measured = np.log(chosen.measured)

    def residuals(logs: Array) -> Array:
        predicted = np.log(chosen.predict(_efficiency(logs)))
        return np.concatenate([(predicted - measured) * weights, PRIOR_WEIGHT * (logs - centre)])

    def robust(r: Array) -> Array:
        """IRLS weights of the soft-L1 loss, ρ(r) = 2s²(√(1 + (r/s)²) − 1)."""
        return 1.0 / np.sqrt(np.sqrt(1.0 + (r / LOSS_SCALE) ** 2))

    def cost(r: Array) -> float:
        return float(np.sum(2 * LOSS_SCALE**2 * (np.sqrt(1 + (r / LOSS_SCALE) ** 2) - 1)))

    logs = np.clip(_vector(start), low, high)
    r = residuals(logs)
    damping, iterations = 1e-3, 0
    while iterations < ITERATIONS:
        iterations += 1
        jacobian = np.empty((r.size, logs.size))
        for j in range(logs.size):
            moved = logs.copy()
            moved[j] += STEP
            jacobian[:, j] = (residuals(moved) - r) / STEP
        w = robust(r)
        jw, rw = jacobian * w[:, None], r * w
        normal, gradient = jw.T @ jw, jw.T @ rw
        improved = False
        while damping < 1e8:
            step = np.linalg.solve(normal + damping * np.diag(np.diag(normal) + 1e-12), -gradient)
            trial = np.clip(logs + step, low, high)
            trial_r = residuals(trial)
            if cost(trial_r) < cost(r):
                logs, r, damping, improved = trial, trial_r, max(damping / 3, 1e-9), True
                break
            damping *= 4
        if not improved or float(np.max(np.abs(step))) < 1e-6:
            break
    return Fit(_efficiency(logs), len(chosen.benchmarks), iterations)
