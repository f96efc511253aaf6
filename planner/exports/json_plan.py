"""The plan as JSON (indent 2, UTF-8): what `sovplan plan --json` prints, through the one
encoder (planner/results/plan_json.py)."""

from planner.results.plan_document import PlanDocument
from planner.results.plan_json import plan_to_text


def plan_to_json(plan: PlanDocument) -> bytes:
    return (plan_to_text(plan, indent=2, ascii_only=False) + "\n").encode("utf-8")
