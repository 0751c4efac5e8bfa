"""Integration, support, security and integrator rules (CRM035-CRM039, CRM042).

Besides the cases the fixtures cover, these tests check what each rule is for (the graph weight
of an interface, the stage, the split with CRM002/CRM005, CRM016 and CRM022), the three stories,
and the rules for rules on several profiles at once: an unknown fact never reads as a bad one,
stating a fact never makes a rule ask more, and improving a profile along a rule's own dimensions
never raises its risk.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.engine import Engine
from riskengine.findings import Finding
from riskengine.patching import apply_changes
from riskengine.rules import BUILTIN_RULES
from tests.helpers import (
    PROFILES,
    RULE_FIXTURES,
    as_profile,
    load_fixture,
    overlay,
    profile_data,
    rule_findings,
    rule_risk,
    set_path,
)
from tests.rules.knowledge_checks import asked as _asked
from tests.rules.knowledge_checks import check_stage_adds_no_questions, check_unknown_is_between
from tests.rules.test_monotonicity import DIMENSIONS as ALL_DIMENSIONS

RULES = ("CRM035", "CRM036", "CRM037", "CRM038", "CRM039", "CRM042")
EXAMPLES = {r.id: r for r in BUILTIN_RULES if r.id in RULES}
LIVE = {"lifecycle": {"stage": "live", "months_live": 9}}
IMPLEMENTING = {"lifecycle": {"stage": "implementing"}}
UNKNOWN_STAGE = {"lifecycle": {"stage": None}}

STORIES = {
    "untested-integrations": "CRM035",
    "offshore-host": "CRM039",
    "change-request-pile": "CRM038",
}


def _healthy(*changes: dict[str, Any]) -> dict[str, Any]:
    data = profile_data()
    for change in changes:
        data = overlay(data, change)
    return data


def _one(engine: Engine, data: dict[str, Any], rule: str) -> Finding:
    found = rule_findings(engine, data, rule)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


# --- the stories ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(STORIES))
def test_story_risk_is_the_first_finding(engine: Engine, name: str) -> None:
    assessment = engine.assess(engine.load(PROFILES / f"{name}.yaml"), rank=False)
    assert assessment.findings, name
    assert assessment.findings[0].rule == STORIES[name]


@pytest.mark.parametrize("name", sorted(STORIES))
def test_story_first_recommendation_addresses_it(engine: Engine, name: str) -> None:
    first = engine.assess(engine.load(PROFILES / f"{name}.yaml")).recommendations[0]
    assert STORIES[name] in first.rules, first.action
    assert first.gain > 0


@pytest.mark.parametrize("name", sorted(STORIES))
def test_story_states_its_stage(name: str) -> None:
    assert profile_data(name)["lifecycle"]["stage"] in ("planning", "implementing", "live")


# --- CRM035: untested interfaces, weighed by what they feed ------------------------------------

INTERFACE = {"system": "order_system", "owner": "it_rep", "status": "live"}


def test_crm035_interface_feeding_critical_processes_outranks_one_feeding_none(
    engine: Engine,
) -> None:
    def untested(feeds: list[str]) -> dict[str, Any]:
        entry = {**INTERFACE, "feeds": feeds, "tested_end_to_end": False}
        return _healthy(IMPLEMENTING, {"integrations": {"link": entry}, "test_cycles": {}})

    three = _one(engine, untested(["lead_management", "service_cases", "campaigns"]), "CRM035")
    none = _one(engine, untested([]), "CRM035")
    assert three.risk > none.risk
    assert three.severity == "high" and none.severity == "medium"
    assert "serving 3 objectives" in three.message
    assert {"process:lead_management", "objective:first_fix"} <= set(three.evidence.nodes)


def test_crm035_planned_integration_test_excuses_before_go_live_not_once_live(
    engine: Engine,
) -> None:
    entry = {**INTERFACE, "feeds": ["lead_management"], "tested_end_to_end": False}
    cycle = {"kind": "integration", "covers": ["lead_management"], "status": "planned"}
    data = {"integrations": {"link": entry}, "test_cycles": {"it": cycle}}
    assert not rule_findings(engine, _healthy(IMPLEMENTING, data), "CRM035")
    (live,) = rule_findings(engine, _healthy(LIVE, data), "CRM035")
    assert "although the system is live" in live.message
    assert "now" in live.recommendations[0].action
    # a user acceptance cycle is not an integration test
    uat = {"test_cycles": {"it": {**cycle, "kind": "uat"}}}
    assert rule_findings(engine, _healthy(IMPLEMENTING, data, uat), "CRM035")


def test_crm035_weighs_less_while_still_planning(engine: Engine) -> None:
    entry = {**INTERFACE, "feeds": ["lead_management"], "tested_end_to_end": False}
    data = {"integrations": {"link": entry}, "test_cycles": {}}
    planning = _one(engine, _healthy({"lifecycle": {"stage": "planning"}}, data), "CRM035")
    implementing = _one(engine, _healthy(IMPLEMENTING, data), "CRM035")
    unknown = _one(engine, _healthy(UNKNOWN_STAGE, data), "CRM035")
    assert planning.risk < implementing.risk == unknown.risk
    assert "before go-live" in planning.recommendations[0].action


def test_crm035_unknown_testing_is_reduced_and_says_so(engine: Engine) -> None:
    entry = {**INTERFACE, "feeds": ["lead_management", "service_cases"]}
    unknown = _one(engine, _healthy(LIVE, {"integrations": {"link": entry}}), "CRM035")
    known = _one(
        engine,
        _healthy(LIVE, {"integrations": {"link": {**entry, "tested_end_to_end": False}}}),
        "CRM035",
    )
    assert unknown.message.startswith("Nobody has stated whether")
    assert unknown.likelihood <= known.likelihood / 2
    assert unknown.risk <= known.risk
    # below the size threshold, or with the size unknown, it is only an open question
    small = {"organization": {"crm_seats": 60}, "integrations": {"link": entry}}
    assert not rule_findings(engine, _healthy(LIVE, small), "CRM035")
    unsized = {"organization": {"crm_seats": None}, "integrations": {"link": entry}}
    assert not rule_findings(engine, _healthy(LIVE, unsized), "CRM035")


def test_crm035_no_interfaces_stated_is_a_question(engine: Engine) -> None:
    evaluation = engine.evaluate(as_profile(_healthy(LIVE)))
    assert evaluation.runs["CRM035"].asked == {
        "/organization/crm_seats": True,
        "/integrations": False,
    }
    assert not rule_findings(engine, _healthy(LIVE), "CRM035")


def test_crm035_unnamed_owner_recommends_the_administrator(engine: Engine) -> None:
    entry = {"system": "order_system", "feeds": ["lead_management"], "tested_end_to_end": True}
    found = _one(engine, _healthy(LIVE, {"integrations": {"link": entry}}), "CRM035")
    assert found.severity == "medium" and found.likelihood < 0.4
    (rec,) = found.recommendations
    assert [(c.path, c.value) for c in rec.changes] == [("/integrations/link/owner", "admin")]


# --- CRM036: daily tools without a decision ---------------------------------------------------

PHONES = {
    "departments": {"service": {"tools": ["outlook", "phones"]}},
    "data_sources": {"phones": {"kind": "telephony", "holds_customer_data": False, "plan": "none"}},
}


def test_crm036_needs_the_list_of_interfaces(engine: Engine) -> None:
    assert not rule_findings(engine, _healthy(LIVE, PHONES), "CRM036")
    assert rule_findings(engine, _healthy(LIVE, PHONES, {"integrations": {}}), "CRM036")


@pytest.mark.parametrize(
    "decision",
    [
        {"integrations": {"x": {"system": "phones", "status": "declined"}}},
        {"integrations": {"x": {"system": "phones", "status": "planned"}}},
        {"integrations": {}, "data_sources": {"phones": {"plan": "integrate"}}},
        {"integrations": {}, "data_sources": {"phones": {"plan": "retire"}}},
    ],
)
def test_crm036_any_decision_settles_it(engine: Engine, decision: dict[str, Any]) -> None:
    assert not rule_findings(engine, _healthy(IMPLEMENTING, PHONES, decision), "CRM036")


def test_crm036_recommendation_joins_crm002s_and_removes_the_finding(engine: Engine) -> None:
    data = _healthy(LIVE, PHONES, {"integrations": {}})
    profile = as_profile(data)
    found = _one(engine, data, "CRM036")
    (rec,) = found.recommendations
    assessment = engine.assess(profile)
    merged = [r for r in assessment.recommendations if "CRM036" in r.rules]
    assert merged and "CRM002" in merged[0].rules, "one fix for one gap seen by two rules"
    after = apply_changes(profile, rec.changes)
    assert not rule_findings(engine, after, "CRM036")


def test_crm036_wording_fits_the_stage(engine: Engine) -> None:
    before = _one(engine, _healthy(IMPLEMENTING, PHONES, {"integrations": {}}), "CRM036")
    live = _one(engine, _healthy(LIVE, PHONES, {"integrations": {}}), "CRM036")
    assert before.message.startswith("No decision is on record")
    assert "live CRM" in live.message and "before go-live" not in live.recommendations[0].action
    assert live.risk > before.risk


# --- CRM037: the support model, not CRM016's help desk ------------------------------------------


def test_crm037_does_not_repeat_crm016(engine: Engine) -> None:
    data = _healthy(LIVE, {"operations": {"support": False, "system_admin": False}})
    assert rule_findings(engine, data, "CRM016")
    assert not rule_findings(engine, data, "CRM037"), "an unstated support model is a question"
    both = _healthy(LIVE, {"operations": {"support": False}, "support": {"service_levels": False}})
    crm016 = {f.message for f in rule_findings(engine, both, "CRM016")}
    crm037 = {f.message for f in rule_findings(engine, both, "CRM037")}
    assert crm016 and crm037 and not crm016 & crm037
    assert all("administer" not in m for m in crm037)


def test_crm037_before_go_live_is_lighter(engine: Engine) -> None:
    gap = {"support": {"owner": "admin", "service_levels": False}}
    before = _one(engine, _healthy(IMPLEMENTING, gap), "CRM037")
    live = _one(engine, _healthy(LIVE, gap), "CRM037")
    assert before.severity == "medium" and live.severity == "high"
    assert before.risk < live.risk
    assert "go-live" in before.message and "now" in live.recommendations[0].action


def test_crm037_unnamed_owner_only_aggravates_missing_service_levels(engine: Engine) -> None:
    # the profile cannot say "no owner"; on its own an unnamed owner is a question (CRM016
    # already reports a live system nobody is known to administer)
    assert not rule_findings(
        engine, _healthy(LIVE, {"support": {"service_levels": True}}), "CRM037"
    )
    unnamed = _one(engine, _healthy(LIVE, {"support": {"service_levels": False}}), "CRM037")
    named = _one(
        engine, _healthy(LIVE, {"support": {"service_levels": False, "owner": "admin"}}), "CRM037"
    )
    assert "nobody is named as the system's owner" in unnamed.message
    assert "owner" not in named.message
    assert named.likelihood < unnamed.likelihood <= named.likelihood + 0.1
    assert len(named.recommendations) == 1
    _, name_owner = unnamed.recommendations
    assert [(c.path, c.value) for c in name_owner.changes] == [("/support/owner", "admin")]


# --- CRM038: releases and backlog of a live system --------------------------------------------


def test_crm038_judges_only_a_live_system(engine: Engine) -> None:
    gap = {"support": {"release_process": False, "backlog_managed": False}}
    assert not rule_findings(engine, _healthy(IMPLEMENTING, gap), "CRM038")
    unknown = _healthy(gap, UNKNOWN_STAGE)
    assert not rule_findings(engine, unknown, "CRM038"), "unknown stage: asked, not judged"
    asked = engine.evaluate(as_profile(unknown)).runs["CRM038"].asked
    assert "/support/open_change_requests" in asked
    assert len(rule_findings(engine, _healthy(LIVE, gap), "CRM038")) == 2


def test_crm038_pile_is_scaled_by_seats(engine: Engine) -> None:
    gap = {"support": {"release_process": False, "backlog_managed": True}}
    pile = {"support": {"open_change_requests": 60}}
    small = _one(engine, _healthy(LIVE, gap, pile), "CRM038")  # 140 seats carry about 28
    large = _one(engine, _healthy(LIVE, gap, pile, {"organization": {"crm_seats": 900}}), "CRM038")
    assert small.severity == "high" and "60 change requests are waiting" in small.message
    assert large.severity == "medium" and "waiting" not in large.message
    assert small.likelihood > large.likelihood


def test_crm038_unknown_practices_with_a_pile_are_reduced(engine: Engine) -> None:
    pile = {"support": {"open_change_requests": 150}}
    reduced = rule_findings(engine, _healthy(LIVE, pile), "CRM038")
    known = rule_findings(
        engine,
        _healthy(LIVE, pile, {"support": {"release_process": False, "backlog_managed": False}}),
        "CRM038",
    )
    assert len(reduced) == len(known) == 2
    for r, k in zip(
        sorted(reduced, key=lambda f: f.identity),
        sorted(known, key=lambda f: f.identity),
        strict=True,
    ):
        assert r.message.startswith("Nobody has stated whether")
        assert r.likelihood <= k.likelihood / 2 and r.risk <= k.risk


# --- CRM039: access and hosting, not CRM022's sensitivity review --------------------------------


def test_crm039_leaves_the_saas_sensitivity_review_to_crm022(engine: Engine) -> None:
    data = _healthy({"organization": {"industry": "insurance", "data_sensitivity_reviewed": False}})
    assert rule_findings(engine, data, "CRM022")
    assert not rule_findings(engine, data, "CRM039")


def test_crm039_weighs_where_the_data_is_hosted(engine: Engine) -> None:
    def risk(hosting: str | None) -> float:
        security: dict[str, Any] = {"role_based_access": True, "privacy_review": False}
        if hosting is not None:
            security["hosting"] = hosting
        return rule_risk(engine, _healthy({"security": security}), "CRM039")

    order = [risk(h) for h in ("on_premises", "domestic_cloud", "third_party", "offshore")]
    assert order == sorted(order) and order[0] < order[-1]
    assert risk("on_premises") <= risk(None) <= risk("offshore")


def test_crm039_unknown_review_of_offshore_data_is_reduced(engine: Engine) -> None:
    hosted = {"security": {"role_based_access": True, "hosting": "offshore"}}
    reduced = _one(engine, _healthy(hosted), "CRM039")
    known = _one(engine, _healthy(hosted, {"security": {"privacy_review": False}}), "CRM039")
    assert "nobody has stated whether" in reduced.message
    assert reduced.likelihood <= known.likelihood / 2 and reduced.risk <= known.risk
    assert reduced.severity == "medium" and known.severity == "high"


def test_crm039_small_firm_only_hears_about_data_abroad(engine: Engine) -> None:
    small = overlay(profile_data("small-firm"), {"security": {"role_based_access": False}})
    assert not rule_findings(engine, small, "CRM039")
    hosted = overlay(small, {"security": {"privacy_review": False, "hosting": "third_party"}})
    assert not rule_findings(engine, hosted, "CRM039"), "a hosted service is the norm at 4 seats"
    abroad = overlay(hosted, {"security": {"hosting": "offshore"}})
    (found,) = rule_findings(engine, abroad, "CRM039")
    assert "hosted offshore" in found.message


# --- CRM042: the integrator ------------------------------------------------------------------


def test_crm042_live_gaps_weigh_more(engine: Engine) -> None:
    gap = {
        "roles": {"it_rep": {"sourcing": "integrator"}},
        "staffing": {"knowledge_handover": False, "maintenance_contract": False},
    }
    before = rule_findings(engine, _healthy(IMPLEMENTING, gap), "CRM042")
    live = rule_findings(engine, _healthy(LIVE, gap), "CRM042")
    assert len(before) == len(live) == 2
    assert sum(f.risk for f in live) > sum(f.risk for f in before)
    assert all("live system" in f.message for f in live)


def test_crm042_weighs_what_the_integrators_roles_hold(engine: Engine) -> None:
    gap = {"staffing": {"integrator_staffing": "junior"}}
    holds_more = {"roles": {"sales_sme": {"sourcing": "integrator"}}}  # owns three processes
    holds_less = {"roles": {"trainer": {"sourcing": "integrator"}}}  # owns training only
    more = _one(engine, _healthy(gap, holds_more), "CRM042")
    less = _one(engine, _healthy(gap, holds_less), "CRM042")
    assert more.impact > less.impact
    assert "Lead qualification and follow-up" in more.message


# --- the rules for rules, on several profiles -------------------------------------------------


def _example(rule: str, which: str) -> dict[str, Any]:
    data = yaml.safe_load(getattr(EXAMPLES[rule], f"{which}_example"))
    assert isinstance(data, dict)
    return data


def _own_variants(rule: str) -> dict[str, dict[str, Any]]:
    """A rule's own failing fixtures and examples."""
    out = {
        f"{rule}-{path.stem}": load_fixture(path)
        for path in sorted(Path(RULE_FIXTURES, rule).glob("fail-*.yaml"))
    }
    out[f"{rule}-risky"] = _example(rule, "risky")
    out[f"{rule}-healthy"] = _example(rule, "healthy")
    return out


