"""Every field of a scenario file, declared once.

The TOML reader, its validation messages, the GUI's editors and the field tables of
docs/scenario-format.md are all derived from `FIELDS`; adding a field to the format means
adding one `Field` here (and the attribute it fills in `model.py`, if it is new). Rules that
tie fields together ("either tokens_per_day or requests_per_second_peak") stay explicit code
in `reader.py`.

Every number has a finite range. Where the range is not a rule of the domain (a share is at
most 1), its ends are named limits below: far beyond any real plan, so that a value outside
them is a typing slip, not a very large organisation.
"""

from dataclasses import fields as dataclass_fields
from typing import Any

from planner.capacity.finetune import FineTuneMethod
from planner.capacity.physics import Precision
from planner.evaluation.cost import CostAssumptions
from planner.evaluation.independence import FRAMEWORK_WEIGHTS, OBJECTIVES, SEAL_MAX
from planner.evaluation.lockin import COMPONENT_LABELS, LockInWeights
from planner.scenario.model import DataClass, Objective, OrganisationKind, Policy, Workload
from planner.scenario.model import WorkloadKind as Kind
from planner.scenario.roadmap_fields import ROADMAP, ROADMAP_FIELDS, workload_fields
from planner.scenario.schema import (
    REQUIRED,
    Catalogued,
    Field,
    Range,
    Section,
    Subtable,
    Unit,
    ValueType,
)
from planner.scenario.shocks import EACH, Commitments, CommittedPrices, Shock, ShockKind

MAX_MONEY = 1e12
"""Budgets: a trillion in the scenario's currency, above any national AI programme."""
MIN_HORIZON_YEARS = 0.25
"""A quarter: the capital recovery factor grows without bound as the period shrinks (a
horizon of 1e-300 years divided by zero), and a shorter plan buys no server."""
MAX_HORIZON_YEARS = 50.0
"""Longer than any server or data-centre lease lives."""
MAX_POWER_KW = 1e7
"""Ten gigawatts at one site, several times the largest campus announced."""
MAX_SURCHARGE = 10.0
"""A surcharge of 10 counts spend at ten times (or more) its price: steering, not pricing."""
MIN_TOKENS = 1.0
"""One token (a day, or a fine-tuning run): less is no workload, and a share of a token
underflows the cost per token derived from it."""
MAX_TOKENS_PER_DAY = 1e14
"""A hundred trillion tokens a day: well above a national service for every citizen."""
MIN_REQUESTS_PER_SECOND = 0.001
"""One request every 1,000 seconds at the peak: at least 1.7 tokens a day (MIN_TOKENS) for
the shortest request (two tokens) at the largest peak factor."""
MAX_REQUESTS_PER_SECOND = 1e7
"""Ten million requests a second at the peak."""
MAX_PEAK_FACTOR = 100.0
"""Peak a hundred times the average day."""
MAX_INPUT_TOKENS = 10_000_000
"""The longest context windows offered (10 million tokens)."""
MAX_OUTPUT_TOKENS = 1_000_000
"""A million generated tokens in one answer."""
MAX_LATENCY_MS = 600_000.0
"""Ten minutes; a target beyond that is no latency target."""
MAX_DATA_GB = 1e9
"""An exabyte kept at one venue."""
MAX_TOKENS_PER_RUN = 1e14
"""A hundred trillion training tokens per run, above any published pre-training run."""
MAX_RUNS_PER_YEAR = 10_000.0
"""More than one fine-tuning run an hour, all year."""
MIN_RUNS_PER_YEAR = 1 / MAX_HORIZON_YEARS
"""One fine-tuning run over the longest horizon."""

POSITIVE_SHARE = Range(0, 1, low_open=True)
SHARE = Range(0, 1)
POINTS = Range(0, 100)
INFERENCE = frozenset({Kind.INTERACTIVE, Kind.BATCH, Kind.EMBEDDING})
FINE_TUNING = frozenset({Kind.FINE_TUNING})


def _defaults(cls: type) -> dict[str, Any]:
    """The defaults a dataclass declares, so the table repeats none of them."""
    return {f.name: f.default for f in dataclass_fields(cls)}


COSTS = CostAssumptions()
POLICY = _defaults(Policy)
WORKLOAD = _defaults(Workload)
SHOCK = _defaults(Shock)
LOCK_IN = LockInWeights()

