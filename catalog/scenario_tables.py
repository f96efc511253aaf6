"""The user's saved scenarios: requirements, the catalog revision solved against, last plan.

A saved scenario keeps the requirements as the TOML text a scenario file holds, so it can be
re-solved or written back to a file exactly; the plan is stored as the JSON of
`sovplan plan --json` together with the catalog revision it was solved against, and a
scenario planned over several years may keep its solved roadmap (the JSON of
`sovplan roadmap --json`, which names its own catalog revision).
"""

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base

NAME_MAX_LENGTH = 200


class ScenarioRecord(Base):
    """One saved scenario, known to the user by its unique name."""

    __tablename__ = "saved_scenarios"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH), unique=True)
    scenario_toml: Mapped[str] = mapped_column(Text)
    catalog_revision: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(40))
    plan_json: Mapped[str | None] = mapped_column(Text)
    roadmap_json: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
