"""How an annual amount is written everywhere a person reads it: `EUR 23,676`.

The CLI, the GUI cards, the conflict messages and the exports all call this, so the same
plan shows the same figure in each.
"""


def money_text(amount: float, currency: str) -> str:
    return f"{currency} {amount:,.0f}"


def change_text(amount: float) -> str:
    """A change in money as the stress table shows it: `+4,977`, `-8,193`, or `0` for less
    than half a unit either way (never `-0`)."""
    whole = round(amount)
    return f"{whole:+,}" if whole else "0"