SCENARIO = Section("", "Scenario")
ORGANISATION = Section("organisation", "Organisation")
ASSUMPTIONS = Section("assumptions", "Cost assumptions")
SITES = Section("sites", "Sites", entry="Site", naming_key="site")
POLICY_SECTION = Section("policy", "Policy")
WEIGHTS = Section("weights", "Score weights")
WORKLOADS = Section("workloads", "Workloads", entry="Workload", naming_key="id")
SHOCKS = Section("shocks", "Shocks", entry="Shock", naming_key="name")
REQUEST_CLASSES = Section(
    "request_classes", "Request classes", entry="Request class", within=WORKLOADS
)
SECTIONS = (
    SCENARIO, ORGANISATION, ASSUMPTIONS, SITES, POLICY_SECTION, WEIGHTS, WORKLOADS,
    REQUEST_CLASSES, SHOCKS, ROADMAP,
)  # fmt: skip
MAX_REQUEST_CLASSES = 50
"""Request classes per workload: each is its own row of demand with its own options, so the
problem grows with them; fifty bins resolve any published request-length distribution."""
SHARE_SUM_TOLERANCE = 0.001
"""How far the classes' shares may sum from 1: shares written to three decimals (a third
as 0.333) still add up; the reader then scales them to sum to exactly 1."""

SEAL_FLOORS = Subtable(
    "min_seal",
    "SEAL floors",
    "objective",
    "Minimum SEAL level per objective; replaces the data class's floor for that objective.",
)
INDEPENDENCE_WEIGHTS = Subtable(
    "independence",
    "Independence weights",
    "weight",
    "Weights of the Cloud Sovereignty Framework's objectives in the independence score.",
    sums_to=1.0,
)
LOCK_IN_WEIGHTS = Subtable(
    "lock_in",
    "Lock-in weights",
    "weight",
    "Weights of the components of the lock-in score.",
    sums_to=1.0,
)

_SCENARIO = (
    Field(SCENARIO, "name", ValueType.TEXT, "Scenario name",
          "Title shown in reports and in the list of saved scenarios.",
          default=None, default_text="the organisation's name", example="Hedged hybrid"),
)  # fmt: skip

_ORGANISATION = (
    Field(ORGANISATION, "name", ValueType.TEXT, "Organisation",
          "The organisation planning.", default="Organisation", example="Example Bank AG"),
    Field(ORGANISATION, "kind", ValueType.TEXT, "Kind of organisation",
          "Descriptive only; it does not change the plan.", choices=OrganisationKind,
          default=OrganisationKind.OTHER, example=OrganisationKind.BANK, attribute="kind"),
    Field(ORGANISATION, "home_jurisdiction", ValueType.TEXT, "Home jurisdiction",
          "The country whose law the organisation lives under (ISO 3166 code, e.g. DE).",
          choices=Catalogued.COUNTRY, default=REQUIRED, example="DE"),
    Field(ORGANISATION, "trusted_jurisdictions", ValueType.TEXT_LIST, "Trusted jurisdictions",
          "Further countries, or EU (the 27 member states) or EEA (EU plus IS, LI, NO), whose "
          "law it accepts for its data and operators.",
          choices=Catalogued.JURISDICTION, default=(), example=("EU", "CH")),
    Field(ORGANISATION, "currency", ValueType.TEXT, "Currency",
          "Every cost and budget is in this currency.", choices=Catalogued.CURRENCY,
          default=COSTS.currency, example="CHF", attribute="assumptions.currency"),
    Field(ORGANISATION, "horizon_years", ValueType.NUMBER, "Planning horizon",
          "Servers are paid off over at most this period; commitments longer than it are "
          "paid in full.", Unit.YEARS, COSTS.horizon_years,
          Range(MIN_HORIZON_YEARS, MAX_HORIZON_YEARS), example=3.0,
          attribute="assumptions.horizon_years"),
    Field(ORGANISATION, "discount_rate", ValueType.NUMBER, "Discount rate",
          "Yearly rate for the capital annuity of owned servers (0.07 is 7 %).",
          Unit.SHARE_PER_YEAR, COSTS.discount_rate, Range(0, 1, high_open=True), example=0.04,
          attribute="assumptions.discount_rate"),
    Field(ORGANISATION, "annual_budget", ValueType.NUMBER, "Annual budget",
          "The plan's total annual cost may not exceed it; empty: no budget.",
          Unit.MONEY_PER_YEAR, None, Range(0, MAX_MONEY, low_open=True), example=6_000_000.0,
          attribute="annual_budget"),
    Field(ORGANISATION, "capex_budget", ValueType.NUMBER, "Capital budget",
          "The purchase price of the servers bought (networking included) may not exceed "
          "it; empty: no limit.", Unit.MONEY, None, Range(0, MAX_MONEY, low_open=True),
          example=4_000_000.0, attribute="capex_budget"),
)  # fmt: skip

