"""The head revision written down for the quick check is the migrations folder's head."""

from pathlib import Path

from alembic.script import ScriptDirectory

from catalog import migrate
from catalog.schema_version import HEAD_REVISION, is_at_head
from catalog.workspace import make_engine, open_workspace


def test_the_written_down_head_is_the_newest_migration() -> None:
    assert migrate.head_revision() == HEAD_REVISION


def test_only_a_workspace_at_head_counts_as_at_head(tmp_path: Path) -> None:
    path = tmp_path / "workspace.sqlite"
    engine = make_engine(path)
    try:
        assert not is_at_head(engine)  # a new, empty file
        previous = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(HEAD_REVISION)
        assert isinstance(previous.down_revision, str)
        migrate.upgrade(engine, previous.down_revision)
        assert not is_at_head(engine)  # an older schema: it will be migrated
    finally:
        engine.dispose()
    open_workspace(path).close()
    engine = make_engine(path)
    try:
        assert is_at_head(engine)
    finally:
        engine.dispose()


def test_a_file_that_is_not_a_database_is_not_at_head(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database, just some text that is long enough " * 20)
    engine = make_engine(path)
    try:
        assert not is_at_head(engine)
    finally:
        engine.dispose()
