"""The shipped default catalog: loads cleanly, is big enough, sourced and dated, idempotent."""

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from catalog.registry import FACT_TABLES
from catalog.revisions import current_revision
from catalog.seed import seed_default_catalog, seed_files
from catalog.stats import catalog_stats
from catalog.tables import (
    SOVEREIGNTY_OBJECTIVES,
    Accelerator,
    AIModel,
    ApiOffer,
    CloudOffer,
    FxRate,
    Provider,
    Site,
    SovereigntyAssessment,
)
from catalog.transfer import export_table
from catalog.workspace import Workspace, open_workspace

EUROPEAN_OR_SOVEREIGN_JURISDICTIONS = {
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip


def test_every_shipped_table_has_a_seed_file() -> None:
    assert [p.name for p in seed_files()] == [f"{c.__tablename__}.csv" for c in FACT_TABLES]
    assert seed_files() and all(p.is_file() for p in seed_files())


def test_shipped_catalog_meets_the_minimum_counts(workspace: Workspace) -> None:
    with workspace.sessions() as s:
        count = {
            c.__tablename__: s.scalar(select(func.count()).select_from(c)) for c in FACT_TABLES
        }
        vendors = set(s.scalars(select(Accelerator.vendor)))
        vendor_countries = set(s.scalars(select(Accelerator.vendor_country)))
        terms = Counter(s.scalars(select(CloudOffer.pricing_term)))
        open_weight = Counter(s.scalars(select(AIModel.open_weight)))
        currencies = set(s.scalars(select(FxRate.currency)))
    assert count["accelerators"] >= 15
    assert {"NVIDIA", "AMD", "Intel"} <= vendors
    assert vendor_countries - {"US"}, "a non-US accelerator vendor"
    assert count["providers"] >= 15
    assert count["cloud_offers"] >= 60
    assert terms["on_demand"] > 0
    assert terms["commit_1y"] + terms["commit_3y"] > 0
    assert count["ai_models"] >= 25
    assert open_weight[True] > 0 and open_weight[False] > 0
    assert count["api_offers"] >= 12
    assert count["sites"] >= 5
    assert {"USD", "EUR", "GBP", "CHF"} <= currencies


def test_at_least_six_european_or_non_us_sovereign_clouds(workspace: Workspace) -> None:
    with workspace.sessions() as s:
        sovereign = s.scalars(
            select(Provider.id).where(
                Provider.kind == "sovereign_cloud",
                Provider.parent_jurisdiction.in_(EUROPEAN_OR_SOVEREIGN_JURISDICTIONS),
            )
        ).all()
    assert len(sovereign) >= 6, sovereign


def test_every_provider_is_assessed_on_all_eight_objectives(workspace: Workspace) -> None:
    with workspace.sessions() as s:
        providers = set(s.scalars(select(Provider.id)))
        pairs = s.execute(
            select(SovereigntyAssessment.provider_id, SovereigntyAssessment.objective)
        ).all()
    by_provider: dict[str, set[str]] = {}
    for provider, objective in pairs:
        by_provider.setdefault(provider, set()).add(objective)
    assert providers and set(by_provider) == providers
    assert all(objs == set(SOVEREIGNTY_OBJECTIVES) for objs in by_provider.values())


def test_every_row_is_sourced_and_dated(workspace: Workspace) -> None:
    with workspace.sessions() as s:
        stats = catalog_stats(s)
    assert stats.total_rows > 0
    assert stats.sourced_share == 1.0
    assert stats.dated_share == 1.0


def test_prices_are_positive_in_known_currencies(workspace: Workspace) -> None:
    with workspace.sessions() as s:
        prices = s.scalars(select(CloudOffer.price_per_instance_hour)).all()
        api = s.execute(select(ApiOffer.input_price_per_mtok, ApiOffer.output_price_per_mtok)).all()
        pue = s.scalars(select(Site.pue)).all()
    assert min(prices) > 0
    assert api and all(i >= 0 and o >= 0 for i, o in api)
    assert pue and all(1.0 <= p <= 3.0 for p in pue)


def test_seeding_twice_changes_nothing(workspace: Workspace) -> None:
    with workspace.sessions.begin() as s:
        revision = current_revision(s)
        results = seed_default_catalog(s)
        assert current_revision(s) == revision
    assert results and all(r.added == 0 and r.changed == 0 for r in results)


def test_reopening_a_workspace_does_not_reseed(workspace_path: Path) -> None:
    for _ in range(2):
        ws = open_workspace(workspace_path)
        with ws.sessions() as s:
            revision = current_revision(s)
        ws.close()
    assert revision == 1


def test_exporting_a_fresh_workspace_reproduces_the_shipped_files(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The seed files are in the canonical export format, so a review diff shows real changes."""
    with workspace.sessions() as s:
        for path in seed_files():
            export_table(s, path.stem, tmp_path / path.name)
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