_ASSUMPTIONS = (
    Field(ASSUMPTIONS, "networking_capex_share", ValueType.NUMBER, "Networking share",
          "Cluster networking (NICs, switches, optics, cabling) as a share of server capex.",
          Unit.SHARE, COSTS.networking_capex_share, SHARE, example=0.2),
    Field(ASSUMPTIONS, "operations_share_of_capex_per_year", ValueType.NUMBER,
          "Operations per year",
          "Support contracts, spares and staff time per year, as a share of server capex.",
          Unit.SHARE_PER_YEAR, COSTS.operations_share_of_capex_per_year, SHARE, example=0.1),
    Field(ASSUMPTIONS, "average_power_fraction", ValueType.NUMBER, "Average power draw",
          "Average draw as a share of a server's maximum power (energy cost only; 1 is "
          "conservative).", Unit.SHARE, COSTS.average_power_fraction, SHARE, example=0.7),
)  # fmt: skip

_SITES = (
    Field(SITES, "site", ValueType.TEXT, "Site",
          "A catalog site where the organisation may host servers it buys.",
          choices=Catalogued.SITE, default=REQUIRED, example="de-frankfurt-colo",
          attribute="site_id"),
    Field(SITES, "power_limit_kw", ValueType.NUMBER, "Power limit",
          "Servers at the site may draw at most this much (each at its catalog maximum "
          "power, host included); empty: no limit.", Unit.KILOWATTS, None,
          Range(0, MAX_POWER_KW), example=120.0, column="Power limit (kW)"),
)  # fmt: skip

