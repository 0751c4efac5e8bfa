"""Checks every rule's tests share: unknown facts sit between their healthiest and riskiest
answers, answering one moves the risk as its field declares, and stating a fact (or the stage)
never makes a rule ask more."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.findings import Change, Finding
from riskengine.patching import apply_changes, pointer_parts
from riskengine.profile import Profile
from riskengine.profile.facts import fact_marker
from riskengine.rule import Rule
from riskengine.scoring import combine
from tests.helpers import as_profile, rule_risk

TODAY = dt.date(2026, 1, 1)


def run_alone(
    rule: type[Rule[Any]], data: dict[str, Any] | Profile, today: dt.date = TODAY
) -> tuple[list[Finding], dict[str, bool]]:
    """One rule's findings on a profile, and the facts it asked (pointer -> answered)."""
    ctx, _, asked = Context(as_profile(data), today=today).recorded()
    return list(rule().evaluate(ctx)), dict(asked)


def answered(profile: Profile, at: str, value: Any) -> Profile | None:
    """`profile` with the fact at `at` set to `value`, or None when the profile cannot take it
    (an answer inside a list)."""
    try:
        return apply_changes(profile, [Change(op="set", path=at, value=value)])
    except ProfileError:
        return None


def check_answers_move_risk(rule: type[Rule[Any]], profile: Profile) -> None:
    """Answering any open question the rule asks with its field's healthy value never raises
    the rule's risk, with its risky value never lowers it, and no answer widens its questions."""
    findings, asked = run_alone(rule, profile)
    risk = combine(f.risk for f in findings)
    for at, known in sorted(asked.items()):
        marker = fact_marker(Profile, pointer_parts(at))
        if known or marker is None:
            continue
        for value, direction in ((marker.healthy, "healthy"), (marker.risky, "risky")):
            changed = answered(profile, at, value)
            if changed is None:
                continue
            after, asked_after = run_alone(rule, changed)
            moved = combine(f.risk for f in after)
            if direction == "healthy":
                assert moved <= risk + 0.05, f"{rule.id}: healthy {at}={value!r} raised risk"
            else:
                assert moved >= risk - 0.05, f"{rule.id}: risky {at}={value!r} lowered risk"
            wider = set(asked_after) - set(asked)
            assert not wider, f"{rule.id}: answering {at} made it ask {sorted(wider)}"


def with_fact(data: dict[str, Any], parts: list[str], value: Any) -> dict[str, Any] | None:
    """A copy of `data` with the fact at `parts` set (None: removed), or None if it cannot be."""
    out = copy.deepcopy(data)
    node: Any = out
    for part in parts[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return None
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = copy.deepcopy(value)
    return out


def asked(engine: Engine, data: dict[str, Any], rule: str) -> dict[str, bool]:
    """The facts `rule` asked for on `data`, and whether each was answered."""
    return dict(engine.evaluate(as_profile(data)).runs[rule].asked)


def check_unknown_is_between(engine: Engine, base: dict[str, Any], rule: str) -> None:
    """Every fact `rule` asks: unknown risk lies between the healthy and risky answers' risks,
    and stating the fact never adds questions."""
    for at in sorted(asked(engine, base, rule)):
        parts = pointer_parts(at)
        marker = fact_marker(Profile, parts)
        if marker is None:
            continue
        unknown = with_fact(base, parts, None)
        healthy = with_fact(base, parts, marker.healthy)
        risky = with_fact(base, parts, marker.risky)
        if unknown is None or healthy is None or risky is None:
            continue
        open_risk = rule_risk(engine, unknown, rule)
        assert rule_risk(engine, healthy, rule) <= open_risk, f"{at}: healthy raises risk"
        assert rule_risk(engine, risky, rule) >= open_risk, f"{at}: risky lowers risk"
        open_asks = set(asked(engine, unknown, rule))
        for stated in (healthy, risky):
            more = set(asked(engine, stated, rule)) - open_asks
            assert not more, f"stating {at} makes {rule} ask {sorted(more)}"


def check_stage_adds_no_questions(engine: Engine, data: dict[str, Any], rule: str) -> None:
    """Stating the program's stage never makes `rule` ask more."""
    base = with_fact(data, ["lifecycle", "stage"], None)
    assert base is not None
    open_asks = set(asked(engine, base, rule))
    for stage in ("planning", "implementing", "live"):
        stated = with_fact(base, ["lifecycle", "stage"], stage)
        assert stated is not None
        more = set(asked(engine, stated, rule)) - open_asks
        assert not more, f"stage {stage} makes {rule} ask {sorted(more)}"
