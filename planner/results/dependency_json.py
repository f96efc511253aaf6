"""The dependency map (who can switch the plan off) at the JSON edge: its encoder and decoder.

Part of the plan's JSON (planner/results/plan_json.py) under the key `dependencies`, absent
from plans stored before it was reported. The decoder names the first wrong field, as the
rest of the plan decoder does.
"""

from typing import Any

from planner.results.json_reader import JsonValue
from planner.results.plan_document import (
    Actor,
    ActorKind,
    ActorShare,
    DependencyMap,
    Exposure,
    Layer,
    Link,
    VenueChain,
    VenueKind,
)


def encode_dependencies(m: DependencyMap) -> dict[str, Any]:
    return {
        "actors": [
            {"id": a.id, "kind": a.kind.value, "name": a.name, "country": a.country}
            for a in m.actors
        ],
        "totals": [
            {"actor": t.actor_id, "plan_share": t.plan_share, "critical_share": t.critical_share}
            for t in m.totals
        ],
        "exposures": [
            {"actor": e.actor_id, "workload": e.workload_id, "critical": e.critical,
             "share": e.share, "fallback": e.fallback}
            for e in m.exposures
        ],
        "chains": [_chain(c) for c in m.chains],
    }  # fmt: skip


def _chain(c: VenueChain) -> dict[str, Any]:
    return {
        "workload": c.workload_id, "venue": c.venue_key, "kind": c.venue_kind.value,
        "venue_name": c.venue_name, "share": c.share,
        "model": {"id": c.model_id, "developer": c.developer, "country": c.developer_country,
                  "licence": c.licence, "open_weight": c.open_weight,
                  "runs_without_developer": c.runs_without_developer},
        "compute": {"operator": c.operator, "ultimate_parent": c.ultimate_parent,
                    "parent_country": c.parent_country, "location": c.location},
        "hardware": {"accelerator": c.accelerator, "vendor": c.accelerator_vendor,
                     "vendor_country": c.vendor_country, "export_control": c.export_control},
        "links": [{"actor": k.actor_id, "layer": k.layer.value, "how": k.how} for k in c.links],
    }  # fmt: skip


def _decode_chain(j: JsonValue) -> VenueChain:
    model, compute, hardware = j.at("model"), j.at("compute"), j.at("hardware")
    return VenueChain(
        workload_id=j.at("workload").text(),
        venue_key=j.at("venue").text(),
        venue_kind=j.at("kind").member(VenueKind),
        venue_name=j.at("venue_name").text(),
        share=j.at("share").number(),
        model_id=model.at("id").text(),
        developer=model.at("developer").text(),
        developer_country=model.at("country").text(),
        licence=model.at("licence").text(),
        open_weight=model.at("open_weight").flag(),
        runs_without_developer=model.at("runs_without_developer").flag(),
        operator=compute.at("operator").text(),
        ultimate_parent=compute.at("ultimate_parent").text(),
        parent_country=compute.at("parent_country").text(),
        location=compute.at("location").text(),
        accelerator=hardware.at("accelerator").text(),
        accelerator_vendor=hardware.at("vendor").text(),
        vendor_country=hardware.at("vendor_country").text(),
        export_control=hardware.at("export_control").text(),
        links=tuple(
            Link(
                actor_id=k.at("actor").text(),
                layer=k.at("layer").member(Layer),
                how=k.at("how").text(),
            )
            for k in j.at("links").items()
        ),
    )


def decode_dependencies(j: JsonValue) -> DependencyMap:
    return DependencyMap(
        actors=tuple(
            Actor(
                id=a.at("id").text(),
                kind=a.at("kind").member(ActorKind),
                name=a.at("name").text(),
                country=a.at("country").text(),
            )
            for a in j.at("actors").items()
        ),
        chains=tuple(_decode_chain(c) for c in j.at("chains").items()),
        exposures=tuple(
            Exposure(
                actor_id=e.at("actor").text(),
                workload_id=e.at("workload").text(),
                critical=e.at("critical").flag(),
                share=e.at("share").number(),
                fallback=e.at("fallback").flag(),
            )
            for e in j.at("exposures").items()
        ),
        totals=tuple(
            ActorShare(
                actor_id=t.at("actor").text(),
                plan_share=t.at("plan_share").number(),
                critical_share=t.at("critical_share").optional_number(),
            )
            for t in j.at("totals").items()
        ),
    )
