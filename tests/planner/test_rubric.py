"""The rubric applied to every provider of the shipped catalog, and the rules it documents.

`rubric_facts.csv` (beside this file) holds each provider's observable facts, the rubric's
input: who controls it, where it keeps data, who operates it, its control plane, its
certification, a licensed non-EU core platform, non-EU entities, the infrastructure it runs on,
its published PUE. Every fact rests on the public source the catalog row for that objective
cites. The test derives every level from the facts and fails on a catalog row whose level or
named rule contradicts the rubric.
"""

import csv
import re
from pathlib import Path

import pytest

from catalog.domain import Catalog
from catalog.edits import import_table
from catalog.errors import ImportRejectedError
from catalog.workspace import Workspace
from planner.evaluation.rubric import (
    RULE_IDS,
    Certification,
    Control,
    ControlPlane,
    DataResidency,
    Operations,
    OperatorFacts,
    Ruled,
    operator_levels,
    rule_ids,
)
from planner.evaluation.venue_rules import OBJECTIVES, VENUE_RULE_IDS

FACTS_FILE = Path(__file__).with_name("rubric_facts.csv")
SCORING_DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
DOCUMENTED_RULE = re.compile(r"^\| \*\*((?:R|V)-[A-Z0-9]+(?:-[a-z0-9]+)?)\*\* \|", re.MULTILINE)
"""A rule's row in docs/scoring.md: `| **R-SOV2-d** | …`."""


def _flag(text: str) -> bool:
    return text == "true"


def _facts_table() -> dict[str, dict[str, str]]:
    with FACTS_FILE.open(encoding="utf-8") as handle:
        return {row["provider_id"]: row for row in csv.DictReader(handle)}


def rubric_levels() -> dict[str, dict[str, Ruled]]:
    """Every provider's levels by the rubric; a provider running on others' infrastructure
    after those others (the chain rule reads their levels)."""
    table = _facts_table()
    levels: dict[str, dict[str, Ruled]] = {}
    for pid in sorted(table, key=lambda p: bool(table[p]["infrastructure_subprocessors"])):
        row = table[pid]
        below: dict[str, int] = {}
        for sub in filter(None, row["infrastructure_subprocessors"].split(";")):
            for objective, ruled in levels[sub].items():
                below[objective] = min(below.get(objective, ruled.level), ruled.level)
        facts = OperatorFacts(
            control=Control(row["control"]),
            data_residency=DataResidency(row["data_residency"]),
            operations=Operations(row["operations"]),
            control_plane=ControlPlane(row["control_plane"]),
            certification=Certification(row["certification"]),
            licensed_core=_flag(row["licensed_core"]),
            non_eu_entity=_flag(row["non_eu_entity"]),
            non_eu_group_hosting=_flag(row["non_eu_group_hosting"]),
            eu_resident_soc=_flag(row["eu_resident_soc"]),
            subprocessor_levels=below,
            pue=float(row["pue"]) if row["pue"] else None,
        )
        levels[pid] = operator_levels(facts)
    return levels


def test_every_catalog_provider_has_its_facts(shipped_catalog: Catalog) -> None:
    assert set(_facts_table()) == set(shipped_catalog.providers)


def test_every_provider_row_follows_the_rubric(shipped_catalog: Catalog) -> None:
    expected = rubric_levels()
    contradictions = [
        f"{pid} {objective}: catalog SEAL {a.seal_level} by {a.rubric_rule}, "
        f"rubric SEAL {ruled.level} by {ruled.rule}"
        for pid, provider in sorted(shipped_catalog.providers.items())
        for objective, ruled in expected[pid].items()
        if (a := provider.assessments[objective]).seal_level != ruled.level
        or a.rubric_rule != ruled.rule
    ]
    assert len(expected) * len(OBJECTIVES) == 224
    assert contradictions == [], "\n".join(contradictions)


def test_no_own_judgement_level_lacks_a_named_rule(shipped_catalog: Catalog) -> None:
    levels = [a for p in shipped_catalog.providers.values() for a in p.assessments.values()]
    own = [a for a in levels if a.is_own_judgement]
    unruled = [a for a in own if not a.rubric_rule]
    assert own, "the shipped catalog has own-judgement levels"
    assert len(unruled) / len(own) == 0


def test_every_level_cites_public_evidence(shipped_catalog: Catalog) -> None:
    """A level rests on a public source (URL), not on 'our own judgement' alone."""
    uncited = [
        f"{pid} {objective}: {a.provenance.source_id}"
        for pid, p in sorted(shipped_catalog.providers.items())
        for objective, a in p.assessments.items()
        if "http" not in shipped_catalog.sources[a.provenance.source_id].citation
    ]
    assert uncited == []


def test_ionos_and_stackit_get_the_same_data_and_security_levels(
    shipped_catalog: Catalog,
) -> None:
    """German-owned, C5-attested, EU-only processing: the issue's inconsistent pair."""
    ionos, stackit = (shipped_catalog.providers[p].assessments for p in ("ionos", "stackit"))
    for objective in ("SOV-3", "SOV-7"):
        assert ionos[objective].seal_level == stackit[objective].seal_level == 3
    assert ionos["SOV-2"].rubric_rule == "R-SOV2-d", "IONOS's US subsidiary sets its legal level"


def test_every_rule_the_catalog_names_is_a_rule_of_the_rubric(shipped_catalog: Catalog) -> None:
    named = {
        part
        for p in shipped_catalog.providers.values()
        for a in p.assessments.values()
        for part in rule_ids(a.rubric_rule or "")
    }
    assert named and named <= RULE_IDS


def test_docs_scoring_states_every_rule_once() -> None:
    documented = DOCUMENTED_RULE.findall(SCORING_DOC.read_text(encoding="utf-8"))
    assert sorted(documented) == sorted(RULE_IDS | VENUE_RULE_IDS)


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (None, "an own-judgement level names the rubric rule it follows"),
        ("SOV-2 d", "does not have the form of rubric_rule"),
    ],
)
def test_an_own_judgement_row_without_a_proper_rule_is_refused(
    rule: str | None, problem: str, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "sovereignty_assessments.csv"
    path.write_text(
        "provider_id,objective,seal_level,justification,is_own_judgement,rubric_rule,"
        "source_id,as_of\n"
        f"ionos,SOV-3,3,EU-only inference,true,{rule or ''},cl-hop3-ionos,2026-11-30\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejectedError) as refused:
        import_table(workspace, path)
    [found] = refused.value.problems
    assert found.column == "rubric_rule" and problem in found.reason
