"""Saved scenarios by name: save, look up, list, rename, duplicate and delete.

Every function works inside the caller's session and transaction: none opens a session or
commits, so a caller that fails half-way leaves nothing behind. Every refusal is a
`CatalogError` whose message is one line naming the scenario and the reason.
"""

import difflib
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.errors import CatalogError
from catalog.scenario_tables import NAME_MAX_LENGTH, ScenarioRecord

MAX_NAMES_SHOWN = 10
"""An unknown name's message lists at most this many saved names."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def check_name(name: str) -> str:
    """The name without surrounding blanks; refuses a blank, over-long or multi-line name."""
    cleaned = name.strip()
    if not cleaned:
        raise CatalogError("a saved scenario needs a name that is not blank")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise CatalogError(
            f"saved scenario name {cleaned[:40]!r}…: {len(cleaned)} characters, "
            f"at most {NAME_MAX_LENGTH} allowed"
        )
    if any(not c.isprintable() for c in cleaned):
        raise CatalogError(f"saved scenario name {cleaned!r}: must be one line of printable text")
    return cleaned


def find_scenario(session: Session, name: str) -> ScenarioRecord | None:
    """The saved scenario called exactly `name` (blanks around it ignored), if any."""
    name = name.strip()
    return session.scalars(select(ScenarioRecord).where(ScenarioRecord.name == name)).one_or_none()


def _taken(name: str, *, overwritable: bool = False) -> CatalogError:
    remedy = "choose another name or overwrite it" if overwritable else "choose another name"
    return CatalogError(f"a saved scenario named {name!r} already exists; {remedy}")


def check_name_free(session: Session, name: str, *, overwritable: bool = False) -> None:
    """Refuse a name some saved scenario already has."""
    if find_scenario(session, name) is not None:
        raise _taken(name, overwritable=overwritable)


def _flush(session: Session, name: str) -> None:
    """Flush, turning a name taken meanwhile (by another process) into the usual refusal."""
    try:
        session.flush()
    except IntegrityError:  # a name taken meanwhile by another process
        raise _taken(name) from None


def saved_names(session: Session) -> list[str]:
    return list(session.scalars(select(ScenarioRecord.name).order_by(ScenarioRecord.name)))


def _unknown(session: Session, name: str) -> CatalogError:
    names = saved_names(session)
    if not names:
        return CatalogError(f"no saved scenario {name!r}; nothing is saved yet")
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    shown = ", ".join(names[:MAX_NAMES_SHOWN])
    more = f" (and {len(names) - MAX_NAMES_SHOWN} more)" if len(names) > MAX_NAMES_SHOWN else ""
    return CatalogError(f"no saved scenario {name!r}{hint}; saved: {shown}{more}")


def save_scenario(
    session: Session,
    name: str,
    scenario_toml: str,
    catalog_revision: int,
    status: str,
    plan_json: str | None,
    *,
    overwrite: bool,
    roadmap_json: str | None = None,
) -> None:
    """Save under `name`; an existing name is refused unless `overwrite` (it keeps created_at).
    An overwrite replaces the kept roadmap too: one kept for other requirements is dropped."""
    name = check_name(name)
    now = _now()
    record = find_scenario(session, name)
    if record is not None and not overwrite:
        raise _taken(name, overwritable=True)
    if record is None:
        record = ScenarioRecord(name=name, created_at=now)
        session.add(record)
    record.scenario_toml = scenario_toml
    record.catalog_revision = catalog_revision
    record.status = status
    record.plan_json = plan_json
    record.roadmap_json = roadmap_json
    record.updated_at = now
    _flush(session, name)


def keep_roadmap(session: Session, name: str, roadmap_json: str) -> None:
    """Keep a solved roadmap with the saved scenario `name`, replacing any kept before."""
    record = get_scenario(session, name)
    record.roadmap_json = roadmap_json
    record.updated_at = _now()
    session.flush()


def get_scenario(session: Session, name: str) -> ScenarioRecord:
    """The saved scenario called `name`; an unknown name lists the saved ones and close matches."""
    record = find_scenario(session, name)
    if record is None:
        raise _unknown(session, name.strip())
    return record


def list_scenarios(session: Session) -> list[ScenarioRecord]:
    """Every saved scenario, by name."""
    return list(session.scalars(select(ScenarioRecord).order_by(ScenarioRecord.name)))


def rename_scenario(session: Session, old: str, new: str) -> None:
    record = get_scenario(session, old)
    new = check_name(new)
    if new == record.name:
        return
    check_name_free(session, new)
    record.name = new
    record.updated_at = _now()
    _flush(session, new)


def duplicate_scenario(session: Session, name: str, new: str) -> None:
    """A copy under a new name, with the same requirements, plan, roadmap and catalog
    revision."""
    record = get_scenario(session, name)
    new = check_name(new)
    check_name_free(session, new)
    now = _now()
    session.add(
        ScenarioRecord(
            name=new,
            scenario_toml=record.scenario_toml,
            catalog_revision=record.catalog_revision,
            status=record.status,
            plan_json=record.plan_json,
            roadmap_json=record.roadmap_json,
            created_at=now,
            updated_at=now,
        )
    )
    _flush(session, new)


def delete_scenario(session: Session, name: str) -> None:
    session.delete(get_scenario(session, name))
    session.flush()
