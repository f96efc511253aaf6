"""Who is planning: their home jurisdiction and the jurisdictions they trust.

Scores are relative to the organisation: a Swiss bank and an Estonian ministry trust
different laws, so the same provider can be "foreign" to one and "home" to the other.
"""

from dataclasses import dataclass

EU_MEMBER_STATES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
"""The 27 member states (Treaty on European Union, as of 2026)."""

EEA_NON_EU = frozenset({"IS", "LI", "NO"})
"""EEA members outside the EU (EEA Agreement)."""

JURISDICTION_GROUPS: dict[str, frozenset[str]] = {
    "EU": EU_MEMBER_STATES,
    "EEA": EU_MEMBER_STATES | EEA_NON_EU,
}
"""Shorthands a scenario may use in its list of trusted jurisdictions."""


def expand_jurisdictions(codes: tuple[str, ...]) -> frozenset[str]:
    """Country codes for a list of countries and group names (EU, EEA)."""
    found: set[str] = set()
    for code in codes:
        found |= JURISDICTION_GROUPS.get(code, frozenset({code}))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    home_jurisdiction: str
    """ISO 3166 alpha-2 country whose law the organisation lives under."""
    trusted_jurisdictions: tuple[str, ...] = ()
    """Further countries, or EU/EEA, whose law it accepts for its data and operators."""

    @property
    def trusted(self) -> frozenset[str]:
        return expand_jurisdictions((self.home_jurisdiction, *self.trusted_jurisdictions))

    def trusts(self, country: str) -> bool:
        return country in self.trusted