SHARED: dict[str, dict[str, Any]] = {
    "healthy": profile_data(),
    "healthy-unknown-stage": _healthy(UNKNOWN_STAGE),
    "healthy-live": _healthy(LIVE),
    "healthy-implementing": _healthy(IMPLEMENTING),
    **{name: profile_data(name) for name in STORIES},
}
VARIANTS: dict[str, dict[str, Any]] = {**SHARED}
CASES: list[tuple[str, str]] = []
for _rule in RULES:
    _own = _own_variants(_rule)
    VARIANTS.update(_own)
    CASES.extend((_rule, name) for name in sorted([*SHARED, *_own]))


@pytest.mark.parametrize(("rule", "variant"), CASES)
def test_unknown_is_between_healthy_and_risky_and_asks_the_most(
    engine: Engine, rule: str, variant: str
) -> None:
    check_unknown_is_between(engine, VARIANTS[variant], rule)


@pytest.mark.parametrize(("rule", "variant"), CASES)
def test_stating_the_stage_never_adds_questions(engine: Engine, rule: str, variant: str) -> None:
    check_stage_adds_no_questions(engine, VARIANTS[variant], rule)


@pytest.mark.parametrize("rule", RULES)
def test_examples_state_what_they_rely_on(engine: Engine, rule: str) -> None:
    found = rule_findings(engine, _example(rule, "risky"), rule)
    assert any(f.severity in ("medium", "high", "critical") for f in found)
    asked = _asked(engine, _example(rule, "risky"), rule)
    for f in found:
        for at in f.evidence.pointers:
            assert asked.get(at, True), f"{rule} reports {at} without the example stating it"
    assert not rule_findings(engine, _example(rule, "healthy"), rule)


