"""A plan costed and scored: the plan itself, cost, line items, independence and lock-in."""
