"""`python -m planner.cli` runs `sovplan`."""

from planner.cli.main import main

main()
