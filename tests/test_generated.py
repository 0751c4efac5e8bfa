"""Engine invariants over generated profiles, using the strategies of riskengine.testing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.engine import Engine
from riskengine.loading import load_profile
from riskengine.patching import apply_changes
from riskengine.scoring import overall_risk
from riskengine.testing import profile_dicts
from tests.test_properties import shuffled

TODAY = dt.date(2026, 1, 1)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(profile_dicts())
def test_bounded_explainable_and_no_rule_errors(engine: Engine, data: dict[str, Any]) -> None:
    a = engine.assess(load_profile(data), today=TODAY)
    assert not a.errors
    assert 0 <= a.score.overall <= 100
    assert a.score.overall == overall_risk(a.findings)
    assert all(0 <= f.risk <= 100 for f in a.findings)


@SETTINGS
@given(profile_dicts(), st.randoms(use_true_random=False))
def test_deterministic_and_order_free(
    engine: Engine, data: dict[str, Any], rnd: random.Random
) -> None:
    first = engine.assess(load_profile(data), today=TODAY)
    assert (
        engine.assess(load_profile(data), today=TODAY).model_dump_json() == first.model_dump_json()
    )
    again = engine.assess(load_profile(shuffled(data, rnd)), today=TODAY)
    assert again.score == first.score
    assert sorted((f.rule, f.message, f.risk) for f in again.findings) == sorted(
        (f.rule, f.message, f.risk) for f in first.findings
    )


@SETTINGS
@given(profile_dicts(max_roles=5, max_processes=5))
def test_applying_a_recommendation_never_raises_risk(engine: Engine, data: dict[str, Any]) -> None:
    profile = load_profile(data)
    a = engine.assess(profile, today=TODAY)
    for rec in a.recommendations:
        assert rec.gain > 0, rec.action
        assert set(rec.rules) & set(rec.removes), rec.action
        if rec.estimated:
            continue
        changed = apply_changes(profile, rec.changes)
        assert changed != profile, f"{rec.action} leaves the profile as it is"
        after = engine.assess(changed, today=TODAY, rank=False)
        assert after.score.overall <= a.score.overall, rec.action
        assert rec.gain == round(a.score.overall - after.score.overall, 1), rec.action
        assert rec.risk_removed == round(a.score.total - after.score.total, 1), rec.action