_POLICY = (
    Field(POLICY_SECTION, "max_provider_share", ValueType.NUMBER,
          "Max share per provider group",
          "No provider group (providers with one ultimate parent) may take more than this "
          "share of annual spend; owned servers belong to no group (DORA concentration).",
          Unit.SHARE, POLICY["max_provider_share"], POSITIVE_SHARE, example=0.6),
    Field(POLICY_SECTION, "survive_provider_loss", ValueType.FLAG,
          "Survive a provider loss",
          "Every critical workload keeps enough standby capacity outside each provider group "
          "it uses to carry all its demand if that group is lost.",
          default=POLICY["survive_provider_loss"], example=True),
    Field(POLICY_SECTION, "survive_site_loss", ValueType.FLAG,
          "Survive a site loss",
          "Every critical workload keeps enough standby capacity away from each of the "
          "organisation's sites it uses (at another site, in a cloud or an API) to carry all "
          "its demand if that site is lost. The loss of one owned server is always survived "
          "(N+1).",
          default=POLICY["survive_site_loss"], example=True),
    Field(POLICY_SECTION, "allowed_providers", ValueType.TEXT_LIST, "Allowed providers",
          "If not empty, only these providers' cloud and API offers are used (owned servers "
          "are unaffected).", choices=Catalogued.PROVIDER, default=(), example=("ovhcloud",)),
    Field(POLICY_SECTION, "excluded_providers", ValueType.TEXT_LIST, "Excluded providers",
          "Providers never used.", choices=Catalogued.PROVIDER, default=(),
          example=("deepseek",)),
    Field(POLICY_SECTION, "excluded_models", ValueType.TEXT_LIST, "Excluded models",
          "Models never used.", choices=Catalogued.AI_MODEL, default=(),
          example=("deepseek-r1",)),
    Field(POLICY_SECTION, "excluded_accelerator_vendors", ValueType.TEXT_LIST,
          "Excluded accelerator vendors",
          "Their servers and cloud instances are never used.",
          choices=Catalogued.ACCELERATOR_VENDOR, default=(), example=("Huawei",)),
    Field(POLICY_SECTION, "allowed_precisions", ValueType.TEXT_LIST, "Allowed precisions",
          "If not empty, self-hosted models are served only at these weight precisions; "
          "empty: every precision the hardware supports, and the optimiser chooses. Lower "
          "precisions serve more tokens per accelerator and may cost quality "
          "(docs/capacity.md).", choices=Precision, default=(),
          example=(Precision.BF16, Precision.FP8)),
    Field(POLICY_SECTION, "min_independence", ValueType.NUMBER, "Minimum independence",
          "The plan's independence score (spend-weighted, exact) must be at least this; "
          "empty: no floor.", Unit.POINTS, POLICY["min_independence"], POINTS, example=50.0),
    Field(POLICY_SECTION, "max_lock_in", ValueType.NUMBER, "Maximum lock-in",
          "The plan's lock-in score may be at most this (the optimiser bounds a linear "
          "stand-in never below the true score); empty: no cap.", Unit.POINTS,
          POLICY["max_lock_in"], POINTS, example=40.0),
    Field(POLICY_SECTION, "objective", ValueType.TEXT, "Objective",
          "cost: the cheapest plan; weighted: cost plus surcharges; lexicographic: the "
          "cheapest, then the most independent within the cost slack.", choices=Objective,
          default=POLICY["objective"], example=Objective.LEXICOGRAPHIC),
    Field(POLICY_SECTION, "cost_slack", ValueType.NUMBER, "Cost slack",
          "Lexicographic objective: the cost increase accepted for more independence "
          "(0.05 is 5 %).", Unit.SHARE, POLICY["cost_slack"], SHARE, example=0.1),
    Field(POLICY_SECTION, "independence_surcharge", ValueType.NUMBER, "Independence surcharge",
          "Weighted objective: extra cost per unit of spend per 100 points of missing "
          "independence.", Unit.TIMES, POLICY["independence_surcharge"],
          Range(0, MAX_SURCHARGE), example=0.5),
    Field(POLICY_SECTION, "lock_in_surcharge", ValueType.NUMBER, "Lock-in surcharge",
          "Weighted objective: extra cost per unit of lock-in-prone spend (closed models, "
          "commitments, exit cost).", Unit.TIMES, POLICY["lock_in_surcharge"],
          Range(0, MAX_SURCHARGE), example=0.3),
    Field(POLICY_SECTION, "must_survive", ValueType.TEXT_LIST, "Must survive",
          "Shocks the plan must survive: for each, what it buys (servers, commitments) admits "
          "a recovery that serves every workload the shocked world can serve within the "
          "budget and the other limits. Shock names from the shipped library or the "
          f"scenario's [[shocks]]; a template's name or `<template>:{EACH}` for each provider "
          "group (or closed model) the plan could use, `<template>:<id>` for one "
          "(docs/stress.md).", default=POLICY["must_survive"],
          example=("provider-exit:*", "legal-reach:US")),
)  # fmt: skip

_WEIGHTS = (
    *(
        Field(WEIGHTS, objective, ValueType.NUMBER, f"{objective} {name}",
              f"Weight of objective {objective} ({name}) in the independence score.",
              Unit.WEIGHT, FRAMEWORK_WEIGHTS[objective], SHARE, subtable=INDEPENDENCE_WEIGHTS,
              example=0.3)
        for objective, name in OBJECTIVES.items()
    ),
    *(
        Field(WEIGHTS, component, ValueType.NUMBER, label.capitalize(),
              f"Weight of {label} in the lock-in score.", Unit.WEIGHT,
              getattr(LOCK_IN, component), SHARE, subtable=LOCK_IN_WEIGHTS, example=0.3)
        for component, label in COMPONENT_LABELS.items()
    ),
)  # fmt: skip

