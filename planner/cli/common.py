"""What the `sovplan` subcommands share: the workspace and the scenario named by the user."""

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog.input_files import quoted
from catalog.workspace import Workspace, open_workspace, resolve_workspace_path
from planner.errors import PlannerError
from planner.scenario.examples import example_names, example_path
from planner.scenario.schema import Range


@contextmanager
def open_from_args(args: argparse.Namespace) -> Iterator[Workspace]:
    """The workspace from --workspace / $SOVPLAN_WORKSPACE / the default, closed afterwards."""
    workspace = open_workspace(resolve_workspace_path(args.workspace))
    try:
        yield workspace
    finally:
        workspace.close()


def add_scenario_arguments(parser: argparse.ArgumentParser, metavar: str = "SCENARIO.toml") -> None:
    """A scenario file or --example NAME, for every command that reads a scenario."""
    parser.add_argument("scenario", type=Path, nargs="?", metavar=metavar)
    parser.add_argument(
        "--example",
        metavar="NAME",
        help=f"a shipped example instead of a file: {', '.join(example_names())} "
        "(see `sovplan examples`)",
    )


def scenario_file(args: argparse.Namespace) -> Path:
    """The scenario file the user chose: the one given, or the shipped example named."""
    if args.scenario is not None and args.example is not None:
        raise PlannerError(
            f"give either a scenario file or --example, not both "
            f"(got {args.scenario} and --example {args.example})"
        )
    if args.example is not None:
        return example_path(args.example)
    if args.scenario is None:
        raise PlannerError("give a scenario file (SCENARIO.toml) or --example NAME")
    path: Path = args.scenario
    return path


def number_in(allowed: Range, *, whole: bool = False) -> Callable[[str], float]:
    """An argparse type for a number in `allowed`: finite and in range, as a scenario's
    numbers are (a whole number when `whole`), refused with the rule in words."""
    expected = "a whole number" if whole else "a number"

    def parse(text: str) -> float:
        try:
            value: float = int(text) if whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {quoted(text)}") from None
        reason = allowed.check(value)
        if reason is not None:
            raise argparse.ArgumentTypeError(reason)
        return value

    return parse
