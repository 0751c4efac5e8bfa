"""Improving a profile along a rule's own dimensions never raises that rule's risk.

Each rule lists its dimensions as (dotted path, values from worst to best) on the healthy example.
Hypothesis puts every dimension at some level, then improves one of them: the rule's combined risk
must not go up.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.engine import Engine
from tests.helpers import profile_data, rule_risk, set_path

Dimension = tuple[str, tuple[Any, ...]]

METRICS = [{"name": "Win rate", "baseline": 20, "target": 30}]


def _metric(actual: float | None) -> list[dict[str, Any]]:
    """A rising metric (baseline 20, target 30) with its actual value, or none measured."""
    metric: dict[str, Any] = {"name": "Win rate", "baseline": 20, "target": 30}
    if actual is not None:
        metric["actual"] = actual
    return [metric]


def _falling(actual: float) -> list[dict[str, Any]]:
    """A falling metric (baseline 12, target 7) with its actual value."""
    return [{"name": "Escalations", "baseline": 12, "target": 7, "actual": actual}]


DIMENSIONS: dict[str, tuple[Dimension, ...]] = {
    "CRM001": (
        ("sponsor.engagement", ("absent", "passive", "supportive", "champion")),
        ("sponsor.trend", ("fading", "steady")),
        ("sponsor.budget_authority", (False, True)),
        ("sponsor.side", ("it", "sales")),
        ("sponsor.communicates", ("never", "kickoff_only", "quarterly", "monthly")),
        ("organization.crm_seats", (140, 60, 12)),
    ),
    "CRM002": (
        ("departments.sales.consulted_on_design", (False, True)),
        ("departments.service.consulted_on_design", (False, True)),
        ("departments.service.has_access", (False, True)),
        ("data_sources.outlook.plan", ("none", "integrate")),
        ("roles.sales_sme.involved_in_planning", (False, True)),
    ),
    "CRM003": (
        ("strategy.motive", ("bandwagon", "strategy")),
        ("strategy.vision", ("", "Serve lab customers as one company.")),
        ("strategy.target_customers_defined", (False, True)),
        ("objectives.win_rate.metrics", ([], METRICS)),
        ("phases.p2_service.objectives", ([], ["first_fix"])),
    ),
    "CRM004": (
        ("training.initial", (False, True)),
        ("training.new_hires", (False, True)),
        ("training.feature_changes", (False, True)),
        ("training.hours_per_user", (0, 2, 4, 8)),
        ("roles.sales_rep.trained", (False, True)),
        ("roles.service_agent.trained", (False, True)),
        ("roles.trainer.count", (0, 2)),
    ),
    "CRM005": (
        ("data_sources.order_system.plan", ("none", "integrate")),
        ("data_sources.order_system.status", ("planned", "in_progress", "done")),
        ("data_sources.order_system.manual_rekeying", (True, False)),
        ("data_sources.sales_sheets.plan", ("none", "migrate")),
    ),
    "CRM006": (
        ("departments.sales.value", ("none", "low", "medium", "high")),
        ("departments.sales.burden", ("high", "medium", "low", "none")),
        ("departments.service.value", ("none", "low", "medium", "high")),
    ),
    "CRM007": (
        ("fields.segment.status", ("dropped", "captured")),
        ("fields.contract_level.status", ("never_captured", "captured")),
        ("fields.next_step.status", ("dropped", "captured")),
        ("departments.marketing.burden", ("high", "medium")),
    ),
    "CRM008": (
        ("scope.big_bang", (True, False)),
        ("phases.p1_sales.features", (40, 20, 10, 6)),
        ("phases.p1_sales.duration_months", (20, 12, 6, 4)),
        ("scope.total_months", (36, 24, 18, 12)),
        ("scope.conflicting_goals", (True, False)),
        ("scope.stakeholder_groups", (9, 6, 4)),
    ),
    "CRM009": (
        ("roles.pm.dedication", ("none", "part_time", "full_time")),
        ("roles.pm.crm_projects_done", (0, 1, 3)),
        ("roles.pm.count", (0, 1)),
        ("organization.crm_seats", (600, 140, 20)),
    ),
    "CRM010": (
        (
            "phases.p2_service.pilot",
            (
                False,
                {"roles": ["service_champion"], "observed": False},
                {"roles": ["service_agent"], "observed": True},
            ),
        ),
        ("phases.p1_sales.pilot.observed", (False, True)),
        ("phases.p1_sales.pilot.roles", (["sales_champion"], ["sales_rep", "sales_champion"])),
    ),
    "CRM011": (
        (
            "objectives.win_rate.metrics",
            (
                [{"name": "Win rate"}],
                [{"name": "Win rate", "baseline": 20, "target": 28}],
                METRICS * 3,
            ),
        ),
        ("phases.p3_marketing.success_measures", ([], ["Campaign response rate"])),
        ("organization.crm_seats", (140, 8)),
    ),
    "CRM012": (
        ("communication.cadence", ("never", "kickoff_only", "quarterly", "monthly")),
        ("communication.kickoff", (False, True)),
        ("communication.from_sponsor", (False, True)),
        ("communication.explains_benefits", (False, True)),
    ),
    "CRM013": (
        ("processes.service_cases.designed_with_staff", (False, True)),
        ("processes.lead_management.designed_with_staff", (False, True)),
        ("roles.service_agent.count", (40, 10)),
    ),
    "CRM014": (
        ("steering_committee.chaired_by_sponsor", (False, True)),
        ("steering_committee.meets", ("never", "quarterly", "monthly")),
        (
            "steering_committee.members",
            (
                [{"department": "it"}, {"department": "it"}, {"department": "sales"}],
                [{"department": "it"}, {"department": "sales"}],
                [{"department": "it"}, {"department": "sales"}, {"department": "service"}],
            ),
        ),
    ),
    "CRM015": (
        ("roles.sales_champion.count", (0, 3)),
        ("roles.service_champion.count", (0, 2)),
        ("roles.service_agent.count", (60, 10)),
    ),
    "CRM016": (
        ("operations.support", (False, True)),
        ("operations.system_admin", (False, True)),
        ("operations.process_support", (False, True)),
        ("operations.enhancement_roadmap", (False, True)),
    ),
    "CRM017": (
        (
            "environments.available",
            (
                ["production"],
                ["test", "production"],
                ["development", "test", "training", "production"],
            ),
        ),
        ("environments.promotion_process", (False, True)),
        ("environments.refresh_process", (False, True)),
    ),
    "CRM018": (
        ("roles.it_rep.documents_knowledge", (False, True)),
        ("roles.it_rep.sourcing", ("freelancer", "integrator", "in_house")),
        ("roles.sales_sme.documents_knowledge", (False, True)),
    ),
    "CRM019": (
        ("operations.initial_data_load", (False, True)),
        ("data_sources.order_system.owner", (None, "it_rep")),
        ("data_sources.sales_sheets.owner", (None, "sales_sme")),
    ),
    "CRM020": (
        ("objectives.forecast.reviewed_in_management", (False, True)),
        ("objectives.first_fix.reviewed_in_management", (False, True)),
    ),
    "CRM021": (
        ("expectations.payback_expected_months", (3, 9, 14, 24)),
        ("expectations.executives_briefed_on_timeline", (False, True)),
        ("expectations.staff_told_of_friction", (False, True)),
    ),
    "CRM022": (
        ("organization.data_sensitivity_reviewed", (False, True)),
        ("organization.industry", ("insurance", "manufacturing")),
        ("data_sources.order_system.records", (900000, 180000, 20000)),
    ),
    "CRM023": (
        ("phases.p1_sales.status", ("done", "active")),
        ("objectives.win_rate.metrics", (_metric(None), _metric(25))),
        ("objectives.forecast.metrics", (_metric(None), _metric(25))),
        ("organization.crm_seats", (1000, 140, 8)),
    ),
    "CRM024": (
        ("objectives.win_rate.metrics", (_metric(8), _metric(17), _metric(19.5), _metric(25))),
        (
            "objectives.first_fix.metrics",
            (_falling(18), _falling(13), _falling(9)),
        ),
        ("organization.crm_seats", (1000, 140, 8)),
    ),
    "CRM025": (
        ("phases.p1_sales.review", ("stop", None, "adjust", "continue")),
        ("phases.p2_service.status", ("active", "planned")),
        ("organization.crm_seats", (1000, 140, 8)),
    ),
    "CRM026": (
        ("phases.p1_sales.lessons_learned", ([], None, ["Merge the pipeline stages first."])),
        ("organization.crm_seats", (1000, 140, 8)),
    ),
    "CRM027": (
        ("governance.risk_register", (False, True)),
        ("governance.stage_gates", (False, True)),
        ("governance.change_control", (False, True)),
        ("governance.budget_status", ("cut", "under_review", "approved")),
        ("scope.conflicting_goals", (True, False)),
    ),
    "CRM028": (
        ("testing.strategy", (False, True)),
        ("testing.uat_by_users", (False, True)),
        ("testing.sign_off", (False, True)),
        ("testing.performance_tested", (False, True)),
        ("organization.crm_seats", (900, 140, 12)),
    ),
    "CRM029": (
        ("cutover.approach", ("big_bang", "phased")),
        ("cutover.plan", (False, True)),
        ("cutover.rehearsed", (False, True)),
        ("cutover.go_no_go_criteria", (False, True)),
        ("cutover.fallback", (False, True)),
    ),
    "CRM030": (
        ("cutover.old_system_off", ("go_live_day", "after_proven")),
        ("cutover.hypercare_weeks", (0, 2, 4, 6)),
        ("cutover.approach", ("big_bang", "phased")),
    ),
    "CRM040": (
        ("data_quality.cleansing", (False, True)),
        ("data_quality.migration_rehearsed", (False, True)),
        ("data_quality.business_sign_off", (False, True)),
        ("data_sources.sales_sheets.status", ("planned", "done")),
        ("data_sources.sales_sheets.records", (90000, 6000, 100)),
    ),
    "CRM031": (
        ("change_management.readiness_assessed", (False, True)),
        ("change_management.resistance_plan", (False, True)),
        ("organization.crm_seats", (600, 140, 12)),
    ),
    "CRM032": (
        ("change_management.incentives_aligned", (False, True)),
        ("departments.sales.burden", ("high", "medium", "low", "none")),
        ("organization.crm_seats", (600, 140, 8)),
    ),
    "CRM033": (
        ("change_management.adoption_measured", (False, True)),
        ("organization.crm_seats", (600, 140, 8)),
    ),
    "CRM034": (
        ("customisation.level", ("heavy", "light")),
        ("customisation.fit_to_standard", (False, True)),
        ("processes.lead_management.redesigned", (False, True)),
        ("processes.service_cases.redesigned", (False, True)),
    ),
    "CRM041": (
        ("staffing.staff_turnover_pct", (45, 30, 20, 8)),
        ("staffing.experts_available_pct", (5, 20, 40)),
        ("training.new_hires", (False, True)),
    ),
    "CRM043": (
        ("training.format", ("self_study", "webinar", "classroom", "hands_on")),
        ("training.weeks_before_go_live", (16, 0, 6, 2)),
    ),
    "CRM035": (
        ("lifecycle.stage", ("live",)),
        (
            "integrations.order_link",
            (
                {
                    "system": "order_system",
                    "feeds": ["lead_management", "service_cases"],
                    "status": "live",
                },
            ),
        ),
        ("integrations.order_link.tested_end_to_end", (False, True)),
        ("integrations.order_link.owner", (None, "it_rep")),
        ("organization.crm_seats", (600, 140, 12)),
    ),
    "CRM036": (
        ("lifecycle.stage", ("live",)),
        ("departments.service.tools", (["outlook", "phones"],)),
        ("data_sources.phones", ({"kind": "telephony", "holds_customer_data": False},)),
        ("integrations", ({}, {"phone_link": {"system": "phones", "status": "declined"}})),
        ("data_sources.phones.plan", ("none", "migrate", "integrate")),
    ),
    "CRM037": (
        ("lifecycle.stage", ("live",)),
        ("support.service_levels", (False, True)),
        ("support.owner", (None, "admin")),
    ),
    "CRM038": (
        ("lifecycle.stage", ("live",)),
        ("support.release_process", (False, True)),
        ("support.backlog_managed", (False, True)),
        ("support.open_change_requests", (300, 60, 0)),
    ),
    "CRM039": (
        ("security.privacy_review", (False, True)),
        ("security.role_based_access", (False, True)),
        ("security.hosting", ("offshore", "third_party", "domestic_cloud", "on_premises")),
    ),
    "CRM042": (
        ("roles.admin.sourcing", ("integrator",)),
        ("staffing.integrator_staffing", ("junior", "mixed", "senior")),
        ("staffing.knowledge_handover", (False, True)),
        ("staffing.maintenance_contract", (False, True)),
    ),
}


def _apply(levels: dict[str, Any]) -> dict[str, Any]:
    # profile_data() is already a private copy, so the levels are set in place (no copy per path)
    data = profile_data()
    for path, value in levels.items():
        set_path(data, path, copy.deepcopy(value))
    return data


@st.composite
def improvement(draw: st.DrawFn, rule: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A profile with every dimension at some level, and the same with one dimension improved."""
    dims = DIMENSIONS[rule]
    levels = {path: draw(st.integers(0, len(values) - 1)) for path, values in dims}
    path, values = draw(st.sampled_from(dims))
    better = draw(st.integers(levels[path], len(values) - 1))
    before = {p: dict(dims)[p][i] for p, i in levels.items()}
    after = {**before, path: values[better]}
    return before, after


@pytest.mark.parametrize("rule", sorted(DIMENSIONS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_improving_never_raises_the_rules_risk(
    engine: Engine, rule: str, data: st.DataObject
) -> None:
    before, after = data.draw(improvement(rule))
    assert rule_risk(engine, _apply(after), rule) <= rule_risk(engine, _apply(before), rule)


@pytest.mark.parametrize("rule", sorted(DIMENSIONS))
def test_worst_levels_trigger_the_rule(engine: Engine, rule: str) -> None:
    worst = {path: values[0] for path, values in DIMENSIONS[rule]}
    assert rule_risk(engine, _apply(worst), rule) > 0
    best = {path: values[-1] for path, values in DIMENSIONS[rule]}
    assert rule_risk(engine, _apply(best), rule) < rule_risk(engine, _apply(worst), rule)
