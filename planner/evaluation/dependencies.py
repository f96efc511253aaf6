"""Who can switch you off: the dependency map of a plan and each actor's switch-off exposure.

Open weights do not end dependence: whoever operates the compute, supplies the hardware, or
makes the law over either can still stop a service. For every venue a workload runs on, the
chain has four layers:

- model weights: developer, its jurisdiction, licence, and whether the service keeps running
  if the developer disappears (open weights do; a closed model is the developer's to stop);
- serving compute: operator, its ultimate parent and that parent's jurisdiction, and where
  the venue runs (the organisation itself for owned servers);
- hardware: the accelerator's vendor and its export-control regime (undisclosed for an API);
- the law that reaches each layer: the state of the operator's parent (a US parent brings US
  law into an EU region), the state where the venue runs, the state of a closed model's
  developer, and the state whose export controls cover the accelerator.

Each actor on a chain can stop that venue alone: a company directly, a government through its
law, a hardware vendor through supply (firmware, drivers, spares, support). An actor's
switch-off exposure on a workload is the share of the workload's demand served on venues whose
chain it is on; for the plan, the same weighted by each workload's tokens a year, over all
workloads and over the critical ones. The organisation itself and its home state are not
listed: they are not dependencies a plan chooses.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from catalog.domain import Accelerator, AcceleratorId, AIModel, Catalog, ModelId
from planner.evaluation.organisation import Organisation
from planner.evaluation.plan import Allocation, Plan, Venue, VenueKind
from planner.evaluation.weakest_link import venue_name

OWN_OPERATOR_NAME = "the organisation"
UNDISCLOSED = "undisclosed"
"""An API vendor's accelerators, which the catalog does not know."""
EXPORT_CONTROL_REGIMES: dict[str, str] = {
    "US": "US Export Administration Regulations (EAR)",
    "CN": "China's Export Control Law (2020)",
    "KR": "South Korea's Foreign Trade Act (strategic items)",
}
"""The export-control regime of an accelerator vendor's state, by ISO country code; others
are named by their state."""


class ActorKind(StrEnum):
    COMPANY = "company"
    GOVERNMENT = "government"
    HARDWARE_VENDOR = "hardware vendor"


class Layer(StrEnum):
    MODEL = "model weights"
    COMPUTE = "serving compute"
    HARDWARE = "hardware"
    LAW = "law"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    id: str
    """`company:<name>`, `government:<country>` or `hardware:<vendor>`."""
    kind: ActorKind
    name: str
    country: str
    """ISO 3166 code of the state the actor answers to."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """One actor on a venue's chain: which layer it reaches and how it could stop it."""

    actor_id: str
    layer: Layer
    how: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VenueChain:
    """What one workload's service on one venue depends on, layer by layer."""

    workload_id: str
    venue_key: str
    venue_kind: VenueKind
    venue_name: str
    share: float
    """Share of the workload's demand served here; 0 for a standby."""
    model_id: str
    developer: str
    developer_country: str
    licence: str
    open_weight: bool
    runs_without_developer: bool
    operator: str
    ultimate_parent: str
    parent_country: str
    location: str
    """Where it runs: a site or region country, or an API's data zone."""
    accelerator: str
    """The accelerator's name, or `undisclosed` for an API."""
    accelerator_vendor: str
    vendor_country: str
    export_control: str
    """The regime over the accelerator and its exposure, or `undisclosed`."""
    links: tuple[Link, ...]

    @property
    def standby(self) -> bool:
        return self.share == 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Exposure:
    """The share of one workload's demand one actor alone could stop."""

    actor_id: str
    workload_id: str
    critical: bool
    share: float
    fallback: bool
    """The workload keeps a standby venue outside this actor's reach."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorShare:
    """An actor's switch-off exposure over the whole plan, weighted by tokens a year."""

    actor_id: str
    plan_share: float
    critical_share: float | None
    """Over the critical workloads only; None when the plan has none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DependencyMap:
    actors: tuple[Actor, ...]
    """Largest plan share first."""
    chains: tuple[VenueChain, ...]
    exposures: tuple[Exposure, ...]
    """One per actor and workload it reaches, in the order of `actors`, then workloads."""
    totals: tuple[ActorShare, ...]
    """One per actor, in the order of `actors`."""

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def exposure(self, actor_id: str, workload_id: str) -> Exposure | None:
        """The actor's exposure on the workload; None when it is on none of its chains."""
        found = (e for e in self.exposures
                 if e.actor_id == actor_id and e.workload_id == workload_id)  # fmt: skip
        return next(found, None)

    def share(self, actor_id: str, workload_id: str) -> float:
        """The share of the workload's demand the actor alone could stop (0 if none)."""
        found = self.exposure(actor_id, workload_id)
        return found.share if found else 0.0

    def total(self, actor_id: str) -> ActorShare:
        return next(t for t in self.totals if t.actor_id == actor_id)

    def workload_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.workload_id for c in self.chains))

    def chains_of(self, actor_id: str, workload_id: str) -> tuple[VenueChain, ...]:
        """The venues of the workload on whose chain the actor is."""
        return tuple(
            c for c in self.chains
            if c.workload_id == workload_id and any(k.actor_id == actor_id for k in c.links)
        )  # fmt: skip


