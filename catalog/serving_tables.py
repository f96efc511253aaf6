"""Facts the capacity model is calibrated on: serving efficiencies and published benchmarks."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base
from catalog.tables import Notes, Provenance

SERVING_PRECISIONS = ("bf16", "fp8", "int8", "int4", "fp4")


class ServingEfficiency(Provenance, Notes, Base):
    """The few global factors that turn peak specs into served tokens (docs/capacity.md).

    Optionally narrowed to one accelerator generation: the capacity model uses the most
    specific row that matches, so it predicts hardware it was not fitted on.
    """

    __tablename__ = "serving_efficiency"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, info={"slug": True})
    generation: Mapped[str | None] = mapped_column(
        String(40), info={"doc": "empty = every accelerator generation"}
    )
    bandwidth_fraction: Mapped[float] = mapped_column(
        info={"gt": 0, "max": 1, "doc": "share of peak memory bandwidth a decode step reaches"}
    )
    bandwidth_kept_per_tp_doubling: Mapped[float] = mapped_column(
        info={"gt": 0, "max": 1, "doc": "share of it kept per doubling of the tensor-parallel size"}
    )
    bf16_compute_fraction: Mapped[float] = mapped_column(
        info={"gt": 0, "max": 1, "doc": "share of dense BF16 peak reached by decode matmuls"}
    )
    fp8_compute_fraction: Mapped[float] = mapped_column(
        info={"gt": 0, "max": 1, "doc": "share of dense FP8 (and INT8) peak"}
    )
    fp4_compute_fraction: Mapped[float] = mapped_column(
        info={"gt": 0, "max": 1, "doc": "share of dense FP4 peak"}
    )
    prefill_compute_gain: Mapped[float] = mapped_column(
        info={"min": 1, "doc": "how many times nearer peak prefill runs than decode"}
    )
    step_overhead_us_per_layer: Mapped[float] = mapped_column(
        info={"min": 0, "unit": "µs", "doc": "fixed time per layer and step (launches, sync)"}
    )
    interconnect_fraction: Mapped[float] = mapped_column(
        info={"gt": 0, "max": 1, "doc": "share of interconnect bandwidth all-reduces reach"}
    )


class ServingBenchmark(Provenance, Notes, Base):
    """A published serving throughput: model × accelerator × lengths × load."""

    __tablename__ = "serving_benchmarks"

    id: Mapped[str] = mapped_column(String(200), primary_key=True, info={"slug": True})
    engine: Mapped[str] = mapped_column(String(120))
    ai_model_id: Mapped[str] = mapped_column(String(120), ForeignKey("ai_models.id"))
    accelerator_id: Mapped[str] = mapped_column(String(120), ForeignKey("accelerators.id"))
    precision: Mapped[str] = mapped_column(String(8), info={"choices": SERVING_PRECISIONS})
    accelerators: Mapped[int] = mapped_column(info={"gt": 0})
    input_tokens: Mapped[int] = mapped_column(info={"gt": 0})
    output_tokens: Mapped[int] = mapped_column(info={"gt": 0})
    concurrency: Mapped[int | None] = mapped_column(
        info={"gt": 0, "doc": "fixed batch; empty = maximum load"}
    )
    output_tokens_per_second: Mapped[float] = mapped_column(info={"gt": 0})
    excluded_from_fit: Mapped[str | None] = mapped_column(
        Text, info={"doc": "why the calibration leaves this row out (it is still scored)"}
    )
