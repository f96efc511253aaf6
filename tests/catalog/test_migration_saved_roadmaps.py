"""The saved-roadmaps migration: a workspace at the previous head keeps its saved scenarios,
each with no roadmap kept until one is solved for it."""

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from catalog import migrate
from catalog.scenario_store import keep_roadmap, list_scenarios
from catalog.workspace import make_engine, open_workspace

PREVIOUS_HEAD = "7a4e2c9d1b38"
"""The head before saved roadmaps: serving profiles."""
SAVED_ROADMAPS = "c3f81d2a6e47"
REQUIREMENTS = 'name = "kept from before"\n'


def test_saved_roadmaps_come_right_after_the_previous_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(SAVED_ROADMAPS)
    assert script is not None and script.down_revision == PREVIOUS_HEAD


def test_an_old_workspace_keeps_its_saved_scenarios_and_gains_an_empty_roadmap(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, PREVIOUS_HEAD)
    with engine.begin() as c:  # a scenario saved by the older version, with its plan
        c.execute(
            text(
                "insert into saved_scenarios (name, scenario_toml, catalog_revision, status, "
                "plan_json, created_at, updated_at) values ('bank', :toml, 3, 'optimal', "
                "'{\"plan\": 1}', '2026-11-30 10:00:00', '2026-11-30 11:00:00')"
            ),
            {"toml": REQUIREMENTS},
        )
        assert "roadmap_json" not in {
            col["name"] for col in inspect(c).get_columns("saved_scenarios")
        }
    engine.dispose()

    ws = open_workspace(path)
    try:
        with ws.sessions.begin() as s:
            version = s.scalar(text("select version_num from alembic_version"))
            [record] = list_scenarios(s)
            kept = (record.name, record.scenario_toml, record.catalog_revision, record.plan_json)
            assert record.roadmap_json is None
            keep_roadmap(s, "bank", '{"roadmap": 1}')
        with ws.sessions() as s:
            [record] = list_scenarios(s)
            assert record.roadmap_json == '{"roadmap": 1}'
    finally:
        ws.close()
    assert version == migrate.head_revision() == SAVED_ROADMAPS
    assert kept == ("bank", REQUIREMENTS, 3, '{"plan": 1}')
