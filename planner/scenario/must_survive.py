"""The shocks a robust plan must survive (`policy.must_survive`), by name.

A name picks a concrete shock of the shipped library or the scenario's `[[shocks]]`
(`legal-reach:US`), every shock a template expands to (`provider-exit` or
`provider-exit:*`), or one target of a template (`provider-exit:ovhcloud`,
`model-retirement:gpt-4o`). The reader checks each name against the shocks it could pick
(`unknown_reason`); the optimiser turns the names into concrete shocks (`chosen`), a
template's expanded over every supplier the plan could use (docs/stress.md).
"""

from collections.abc import Container, Iterable, Sequence
from dataclasses import replace

from planner.scenario.shocks import EACH, Shock, ShockScope, expand


def _template_and_target(name: str) -> tuple[str, str]:
    base, _, target = name.partition(":")
    return base, target


def unknown_reason(
    name: str,
    shocks: Sequence[Shock],
    providers: Container[str],
    models: Container[str],
) -> str | None:
    """Why `name` picks no shock, or None when it picks one."""
    if any(s.name == name and not s.is_template for s in shocks):
        return None
    base, target = _template_and_target(name)
    template = next((s for s in shocks if s.is_template and s.name == base), None)
    if template is None:
        return f"{name!r} names no shock of the shipped library or the scenario's [[shocks]]"
    if target in ("", EACH):
        return None
    known, noun = (providers, "providers") if template.provider == EACH else (models, "ai_models")
    if target not in known:
        return f"{target!r} in {name!r} is not in the catalog's {noun}"
    return None


def _one_target(template: Shock, target: str) -> Shock:
    named = replace(template, name=f"{template.name}:{target}", template=template.name)
    if template.provider == EACH:
        return replace(named, provider=target)
    return replace(named, model=target)


def chosen(names: Iterable[str], shocks: Sequence[Shock], scope: ShockScope) -> tuple[Shock, ...]:
    """The concrete shocks the names pick, each once, in the order named; templates expand
    over `scope`. A name that picks nothing (checked by the reader) is skipped, as is a
    template with nothing in scope to range over."""
    found: dict[str, Shock] = {}
    for name in names:
        base, target = _template_and_target(name)
        concrete = [s for s in shocks if s.name == name and not s.is_template]
        template = next((s for s in shocks if s.is_template and s.name == base), None)
        if concrete:
            picked = concrete
        elif template is not None and target not in ("", EACH):
            picked = [_one_target(template, target)]
        elif template is not None:
            picked = list(expand([template], scope))
        else:
            picked = []
        for shock in picked:
            found.setdefault(shock.name, shock)
    return tuple(found.values())