_WORKLOADS = (
    Field(WORKLOADS, "id", ValueType.TEXT, "Id", "A short name, unique among the workloads.",
          default=REQUIRED, example="staff-assistant"),
    Field(WORKLOADS, "kind", ValueType.TEXT, "Kind",
          "interactive and batch are served by chat models, embedding by embedding models; "
          "fine_tuning trains an open-weight model on owned or rented servers.",
          choices=Kind, default=REQUIRED, example=Kind.BATCH),
    Field(WORKLOADS, "tokens_per_day", ValueType.NUMBER, "Tokens per day",
          "Input plus output tokens on an average day; give this or requests per second at "
          "the peak.", Unit.TOKENS_PER_DAY, None, Range(MIN_TOKENS, MAX_TOKENS_PER_DAY),
          example=380_000_000.0, column="Tokens/day", kinds=INFERENCE, default_text="—"),
    Field(WORKLOADS, "requests_per_second_peak", ValueType.NUMBER,
          "Requests per second at peak",
          "Requests per second at the peak, instead of tokens per day.",
          Unit.REQUESTS_PER_SECOND, None, Range(MIN_REQUESTS_PER_SECOND, MAX_REQUESTS_PER_SECOND),
          example=12.5, column="Requests/s", kinds=INFERENCE, default_text="—"),
    Field(WORKLOADS, "peak_factor", ValueType.NUMBER, "Peak factor",
          "Peak demand over average demand; capacity is sized for the peak.", Unit.TIMES,
          WORKLOAD["peak_factor"], Range(1, MAX_PEAK_FACTOR), example=3.0, column="Peak ×",
          kinds=INFERENCE),
    Field(WORKLOADS, "input_tokens", ValueType.WHOLE, "Input tokens per request",
          "Prompt tokens per request.", Unit.TOKENS, 1000, Range(1, MAX_INPUT_TOKENS),
          example=1500, column="In tokens", kinds=INFERENCE),
    Field(WORKLOADS, "output_tokens", ValueType.WHOLE, "Output tokens per request",
          "Generated tokens per request; exactly 1 for embedding (one vector).", Unit.TOKENS,
          200, Range(1, MAX_OUTPUT_TOKENS), example=400, column="Out tokens",
          kinds=INFERENCE, default_text="200 (1 for embedding)"),
    Field(WORKLOADS, "request_histogram", ValueType.TEXT, "Request-size histogram",
          "A CSV file with columns input_tokens,output_tokens,share, one row per request "
          "class (as `request_classes`); a relative path starts at the scenario file's "
          "folder.", default=WORKLOAD["request_histogram"], example="kyc-request-sizes.csv",
          column="Histogram", kinds=INFERENCE),
    Field(WORKLOADS, "tpot_ms", ValueType.NUMBER, "Time per output token",
          "Largest time per output token; self-hosted options that miss it are dropped.",
          Unit.MILLISECONDS, WORKLOAD["tpot_ms"], Range(0, MAX_LATENCY_MS, low_open=True),
          example=60.0, column="TPOT (ms)", kinds=INFERENCE),
    Field(WORKLOADS, "ttft_ms", ValueType.NUMBER, "Time to first token",
          "Largest time to first token; likewise (APIs are not checked against either).",
          Unit.MILLISECONDS, WORKLOAD["ttft_ms"], Range(0, MAX_LATENCY_MS, low_open=True),
          example=3000.0, column="TTFT (ms)", kinds=INFERENCE),
    Field(WORKLOADS, "min_quality", ValueType.NUMBER, "Minimum quality",
          "Models scoring below it, or without a score, are dropped (MMLU-Pro % for chat "
          "models, MTEB average for embedding models).", Unit.POINTS,
          WORKLOAD["min_quality"], POINTS, example=65.0, column="Min quality"),
    Field(WORKLOADS, "data_class", ValueType.TEXT, "Data class",
          "Sets the default SEAL floors (see below).", choices=DataClass,
          default=WORKLOAD["data_class"], example=DataClass.SECRET),
    *(
        Field(WORKLOADS, objective, ValueType.WHOLE, f"{objective} {name}",
              f"Minimum SEAL level on {objective} ({name}); empty: the data class's floor.",
              Unit.SEAL_LEVEL, None, Range(0, SEAL_MAX), subtable=SEAL_FLOORS, example=3)
        for objective, name in OBJECTIVES.items()
    ),
    Field(WORKLOADS, "critical", ValueType.FLAG, "Critical",
          "Never on spot capacity; on owned servers it survives the loss of any one server "
          "(N+1); with survive_provider_loss (survive_site_loss), hedged across provider "
          "groups (sites).",
          default=WORKLOAD["critical"], example=True),
    Field(WORKLOADS, "data_gb", ValueType.NUMBER, "Data kept at the venue",
          "Data the workload keeps where it runs (documents, indexes); leaving costs egress, "
          "counted in lock-in's exit cost.", Unit.GIGABYTES, WORKLOAD["data_gb"],
          Range(0, MAX_DATA_GB), example=200.0, column="Data (GB)"),
    Field(WORKLOADS, "tokens_per_run", ValueType.NUMBER, "Training tokens per run",
          "Fine-tuning: training tokens per run.", Unit.TOKENS, WORKLOAD["tokens_per_run"],
          Range(MIN_TOKENS, MAX_TOKENS_PER_RUN, or_zero=True), example=200_000_000.0,
          column="Tokens/run",
          kinds=FINE_TUNING),
    Field(WORKLOADS, "runs_per_year", ValueType.NUMBER, "Runs per year",
          "Fine-tuning: runs per year.", Unit.RUNS_PER_YEAR, WORKLOAD["runs_per_year"],
          Range(MIN_RUNS_PER_YEAR, MAX_RUNS_PER_YEAR, or_zero=True), example=4.0,
          column="Runs/year", kinds=FINE_TUNING),
    Field(WORKLOADS, "method", ValueType.TEXT, "Fine-tuning method",
          "lora trains small adapters on frozen weights; full trains every weight (1.5 × "
          "the compute, 8 × the memory).", choices=FineTuneMethod, default=WORKLOAD["method"],
          example=FineTuneMethod.FULL, column="Method", kinds=FINE_TUNING),
    *workload_fields(WORKLOADS, WORKLOAD["start_year"]),
)  # fmt: skip

