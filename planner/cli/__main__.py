"""`python -m planner.cli` runs `sovplan`, with its exit code."""

from planner.cli.main import console_main

console_main()
