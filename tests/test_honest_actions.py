"""Actions describe the work they name: no placeholders, no symptom hidden, no shortcut wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from riskengine.loading import load_profile
from riskengine.patching import apply_changes, pointer_parts
from tests.helpers import PROFILES

ENGINE = Engine(load_entrypoints=False)
EXAMPLES = sorted(PROFILES.glob("*.yaml"))


def _assess(path: Path) -> Assessment:
    return ENGINE.assess(load_profile(path))


def _placeholder_metrics(value: object) -> bool:
    """Metrics shaped to satisfy a rule rather than measured: a baseline equal to the target."""
    metrics = value if isinstance(value, list) else []
    return any(
        isinstance(m, dict) and "baseline" in m and m.get("baseline") == m.get("target")
        for m in metrics
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_action_invents_objectives_metrics_or_targets(path: Path) -> None:
    for rec in _assess(path).recommendations:
        for change in rec.changes:
            parts = pointer_parts(change.path)
            if parts[0] == "objectives":
                assert len(parts) > 2, f"{rec.action}: creates an objective nobody defined"
                assert parts[2] != "metrics" or not _placeholder_metrics(change.value), rec.action
            value = change.value if isinstance(change.value, dict) else {}
            assert not _placeholder_metrics(value.get("metrics")), rec.action


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_lightening_a_burden_never_passes_for_restoring_data(path: Path) -> None:
    a = _assess(path)
    for rec in a.recommendations:
        only_burden = rec.changes and all(
            pointer_parts(c.path)[-1] == "burden" for c in rec.changes
        )
        if only_burden:
            assert "CRM007" not in rec.removes, f"{rec.action} removes dropped-field risk"


def test_restoring_the_field_ranks_above_cutting_the_work() -> None:
    a = _assess(PROFILES / "oversimplification.yaml")
    restore = [r.rank for r in a.recommendations if "CRM007" in r.rules]
    shortcuts = [
        r.rank
        for r in a.recommendations
        if r.changes and all(pointer_parts(c.path)[-1] == "burden" for c in r.changes)
    ]
    assert restore, "the story's dropped fields get an action of their own"
    assert not shortcuts or min(restore) < min(shortcuts)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_action_moves_the_score_and_does_its_own_rule_s_work(path: Path) -> None:
    profile = load_profile(path)
    a = ENGINE.assess(profile)
    for rec in a.recommendations:
        assert rec.gain > 0, rec.action
        assert set(rec.rules) & set(rec.removes), f"{rec.action} removes {rec.removes}"
        if rec.changes:
            assert apply_changes(profile, rec.changes) != profile, rec.action


def test_a_licence_problem_is_fixed_by_licences_not_by_a_steering_seat() -> None:
    a = _assess(PROFILES / "troubled-rollout.yaml")
    seats = [
        r
        for r in a.recommendations
        if r.changes and all(pointer_parts(c.path)[0] == "steering_committee" for c in r.changes)
    ]
    licences = [r for r in a.recommendations if "licences" in r.action]
    assert seats and licences
    assert all("CRM002" not in r.removes for r in seats), [r.action for r in seats]
    assert all("CRM002" in r.removes for r in licences)


def test_estimated_actions_carry_no_change_and_say_so() -> None:
    a = ENGINE.assess(
        load_profile({"organization": {"name": "X", "crm_seats": 600}, "objectives": {}})
    )
    setting = [r for r in a.recommendations if "objectives" in r.action.lower()]
    assert setting and all(r.estimated and not r.changes for r in setting)
