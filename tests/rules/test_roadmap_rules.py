"""Roadmap and expectation rules (CRM003, CRM008, CRM011, CRM020, CRM021) with unknown facts.

Unknown is not no, answers move risk the way their fields declare, the questions a rule asks only
shrink as facts are stated, and a live program is judged on what it measures and reviews.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.findings import Finding
from riskengine.patching import apply_changes
from riskengine.profile import Profile
from riskengine.rule import Rule
from riskengine.rules.no_roadmap import NoRoadmap
from riskengine.rules.open_management_loop import OpenManagementLoop
from riskengine.rules.overreach import Overreach, OverreachSettings
from riskengine.rules.unmeasured_objectives import UnmeasuredObjectives
from riskengine.rules.unrealistic_expectations import UnrealisticExpectations
from riskengine.scoring import combine
from riskengine.testing import profile_dicts
from tests.helpers import as_profile, overlay, profile_data, rule_findings
from tests.rules.knowledge_checks import TODAY, check_answers_move_risk
from tests.rules.knowledge_checks import run_alone as _run

RULES: tuple[type[Rule[Any]], ...] = (
    NoRoadmap,
    Overreach,
    UnmeasuredObjectives,
    OpenManagementLoop,
    UnrealisticExpectations,
)
SEVERE = ("medium", "high", "critical")


def _risk(rule: type[Rule[Any]], profile: Profile) -> float:
    return combine(f.risk for f in _run(rule, profile)[0])


def _on(changes: dict[str, Any], base: str = "healthy-rollout") -> Profile:
    return as_profile(overlay(profile_data(base), changes))


def _texts(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings] + [r.action for f in findings for r in f.recommendations]


# --- examples ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_risky_example_is_at_least_medium_and_healthy_is_quiet(
    engine: Engine, rule: type[Rule[Any]]
) -> None:
    risky = rule_findings(engine, engine.load(yaml.safe_load(rule.risky_example)), rule.id)
    assert any(f.severity in SEVERE for f in risky), [f.message for f in risky]
    healthy = rule_findings(engine, engine.load(yaml.safe_load(rule.healthy_example)), rule.id)
    assert not healthy, [f.message for f in healthy]


# --- unknown is not no, monotone answers, asking only shrinks --------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_dicts(), st.sampled_from(RULES))
def test_answers_move_the_rules_risk_as_declared_and_never_widen_its_questions(
    data: dict[str, Any], rule: type[Rule[Any]]
) -> None:
    try:
        profile = as_profile(data)
    except ProfileError:  # the shared generator now and then builds an invalid profile
        assume(False)
    check_answers_move_risk(rule, profile)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
@pytest.mark.parametrize("stage", ["planning", "implementing", "live"])
def test_stating_the_stage_or_size_never_widens_the_questions(
    rule: type[Rule[Any]], stage: str
) -> None:
    unknown = _on({"organization": {"crm_seats": None}, "lifecycle": None})
    _, asked = _run(rule, unknown)
    for changes in (
        {"lifecycle": {"stage": stage}},
        {"organization": {"crm_seats": 4}},
        {"organization": {"crm_seats": 2000}},
    ):
        _, narrower = _run(rule, _on({"organization": {"crm_seats": None}, **changes}))
        assert set(narrower) <= set(asked), sorted(set(narrower) - set(asked))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_an_empty_profile_raises_nothing_and_asks(rule: type[Rule[Any]]) -> None:
    findings, asked = _run(rule, as_profile({"organization": {"name": "X", "crm_seats": 200}}))
    assert not findings, [f.message for f in findings]
    assert asked and not all(asked.values())


# --- CRM003 ----------------------------------------------------------------------------------


def test_crm003_unknown_roadmap_is_reported_only_for_large_programs() -> None:
    unsupported = {"supports": []}
    unknown = {
        "objectives": None,
        "phases": None,
        "processes": {p: unsupported for p in ("lead_management", "opportunity_pipeline")}
        | {p: unsupported for p in ("service_cases", "campaigns")},
    }
    assert not _run(NoRoadmap, _on(unknown))[0]
    large = {
        f.evidence.pointers[0]: f
        for f in _run(NoRoadmap, _on({**unknown, "organization": {"crm_seats": 900}}))[0]
    }
    none_at_all = {
        f.evidence.pointers[0]: f
        for f in _run(
            NoRoadmap,
            _on(
                {
                    "processes": unknown["processes"],
                    "organization": {"crm_seats": 900},
                    "objectives": {
                        k: None for k in ("win_rate", "forecast", "first_fix", "repeat_revenue")
                    },
                    "phases": {k: None for k in ("p1_sales", "p2_service", "p3_marketing")},
                }
            ),
        )[0]
    }
    assert set(large) == set(none_at_all) == {"/objectives", "/phases"}
    for at in ("/objectives", "/phases"):
        vague, bad = large[at], none_at_all[at]
        assert vague.message.startswith("Nobody has stated")
        assert vague.likelihood <= bad.likelihood / 2 and vague.risk <= bad.risk
        assert vague.recommendations


def test_crm003_live_program_is_not_told_to_plan_phases() -> None:
    no_phases = {"phases": {k: None for k in ("p1_sales", "p2_service", "p3_marketing")}}
    before = _run(NoRoadmap, _on(no_phases))[0]
    assert [f.evidence.pointers[0] for f in before] == ["/phases"]
    live = {**no_phases, "lifecycle": {"stage": "live"}, "strategy": {"vision": ""}}
    found = _run(NoRoadmap, _on(live))[0]
    assert [f.evidence.pointers[0] for f in found] == ["/strategy/vision"]
    # an unknown stage is judged as before go-live
    assert _run(NoRoadmap, _on({**no_phases, "lifecycle": {"stage": None}}))[0]


# --- CRM008 ----------------------------------------------------------------------------------


def test_crm008_caps_follow_size() -> None:
    rule = Overreach()
    small, mid, large, unknown = (rule._caps(n) for n in (12, 85, 200, None))
    assert (small.features, small.processes, small.program_months) == (10, 6, 12.0)
    assert (large.features, large.processes, large.program_months) == (15, 3, 18.0)
    assert small.features <= mid.features <= large.features
    assert small.processes >= mid.processes >= large.processes
    assert small.program_months <= mid.program_months <= large.program_months
    # an unknown size takes the lenient end of every cap
    assert (unknown.features, unknown.processes, unknown.program_months) == (15, 6, 18.0)


def test_crm008_modest_excess_is_medium_and_large_excess_high() -> None:
    def phase_finding(features: int) -> Finding:
        found = _run(
            Overreach,
            _on(
                {"organization": {"crm_seats": 200}, "phases": {"p1_sales": {"features": features}}}
            ),
        )[0]
        (finding,) = [f for f in found if f.evidence.pointers[0] == "/phases/p1_sales/features"]
        return finding

    assert not _run(
        Overreach,
        _on({"organization": {"crm_seats": 200}, "phases": {"p1_sales": {"features": 12}}}),
    )[0]
    modest, large = phase_finding(20), phase_finding(40)
    assert modest.severity == "medium" and large.severity == "high"
    assert "15 features, 3 processes" in modest.message
    assert modest.risk < large.risk


def test_crm008_stakeholder_limit_is_a_limit_and_the_scale_separate() -> None:
    def groups(n: int, **limits: int) -> list[Finding]:
        profile = _on({"scope": {"stakeholder_groups": n, "conflicting_goals": True}})
        ctx = Context(profile, today=TODAY)
        return list(Overreach(OverreachSettings(**limits)).evaluate(ctx))

    assert not groups(4) and groups(5)
    assert not groups(6, max_stakeholder_groups=6) and groups(7, max_stakeholder_groups=6)
    # the likelihood scale does not move the limit
    assert not groups(4, crowded_stakeholder_groups=20)
    assert groups(9)[0].likelihood > groups(5)[0].likelihood
    assert groups(9, crowded_stakeholder_groups=20)[0].likelihood < groups(9)[0].likelihood


def test_crm008_unknown_kinds_and_features_are_not_counted() -> None:
    four = ["lead_management", "opportunity_pipeline", "service_cases", "campaigns"]
    known = {"phases": {"p1_sales": {"processes": four}}}
    assert _run(Overreach, _on(known))[0]
    kinds_unknown = {**known, "processes": {p: {"kind": None} for p in four}}
    assert not _run(Overreach, _on(kinds_unknown))[0]
    features_unknown = {"phases": {"p1_sales": {"features": None}}}
    found, asked = _run(Overreach, _on(features_unknown))
    assert not found and asked["/phases/p1_sales/features"] is False


def test_crm008_live_judges_only_what_is_still_to_come() -> None:
    behind = {
        "lifecycle": {"stage": "live"},
        "scope": {"big_bang": True, "total_months": 30},
        "phases": {"p1_sales": {"features": 40, "duration_months": 14}},  # status: done
    }
    assert not _run(Overreach, _on(behind))[0]
    planning = {**behind, "lifecycle": {"stage": "planning"}}
    pointers = {f.evidence.pointers[0] for f in _run(Overreach, _on(planning))[0]}
    assert pointers == {
        "/scope/big_bang",
        "/scope/total_months",
        "/phases/p1_sales/features",
        "/phases/p1_sales/duration_months",
    }
    ahead = overlay(behind, {"phases": {"p3_marketing": {"features": 40}}})
    live = _run(Overreach, _on(ahead))[0]
    assert [f.evidence.pointers[0] for f in live] == ["/phases/p3_marketing/features"]


def test_crm008_split_keeps_an_unstated_feature_count_unstated() -> None:
    four = ["lead_management", "opportunity_pipeline", "service_cases", "campaigns"]
    data = overlay(
        profile_data(),
        {
            "organization": {"crm_seats": 600},
            "phases": {"p1_sales": {"processes": four, "features": None, "pilot": False}},
        },
    )
    (finding,) = _run(Overreach, as_profile(data))[0]
    assert "an unstated number of features" in finding.message
    fixed = apply_changes(as_profile(data), finding.recommendations[0].changes)
    assert fixed.phases["p1_sales"].features is None
    assert fixed.phases["p1_sales_next"].pilot is False
    assert not _run(Overreach, fixed)[0]


# --- CRM011 and CRM020 -----------------------------------------------------------------------


def test_crm011_live_advice_speaks_of_delivered_work() -> None:
    bad = {
        "objectives": {"win_rate": {"metrics": [{"name": "Quote win rate", "target": 28}]}},
        "phases": {"p3_marketing": {"success_measures": []}},
    }
    before = _run(UnmeasuredObjectives, _on(bad))[0]
    live = _run(UnmeasuredObjectives, _on({**bad, "lifecycle": {"stage": "live"}}))[0]
    assert [f.identity for f in before] == [f.identity for f in live]
    assert [f.risk for f in before] == [f.risk for f in live]
    assert any("before" in t for t in _texts(before))
    assert not any("before" in t for t in _texts(live)), _texts(live)
    assert "no baseline or target on record" in live[0].message


def test_crm011_and_crm020_leave_unknowns_as_questions() -> None:
    unknown = {
        "objectives": {
            "win_rate": {"reviewed_in_management": None, "metrics": None},
            "forecast": {"metrics": [{"name": "Forecast error"}]},
        },
        "phases": {
            "p1_sales": {"success_measures": None},
            "p2_service": {"processes": None, "success_measures": []},
        },
    }
    review, asked = _run(OpenManagementLoop, _on(unknown))
    assert not review and asked["/objectives/win_rate/reviewed_in_management"] is False
    measured, asked = _run(UnmeasuredObjectives, _on(unknown))
    # only the metric with no baseline or target on record (and its being alone) is reported
    assert {f.evidence.pointers[0] for f in measured} == {
        "/objectives/forecast/metrics",
        "/objectives/forecast/metrics/0",
    }
    assert asked["/phases/p1_sales/success_measures"] is False


def test_crm020_live_message_speaks_of_results_produced() -> None:
    off = {"objectives": {"win_rate": {"reviewed_in_management": False}}}
    (before,) = _run(OpenManagementLoop, _on(off))[0]
    (live,) = _run(OpenManagementLoop, _on({**off, "lifecycle": {"stage": "live"}}))[0]
    assert before.risk == live.risk and "live system" in live.message


# --- CRM021 ----------------------------------------------------------------------------------


def test_crm021_unstated_lengths_count_as_the_shortest_healthy_ones() -> None:
    lengths = {k: {"duration_months": None} for k in ("p1_sales", "p2_service", "p3_marketing")}
    (finding,) = _run(
        UnrealisticExpectations,
        _on({"expectations": {"payback_expected_months": 6}, "phases": lengths}),
    )[0]
    assert "9 months (counting 3 phases of unstated length at 3 months each)" in finding.message
    stated = _on(
        {
            "expectations": {"payback_expected_months": 6},
            "phases": {k: {"duration_months": 3} for k in lengths},
        }
    )
    assert _run(UnrealisticExpectations, stated)[0][0].risk == finding.risk


def test_crm021_without_phases_or_length_assumes_a_short_program_and_says_so() -> None:
    data = {
        "organization": {"name": "X", "crm_seats": 200},
        "expectations": {"payback_expected_months": 4},
    }
    (finding,) = _run(UnrealisticExpectations, as_profile(data))[0]
    assert "length is not stated" in finding.message
    stated = as_profile({**data, "scope": {"total_months": 12}})
    assert _run(UnrealisticExpectations, stated)[0][0].risk == finding.risk
    assert not _run(UnrealisticExpectations, as_profile({**data, "expectations": {}}))[0]


def test_crm021_patient_executives_are_not_reported() -> None:
    long = {k: {"duration_months": 14} for k in ("p1_sales", "p2_service", "p3_marketing")}
    assert not _run(
        UnrealisticExpectations,
        _on({"expectations": {"payback_expected_months": 36}, "phases": long}),
    )[0]
    (finding,) = _run(
        UnrealisticExpectations,
        _on({"expectations": {"payback_expected_months": 30}, "phases": long}),
    )[0]
    assert finding.recommendations[0].changes[0].value == 36


def test_crm021_live_advice_fits_a_live_system() -> None:
    told = {
        "expectations": {"executives_briefed_on_timeline": False, "staff_told_of_friction": False}
    }
    before = _run(UnrealisticExpectations, _on(told))[0]
    live = _run(UnrealisticExpectations, _on({**told, "lifecycle": {"stage": "live"}}))[0]
    assert [f.risk for f in before] == [f.risk for f in live]
    assert any("since go-live" in t for t in _texts(live))
    assert not any("will be hard" in t for t in _texts(live))
