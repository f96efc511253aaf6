"""The SEAL rubric: the rules that turn an operator's observable facts into SEAL levels.

The Commission's Cloud Sovereignty Framework defines the objectives, their weights and what
each SEAL means, but not which fact gives which level. These rules decide it, and they are the
same for every operator: a cloud provider, a model-API vendor, and the organisation itself
running its own servers (`OWN_OPERATOR`). A level is the minimum over every rule whose condition
holds (R-GEN-1, the framework's "material weaknesses … lower the overall assurance level"); the
rule that binds is kept with the level, so a catalog row names the rule it follows and a test
can apply the rubric to every provider. The rules are written out, with which parts are the
framework's text and which our judgement, in docs/scoring.md.

The model layer, the accelerator and the organisation's trusted jurisdictions are not part of
an operator's levels: planner/evaluation/venue_rules.py adds them, alike for owned, rented and
API venues.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

SEAL_MAX = 4
SEAL_MIN = 0

PUE_SEAL_BANDS: tuple[tuple[float, int], ...] = ((1.2, 4), (1.4, 3), (1.6, 2))
"""SOV-8 by annualised PUE (R-SOV8-a): ≤ 1.2 → 4, ≤ 1.4 → 3, ≤ 1.6 → 2, above → 1 (our
judgement; the framework names "low PUE" without thresholds)."""
PUE_ABOVE_BANDS_SEAL = 1
UNDISCLOSED_PUE = 1.54
"""PUE assumed where none is published (R-SOV8-b): the Uptime Institute's 2025 global survey
average, the figure the catalog's colocation sites carry too, so not measuring never pays."""


class Control(StrEnum):
    """Who controls the operator (SOV-1, SOV-2)."""

    NON_EU_NO_EU_ENTITY = "non_eu_no_eu_entity"
    """Controlled outside the EU and no EU contracting or operating entity."""
    NON_EU = "non_eu"
    """Ultimate parent (majority or decisive influence) outside the EU/EEA."""
    NON_EU_EU_BLOCKING = "non_eu_eu_blocking"
    """Non-EU ultimate parent, but an EU shareholder holds a binding blocking minority."""
    EU_UNVERIFIED = "eu_unverified"
    """EU-headquartered; ownership not evidenced (R-GEN-2 treats it as the less favourable)."""
    EU_UNASSURED = "eu_unassured"
    """EU-controlled, without structural assurance against a change of control."""
    EU_ASSURED = "eu_assured"
    """EU control evidenced and structurally assured (family, founder, foundation, state)."""


class DataResidency(StrEnum):
    """Where the operator contractually stores and processes data (SOV-3)."""

    EU_ONLY = "eu_only"
    EU_NOT_GUARANTEED = "eu_not_guaranteed"
    NO_EU = "no_eu"


class Operations(StrEnum):
    """Who runs and supports the service (SOV-4)."""

    NON_EU = "non_eu"
    EU_RESIDENT_NON_EU_CONTROL = "eu_resident_non_eu_control"
    PARTLY_NON_EU = "partly_non_eu"
    EU = "eu"
    """EU operations and support; with GPU firmware and support from the accelerator's
    vendor, which is non-EU for every accelerator there is, so 3 is a row's maximum (4 would
    need EU or open accelerators and firmware, R-SOV4-d)."""


class ControlPlane(StrEnum):
    """The operator's technology stack (SOV-6, before the model layer)."""

    CLOSED_MODELS_ONLY = "closed_models_only"
    PROPRIETARY = "proprietary"
    OPEN = "open"
    """An open-source, publicly governed control plane (OpenStack) or stack the user owns."""


class Certification(StrEnum):
    """Independent assurance of security operations (SOV-7)."""

    NONE = "none"
    INDEPENDENT = "independent"
    """ISO/IEC 27001, BSI C5, a national qualification, or an independent audit."""
    IMMUNITY_QUALIFIED = "immunity_qualified"
    """A scheme that audits immunity from non-EU law for the offering (SecNumCloud 3.2)."""


@dataclass(frozen=True, slots=True)
class OperatorFacts:
    """What the rubric reads about an operator; each fact needs a public source (R-GEN-2)."""

    control: Control
    data_residency: DataResidency
    operations: Operations
    control_plane: ControlPlane
    certification: Certification
    licensed_core: bool = False
    """The core platform software is licensed from a non-EU vendor whose withdrawal stops it."""
    non_eu_entity: bool = False
    """The contracting or processing entity sits in a non-EU state without a known
    extraterritorial access law (a Swiss processor)."""
    non_eu_group_hosting: bool = False
    """The group provides hosting, cloud or telecom through entities or locations in the US,
    Canada, the UK or China (R-SOV2-d)."""
    eu_resident_soc: bool = False
    """Security operations exclusively by EU-resident staff of an EU entity."""
    subprocessor_levels: Mapping[str, int] = field(default_factory=dict)
    """Per objective, the lowest level among the infrastructure subprocessors the service
    runs on (IaaS/PaaS, not colocation); empty when it runs on its own infrastructure."""
    pue: float | None = None
    """Annualised PUE (fleet or site; a range's upper bound); None when not disclosed."""


