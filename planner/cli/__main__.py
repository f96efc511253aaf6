"""`python -m planner.cli` runs `sovplan`."""

import sys

from planner.cli.main import main

sys.exit(main())
