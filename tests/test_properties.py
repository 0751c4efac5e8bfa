"""Engine invariants over the example profiles: order-free, bounded, deterministic, monotone."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from riskengine.scoring import overall_risk
from tests.helpers import PROFILES, profile_data

NAMES = sorted(p.stem for p in PROFILES.glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)


def shuffled(data: Any, rnd: random.Random) -> Any:
    """The same data with every list and every mapping in a random order."""
    if isinstance(data, dict):
        items = [(k, shuffled(v, rnd)) for k, v in data.items()]
        rnd.shuffle(items)
        return dict(items)
    if isinstance(data, list):
        items = [shuffled(v, rnd) for v in data]
        rnd.shuffle(items)
        return items
    return data


def summary(a: Assessment) -> tuple[object, ...]:
    # evidence pointers into lists (steering seats, metrics) name positions, so they may move
    findings = sorted((f.rule, f.message, f.risk) for f in a.findings)
    recs = sorted((r.action, r.gain) for r in a.recommendations)
    return a.score.model_dump_json(), findings, recs


@pytest.fixture(scope="module")
def baselines(engine: Engine) -> dict[str, tuple[object, ...]]:
    return {n: summary(engine.assess(profile_data(n), today=TODAY)) for n in NAMES}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(NAMES), rnd=st.randoms(use_true_random=False))
def test_shuffling_the_profile_changes_nothing(
    engine: Engine, baselines: dict[str, tuple[object, ...]], name: str, rnd: random.Random
) -> None:
    data = shuffled(profile_data(name), rnd)
    assert summary(engine.assess(data, today=TODAY)) == baselines[name]


@pytest.mark.parametrize("name", NAMES)
def test_scores_are_bounded_and_explainable(engine: Engine, name: str) -> None:
    a = engine.assess(profile_data(name), today=TODAY)
    assert 0 <= a.score.overall <= 100
    for f in a.findings:
        assert 0 <= f.risk <= 100 and 0 <= f.likelihood <= 1 and 0 <= f.impact <= 1
    assert a.score.overall == overall_risk(a.findings)
    for pillar, score in a.score.pillars.items():
        assert score.findings == sum(1 for f in a.counted_findings if f.pillar == pillar)


@pytest.mark.parametrize("name", NAMES)
def test_recommendations_never_raise_risk_and_gain_is_measured(engine: Engine, name: str) -> None:
    from riskengine.patching import apply_changes

    profile = engine.load(PROFILES / f"{name}.yaml")
    a = engine.assess(profile, today=TODAY)
    for rec in a.recommendations:
        assert rec.gain > 0 or rec.risk_removed > 0, rec.action
        if rec.estimated:
            assert not rec.changes, "only work no change can describe is estimated"
            continue
        changed = apply_changes(profile, rec.changes)
        assert changed != profile, f"{rec.action} leaves the profile as it is"
        after = engine.assess(changed, today=TODAY, rank=False)
        assert after.score.overall <= a.score.overall, rec.action
        assert rec.gain == round(a.score.overall - after.score.overall, 1), rec.action
        assert rec.risk_removed == round(a.score.total - after.score.total, 1), rec.action
        assert rec.risk_removed > 0, rec.action


@pytest.mark.parametrize("name", NAMES)
def test_ranking_is_sorted_by_gain_per_effort(engine: Engine, name: str) -> None:
    from riskengine.findings import EFFORT_COST

    recs = engine.assess(profile_data(name), today=TODAY).recommendations
    keys = [
        (-r.gain / EFFORT_COST[r.effort], -r.risk_removed / EFFORT_COST[r.effort], -r.leverage)
        for r in recs
    ]
    assert keys == sorted(keys)
    assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