@dataclass(frozen=True, slots=True)
class Ruled:
    """A level and the rule (or rules, joined by '+') that bind it."""

    level: int
    rule: str


CHAIN_OBJECTIVES = ("SOV-2", "SOV-3", "SOV-4", "SOV-5", "SOV-7")
"""Objectives the chain rule R-GEN-3 caps at one level above the infrastructure subprocessor."""
CHAIN_STEP = 1
"""Levels a service may sit above the subprocessor that can be compelled over its data in
use (our calibration, R-GEN-3)."""

OWN_OPERATOR = OperatorFacts(
    control=Control.EU_ASSURED,
    data_residency=DataResidency.EU_ONLY,
    operations=Operations.EU,
    control_plane=ControlPlane.OPEN,
    certification=Certification.INDEPENDENT,
)
"""The organisation running its own servers, read by the same rules as any provider: it
decides (control assured), keeps its data at its own site, operates with vendor firmware and
support, chooses an open serving stack (Linux, Kubernetes, vLLM on vendor drivers), and is
subject to independent audit or supervisory inspection (DORA, NIS2). Trust in the site's law
and the site's PUE are added per venue (planner/evaluation/venue_rules.py)."""


def pue_band(pue: float) -> int:
    """SOV-8 from an annualised PUE (R-SOV8-a)."""
    return next((seal for limit, seal in PUE_SEAL_BANDS if pue <= limit), PUE_ABOVE_BANDS_SEAL)


def weakest(caps: list[tuple[int, str]]) -> Ruled:
    """R-GEN-1: the lowest level among the caps that apply, naming every rule that binds."""
    level = min(cap for cap, _ in caps)
    rules = dict.fromkeys(rule for cap, rule in caps if cap == level)
    return Ruled(level, "+".join(rules))


def _strategic(f: OperatorFacts) -> Ruled:
    if f.control is Control.NON_EU_NO_EU_ENTITY:
        return Ruled(0, "R-SOV1-a0")
    if f.control is Control.NON_EU:
        return Ruled(1, "R-SOV1-a")
    caps = []
    if f.control is Control.NON_EU_EU_BLOCKING:
        caps.append((2, "R-SOV1-b"))
    if f.licensed_core:
        caps.append((2, "R-SOV1-c"))
    if f.control in (Control.EU_UNVERIFIED, Control.EU_UNASSURED):
        caps.append((3, "R-SOV1-d"))
    return weakest(caps or [(4, "R-SOV1-e")])


def _legal(f: OperatorFacts) -> Ruled:
    if f.control is Control.NON_EU_NO_EU_ENTITY:
        return Ruled(0, "R-SOV2-a0")
    if f.control is Control.NON_EU:
        return Ruled(1, "R-SOV2-a")
    qualified = f.certification is Certification.IMMUNITY_QUALIFIED
    caps = []
    if f.control is Control.NON_EU_EU_BLOCKING or f.non_eu_entity:
        caps.append((2, "R-SOV2-c"))
    if f.licensed_core:
        caps.append((3 if qualified else 2, "R-SOV2-b"))
    if f.non_eu_group_hosting and not qualified:
        caps.append((3, "R-SOV2-d"))
    if f.control is Control.EU_UNVERIFIED:
        caps.append((3, "R-GEN-2"))
    caps += _chain(f, "SOV-2")
    return weakest(caps or [(4, "R-SOV2-e")])


def _data(f: OperatorFacts, legal: Ruled) -> Ruled:
    if f.control is Control.NON_EU_NO_EU_ENTITY:
        return Ruled(0, "R-SOV3-a0")
    base = {
        DataResidency.EU_ONLY: (3, "R-SOV3-d"),
        DataResidency.EU_NOT_GUARANTEED: (2, "R-SOV3-c"),
        DataResidency.NO_EU: (1, "R-SOV3-c"),
    }[f.data_residency]
    caps = [base, (legal.level, "R-SOV3-b")]
    if f.licensed_core:
        caps.append((2, "R-SOV3-e"))
    return weakest(caps + _chain(f, "SOV-3"))