_REQUEST_CLASSES = (
    Field(REQUEST_CLASSES, "input_tokens", ValueType.WHOLE, "Input tokens per request",
          "Prompt tokens of the requests in this class.", Unit.TOKENS, REQUIRED,
          Range(1, MAX_INPUT_TOKENS), example=8000, column="In tokens",
          attribute="request_classes.input_tokens"),
    Field(REQUEST_CLASSES, "output_tokens", ValueType.WHOLE, "Output tokens per request",
          "Generated tokens of the requests in this class (1 for embedding).", Unit.TOKENS,
          REQUIRED, Range(1, MAX_OUTPUT_TOKENS), example=500, column="Out tokens",
          attribute="request_classes.output_tokens"),
    Field(REQUEST_CLASSES, "share", ValueType.NUMBER, "Share of requests",
          "The class's share of the workload's requests; the shares of a workload's classes "
          "add up to 1.", Unit.SHARE, REQUIRED, POSITIVE_SHARE, example=0.3, column="Share",
          attribute="request_classes.share"),
)  # fmt: skip

MAX_NOTICE_MONTHS = 120.0
"""Ten years' notice: longer than any contract term or model lifetime."""
PRICE_CHANGE = Range(-0.9, 10.0)
"""A price may fall by up to 90 % or rise up to elevenfold; beyond is a typing slip."""
MAX_TPP = 1e7
"""A thousand times the TPP of the fastest accelerator in the catalog."""
EXIT = frozenset({ShockKind.PROVIDER_EXIT})
PRICE = frozenset({ShockKind.PRICE_SHOCK})
_SHOCKS = (
    Field(SHOCKS, "name", ValueType.TEXT, "Name",
          "A short name, unique among the shocks; `sovplan stress --shock NAME` picks it.",
          default=REQUIRED, example="hyperscaler-exit"),
    Field(SHOCKS, "kind", ValueType.TEXT, "Kind",
          "What changes: a provider leaves, prices move, a model is retired, an embargo, a "
          "foreign law's reach, an exchange rate, no spot capacity (docs/stress.md).",
          choices=ShockKind, default=REQUIRED, example=ShockKind.PRICE_SHOCK),
    Field(SHOCKS, "description", ValueType.TEXT, "Description",
          "The shock in plain words, as a board would read it.", default=SHOCK["description"],
          example="Our hyperscaler closes our account overnight."),
    Field(SHOCKS, "provider", ValueType.TEXT, "Provider",
          f"A provider id from the catalog, standing for its whole legal group; `{EACH}` for "
          "each provider group the plan uses, one at a time (provider exits).",
          default=SHOCK["provider"], example="aws", kinds=EXIT | PRICE),
    Field(SHOCKS, "jurisdiction", ValueType.TEXT, "Jurisdiction",
          "Providers whose ultimate parent is under this country's law.",
          choices=Catalogued.COUNTRY, default=SHOCK["jurisdiction"], example="US",
          kinds=PRICE | {ShockKind.LEGAL_REACH}),
    Field(SHOCKS, "accelerator_vendor", ValueType.TEXT, "Accelerator vendor",
          "Servers and cloud instances with this vendor's accelerators.",
          choices=Catalogued.ACCELERATOR_VENDOR, default=SHOCK["accelerator_vendor"],
          example="NVIDIA", kinds=PRICE | {ShockKind.EMBARGO}),
    Field(SHOCKS, "vendor_country", ValueType.TEXT, "Vendor country",
          "Accelerators of every vendor from this country (an export rule's origin).",
          choices=Catalogued.COUNTRY, default=SHOCK["vendor_country"], example="US",
          kinds=frozenset({ShockKind.EMBARGO})),
    Field(SHOCKS, "apis", ValueType.FLAG, "Model APIs",
          "Every model API (with other selectors: those of them that match).",
          default=SHOCK["apis"], example=True, kinds=PRICE),
    Field(SHOCKS, "model", ValueType.TEXT, "Model",
          f"A model id from the catalog whose API offers are withdrawn; `{EACH}` for each "
          "closed model the plan uses, one at a time.", default=SHOCK["model"],
          example="gpt-4o", kinds=frozenset({ShockKind.MODEL_RETIREMENT})),
    Field(SHOCKS, "currency", ValueType.TEXT, "Currency",
          "The currency whose exchange rate moves against every other.",
          choices=Catalogued.CURRENCY, default=SHOCK["currency"], example="USD",
          kinds=frozenset({ShockKind.FX_SHOCK})),
    Field(SHOCKS, "change", ValueType.NUMBER, "Change",
          "Price shock: the change of the selected prices; FX shock: how much more of every "
          "other currency one unit buys.", Unit.CHANGE, SHOCK["change"], PRICE_CHANGE,
          example=0.3, kinds=PRICE | {ShockKind.FX_SHOCK}),
    Field(SHOCKS, "notice_months", ValueType.NUMBER, "Notice",
          "How long before the shock strikes it is announced; work moved within the notice "
          "suffers no outage.", Unit.MONTHS, SHOCK["notice_months"],
          Range(0, MAX_NOTICE_MONTHS), example=6.0,
          kinds=EXIT | {ShockKind.MODEL_RETIREMENT}),
    Field(SHOCKS, "commitments", ValueType.TEXT, "Commitments",
          "lost: still owed for their term with nothing delivered; refunded: nothing more "
          "is owed.", choices=Commitments, default=SHOCK["commitments"],
          example=Commitments.REFUNDED, kinds=EXIT),
    Field(SHOCKS, "committed_prices", ValueType.TEXT, "Committed prices",
          "at_renewal: prices committed for a term hold until it ends; now: they change at "
          "once.", choices=CommittedPrices, default=SHOCK["committed_prices"],
          example=CommittedPrices.NOW, kinds=PRICE),
    Field(SHOCKS, "min_tpp", ValueType.NUMBER, "Minimum TPP",
          "Only accelerators with at least this total processing performance (TPP = 16 × "
          "dense BF16 TFLOPS; 4,800 is the US rule's threshold); empty: every one.",
          Unit.TPP, SHOCK["min_tpp"], Range(0, MAX_TPP), example=4800.0,
          kinds=frozenset({ShockKind.EMBARGO})),
    Field(SHOCKS, "countries", ValueType.TEXT_LIST, "Countries",
          "Where the embargo applies (sites in these countries buy no new accelerators); "
          "empty: the organisation's home country.", choices=Catalogued.JURISDICTION,
          default=SHOCK["countries"], example=("EU",), kinds=frozenset({ShockKind.EMBARGO})),
    Field(SHOCKS, "above", ValueType.TEXT, "Allowed up to",
          "The reached providers may keep data up to this class; workloads with data above "
          "it must leave them.", choices=DataClass, default=SHOCK["above"],
          example=DataClass.PUBLIC, kinds=frozenset({ShockKind.LEGAL_REACH})),
)  # fmt: skip

FIELDS: tuple[Field, ...] = (
    *_SCENARIO,
    *_ORGANISATION,
    *_ASSUMPTIONS,
    *_SITES,
    *_POLICY,
    *_WEIGHTS,
    *_WORKLOADS,
    *_REQUEST_CLASSES,
    *_SHOCKS,
    *ROADMAP_FIELDS,
)
"""Every field of the format, in the order of the docs and the GUI."""


def fields_of(section: Section) -> tuple[Field, ...]:
    return tuple(f for f in FIELDS if f.section == section)
