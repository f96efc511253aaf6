"""The plan's line items as a FinOps FOCUS cost-and-usage CSV (column names of FOCUS 1.2).

FOCUS, the FinOps Open Cost and Usage Specification (FinOps Foundation, version 1.2,
https://focus.finops.org/; column definitions in the FOCUS_Spec repository under
specification/columns/), names the columns a FinOps tool expects. A plan is a forecast,
not a bill, so each row is one planned line item over one charge period of a year:

* ChargePeriodStart/End and BillingPeriodStart/End: from the export day (UTC midnight)
  to the same day a year later (end exclusive, as FOCUS requires).
* BilledCost = EffectiveCost = ContractedCost = ListCost = the annual cost. The planner
  prices from catalog (list) prices and annualises purchases, so there is neither a
  negotiated discount nor an amortisation difference to show. ListUnitPrice =
  ContractedUnitPrice = the annual cost per PricingUnit.
* ChargeCategory: "Purchase" for owned servers (ChargeFrequency "Recurring": capital is
  annualised over the horizon together with energy, hosting and operations), "Usage" for
  cloud and API lines (ChargeFrequency "Usage-Based").
* PricingCategory: "Dynamic" for spot, "Committed" for 1- and 3-year commitments,
  "Standard" otherwise.
* Commitments: the spec puts "Spend"/"Usage" in CommitmentDiscountCategory (an instance
  reservation commits to a quantity of instance-hours, hence "Usage") and a provider's
  readable label in CommitmentDiscountType ("1-year commitment"); both must be null unless
  CommitmentDiscountId is set, so committed rows carry a planned id (`planned:<venue key>`)
  and CommitmentDiscountStatus "Used".
* RegionId is the cloud region code (empty for owned servers and APIs); RegionName holds
  the jurisdiction (country code) for every row. SubAccountName is the scenario name.
* Columns prefixed `x_` are ours: x_Jurisdiction, x_Term, x_VenueKey, x_Kind, x_PlanStatus,
  and x_WeakestLink: the objectives on which this line's venue sets the plan's weakest link
  (the lowest SEAL of any venue, the framework's gate), e.g. `SOV-5 SEAL 2; SOV-8 SEAL 2`.
* Capital outlay: FOCUS has no column for a one-off purchase beside a recurring charge (its
  costs are all of the charge period, here the annualised year), so the spec's columns keep
  the annual figures and two of ours carry the purchase of owned servers: x_PurchaseUnitPrice
  (the list price of one server, paid once) and x_CapitalOutlay (the servers at list price
  plus the networking share, what the capital budget limits); empty on rented lines, and on
  owned lines of a plan stored before they were recorded.

An outcome without a plan gives one "Adjustment" row of zero cost whose ChargeDescription
states the status and the conflicts, so the file still says why it is empty. Text goes
through `csv_text`, which neutralises spreadsheet formulas. UTF-8 without a byte-order mark.
"""

import csv
import io
from datetime import UTC, date, datetime, time

from planner.exports.common import (
    COMMITTED_TERMS,
    KIND_LABELS,
    Value,
    conflicts_text,
    csv_text,
    currency_of,
    status_line,
    term_label,
)
from planner.results.plan_document import LineItem, PlanDocument, VenueKind

FOCUS_VERSION = "1.2"
FOCUS_COLUMNS = [
    "BilledCost", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd",
    "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
    "ChargePeriodStart", "ChargePeriodEnd",
    "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
    "CommitmentDiscountStatus", "CommitmentDiscountType",
    "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice",
    "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
    "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
    "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
    "ServiceCategory", "ServiceName", "SubAccountName",
]  # fmt: skip
EXTRA_COLUMNS = [
    "x_Jurisdiction", "x_Term", "x_VenueKey", "x_Kind", "x_PlanStatus", "x_WeakestLink",
    "x_PlanProvenOver", "x_PurchaseUnitPrice", "x_CapitalOutlay",
]  # fmt: skip
COLUMNS = FOCUS_COLUMNS + EXTRA_COLUMNS

RESOURCE_TYPES = {
    VenueKind.OWNED: "GPU server",
    VenueKind.CLOUD: "GPU instance",
    VenueKind.API: "Model API",
}
SERVICE_CATEGORIES = {
    VenueKind.OWNED: "Compute",
    VenueKind.CLOUD: "Compute",
    VenueKind.API: "AI and Machine Learning",
}
PRICING_CATEGORIES = {"spot": "Dynamic", "commit_1y": "Committed", "commit_3y": "Committed"}


