"""Each story profile surfaces its own pitfall first, and the healthy examples stay calm."""

from __future__ import annotations

import pytest

from riskengine.engine import Engine
from tests.helpers import PROFILES

# story profile -> (rule ids of its pitfall, how high the first of them must rank)
STORIES: dict[str, tuple[tuple[str, ...], int]] = {
    "excluded-users": (("CRM002",), 1),
    "no-roadmap": (("CRM003",), 1),
    "poor-training": (("CRM004",), 1),
    "missing-migration": (("CRM005",), 1),
    "unbalanced-value": (("CRM006",), 1),
    "oversimplification": (("CRM007", "CRM006"), 2),
    # the big-bang go-live is both the plan's overreach (CRM008) and an unrehearsed cutover (CRM029)
    "overreach": (("CRM008", "CRM029"), 1),
    "no-project-manager": (("CRM009",), 2),
    "no-pilot": (("CRM010",), 2),
    "it-dominated-committee": (("CRM014",), 2),
    "no-plan-after-go-live": (("CRM016",), 2),
    "consultant-no-handover": (("CRM018",), 2),
    "lost-owner": (("CRM016", "CRM037"), 1),
    "measures-off-course": (("CRM024",), 1),
    "big-bang-cutover": (("CRM029", "CRM030"), 1),
    "commission-hoarding": (("CRM032",), 1),
    "untested-integrations": (("CRM035",), 1),
    "offshore-host": (("CRM039",), 1),
    "change-request-pile": (("CRM038",), 1),
}
CALM = ("healthy-rollout", "small-firm")


def _top_rules(engine: Engine, name: str, n: int) -> list[str]:
    findings = engine.assess(engine.load(PROFILES / f"{name}.yaml"), rank=False).findings
    ordered: list[str] = []
    for f in findings:
        if f.rule not in ordered:
            ordered.append(f.rule)
    return ordered[:n]


def test_every_story_file_is_listed() -> None:
    names = {p.stem for p in PROFILES.glob("*.yaml")}
    assert set(STORIES) <= names
    assert names - set(STORIES) == {*CALM, "troubled-rollout"}


@pytest.mark.parametrize("name", sorted(STORIES))
def test_story_pitfall_is_the_top_finding(engine: Engine, name: str) -> None:
    rules, within = STORIES[name]
    top = _top_rules(engine, name, within)
    assert set(rules) & set(top), f"{name}: expected {rules} within the top {within}, got {top}"


@pytest.mark.parametrize("name", sorted(STORIES))
def test_first_recommendation_addresses_the_story(engine: Engine, name: str) -> None:
    rules, _ = STORIES[name]
    first = engine.assess(engine.load(PROFILES / f"{name}.yaml")).recommendations[0]
    assert set(first.rules) & set(rules), f"{name}: first action was {first.action!r}"
    assert first.gain > 0


@pytest.mark.parametrize("name", CALM)
def test_healthy_profiles_have_nothing_above_medium(engine: Engine, name: str) -> None:
    assessment = engine.assess(engine.load(PROFILES / f"{name}.yaml"), rank=False)
    loud = [
        (f.rule, f.severity, f.message)
        for f in assessment.findings
        if f.severity in ("high", "critical")
    ]
    assert not loud
    assert assessment.score.status == "green"


def test_troubled_rollout_is_red_across_pillars(engine: Engine) -> None:
    assessment = engine.assess(engine.load(PROFILES / "troubled-rollout.yaml"), rank=False)
    assert assessment.score.status == "red"
    assert all(p.findings > 0 for p in assessment.score.pillars.values())
