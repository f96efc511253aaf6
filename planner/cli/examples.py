"""`sovplan examples`: the example scenarios shipped with the program, to plan or to copy."""

import argparse

from planner.cli.textfmt import format_table
from planner.exit_codes import ExitCode
from planner.scenario.examples import examples, examples_dir


def register(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    print(format_table(["name", "scenario"], [[e.name, e.title] for e in examples()]))
    print()
    print("Plan one with `sovplan plan --example NAME`.")
    print(f"The files are in {examples_dir()}; copy one to start your own scenario.")
    return int(ExitCode.OK)
