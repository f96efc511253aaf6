"""The head revision written down for the quick check is the migrations folder's head."""

import subprocess
import sys
from pathlib import Path

from catalog import migrate
from catalog.schema_version import HEAD_REVISION


def test_the_written_down_head_is_the_newest_migration() -> None:
    assert migrate.head_revision() == HEAD_REVISION


def test_opening_a_workspace_at_head_loads_no_alembic(workspace_path: Path) -> None:
    """In a fresh interpreter: the quick path really skips the migration machinery."""
    code = (
        "import sys; from pathlib import Path; from catalog.workspace import open_workspace; "
        f"open_workspace(Path({str(workspace_path)!r})).close(); "
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
