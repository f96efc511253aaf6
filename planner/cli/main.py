"""`sovplan`: the command-line face of the planner. Thin: parsing, calling, printing.

Every user error ends in one line on stderr naming the field and the reason, and a
non-zero exit code from `ExitCode`; a traceback is shown only with SOVPLAN_DEBUG=1. A database
error is never shown as SQLAlchemy words it, since that holds the SQL and its parameters
(scenarios, plans, negotiated prices); the workspace turns the ones a user can act on (busy,
damaged, read-only) into `WorkspaceError`s, and any other shows only SQLite's own message.

Quick to start: the subcommands are a table of names, modules and help lines, and only the
module of the command given is imported (with the SQLAlchemy, OR-Tools or export libraries
it needs), so `sovplan --help` imports none of them. The console script ends the process
with `os._exit` once the command has finished and its output is flushed: tearing down the
interpreter (collecting the catalog, the ORM and the solver's objects) took longer than
the planning itself (docs/performance.md).
"""

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn

from catalog.errors import CatalogError, ImportRejectedError
from planner.errors import PlannerError
from planner.exit_codes import ExitCode

PROG = "sovplan"
DEBUG_ENV_VAR = "SOVPLAN_DEBUG"


@dataclass(frozen=True)
class Command:
    """A subcommand: its module's `register(parser)` adds the arguments and the handler."""

    name: str
    module: str
    help: str


COMMANDS = (
    Command("catalog", "planner.cli.catalog", "inspect, import and export the catalog"),
    Command(
        "estimate",
        "planner.cli.estimate",
        "throughput of a model on an accelerator (or fine-tuning hours)",
    ),
    Command(
        "plan", "planner.cli.plan", "optimise a scenario file (or a shipped example) into a plan"
    ),
    Command(
        "examples",
        "planner.cli.examples",
        "list the shipped example scenarios (plan one with `plan --example NAME`)",
    ),
    Command("compare", "planner.cli.compare", "compare saved scenarios side by side"),
    Command(
        "dependencies",
        "planner.cli.dependencies",
        "who can switch a plan off: each actor's share of each workload's capacity",
    ),
    Command(
        "stress",
        "planner.cli.stress",
        "what each lease change does to a plan: capacity lost, recovery, cost and time",
    ),
    Command(
        "frontier",
        "planner.cli.frontier",
        "what control costs: annual cost against independence (or lock-in), point by point",
    ),
    Command(
        "alternatives",
        "planner.cli.alternatives",
        "plans as different as possible within a few per cent of the cheapest",
    ),
    Command(
        "sensitivity",
        "planner.cli.sensitivity",
        "how sure the plan is: each group of uncertain inputs moved over its range",
    ),
    Command(
        "roadmap",
        "planner.cli.roadmap",
        "the multi-year build-out: what to rent, order and commit to, year by year",
    ),
    Command(
        "scenario",
        "planner.cli.scenario",
        "scenarios saved in the workspace (sovplan plan FILE --save NAME)",
    ),
)
"""In the order `sovplan --help` lists them."""


class UsageError(Exception):
    """A command-line argument is wrong; the message says which and why."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line instead of usage plus error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with the arguments of `command` only (None: of none, to find the command).

    The other subcommands are placeholders that know their name and help line; a
    placeholder takes no options, not even --help, so that a first parse can find the
    command without importing any command's module.
    """
    parser = _Parser(
        prog=PROG,
        description="Plan sovereign AI: owned GPUs, cloud capacity and model APIs, "
        "costed and scored for lock-in and independence.",
    )
    parser.add_argument(
        "--workspace",
        metavar="PATH",
        help="workspace file (default: $SOVPLAN_WORKSPACE, else the user data directory)",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for c in COMMANDS:
        sub = commands.add_parser(c.name, help=c.help, add_help=c.name == command)
        if c.name == command:
            importlib.import_module(c.module).register(sub)
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Find the command with a parser of placeholders, then parse with its arguments."""
    found, _ = build_parser().parse_known_args(argv)
    return build_parser(found.command).parse_args(argv)


def _fail(message: str, code: ExitCode) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return int(code)


def _nothing() -> None:
    pass


def main(argv: Sequence[str] | None = None, *, parsed: Callable[[], None] = _nothing) -> int:
    """Run `sovplan argv…` and return its exit code; `parsed` is called once the command
    is known and its module (with the libraries it needs) imported, before it runs."""
    try:
        args = parse_arguments(argv)
        parsed()
        return int(args.handler(args))
    except UsageError as exc:
        return _fail(str(exc), ExitCode.INVALID_INPUT)
    except ImportRejectedError as exc:
        print(f"{PROG}: error: {len(exc.problems)} problem(s), nothing imported:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return int(ExitCode.INVALID_INPUT)
    except (CatalogError, PlannerError) as exc:
        return _fail(str(exc), getattr(exc, "exit_code", ExitCode.INVALID_INPUT))
    except KeyboardInterrupt:
        return _fail("interrupted", ExitCode.INTERNAL_ERROR)
    except BrokenPipeError:  # `sovplan … | head` closed the pipe: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.OK)
    except Exception as exc:
        if os.environ.get(DEBUG_ENV_VAR):
            raise
        database = _database_reason(exc)
        if database is not None:  # never str(exc): it would print the SQL and its parameters
            return _fail(
                f"internal error: the workspace database reported: {database} "
                f"(set {DEBUG_ENV_VAR}=1 for details)",
                ExitCode.INTERNAL_ERROR,
            )
        return _fail(
            f"internal error: {type(exc).__name__}: {exc} (set {DEBUG_ENV_VAR}=1 for details)",
            ExitCode.INTERNAL_ERROR,
        )


def _database_reason(exc: Exception) -> str | None:
    """SQLite's own words for a SQLAlchemy error, else None. SQLAlchemy is looked up only if a
    command already imported it, so `sovplan --help` stays free of it."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.SQLAlchemyError):
        return None
    return str(exc.orig) if isinstance(exc, sa_exc.DBAPIError) else type(exc).__name__


def _collect_from_now_on() -> None:
    """Keep what the imports made out of every later collection, then collect as usual."""
    gc.freeze()
    gc.enable()


def console_main() -> NoReturn:
    """The `sovplan` console script: `main`, then exit at once, skipping the teardown.

    Only here: every command has closed its workspace before `main` returns, and nothing
    is left to write but the buffered output, flushed first. The garbage collector is off
    while the command's libraries are imported (they make many objects and no garbage:
    a tenth of the import time went on collections that freed nothing), and what they made
    is frozen out of its passes afterwards, as the GUI does (ui/main_window.py).
    """
    gc.disable()
    try:
        code = main(parsed=_collect_from_now_on)
    except SystemExit as exc:  # --help, --version: argparse's own exits
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


if __name__ == "__main__":
    console_main()