@pytest.mark.parametrize("rule", RULES)
def test_every_finding_has_an_action_and_its_changes_apply(engine: Engine, rule: str) -> None:
    for name, data in VARIANTS.items():
        if not (name in SHARED or name.startswith(rule)):
            continue
        profile = as_profile(data)
        for f in rule_findings(engine, profile, rule):
            assert f.recommendations, f"{rule} on {name}: {f.message}"
            for rec in f.recommendations:
                after = apply_changes(profile, rec.changes)
                assert rule_risk(engine, after, rule) < rule_risk(engine, profile, rule), (
                    f"{rule} on {name}: {rec.action!r} does not lower the rule's risk"
                )


# --- improving along a rule's dimensions never raises its risk -------------------------------
# The entries proposed for tests/rules/test_monotonicity.py's DIMENSIONS (on the healthy
# rollout); a dimension with one value pins the context the others are judged in.

Dimension = tuple[str, tuple[Any, ...]]

# declared once, in tests/rules/test_monotonicity.py; here every combination is tried
DIMENSIONS = {
    rule: ALL_DIMENSIONS[rule]
    for rule in ("CRM035", "CRM036", "CRM037", "CRM038", "CRM039", "CRM042")
}


def _apply(levels: dict[str, Any]) -> dict[str, Any]:
    data = profile_data()
    for path, value in levels.items():
        if value is None:
            *parents, last = path.split(".")
            node = data
            for part in parents:
                node = node.setdefault(part, {})
            node.pop(last, None)
        else:
            set_path(data, path, copy.deepcopy(value))
    return data


