"""A testing kit for rule authors: assess with chosen plugins only, and generate valid profiles.

The strategies need `hypothesis` (installed with riskengine's ``test`` extra); the helpers do not.

Example, in a vendor pack's tests::

    from hypothesis import given
    from riskengine.testing import findings_of, profiles
    from my_pack import plugin

    def test_rule_fires():
        data = {"organization": {"name": "X", "crm_seats": 40}, ...}
        assert findings_of(data, "ACME001", plugins=[plugin])

    @given(profiles())
    def test_rule_never_crashes(profile):
        assert not assess_with(profile, plugins=[plugin]).errors
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from riskengine.assessment import Assessment
from riskengine.config import Config
from riskengine.engine import Engine
from riskengine.findings import Finding
from riskengine.loading import load_profile
from riskengine.profile import Profile

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "assess_with",
    "engine_with",
    "example_problems",
    "findings_of",
    "profile_dicts",
    "profiles",
]


def engine_with(
    plugins: Sequence[object] = (), *, builtins: bool = False, config: Config | None = None
) -> Engine:
    """An engine running only `plugins` (plus the built-in rules when `builtins` is True).

    Installed plugin packages are never loaded, so tests see exactly what they ask for.
    """
    block = () if builtins else ("builtin-rules",)
    return Engine(plugins, load_entrypoints=False, block=block, config=config)


def assess_with(
    profile: Profile | Mapping[str, Any],
    plugins: Sequence[object] = (),
    *,
    builtins: bool = False,
    config: Config | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Assess `profile` (a Profile or raw mapping) with only the given plugins."""
    engine = engine_with(plugins, builtins=builtins, config=config)
    loaded = profile if isinstance(profile, Profile) else engine.load(dict(profile))
    return engine.assess(loaded, today=today)


def findings_of(
    profile: Profile | Mapping[str, Any],
    rule_id: str,
    plugins: Sequence[object] = (),
    *,
    builtins: bool = False,
) -> list[Finding]:
    """The counted findings of one rule on `profile`."""
    assessment = assess_with(profile, plugins, builtins=builtins)
    return [f for f in assessment.findings if f.rule == rule_id and not f.accepted]


def example_problems(rule_id: str, plugins: Sequence[object] = ()) -> list[str]:
    """What is wrong with a rule's documented examples (empty when they behave as documented).

    The risky example must give a finding of the rule of at least medium severity, and the
    healthy example none. Use it in a pack's tests: ``assert not example_problems("ACME001",
    plugins=[plugin])``.
    """
    import yaml

    engine = engine_with(plugins, builtins=True)
    entry = next((e for e in engine.rules if e.rule.id == rule_id), None)
    if entry is None:
        return [f"no rule {rule_id} is registered by these plugins"]
    problems = []
    for name, text, wanted in (
        ("risky_example", entry.rule.risky_example, True),
        ("healthy_example", entry.rule.healthy_example, False),
    ):
        data = yaml.safe_load(text) or {}
        data.setdefault("organization", {"name": "Example"})  # examples may be fragments
        found = [
            f for f in engine.assess(engine.load(data), rank=False).findings if f.rule == rule_id
        ]
        loud = [f for f in found if f.severity != "low"]
        if wanted and not loud:
            problems.append(f"{name} gives no finding of at least medium severity")
        if not wanted and found:
            problems.append(f"{name} gives {len(found)} finding(s)")
    return problems


def profile_dicts(
    *,
    max_departments: int = 4,
    max_roles: int = 8,
    max_processes: int = 8,
    max_sources: int = 4,
    max_fields: int = 8,
    max_objectives: int = 4,
    max_phases: int = 3,
) -> SearchStrategy[dict[str, Any]]:
    """Raw profile mappings whose references are all consistent (valid by construction)."""
    from riskengine._strategies import profile_dict

    return profile_dict(
        sizes={
            "departments": max_departments,
            "roles": max_roles,
            "processes": max_processes,
            "data_sources": max_sources,
            "fields": max_fields,
            "objectives": max_objectives,
            "phases": max_phases,
        }
    )


def profiles(**limits: int) -> SearchStrategy[Profile]:
    """Validated `Profile` objects; takes the same size limits as `profile_dicts`.

    ``profiles()`` stays small and fast; ``profiles(max_roles=200, max_processes=200)``
    generates large ones.
    """
    return profile_dicts(**limits).map(load_profile)
