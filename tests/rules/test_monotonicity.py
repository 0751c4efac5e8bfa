"""Improving a profile along a rule's own dimensions never raises that rule's risk.

Each rule lists its dimensions as (dotted path, values from worst to best) on the healthy example.
Hypothesis puts every dimension at some level, then improves one of them: the rule's combined risk
must not go up.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.engine import Engine
from tests.helpers import profile_data, rule_risk, with_path

Dimension = tuple[str, tuple[Any, ...]]

METRICS = [{"name": "Win rate", "baseline": 20, "target": 30}]
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
}


def _apply(levels: dict[str, Any]) -> dict[str, Any]:
    data = profile_data()
    for path, value in levels.items():
        data = with_path(data, path, value)
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
