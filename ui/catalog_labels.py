"""How the catalog view names tables and columns, and how it writes prices.

The catalog's tables and columns keep their file names (`cloud_offers`,
`price_per_instance_hour`), which the CSV import and export use; the view shows a person's
label with the unit, and keeps the file name in the header's tooltip. A price column shows
every row with the same number of decimals, enough for its finest price.
"""

from collections.abc import Iterable

TABLE_LABELS: dict[str, str] = {
    "sources": "Sources",
    "fx_rates": "Exchange rates",
    "accelerators": "Accelerators (GPUs and AI chips)",
    "server_skus": "Servers to buy",
    "providers": "Providers",
    "sovereignty_assessments": "Sovereignty assessments (SEAL levels)",
    "regions": "Regions",
    "cloud_offers": "Cloud offers (instances to rent)",
    "ai_models": "AI models",
    "api_offers": "API offers (models by the token)",
    "sites": "Own sites",
    "serving_efficiency": "Serving efficiency",
    "serving_benchmarks": "Serving benchmarks",
    "price_books": "Price books",
    "price_book_entries": "Price book entries",
    "serving_profiles": "Measured serving profiles",
}
"""Each catalog table by what it holds, in the order the table list offers them."""

IN_ROW_CURRENCY = "in its currency"
WRAP_FROM_CHARS = 16
"""A header label longer than this goes on two lines, so the column need not be wider."""
COLUMN_LABELS: dict[str, str] = {
    "id": "Id",
    "as_of": "As of (date)",
    "source_id": "Source",
    "quality_source_id": "Quality source",
    "usd_per_unit": "US dollars per unit (USD)",
    "memory_gb": "Memory (GB)",
    "mem_bandwidth_tbps": "Memory bandwidth (TB/s)",
    "bf16_dense_tflops": "BF16 dense (TFLOPS)",
    "fp8_dense_tflops": "FP8 dense (TFLOPS)",
    "int8_dense_tops": "INT8 dense (TOPS)",
    "fp4_dense_tflops": "FP4 dense (TFLOPS)",
    "interconnect_gb_per_s": "Interconnect (GB/s)",
    "tdp_w": "Power, TDP (W)",
    "unit_price": f"Unit price ({IN_ROW_CURRENCY})",
    "effective_unit_price": f"Effective unit price ({IN_ROW_CURRENCY})",
    "price_currency": "Currency",
    "power_kw": "Power (kW)",
    "rack_units": "Rack units (U)",
    "lead_time_weeks": "Lead time (weeks)",
    "useful_life_years": "Useful life (years)",
    "hq_country": "Headquarters country",
    "egress_price_per_gb": "Egress price per GB (egress currency)",
    "eucs_level": "EUCS level",
    "gaia_x_label": "Gaia-X label",
    "bsi_c5": "BSI C5",
    "secnumcloud": "SecNumCloud",
    "seal_level": "SEAL level (0–4)",
    "is_own_judgement": "Own judgement",
    "price_per_instance_hour": f"Price per instance-hour ({IN_ROW_CURRENCY})",
    "effective_price_per_instance_hour": f"Effective price per instance-hour ({IN_ROW_CURRENCY})",
    "total_params_b": "Total parameters (billions)",
    "active_params_b": "Active parameters (billions)",
    "context_tokens": "Context (tokens)",
    "input_price_per_mtok": f"Input price per million tokens ({IN_ROW_CURRENCY})",
    "output_price_per_mtok": f"Output price per million tokens ({IN_ROW_CURRENCY})",
    "effective_input_price_per_mtok": f"Effective input price per million tokens "
    f"({IN_ROW_CURRENCY})",
    "effective_output_price_per_mtok": f"Effective output price per million tokens "
    f"({IN_ROW_CURRENCY})",
    "effective_currency": "Effective currency",
    "price_basis": "Price basis",
    "electricity_price_per_kwh": f"Electricity price per kWh ({IN_ROW_CURRENCY})",
    "colocation_price_per_kw_month": f"Colocation price per kW-month ({IN_ROW_CURRENCY})",
    "pue": "PUE (power usage effectiveness)",
    "step_overhead_us_per_layer": "Step overhead per layer (µs)",
    "output_tokens_per_second": "Output tokens per second",
    "requests_per_second": "Requests per second",
    "tpot_ms": "Time per output token (ms)",
    "ttft_ms": "Time to first token (ms)",
    "discount_fraction": "Discount (fraction of list price)",
    "kv_heads": "KV heads",
    "head_dim": "Head dimension",
    "ai_model_id": "AI model",
    "accelerator_id": "Accelerator",
    "provider_id": "Provider",
    "region_id": "Region",
    "price_book_id": "Price book",
    "oem": "OEM",
}
"""Labels where the file name does not read well by itself, or has a unit to name."""

PRICE_MIN_DECIMALS, PRICE_MAX_DECIMALS = 2, 4
"""A price shows at least cents and at most four decimals (API prices per million tokens
go down to USD 0.0x; a GPU-hour to the cent or a tenth of it)."""


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table.replace("_", " ").capitalize())


def column_label(column: str) -> str:
    """A column by a person's name, with its unit where it has one."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    words = column.replace("_", " ")
    return words[:1].upper() + words[1:]


def header_text(column: str) -> str:
    """The column's label as its header shows it: a long one on two lines, at a space."""
    label = column_label(column)
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    if len(label) <= WRAP_FROM_CHARS or not spaces:
        return label
    middle = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return f"{label[:middle]}\n{label[middle + 1 :]}"


def is_price(column: str) -> bool:
    return "price" in column and not column.endswith(("_id", "currency", "basis"))


def price_decimals(values: Iterable[object]) -> int:
    """The decimals a price column shows: as many as its finest price needs, within limits."""
    needed = PRICE_MIN_DECIMALS
    for value in values:
        if isinstance(value, float | int) and not isinstance(value, bool):
            text = f"{float(value):.{PRICE_MAX_DECIMALS}f}".rstrip("0")
            needed = max(needed, len(text.split(".")[1]) if "." in text else 0)
    return min(needed, PRICE_MAX_DECIMALS)
