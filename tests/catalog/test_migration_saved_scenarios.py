"""The saved-scenarios migration: a workspace at the previous head keeps every row."""

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, func, inspect, select, text

from catalog import migrate
from catalog.scenario_store import list_scenarios, save_scenario
from catalog.workspace import make_engine, open_workspace
from tests.catalog.test_migrations import _insert_shipped_rows_as_plain_sql

PREVIOUS_HEAD = "b072001e15f2"
"""The head before saved scenarios: serving efficiency and benchmarks."""
SAVED_SCENARIOS = "f2504ea9bee5"


def _row_counts(path: Path) -> dict[str, int]:
    engine = make_engine(path)
    with engine.connect() as c:
        names = [n for n in inspect(c).get_table_names() if n != "alembic_version"]
        counts = {
            n: c.scalar(select(func.count()).select_from(Table(n, MetaData(), autoload_with=c)))
            or 0
            for n in names
        }
    engine.dispose()
    return counts


def test_saved_scenarios_come_right_after_the_previous_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(SAVED_SCENARIOS)
    assert script is not None and script.down_revision == PREVIOUS_HEAD


def test_a_previous_head_workspace_with_rows_upgrades_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrate.upgrade(engine, PREVIOUS_HEAD)
    with engine.connect() as c:
        assert "saved_scenarios" not in inspect(c).get_table_names()
    _insert_shipped_rows_as_plain_sql(engine)
    with engine.begin() as c:  # what the older version kept beside the facts
        c.execute(
            text(
                "insert into catalog_revisions (description, created_at) values "
                "('shipped default catalog', '2026-11-01 10:00:00'), "
                "('import edit.csv', '2026-11-02 10:00:00')"
            )
        )
        c.execute(
            text(
                "insert into price_books (id, name, reference, as_of) "
                "values ('frame-2026', 'Framework 2026', 'FA-1', '2026-11-01')"
            )
        )
        c.execute(
            text(
                "insert into price_book_entries (price_book_id, target_kind, target_id, "
                "discount_fraction) select 'frame-2026', 'provider', min(id), 0.1 from providers"
            )
        )
        c.execute(text("update sites set pue = 1.23 where id = (select min(id) from sites)"))
    engine.dispose()
    before = _row_counts(path)
    assert before and all(before[t] > 0 for t in before), "every old table holds rows"

    ws = open_workspace(path)
    try:
        with ws.sessions.begin() as s:
            assert list_scenarios(s) == []
            after = _row_counts(path)
            version = s.scalar(text("select version_num from alembic_version"))
            edited_pue = s.scalar(text("select pue from sites order by id limit 1"))
            save_scenario(s, "after upgrade", 'name = "x"\n', 2, "optimal", None, overwrite=False)
        with ws.sessions() as s:
            assert [r.name for r in list_scenarios(s)] == ["after upgrade"]
    finally:
        ws.close()
    assert version == migrate.head_revision()
    kept = {t: after[t] for t in before if t != "catalog_revisions"}
    assert kept == {t: n for t, n in before.items() if t != "catalog_revisions"}, (
        "the upgrade keeps every row"
    )
    assert after["catalog_revisions"] >= before["catalog_revisions"], (
        "a later migration may re-seed a table it had to empty, and records that as a revision"
    )
    assert after["saved_scenarios"] == 0
    assert edited_pue == 1.23, "the upgrade must not re-seed over the user's edit"