def _timestamp(day: date) -> str:
    return datetime.combine(day, time(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def charge_period(start: date) -> tuple[str, str]:
    """One year from `start`; 29 February ends on 1 March of the next year."""
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:
        end = date(start.year + 1, 3, 1)
    return _timestamp(start), _timestamp(end)


def _row(item: LineItem, plan: PlanDocument, period: tuple[str, str]) -> dict[str, Value]:
    kind, term = item.kind, item.term
    committed = kind is VenueKind.CLOUD and term in COMMITTED_TERMS
    cost, unit_cost = item.annual_cost, item.unit_cost
    term_text = term_label(term)
    return {
        "BilledCost": cost,
        "BillingCurrency": currency_of(plan),
        "BillingPeriodStart": period[0],
        "BillingPeriodEnd": period[1],
        "ChargeCategory": "Purchase" if kind is VenueKind.OWNED else "Usage",
        "ChargeClass": None,
        "ChargeDescription": f"{item.item} from {item.provider_name} ({term_text}), "
        f"{item.quantity:,.6g} {item.unit} a year",
        "ChargeFrequency": "Recurring" if kind is VenueKind.OWNED else "Usage-Based",
        "ChargePeriodStart": period[0],
        "ChargePeriodEnd": period[1],
        "CommitmentDiscountCategory": "Usage" if committed else None,
        "CommitmentDiscountId": f"planned:{item.venue_key}" if committed else None,
        "CommitmentDiscountName": f"{term_text}: {item.item}" if committed else None,
        "CommitmentDiscountStatus": "Used" if committed else None,
        "CommitmentDiscountType": term_text if committed else None,
        "ConsumedQuantity": item.quantity,
        "ConsumedUnit": item.unit,
        "ContractedCost": cost,
        "ContractedUnitPrice": unit_cost,
        "EffectiveCost": cost,
        "InvoiceIssuerName": item.provider_name,
        "ListCost": cost,
        "ListUnitPrice": unit_cost,
        "PricingCategory": PRICING_CATEGORIES.get(term, "Standard"),
        "PricingQuantity": item.quantity,
        "PricingUnit": item.unit,
        "ProviderName": item.provider_name,
        "PublisherName": item.provider_name,
        "RegionId": item.item.rpartition(" in ")[2] if kind is VenueKind.CLOUD else None,
        "RegionName": item.jurisdiction,
        "ResourceId": item.venue_key,
        "ResourceName": item.item,
        "ResourceType": RESOURCE_TYPES[kind],
        "ServiceCategory": SERVICE_CATEGORIES[kind],
        "ServiceName": KIND_LABELS[kind],
        "SubAccountName": plan.header.scenario_name,
        "x_Jurisdiction": item.jurisdiction,
        "x_Term": term,
        "x_VenueKey": item.venue_key,
        "x_Kind": kind.value,
        "x_PlanStatus": plan.header.status.value,
        "x_WeakestLink": weakest_link_set_by(plan, item.venue_key),
        "x_PlanProvenOver": plan.header.proven_over.value,
        "x_PurchaseUnitPrice": item.purchase_price,
        "x_CapitalOutlay": item.capital_outlay,
    }


def weakest_link_set_by(plan: PlanDocument, venue_key: str) -> str:
    """The objectives on which `venue_key` sets the plan's weakest link, with the level."""
    links = plan.result.scores.weakest_link if plan.result is not None else ()
    return "; ".join(f"{k.objective} SEAL {k.level}" for k in links if k.venue_key == venue_key)


def _no_plan_row(plan: PlanDocument, period: tuple[str, str]) -> dict[str, Value]:
    conflicts = conflicts_text(plan)
    description = status_line(plan) + (f". Conflicts: {conflicts}" if conflicts else "")
    return {
        "BilledCost": 0.0, "BillingCurrency": currency_of(plan),
        "BillingPeriodStart": period[0], "BillingPeriodEnd": period[1],
        "ChargeCategory": "Adjustment", "ChargeDescription": description,
        "ChargeFrequency": "One-Time",
        "ChargePeriodStart": period[0], "ChargePeriodEnd": period[1],
        "ContractedCost": 0.0, "EffectiveCost": 0.0, "ListCost": 0.0,
        "SubAccountName": plan.header.scenario_name, "x_PlanStatus": plan.header.status.value,
        "x_PlanProvenOver": plan.header.proven_over.value,
    }  # fmt: skip


def plan_to_focus_csv(plan: PlanDocument, *, start: date | None = None) -> bytes:
    """One FOCUS row per line item; `start` defaults to today (UTC)."""
    period = charge_period(start or datetime.now(UTC).date())
    if plan.result is not None:
        rows = [_row(item, plan, period) for item in plan.result.line_items]
    else:
        rows = [_no_plan_row(plan, period)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_text(row.get(column)) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")