def _government(country: str) -> Actor:
    return Actor(
        id=f"government:{country}",
        kind=ActorKind.GOVERNMENT,
        name=f"{country} government",
        country=country,
    )


def _same_company(developer: str, operator: str) -> bool:
    """A model's developer is its API's operator when the operator's name begins with the
    developer's (Mistral AI, OpenAI, Anthropic; Google and Google Cloud)."""
    return operator.lower().startswith(developer.lower())


@dataclass(frozen=True, slots=True)
class _Compute:
    """The serving-compute layer of one venue, as the chain reads it."""

    operator: str
    parent: str
    parent_country: str
    location: str
    located: bool
    """`location` is a country (a site or region), not an API's data zone."""
    accelerator_id: AcceleratorId | None
    reach: str | None
    """The extraterritorial law the catalog names over the operator's parent."""


def _compute(venue: Venue, catalog: Catalog, org: Organisation) -> _Compute:
    if venue.kind is VenueKind.OWNED:
        site = catalog.sites[str(venue.site_id)]
        return _Compute(
            OWN_OPERATOR_NAME, OWN_OPERATOR_NAME, org.home_jurisdiction, site.country, True,
            catalog.server_skus[venue.id].accelerator_id, None,
        )  # fmt: skip
    if venue.kind is VenueKind.CLOUD:
        offer = catalog.cloud_offers[venue.id]
        provider = catalog.providers[offer.provider_id]
        location, located, accelerator = (
            catalog.regions[offer.region_id].country, True, offer.accelerator_id
        )  # fmt: skip
    else:
        api = catalog.api_offers[venue.id]
        provider = catalog.providers[api.provider_id]
        location, located, accelerator = api.data_zone, False, None
    return _Compute(
        provider.name, provider.legal_group, provider.parent_jurisdiction, location, located,
        accelerator, provider.extraterritorial_exposure,
    )  # fmt: skip


class _Builder:
    """Collects the actors while it builds one venue chain at a time."""

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.actors: dict[str, Actor] = {}

    def _link(self, actor: Actor, layer: Layer, how: str, found: list[Link]) -> None:
        if actor.kind is ActorKind.GOVERNMENT and actor.country == self.org.home_jurisdiction:
            return  # its own state: not a dependency the plan chooses
        self.actors.setdefault(actor.id, actor)
        for n, known in enumerate(found):
            if known.actor_id == actor.id:  # one actor, several ways to reach the venue
                found[n] = Link(actor_id=actor.id, layer=known.layer, how=f"{known.how}; {how}")
                return
        found.append(Link(actor_id=actor.id, layer=layer, how=how))

    def _compute_links(self, c: _Compute, owned: bool, links: list[Link]) -> None:
        if not owned:
            company = Actor(id=f"company:{c.parent}", kind=ActorKind.COMPANY, name=c.parent,
                            country=c.parent_country)  # fmt: skip
            self._link(company, Layer.COMPUTE, f"operates the compute ({c.operator})", links)
            reach = f" ({c.reach})" if c.reach else ""
            self._link(_government(c.parent_country), Layer.LAW,
                       f"law over the operator's parent {c.parent}{reach}", links)  # fmt: skip
        if c.located:
            self._link(_government(c.location), Layer.LAW, f"law where it runs ({c.location})",
                       links)  # fmt: skip

    def _model_links(self, model: AIModel, operator: str, links: list[Link]) -> None:
        if model.open_weight:
            return  # released weights keep running without their developer
        if not _same_company(model.developer, operator):
            developer = Actor(id=f"company:{model.developer}", kind=ActorKind.COMPANY,
                              name=model.developer, country=model.origin_country)  # fmt: skip
            self._link(developer, Layer.MODEL, f"licenses the closed model {model.name}", links)
        self._link(_government(model.origin_country), Layer.LAW,
                   f"law over the closed model's developer {model.developer}", links)  # fmt: skip

    def _hardware_links(self, acc: Accelerator, links: list[Link]) -> str:
        """Links the vendor and its export-control state; returns the regime in words."""
        regime = EXPORT_CONTROL_REGIMES.get(acc.vendor_country, f"{acc.vendor_country} export "
                                            "controls")  # fmt: skip
        vendor = Actor(id=f"hardware:{acc.vendor}", kind=ActorKind.HARDWARE_VENDOR,
                       name=acc.vendor, country=acc.vendor_country)  # fmt: skip
        self._link(vendor, Layer.HARDWARE,
                   f"supplies {acc.name}: firmware, drivers, spares, support", links)  # fmt: skip
        self._link(_government(acc.vendor_country), Layer.LAW, f"export controls: {regime}",
                   links)  # fmt: skip
        return f"{regime}; {acc.export_control_exposure} exposure"

    def chain(self, a: Allocation, catalog: Catalog) -> VenueChain:
        venue, model = a.venue, catalog.ai_models[ModelId(a.model_id)]
        compute = _compute(venue, catalog, self.org)
        links: list[Link] = []
        self._compute_links(compute, venue.kind is VenueKind.OWNED, links)
        self._model_links(model, compute.operator, links)
        acc = catalog.accelerators[compute.accelerator_id] if compute.accelerator_id else None
        control = self._hardware_links(acc, links) if acc else UNDISCLOSED
        return VenueChain(
            workload_id=a.workload_id, venue_key=venue.key, venue_kind=venue.kind,
            venue_name=venue_name(venue, catalog),
            share=a.share, model_id=model.id, developer=model.developer,
            developer_country=model.origin_country, licence=model.licence or "not stated",
            open_weight=model.open_weight, runs_without_developer=model.open_weight,
            operator=compute.operator, ultimate_parent=compute.parent,
            parent_country=compute.parent_country, location=compute.location,
            accelerator=acc.name if acc else UNDISCLOSED,
            accelerator_vendor=acc.vendor if acc else UNDISCLOSED,
            vendor_country=acc.vendor_country if acc else "", export_control=control,
            links=tuple(links),
        )  # fmt: skip


