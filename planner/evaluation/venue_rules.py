"""The venue part of the rubric (V-rules): from an operator's levels to a venue's levels.

An operator's levels (a catalog row, or the organisation's own by the same rubric,
planner/evaluation/rubric.py) describe the operator only. A venue adds what depends on the
organisation and the deployment: whether it trusts the law over the operator and over the
place the venue runs, whether the model's weights are open and who runs them, and the
accelerator's supply chain. The same rules apply to owned, rented and API venues; only the
facts differ (the operator, the trust, the hardware). Each rule only caps a level or adds the
open-weight step, which is why untrusted law never raises a level and open weights never
lower one. docs/scoring.md states every rule.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from planner.evaluation.plan import VenueKind
from planner.evaluation.rubric import SEAL_MAX

OBJECTIVES: dict[str, str] = {
    "SOV-1": "strategic",
    "SOV-2": "legal & jurisdictional",
    "SOV-3": "data & AI",
    "SOV-4": "operational",
    "SOV-5": "supply chain",
    "SOV-6": "technology",
    "SOV-7": "security & compliance",
    "SOV-8": "environmental",
}

SUPPLY_CHAIN_BY_EXPORT_EXPOSURE: dict[str, int] = {"none": 4, "low": 3, "medium": 2, "high": 1}
"""SOV-5 cap of an accelerator by its export-control exposure (V-6, our judgement), the same
table for owned and rented hardware."""
UNDISCLOSED_ACCELERATOR_EXPOSURE = "medium"
"""An API vendor that does not disclose its accelerators is assumed to serve on the common
data-centre GPUs (H100/H200/B200/MI300X), all of medium exposure in the catalog (V-6)."""
UNTRUSTED_LAW_SEAL = 1
"""Highest legal (SOV-2) level under a law the organisation does not trust (V-1), and highest
data (SOV-3) level where data is processed under such a law (V-2)."""
UNTRUSTED_LOCATION_STRATEGIC_SEAL = 2
"""Highest strategic (SOV-1) level of a venue that runs under a law the organisation does
not trust: that state can order it to cease, whoever operates it (V-9)."""
OPEN_WEIGHT_STEP = 1
"""Levels open weights add on data & AI where the organisation runs them itself (V-4) and on
technology on any venue (V-5)."""
HOSTED_ENDPOINT_TECHNOLOGY_SEAL = 2
"""Highest technology (SOV-6) level of an API's stack: a hosted endpoint is an interface the
vendor controls, even when OpenAI-compatible (V-5)."""
CLOSED_WEIGHTS_TECHNOLOGY_SEAL = 1
"""Technology (SOV-6) level of closed weights on any host: no right to audit, modify or move
them (V-5; the framework's SOV-6 factor on open licences)."""


@dataclass(frozen=True, slots=True)
class VenueLevel:
    """A SEAL level, the rule(s) that set it and why, in words."""

    level: int
    rule: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VenueFacts:
    """What the V-rules read about one venue, relative to the organisation."""

    kind: VenueKind
    operator: Mapping[str, VenueLevel]
    """The operator's own level per objective (catalog row or the organisation's)."""
    operator_law_trusted: bool
    """The organisation trusts the law over the operator's ultimate parent (its own: yes)."""
    location_trusted: bool
    """The organisation trusts the law where the venue runs and data is processed (the
    site, the region, or the API's data zone; GLOBAL never)."""
    location: str
    """Where the venue runs, in words, for the reasons."""
    accelerator_exposure: str | None
    """Export-control exposure of the accelerator; None when the vendor does not disclose."""
    accelerator: str
    """The accelerator's name, or what is assumed, for the reasons."""
    open_weights: bool


class _Level:
    """One objective's level while the rules are applied, with the rules that moved it."""

    def __init__(self, start: VenueLevel) -> None:
        self.level, self.rule, self.reason = start.level, start.rule, start.reason

    def cap(self, limit: int, rule: str, why: str) -> None:
        if limit < self.level:
            self.level, self.rule, self.reason = limit, rule, f"{self.reason.rstrip('.')}; {why}"

    def step_up(self, rule: str, why: str) -> None:
        raised = min(SEAL_MAX, self.level + OPEN_WEIGHT_STEP)
        if raised > self.level:
            self.level, self.rule = raised, f"{self.rule}+{rule}"
            self.reason = f"{self.reason.rstrip('.')}; {why}"

    def done(self) -> VenueLevel:
        return VenueLevel(self.level, self.rule, self.reason)


def compose(facts: VenueFacts) -> dict[str, VenueLevel]:
    """Every objective's level of the venue: the operator's, then the V-rules in order."""
    lv = {objective: _Level(facts.operator[objective]) for objective in OBJECTIVES}
    where = facts.location
    if not facts.location_trusted:
        lv["SOV-1"].cap(UNTRUSTED_LOCATION_STRATEGIC_SEAL, "V-9", f"runs in {where}, untrusted law")
    if not facts.operator_law_trusted:
        lv["SOV-2"].cap(UNTRUSTED_LAW_SEAL, "V-1", "operator's parent under untrusted law")
    if not facts.location_trusted:
        lv["SOV-2"].cap(UNTRUSTED_LAW_SEAL, "V-1", f"runs in {where}, untrusted law")
    self_run = facts.kind is not VenueKind.API
    if facts.open_weights and self_run:
        lv["SOV-3"].step_up("V-4", "open weights run by the organisation")
    if not facts.location_trusted:
        lv["SOV-3"].cap(UNTRUSTED_LAW_SEAL, "V-2", f"data processed in {where}, untrusted")
    lv["SOV-3"].cap(lv["SOV-2"].level, "V-3", "no higher than the venue's legal level")
    exposure = facts.accelerator_exposure or UNDISCLOSED_ACCELERATOR_EXPOSURE
    lv["SOV-5"].cap(
        SUPPLY_CHAIN_BY_EXPORT_EXPOSURE[exposure],
        "V-6",
        f"{facts.accelerator}, {exposure} export-control exposure",
    )
    if not self_run:
        lv["SOV-6"].cap(HOSTED_ENDPOINT_TECHNOLOGY_SEAL, "V-5", "hosted API endpoint")
    if facts.open_weights:
        lv["SOV-6"].step_up("V-5", "open weights")
    else:
        lv["SOV-6"].cap(CLOSED_WEIGHTS_TECHNOLOGY_SEAL, "V-5", "closed weights")
    return {objective: level.done() for objective, level in lv.items()}


VENUE_RULE_IDS: frozenset[str] = frozenset(f"V-{n}" for n in range(1, 10))
"""Every rule of the rubric's venue part (V-8 is the weakest-link report); docs/scoring.md
states each one."""
