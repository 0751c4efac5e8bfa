"""The measure-and-learn rules CRM023-CRM026: results measured, drift noticed, phases reviewed,
lessons written down; and how each treats facts the profile leaves unknown."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.loading import load_profile
from riskengine.rule import Rule
from riskengine.rules import (
    BUILTIN_RULES,
    DriftingMeasures,
    UnlearnedPhase,
    UnmeasuredResults,
    UnreviewedPhase,
)
from riskengine.rules.drifting_measures import DriftingMeasuresSettings
from tests.helpers import overlay, profile_data, rule_findings, rule_risk, with_path
from tests.rules.test_monotonicity import DIMENSIONS as ALL_DIMENSIONS

LEARNING = (UnmeasuredResults, DriftingMeasures, UnreviewedPhase, UnlearnedPhase)
LESSON = "Merge the pipeline stages before the rollout."


def _metric(actual: float | None, baseline: float = 20, target: float = 30) -> list[dict[str, Any]]:
    metric: dict[str, Any] = {"name": "Win rate", "baseline": baseline, "target": target}
    if actual is not None:
        metric["actual"] = actual
    return [metric]


def _escalations(actual: float) -> list[dict[str, Any]]:
    return [{"name": "Escalations", "baseline": 12, "target": 7, "actual": actual}]


def _base() -> dict[str, Any]:
    """healthy-rollout with sales done, service active and marketing planned, and nothing
    measured, reviewed or learned yet (whatever the example itself may come to state)."""
    data = profile_data()
    for objective in data["objectives"].values():
        for metric in objective.get("metrics", []):
            metric.pop("actual", None)
            metric.pop("measured_on", None)
    for key, status in (
        ("p1_sales", "done"),
        ("p2_service", "active"),
        ("p3_marketing", "planned"),
    ):
        phase = data["phases"][key]
        phase.pop("review", None)
        phase.pop("lessons_learned", None)
        phase["status"] = status
    return data


Dimension = tuple[str, tuple[Any, ...]]

# what the owner may add to tests/rules/test_monotonicity.py's DIMENSIONS (worst to best, on
# healthy-rollout, where p1_sales is done and p2_service active after it)
# declared once, in tests/rules/test_monotonicity.py; here every combination is tried
DIMENSIONS = {rule: ALL_DIMENSIONS[rule] for rule in ("CRM023", "CRM024", "CRM025", "CRM026")}


def _apply(levels: dict[str, Any]) -> dict[str, Any]:
    data = _base()
    for path, value in levels.items():
        data = with_path(data, path, value)
    return data


def test_rules_are_registered_in_id_order() -> None:
    ids = [r.id for r in BUILTIN_RULES]
    for rule in LEARNING:
        assert rule in BUILTIN_RULES
    assert [ids.index(r.id) for r in LEARNING] == sorted(ids.index(r.id) for r in LEARNING)
    assert {r.id: r.pillar for r in LEARNING} == {
        "CRM023": "process",
        "CRM024": "expectations",
        "CRM025": "process",
        "CRM026": "process",
    }


@pytest.mark.parametrize("rule", sorted(DIMENSIONS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_improving_never_raises_the_rules_risk(
    engine: Engine, rule: str, data: st.DataObject
) -> None:
    dims = DIMENSIONS[rule]
    levels = {path: data.draw(st.integers(0, len(values) - 1)) for path, values in dims}
    path, values = data.draw(st.sampled_from(dims))
    better = data.draw(st.integers(levels[path], len(values) - 1))
    before = {p: dict(dims)[p][i] for p, i in levels.items()}
    after = {**before, path: values[better]}
    assert rule_risk(engine, _apply(after), rule) <= rule_risk(engine, _apply(before), rule)


@pytest.mark.parametrize("rule", sorted(DIMENSIONS))
def test_worst_levels_trigger_and_best_levels_calm_the_rule(engine: Engine, rule: str) -> None:
    worst = {path: values[0] for path, values in DIMENSIONS[rule]}
    best = {path: values[-1] for path, values in DIMENSIONS[rule]}
    assert rule_risk(engine, _apply(worst), rule) > 0
    assert rule_risk(engine, _apply(best), rule) == 0


# --- unknown is not no -------------------------------------------------------------------------

DONE_UNMEASURED = _base()  # p1_sales done; its metrics state no actual
STOPPED = overlay(_base(), {"phases": {"p1_sales": {"review": "stop"}}})
DRIFTING = overlay(_base(), {"objectives": {"win_rate": {"metrics": _metric(17)}}})
NO_LESSONS = overlay(_base(), {"phases": {"p1_sales": {"lessons_learned": []}}})
FAILING: dict[str, dict[str, Any]] = {
    "CRM023": DONE_UNMEASURED,
    "CRM024": DRIFTING,
    "CRM025": STOPPED,
    "CRM026": NO_LESSONS,
}


@pytest.mark.parametrize("rule", sorted(FAILING))
def test_a_phase_of_unknown_status_is_not_judged_but_asked(engine: Engine, rule: str) -> None:
    assert rule_findings(engine, FAILING[rule], rule)
    phase = "p2_service" if rule == "CRM025" else "p1_sales"
    unknown = overlay(FAILING[rule], {"phases": {phase: {"status": None}}})
    assert not rule_findings(engine, unknown, rule)
    questions = engine.assess(load_profile(unknown), rank=False).questions
    assert any(q.pointer == f"/phases/{phase}/status" and rule in q.rules for q in questions)


def test_unmeasured_actuals_of_a_done_phase_are_the_finding(engine: Engine) -> None:
    (found,) = rule_findings(engine, DONE_UNMEASURED, "CRM023")
    assert "no measured result is on record" in found.message
    assert found.severity == "medium"
    assert {"phase:p1_sales", "objective:win_rate", "objective:forecast"} <= set(
        found.evidence.nodes
    )
    assert "/objectives/win_rate/metrics/0/actual" in found.evidence.pointers


def test_measuring_some_metrics_lowers_the_likelihood(engine: Engine) -> None:
    (everything,) = rule_findings(engine, DONE_UNMEASURED, "CRM023")
    part = overlay(_base(), {"objectives": {"win_rate": {"metrics": _metric(25)}}})
    (some,) = rule_findings(engine, part, "CRM023")
    assert some.likelihood < everything.likelihood
    assert some.risk < everything.risk
    assert "objective:win_rate" not in some.evidence.nodes


@pytest.mark.parametrize("missing", ["baseline", "target", "actual"])
def test_drift_needs_baseline_target_and_actual(engine: Engine, missing: str) -> None:
    metric = {**_metric(17)[0]}
    del metric[missing]
    data = overlay(_base(), {"objectives": {"win_rate": {"metrics": [metric]}}})
    assert not rule_findings(engine, data, "CRM024")


def test_an_unrecorded_review_counts_at_most_half_of_an_ignored_stop(engine: Engine) -> None:
    (stop,) = rule_findings(engine, STOPPED, "CRM025")
    (unknown,) = rule_findings(engine, _base(), "CRM025")
    assert unknown.likelihood <= stop.likelihood / 2
    assert unknown.risk <= stop.risk
    assert "No decision" in unknown.message and "on record" in unknown.message
    assert stop.severity == unknown.severity == "medium"
    assert set(stop.evidence.nodes) == {
        "phase:p1_sales",
        "phase:p2_service",
        "objective:win_rate",
        "objective:forecast",
    }


@pytest.mark.parametrize("review", ["continue", "adjust"])
def test_a_recorded_decision_calms_the_review_rule(engine: Engine, review: str) -> None:
    data = overlay(_base(), {"phases": {"p1_sales": {"review": review}}})
    assert not rule_findings(engine, data, "CRM025")


def test_unknown_lessons_are_a_question_not_a_finding(engine: Engine) -> None:
    assert not rule_findings(engine, _base(), "CRM026")
    questions = engine.assess(load_profile(_base()), rank=False).questions
    assert any(
        q.pointer == "/phases/p1_sales/lessons_learned" and "CRM026" in q.rules for q in questions
    )
    (found,) = rule_findings(engine, NO_LESSONS, "CRM026")
    assert found.evidence.pointers[0] == "/phases/p1_sales/lessons_learned"
    assert "objective:win_rate" in found.evidence.nodes


# --- asking maximally -----------------------------------------------------------------------------


def _asked(rule: type[Rule[Any]], data: dict[str, Any]) -> set[str]:
    ctx, _reads, asked = Context(load_profile(data)).recorded()
    list(rule().evaluate(ctx))
    return set(asked)


@pytest.mark.parametrize("rule", LEARNING, ids=lambda r: r.id)
@pytest.mark.parametrize(
    ("path", "answers"),
    [
        ("phases.p1_sales.status", ("planned", "active", "done")),
        ("phases.p2_service.status", ("planned", "active", "done")),
        ("organization.crm_seats", (4, 140, 2000)),
    ],
)
def test_stating_a_fact_never_widens_what_is_asked(
    rule: type[Rule[Any]], path: str, answers: tuple[Any, ...]
) -> None:
    for base in (DONE_UNMEASURED, DRIFTING, STOPPED, NO_LESSONS):
        unknown = _asked(rule, with_path(base, path, None))
        for answer in answers:
            assert _asked(rule, with_path(base, path, answer)) <= unknown, (rule.id, answer)


@pytest.mark.parametrize("rule", LEARNING, ids=lambda r: r.id)
def test_size_answers_are_monotone(engine: Engine, rule: type[Rule[Any]]) -> None:
    data = FAILING[rule.id]

    def risk(seats: int | None) -> float:
        return rule_risk(engine, with_path(data, "organization.crm_seats", seats), rule.id)

    assert risk(5) <= risk(None) <= risk(2000)
    assert risk(None) > 0


# --- drift ----------------------------------------------------------------------------------------


def test_drift_likelihood_grows_with_how_far_it_moved(engine: Engine) -> None:
    likelihoods = []
    for actual in (18.5, 17, 14, 10, 0):
        data = overlay(_base(), {"objectives": {"win_rate": {"metrics": _metric(actual)}}})
        (found,) = rule_findings(engine, data, "CRM024")
        likelihoods.append(found.likelihood)
    assert likelihoods == sorted(likelihoods)
    assert likelihoods[0] < likelihoods[-1]


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "drifts"),
    [
        (20, 30, 17, True),  # rising target, fell
        (14, 7, 16, True),  # falling target, rose
        (14, 7, 12, False),  # falling target, fell
        (20, 30, 35, False),  # overshot the target: not drift
        (20, 30, 19.5, False),  # within the tolerance
        (25, 25, 20, False),  # no planned direction
    ],
)
def test_drift_direction(
    engine: Engine, baseline: float, target: float, actual: float, drifts: bool
) -> None:
    metrics = _metric(actual, baseline=baseline, target=target)
    data = overlay(_base(), {"objectives": {"win_rate": {"metrics": metrics}}})
    assert bool(rule_findings(engine, data, "CRM024")) is drifts


def test_drift_on_an_active_phase_counts_but_not_on_a_planned_one(engine: Engine) -> None:
    active = overlay(_base(), {"objectives": {"first_fix": {"metrics": _escalations(18)}}})
    (found,) = rule_findings(engine, active, "CRM024")
    assert found.severity == "high"
    assert {"objective:first_fix", "phase:p2_service"} <= set(found.evidence.nodes)
    assert found.identity == "CRM024/objectives/first_fix/metrics"
    assert "/objectives/first_fix/metrics/0/actual" in found.evidence.pointers
    assert "Escalations went from 12 to 18 (target 7)" in found.message
    planned = overlay(_base(), {"objectives": {"repeat_revenue": {"metrics": _metric(10)}}})
    assert not rule_findings(engine, planned, "CRM024")


def test_one_finding_per_objective_growing_with_the_share_that_drifted(engine: Engine) -> None:
    one = [*_metric(17), {"name": "Visits", "baseline": 5, "target": 8, "actual": 7}]
    two = [*_metric(17), {"name": "Visits", "baseline": 5, "target": 8, "actual": 4}]
    found = []
    for metrics in (one, two):
        data = overlay(_base(), {"objectives": {"win_rate": {"metrics": metrics}}})
        (finding,) = rule_findings(engine, data, "CRM024")
        found.append(finding)
    assert found[0].likelihood < found[1].likelihood
    assert "Visits" not in found[0].message and "Visits went from 5 to 4" in found[1].message


def test_tolerance_setting() -> None:
    data = overlay(_base(), {"objectives": {"win_rate": {"metrics": _metric(17)}}})
    ctx = Context(load_profile(data))
    assert list(DriftingMeasures().evaluate(ctx))
    strict = DriftingMeasures(DriftingMeasuresSettings(tolerance=0.5))
    assert not list(strict.evaluate(Context(load_profile(data))))


# --- recommendations ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", LEARNING, ids=lambda r: r.id)
def test_recommendations_invent_no_results_decisions_or_lessons(
    engine: Engine, rule: type[Rule[Any]]
) -> None:
    found = rule_findings(engine, FAILING[rule.id], rule.id)
    assert found
    for finding in found:
        assert finding.recommendations
        for rec in finding.recommendations:
            assert rec.changes == (), "the work these rules ask for cannot be written in advance"
            assert rec.action.strip()


def test_small_firms_are_left_alone(engine: Engine) -> None:
    small = overlay(
        profile_data("small-firm"),
        {
            "phases": {
                "go_live": {"status": "done", "lessons_learned": []},
                "next": {"status": "active", "after": ["go_live"]},
            }
        },
    )
    for rule in ("CRM023", "CRM025", "CRM026"):
        assert not rule_findings(engine, small, rule), rule
