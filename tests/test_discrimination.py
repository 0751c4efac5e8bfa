"""Scores tell programs apart, from healthy to disastrous, and actions move them visibly."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel

from riskengine.engine import Engine
from riskengine.loading import load_profile
from riskengine.profile import Profile
from riskengine.profile.declare import Fact
from riskengine.profile.entities import model_of
from tests.helpers import PROFILES, profile_data

ENGINE = Engine(load_entrypoints=False)


def _worst(data: Any, model: type[BaseModel]) -> Any:
    """`data` with every fact its fields declare set to the riskiest answer, recursively."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name, info in model.model_fields.items():
        marker = next((m for m in info.metadata if isinstance(m, Fact)), None)
        if marker is not None:
            out[name] = marker.risky
            continue
        annotation = info.annotation
        is_map = typing.get_origin(annotation) is dict
        nested, many = model_of(typing.get_args(annotation)[1] if is_map else annotation)
        value = out.get(name)
        if nested is None or value is None or value is False:
            continue
        if is_map:
            out[name] = {k: _worst(v, nested) for k, v in value.items()}
        elif many:
            out[name] = [_worst(v, nested) for v in value]
        else:
            out[name] = _worst(value, nested)
    return out


def _merged(a: Any, b: Any) -> Any:
    """`b` laid over `a`: maps merge key by key (entity maps become their union)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **{k: _merged(a[k], v) if k in a else v for k, v in b.items()}}
    return a if b is None else b


def _everything_wrong() -> Any:
    """Every example's entities in one program, every fact at its riskiest answer."""
    data: Any = {}
    for path in sorted(PROFILES.glob("*.yaml")):
        data = _merged(profile_data(path.stem), data)
    return _worst(data, Profile)


def test_a_program_that_fails_nearly_everything_scores_at_least_90() -> None:
    a = ENGINE.assess(load_profile(_everything_wrong()), rank=False)
    failing = {f.rule for f in a.findings}
    assert len(failing) >= 0.85 * len(ENGINE.active_rule_ids), sorted(failing)
    assert a.score.overall >= 90, a.score


def test_the_worst_answers_score_above_the_troubled_example() -> None:
    troubled = ENGINE.assess(load_profile(PROFILES / "troubled-rollout.yaml"), rank=False)
    worst = ENGINE.assess(
        load_profile(_worst(profile_data("troubled-rollout"), Profile)), rank=False
    )
    assert worst.score.overall > troubled.score.overall


@pytest.mark.parametrize("name", ["healthy-rollout", "small-firm"])
def test_healthy_examples_stay_green(name: str) -> None:
    a = ENGINE.assess(load_profile(PROFILES / f"{name}.yaml"), rank=False)
    assert a.score.status == "green", [(f.rule, f.risk, f.message) for f in a.findings]


def test_troubled_rollout_discriminates() -> None:
    a = ENGINE.assess(load_profile(PROFILES / "troubled-rollout.yaml"))
    pillars = [p.risk for p in a.score.pillars.values()]
    assert max(pillars) - min(pillars) >= 10, pillars
    assert a.score.overall < 100
    top = a.recommendations[:5]
    assert len(top) == 5
    assert all(rec.gain >= 1.0 for rec in top), [(r.action, r.gain) for r in top]
    assert all(rec.removes for rec in top)


def test_one_cause_is_one_finding_listing_what_it_touches() -> None:
    a = ENGINE.assess(load_profile(PROFILES / "troubled-rollout.yaml"), rank=False)
    for rule in ("CRM007", "CRM012", "CRM015"):
        (finding,) = [f for f in a.findings if f.rule == rule]
        assert len(finding.evidence.pointers) > 1, finding.message
    (seats,) = [f for f in a.findings if "/steering_committee/members" in f.evidence.pointers]
    assert "/departments/sales" in seats.evidence.pointers, seats.message