def _exposures(
    chains: Iterable[VenueChain], actor_ids: Iterable[str], critical: frozenset[str]
) -> list[Exposure]:
    by_workload: dict[str, list[VenueChain]] = {}
    for c in chains:
        by_workload.setdefault(c.workload_id, []).append(c)
    found = []
    for actor_id in actor_ids:
        for workload_id, on in by_workload.items():
            reached = [c for c in on if any(k.actor_id == actor_id for k in c.links)]
            if not reached:
                continue
            total = sum(c.share for c in on)
            share = sum(c.share for c in reached) / total if total > 0 else 0.0
            found.append(
                Exposure(
                    actor_id=actor_id,
                    workload_id=workload_id,
                    critical=workload_id in critical,
                    share=share,
                    fallback=any(c.standby and c not in reached for c in on),
                )
            )
    return found


def _weighted(exposures: Iterable[Exposure], tokens: Mapping[str, float]) -> float | None:
    total = sum(tokens.values())
    if total <= 0:
        return None
    return sum(e.share * tokens.get(e.workload_id, 0.0) for e in exposures) / total


def dependency_map(
    plan: Plan,
    catalog: Catalog,
    org: Organisation,
    tokens_per_year: Mapping[str, float],
    critical: frozenset[str],
) -> DependencyMap:
    """Every venue chain of the plan and each actor's switch-off exposure; `tokens_per_year`
    weighs each workload (by id) in the plan's shares, `critical` names the critical ones."""
    builder = _Builder(org)
    chains = [builder.chain(a, catalog) for a in plan.allocations]
    served = {c.workload_id for c in chains}
    tokens = {w: t for w, t in tokens_per_year.items() if w in served}
    critical_tokens = {w: t for w, t in tokens.items() if w in critical}
    exposures = _exposures(chains, builder.actors, critical)
    totals = {
        actor_id: ActorShare(
            actor_id=actor_id,
            plan_share=_weighted((e for e in exposures if e.actor_id == actor_id), tokens) or 0.0,
            critical_share=_weighted(
                (e for e in exposures if e.actor_id == actor_id and e.critical), critical_tokens
            ),
        )
        for actor_id in builder.actors
    }
    order = sorted(builder.actors, key=lambda k: (-totals[k].plan_share, k))
    rank = {actor_id: n for n, actor_id in enumerate(order)}
    return DependencyMap(
        actors=tuple(builder.actors[k] for k in order),
        chains=tuple(chains),
        exposures=tuple(sorted(exposures, key=lambda e: rank[e.actor_id])),
        totals=tuple(totals[k] for k in order),
    )
