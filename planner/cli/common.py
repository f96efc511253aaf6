"""What every `sovplan` subcommand shares: opening the workspace named on the command line."""

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from catalog.workspace import Workspace, open_workspace, resolve_workspace_path


@contextmanager
def open_from_args(args: argparse.Namespace) -> Iterator[Workspace]:
    """The workspace from --workspace / $SOVPLAN_WORKSPACE / the default, closed afterwards."""
    workspace = open_workspace(resolve_workspace_path(args.workspace))
    try:
        yield workspace
    finally:
        workspace.close()
