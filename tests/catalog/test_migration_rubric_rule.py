"""The rubric-rule migration: a workspace at the previous head keeps every level as it was."""

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from catalog import migrate
from catalog.workspace import make_engine, open_workspace
from tests.catalog.test_migrations import _insert_shipped_rows_as_plain_sql

PREVIOUS_HEAD = "f2504ea9bee5"
"""The head before assessments named their rubric rule: saved scenarios."""
RUBRIC_RULE = "5e1a7c3d9b26"


def _columns(path: Path) -> set[str]:
    engine = make_engine(path)
    with engine.connect() as c:
        names = {col["name"] for col in inspect(c).get_columns("sovereignty_assessments")}
    engine.dispose()
    return names


def test_the_rubric_rule_comes_right_after_the_previous_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(RUBRIC_RULE)
    assert script is not None and script.down_revision == PREVIOUS_HEAD


def test_an_old_workspace_keeps_its_levels_and_gains_an_empty_rule(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, PREVIOUS_HEAD)
    written = _insert_shipped_rows_as_plain_sql(engine)
    with engine.begin() as c:  # the old version's history, and a level the user changed
        c.execute(
            text(
                "insert into catalog_revisions (description, created_at) values "
                "('shipped default catalog', '2026-11-22 10:00:00')"
            )
        )
        c.execute(
            text(
                "update sovereignty_assessments set seal_level = 1 "
                "where provider_id = 'ionos' and objective = 'SOV-3'"
            )
        )
    engine.dispose()
    assert "rubric_rule" not in _columns(path)

    ws = open_workspace(path)
    try:
        with ws.sessions() as s:
            count = s.scalar(text("select count(*) from sovereignty_assessments"))
            rules = s.scalar(
                text("select count(*) from sovereignty_assessments where rubric_rule is not null")
            )
            edited = s.scalar(
                text(
                    "select seal_level from sovereignty_assessments "
                    "where provider_id = 'ionos' and objective = 'SOV-3'"
                )
            )
            version = s.scalar(text("select version_num from alembic_version"))
    finally:
        ws.close()
    assert count == written["sovereignty_assessments"]
    assert rules == 0, "an old workspace's levels name no rule until the user sets one"
    assert edited == 1, "the user's own level survives the upgrade"
    assert version == migrate.head_revision()


def test_downgrading_drops_the_column_and_keeps_the_rows(workspace_path: Path) -> None:
    engine = make_engine(workspace_path, foreign_keys=False)  # as migrations run
    with engine.connect() as c:
        before = c.scalar(text("select count(*) from sovereignty_assessments"))
    migrate.downgrade(engine, PREVIOUS_HEAD)
    with engine.connect() as c:
        after = c.scalar(text("select count(*) from sovereignty_assessments"))
    engine.dispose()
    assert "rubric_rule" not in _columns(workspace_path)
    assert after == before and before
