"""`sovplan`: the command-line face of the planner. Thin: parsing, calling, printing.

Every user error ends in one line on stderr naming the field and the reason, and a
non-zero exit code from `ExitCode`; a traceback is shown only with SOVPLAN_DEBUG=1. A database
error is never shown as SQLAlchemy words it, since that holds the SQL and its parameters
(scenarios, plans, negotiated prices); the workspace turns the ones a user can act on (busy,
damaged, read-only) into `WorkspaceError`s, and any other shows only SQLite's own message.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from catalog.errors import CatalogError, ImportRejectedError
from planner.cli import catalog as cli_catalog
from planner.cli import compare as cli_compare
from planner.cli import dependencies as cli_dependencies
from planner.cli import estimate as cli_estimate
from planner.cli import examples as cli_examples
from planner.cli import plan as cli_plan
from planner.cli import scenario as cli_scenario
from planner.errors import PlannerError
from planner.exit_codes import ExitCode

PROG = "sovplan"
DEBUG_ENV_VAR = "SOVPLAN_DEBUG"


class UsageError(Exception):
    """A command-line argument is wrong; the message says which and why."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line instead of usage plus error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
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
    cli_catalog.register(commands)
    cli_estimate.register(commands)
    cli_plan.register(commands)
    cli_examples.register(commands)
    cli_compare.register(commands)
    cli_dependencies.register(commands)
    cli_scenario.register(commands)
    return parser


def _fail(message: str, code: ExitCode) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return int(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sovplan` console script; returns the process exit code."""
    try:
        args = build_parser().parse_args(argv)
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
    except SQLAlchemyError as exc:  # never str(exc): it would print the SQL and its parameters
        if os.environ.get(DEBUG_ENV_VAR):
            raise
        reason = exc.orig if isinstance(exc, DBAPIError) else type(exc).__name__
        return _fail(
            f"internal error: the workspace database reported: {reason} "
            f"(set {DEBUG_ENV_VAR}=1 for details)",
            ExitCode.INTERNAL_ERROR,
        )
    except Exception as exc:
        if os.environ.get(DEBUG_ENV_VAR):
            raise
        return _fail(
            f"internal error: {type(exc).__name__}: {exc} (set {DEBUG_ENV_VAR}=1 for details)",
            ExitCode.INTERNAL_ERROR,
        )


if __name__ == "__main__":
    sys.exit(main())