@st.composite
def _improvement(draw: st.DrawFn, rule: str) -> tuple[dict[str, Any], dict[str, Any]]:
    dims = DIMENSIONS[rule]
    levels = {path: draw(st.integers(0, len(values) - 1)) for path, values in dims}
    path, values = draw(st.sampled_from(dims))
    better = draw(st.integers(levels[path], len(values) - 1))
    before = {p: dict(dims)[p][i] for p, i in levels.items()}
    return before, {**before, path: values[better]}


@pytest.mark.parametrize("rule", sorted(DIMENSIONS))
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_improving_never_raises_the_rules_risk(
    engine: Engine, rule: str, data: st.DataObject
) -> None:
    before, after = data.draw(_improvement(rule))
    assert rule_risk(engine, _apply(after), rule) <= rule_risk(engine, _apply(before), rule)


@pytest.mark.parametrize("rule", sorted(DIMENSIONS))
def test_worst_levels_trigger_the_rule(engine: Engine, rule: str) -> None:
    worst = {path: values[0] for path, values in DIMENSIONS[rule]}
    best = {path: values[-1] for path, values in DIMENSIONS[rule]}
    assert rule_risk(engine, _apply(worst), rule) > 0
    assert rule_risk(engine, _apply(best), rule) < rule_risk(engine, _apply(worst), rule)
