"""`python -m planner.cli` runs `sovplan`, with its exit code."""

import sys

from planner.cli.main import main

sys.exit(main())