def _operational(f: OperatorFacts) -> Ruled:
    if f.control is Control.NON_EU_NO_EU_ENTITY:
        return Ruled(0, "R-SOV4-a0")
    base = {
        Operations.NON_EU: (1, "R-SOV4-a"),
        Operations.EU_RESIDENT_NON_EU_CONTROL: (2, "R-SOV4-b"),
        Operations.PARTLY_NON_EU: (2, "R-SOV4-b"),
        Operations.EU: (3, "R-SOV4-c"),
    }[f.operations]
    return weakest([base, *_chain(f, "SOV-4")])


def _supply(f: OperatorFacts) -> Ruled:
    if f.control is Control.NON_EU_NO_EU_ENTITY:
        return Ruled(0, "R-SOV5-a0")
    if f.control is Control.NON_EU:
        return Ruled(1, "R-SOV5-a")
    caps = [(3, "R-SOV5-c")]
    if f.licensed_core or f.control is Control.NON_EU_EU_BLOCKING:
        caps.append((2, "R-SOV5-b"))
    return weakest(caps + _chain(f, "SOV-5"))


def _technology(f: OperatorFacts) -> Ruled:
    level, rule = {
        ControlPlane.CLOSED_MODELS_ONLY: (1, "R-SOV6-a"),
        ControlPlane.PROPRIETARY: (2, "R-SOV6-b"),
        ControlPlane.OPEN: (3, "R-SOV6-c"),
    }[f.control_plane]
    return Ruled(level, rule)


def _security(f: OperatorFacts) -> Ruled:
    if f.control is Control.NON_EU_NO_EU_ENTITY:
        return Ruled(0, "R-SOV7-a0")
    if f.control is Control.NON_EU:
        return Ruled(2, "R-SOV7-b") if f.eu_resident_soc else Ruled(1, "R-SOV7-a")
    caps = [
        {
            Certification.NONE: (2, "R-SOV7-c"),
            Certification.INDEPENDENT: (3, "R-SOV7-d"),
            Certification.IMMUNITY_QUALIFIED: (4, "R-SOV7-e"),
        }[f.certification]
    ]
    if f.certification is Certification.IMMUNITY_QUALIFIED and f.licensed_core:
        caps.append((3, "R-SOV7-d"))  # patches come from the non-EU licensor
    if f.control is Control.NON_EU_EU_BLOCKING or f.non_eu_entity:
        caps.append((2, "R-SOV7-b"))
    return weakest(caps + _chain(f, "SOV-7"))


def _environmental(f: OperatorFacts) -> Ruled:
    if f.pue is None:
        return Ruled(pue_band(UNDISCLOSED_PUE), "R-SOV8-b")
    return Ruled(pue_band(f.pue), "R-SOV8-a")


def _chain(f: OperatorFacts, objective: str) -> list[tuple[int, str]]:
    below = f.subprocessor_levels.get(objective)
    if below is None or objective not in CHAIN_OBJECTIVES:
        return []
    return [(min(SEAL_MAX, below + CHAIN_STEP), "R-GEN-3")]


def operator_levels(facts: OperatorFacts) -> dict[str, Ruled]:
    """SEAL level and binding rule per objective SOV-1 … SOV-8 of an operator's own facts."""
    legal = _legal(facts)
    return {
        "SOV-1": _strategic(facts),
        "SOV-2": legal,
        "SOV-3": _data(facts, legal),
        "SOV-4": _operational(facts),
        "SOV-5": _supply(facts),
        "SOV-6": _technology(facts),
        "SOV-7": _security(facts),
        "SOV-8": _environmental(facts),
    }


RULE_IDS: frozenset[str] = frozenset(
    {
        *("R-GEN-1", "R-GEN-2", "R-GEN-3", "R-GEN-4", "R-PUB-1", "R-PUB-2"),
        *(f"R-SOV1-{s}" for s in ("a0", "a", "b", "c", "d", "e")),
        *(f"R-SOV2-{s}" for s in ("a0", "a", "b", "c", "d", "e")),
        *(f"R-SOV3-{s}" for s in ("a0", "b", "c", "d", "e")),
        *(f"R-SOV4-{s}" for s in ("a0", "a", "b", "c", "d")),
        *(f"R-SOV5-{s}" for s in ("a0", "a", "b", "c", "d")),
        *(f"R-SOV6-{s}" for s in ("a", "b", "c", "d")),
        *(f"R-SOV7-{s}" for s in ("a0", "a", "b", "c", "d", "e")),
        *("R-SOV8-a", "R-SOV8-b"),
    }
)
"""Every rule of the rubric's operator part; docs/scoring.md states each one."""


def rule_ids(rule: str) -> tuple[str, ...]:
    """The single rule ids of a binding rule text (`R-SOV3-d+R-SOV3-b`)."""
    return tuple(part.strip() for part in rule.split("+"))
