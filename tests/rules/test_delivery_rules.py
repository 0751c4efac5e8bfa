"""Delivery rules (CRM027 governance, CRM028 testing, CRM029/CRM030 cutover, CRM040 data quality).

Unknown is not no, answers move each rule's risk the way their fields declare, the questions a
rule asks only shrink as facts are stated, the stage changes what is judged, the dependency graph
weighs the gaps, and the big-bang-cutover story surfaces its own risk first.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.findings import Finding
from riskengine.patching import apply_changes, pointer_parts
from riskengine.profile import Profile
from riskengine.profile.facts import fact_marker
from riskengine.rule import Rule
from riskengine.rules import BUILTIN_RULES
from riskengine.rules.premature_switch_off import PrematureSwitchOff
from riskengine.rules.unprepared_data import UnpreparedData
from riskengine.rules.unrehearsed_cutover import UnrehearsedCutover
from riskengine.rules.untested_program import UntestedProgram
from riskengine.rules.weak_governance import WeakGovernance
from riskengine.scoring import combine
from riskengine.testing import profile_dicts
from tests.helpers import (
    PROFILES,
    RULE_FIXTURES,
    as_profile,
    load_fixture,
    overlay,
    profile_data,
    set_path,
)
from tests.rules.knowledge_checks import check_answers_move_risk
from tests.rules.knowledge_checks import run_alone as _run
from tests.rules.test_monotonicity import DIMENSIONS as ALL_DIMENSIONS

MINE: tuple[type[Rule[Any]], ...] = (
    WeakGovernance,
    UntestedProgram,
    UnrehearsedCutover,
    PrematureSwitchOff,
    UnpreparedData,
)
BY_ID = {r.id: r for r in MINE}
AREAS = {
    "CRM027": "governance",
    "CRM028": "testing",
    "CRM029": "cutover",
    "CRM030": "cutover",
    "CRM040": "data quality",
}
SEVERE = ("medium", "high", "critical")
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
EPS = 1e-4
"""Likelihoods are rounded to four decimals, so halving one can land a hair above half."""
STORY = "big-bang-cutover"
STORY_RULES = ("CRM029", "CRM030")


def _risk(rule: type[Rule[Any]], data: dict[str, Any] | Profile) -> float:
    return combine(f.risk for f in _run(rule, data)[0])


def _on(changes: dict[str, Any], base: str = "healthy-rollout") -> dict[str, Any]:
    return overlay(profile_data(base), changes)


def _fixture(rule_id: str, name: str) -> dict[str, Any]:
    return load_fixture(RULE_FIXTURES / rule_id / f"{name}.yaml")


def _at(findings: list[Finding], pointer: str) -> Finding:
    [found] = [f for f in findings if f.evidence.pointers[0] == pointer]
    return found


# --- registration and documentation -----------------------------------------------------------


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
def test_registered_with_area_and_documented_unknowns(rule: type[Rule[Any]]) -> None:
    assert rule in BUILTIN_RULES
    assert rule.area == AREAS[rule.id]
    assert "Unknowns:" in rule.checks and "Stage:" in rule.checks


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
def test_examples_show_a_real_risk_and_a_calm_profile(
    engine: Engine, rule: type[Rule[Any]]
) -> None:
    risky, _ = _run(rule, yaml.safe_load(rule.risky_example))
    assert any(f.severity in SEVERE for f in risky), [f.message for f in risky]
    assert _run(rule, yaml.safe_load(rule.healthy_example))[0] == []
    assessed = engine.assess(engine.load(yaml.safe_load(rule.risky_example)), rank=False)
    assert any(f.rule == rule.id and f.severity in SEVERE for f in assessed.findings)


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
def test_fixtures_include_a_small_firm_or_unknown_pass(rule: type[Rule[Any]]) -> None:
    folder = RULE_FIXTURES / rule.id
    assert len(list(folder.glob("fail-*.yaml"))) >= 2
    passes = list(folder.glob("pass-*.yaml"))
    assert len(passes) >= 2
    assert any("small-firm" in p.read_text() or "unknown" in p.stem for p in passes)


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
def test_fail_fixtures_recommend_changes_that_remove_their_finding(rule: type[Rule[Any]]) -> None:
    for path in sorted((RULE_FIXTURES / rule.id).glob("fail-*.yaml")):
        profile = as_profile(load_fixture(path))
        findings, _ = _run(rule, profile)
        for finding in findings:
            rec = finding.recommendations[0]
            if not rec.changes:
                continue  # no honest profile change exists (said in the action instead)
            after, _ = _run(rule, apply_changes(profile, list(rec.changes)))
            same = [f for f in after if f.identity == finding.identity]
            assert not same or same[0].risk < finding.risk, (path.name, rec.action)


# --- unknown is not no, monotone answers, asking only shrinks --------------------------------


def _bases() -> list[tuple[str, dict[str, Any]]]:
    names = ("healthy-rollout", "troubled-rollout", "overreach", "small-firm", STORY)
    bases = [(name, profile_data(name)) for name in names]
    for rule in MINE:
        for path in sorted((RULE_FIXTURES / rule.id).glob("*.yaml")):
            bases.append((f"{rule.id}/{path.stem}", load_fixture(path)))
    return bases


BASES = _bases()


def _markers(asked: dict[str, bool], *, known: bool) -> list[tuple[list[str], Any, Any]]:
    out = []
    for at, answered in sorted(asked.items()):
        if answered != known:
            continue
        parts = pointer_parts(at)
        marker = fact_marker(Profile, parts)
        if marker is not None and not any(p.isdigit() for p in parts):
            out.append((parts, marker.healthy, marker.risky))
    return out


def _set(data: dict[str, Any], parts: list[str], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for part in parts[:-1]:
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            node[part] = nxt
        node = nxt
    node[parts[-1]] = value
    return out


def _delete(data: dict[str, Any], parts: list[str]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]
    return out


def _variant(
    rule: type[Rule[Any]], data: dict[str, Any]
) -> tuple[list[Finding], dict[str, bool]] | None:
    try:
        return _run(rule, data)
    except ProfileError:  # an answer the profile model refuses is no answer
        return None


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
@pytest.mark.parametrize("base", BASES, ids=lambda b: b[0])
def test_answering_an_open_question(rule: type[Rule[Any]], base: tuple[str, Any]) -> None:
    """Healthy never raises risk, risky never lowers it, and the rule then asks no more."""
    _, data = base
    findings, asked = _run(rule, data)
    risk = combine(f.risk for f in findings)
    for parts, healthy, risky in _markers(asked, known=False):
        for answer, direction in ((healthy, -1), (risky, 1)):
            run = _variant(rule, _set(data, parts, answer))
            if run is None:
                continue
            moved = combine(f.risk for f in run[0])
            where = f"/{'/'.join(parts)} = {answer!r}"
            if direction < 0:
                assert moved <= risk + EPS, f"healthy answer raised risk: {where}"
            else:
                assert moved >= risk - EPS, f"risky answer lowered risk: {where}"
            grown = set(run[1]) - set(asked)
            assert not grown, f"answering {where} made the rule ask more: {sorted(grown)}"


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
@pytest.mark.parametrize("base", BASES, ids=lambda b: b[0])
def test_forgetting_a_stated_fact(rule: type[Rule[Any]], base: tuple[str, Any]) -> None:
    """A stated fact made unknown sits between its healthiest and riskiest answers."""
    _, data = base
    for parts, healthy, risky in _markers(_run(rule, data)[1], known=True):
        unknown = _variant(rule, _delete(data, parts))
        good = _variant(rule, _set(data, parts, healthy))
        bad = _variant(rule, _set(data, parts, risky))
        if unknown is None or good is None or bad is None:
            continue
        u, g, b = (combine(f.risk for f in run[0]) for run in (unknown, good, bad))
        where = "/" + "/".join(parts)
        assert g <= u + EPS, f"unknown {where} is safer than its best answer"
        assert u <= b + EPS, f"unknown {where} is worse than its worst answer"
        assert set(good[1]) <= set(unknown[1]), f"stating {where} made the rule ask more"
        assert set(bad[1]) <= set(unknown[1]), f"stating {where} made the rule ask more"


def _delivery_sections(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """Random, partly stated delivery sections that refer to the profile's own entities."""
    flag = st.none() | st.booleans()

    def section(**facts: st.SearchStrategy[Any]) -> dict[str, Any]:
        drawn = {key: draw(value) for key, value in facts.items()}
        return {key: value for key, value in drawn.items() if value is not None}

    processes = sorted(data.get("processes", {}))
    roles = sorted(data.get("roles", {}))
    out: dict[str, Any] = {
        "governance": section(
            risk_register=flag,
            stage_gates=flag,
            change_control=flag,
            design_authority=flag,
            budget_status=st.sampled_from([None, "approved", "under_review", "cut"]),
        ),
        "testing": section(
            strategy=flag, uat_by_users=flag, performance_tested=flag, sign_off=flag
        ),
        "cutover": section(
            approach=st.sampled_from([None, "big_bang", "phased", "parallel_run"]),
            plan=flag,
            rehearsed=flag,
            go_no_go_criteria=flag,
            fallback=flag,
            hypercare_weeks=st.sampled_from([None, 0.0, 2.0, 6.0]),
            old_system_off=st.sampled_from([None, "go_live_day", "after_proven", "kept"]),
        ),
        "data_quality": section(cleansing=flag, migration_rehearsed=flag, business_sign_off=flag),
    }
    if draw(st.booleans()):
        cycles = {}
        for i in range(draw(st.integers(0, 2))):
            cycle = section(
                kind=st.sampled_from([None, "system", "uat", "performance", "regression"]),
                real_data=flag,
                signed_off=flag,
                status=st.sampled_from([None, "planned", "in_progress", "done"]),
            )
            with_covers, with_testers = draw(st.booleans()), draw(st.booleans())
            if processes and with_covers:
                cycle["covers"] = draw(st.lists(st.sampled_from(processes), unique=True))
            if roles and with_testers:
                cycle["involves"] = draw(st.lists(st.sampled_from(roles), unique=True))
            cycles[f"c{i}"] = cycle
        out["test_cycles"] = cycles
    if draw(st.booleans()):
        out["lifecycle"] = {"stage": draw(st.sampled_from(["planning", "implementing", "live"]))}
        if draw(st.booleans()):
            out["lifecycle"]["months_live"] = draw(st.sampled_from([0.5, 2.0, 12.0]))
    seats = draw(st.sampled_from([None, 4, 60, 200, 700, 2000]))
    out["organization"] = {"crm_seats": seats}
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_dicts(), st.sampled_from(MINE), st.data())
def test_random_profiles_answers_move_risk_as_declared(
    data: dict[str, Any], rule: type[Rule[Any]], more: st.DataObject
) -> None:
    extra = more.draw(st.composite(lambda draw: _delivery_sections(draw, data))())
    organization = {**data.get("organization", {"name": "X"}), **extra.pop("organization")}
    if organization.get("crm_seats") is None:
        organization.pop("crm_seats", None)
    try:
        profile = as_profile({**data, **extra, "organization": organization})
    except ProfileError:
        assume(False)
    check_answers_move_risk(rule, profile)


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
@pytest.mark.parametrize("stage", ["planning", "implementing", "live"])
def test_stating_the_stage_or_size_never_widens_the_questions(
    rule: type[Rule[Any]], stage: str
) -> None:
    for base in ("healthy-rollout", STORY):
        unknown = _on({"organization": {"crm_seats": None}, "lifecycle": None}, base)
        _, asked = _run(rule, unknown)
        for changes in (
            {"lifecycle": {"stage": stage}},
            {"lifecycle": {"stage": stage, "months_live": 1}},
            {"organization": {"crm_seats": 4}},
            {"organization": {"crm_seats": 2000}},
        ):
            _, narrower = _run(rule, overlay(unknown, changes))
            assert set(narrower) <= set(asked), sorted(set(narrower) - set(asked))


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
def test_a_name_and_a_size_raises_nothing_and_asks(rule: type[Rule[Any]]) -> None:
    findings, asked = _run(rule, {"organization": {"name": "X", "crm_seats": 200}})
    assert not findings, [f.message for f in findings]
    assert asked and not all(asked.values())


@pytest.mark.parametrize("rule", MINE, ids=lambda r: r.id)
def test_small_firms_stay_quiet_even_with_every_gap(rule: type[Rule[Any]]) -> None:
    worst = {
        "governance": {
            "risk_register": False,
            "stage_gates": False,
            "change_control": False,
            "budget_status": "cut",
        },
        "testing": {
            "strategy": False,
            "uat_by_users": False,
            "performance_tested": False,
            "sign_off": False,
        },
        "test_cycles": {},
        "cutover": {
            "approach": "big_bang",
            "plan": False,
            "rehearsed": False,
            "go_no_go_criteria": False,
            "fallback": False,
            "old_system_off": "go_live_day",
            "hypercare_weeks": 0,
        },
        "data_quality": {
            "cleansing": False,
            "migration_rehearsed": False,
            "business_sign_off": False,
        },
    }
    data = _on(worst, "small-firm")
    findings, asked = _run(rule, data)
    assert findings == []
    assert set(asked) == {"/organization/crm_seats"}, "a known small firm needs no more answers"
    big, _ = _run(rule, overlay(data, {"organization": {"crm_seats": 800}}))
    assert big, "the same gaps matter at 800 seats"
    unsized, _ = _run(rule, overlay(data, {"organization": {"crm_seats": None}}))
    assert unsized, "an unknown size is not small"


# declared once, in tests/rules/test_monotonicity.py; here every combination is tried
DIMENSIONS = {
    rule: ALL_DIMENSIONS[rule] for rule in ("CRM027", "CRM028", "CRM029", "CRM030", "CRM040")
}


@pytest.mark.parametrize("rule_id", sorted(DIMENSIONS))
def test_improving_a_dimension_never_raises_the_rules_risk(rule_id: str) -> None:
    dims = DIMENSIONS[rule_id]
    rule = BY_ID[rule_id]
    risks: dict[tuple[int, ...], float] = {}
    for levels in itertools.product(*(range(len(values)) for _, values in dims)):
        data = profile_data()
        for (path, values), level in zip(dims, levels, strict=True):
            set_path(data, path, copy.deepcopy(values[level]))
        risks[levels] = _risk(rule, data)
    for levels, risk in risks.items():
        for i, (_, values) in enumerate(dims):
            if levels[i] + 1 < len(values):
                better = (*levels[:i], levels[i] + 1, *levels[i + 1 :])
                assert risks[better] <= risk + EPS, (dims[i][0], levels)
    worst = risks[tuple(0 for _ in dims)]
    best = risks[tuple(len(values) - 1 for _, values in dims)]
    assert worst > 0 and best < worst


# --- CRM027 weak-governance ------------------------------------------------------------------


def test_crm027_unknown_governance_is_reported_only_for_large_programs() -> None:
    unknown, asked = _run(
        WeakGovernance, _fixture("CRM027", "fail-large-program-governance-unknown")
    )
    [doubt] = unknown
    assert doubt.message.startswith("Nobody has stated") and doubt.severity == "medium"
    assert asked["/governance/risk_register"] is False
    bad = _run(
        WeakGovernance,
        _on({"organization": {"crm_seats": 800}, "governance": {"risk_register": False}}),
    )[0]
    register = _at(bad, "/governance/risk_register")
    assert doubt.likelihood <= register.likelihood / 2 + EPS
    assert doubt.risk <= register.risk
    assert _run(WeakGovernance, _on({"organization": {"crm_seats": 300}}))[0] == []
    assert _run(WeakGovernance, _on({"organization": {"crm_seats": None}}))[0] == []


def test_crm027_conflicting_goals_make_missing_change_control_likelier() -> None:
    base = {"governance": {"change_control": False}}
    calm = _at(_run(WeakGovernance, _on(base))[0], "/governance/change_control")
    torn = _at(
        _run(WeakGovernance, _on({**base, "scope": {"conflicting_goals": True}}))[0],
        "/governance/change_control",
    )
    assert torn.likelihood > calm.likelihood
    assert "pull in different directions" in torn.message


def test_crm027_large_programs_also_need_a_design_authority() -> None:
    gov = {"risk_register": True, "stage_gates": True, "change_control": True}
    absent = {"governance": {**gov, "design_authority": False}}
    assert _run(WeakGovernance, _on(absent))[0] == []  # 140 seats: not judged, not asked
    assert "/governance/design_authority" not in _run(WeakGovernance, _on(absent))[1]
    [found] = _run(WeakGovernance, overlay(_on(absent), {"organization": {"crm_seats": 800}}))[0]
    assert found.evidence.pointers == ("/governance/design_authority",)


def test_crm027_live_wording_speaks_of_further_phases() -> None:
    data = _on({"lifecycle": {"stage": "live"}, "governance": {"stage_gates": False}})
    gates = _at(_run(WeakGovernance, data)[0], "/governance/stage_gates")
    assert gates.message.startswith("Further phases")
    assert {n for n in gates.evidence.nodes} >= {"phase:p2_service", "phase:p3_marketing"}


# --- CRM028 untested-program -----------------------------------------------------------------

TESTED = {"strategy": True, "uat_by_users": True, "performance_tested": True, "sign_off": True}


def _cycles(covers: list[str], **more: Any) -> dict[str, Any]:
    return {
        "lifecycle": {"stage": "implementing"},
        "testing": TESTED,
        "test_cycles": {
            "uat": {
                "kind": "uat",
                "covers": covers,
                "involves": ["sales_rep", "service_agent"],
                "real_data": True,
                **more,
            }
        },
    }


def test_crm028_critical_processes_left_untested_weigh_more() -> None:
    newsletter = {"processes": {"newsletter": {"name": "Newsletter", "kind": "business"}}}
    everything = ["lead_management", "opportunity_pipeline", "service_cases", "campaigns"]
    critical = _run(
        UntestedProgram,
        overlay(_on(_cycles([*everything[1:], "newsletter"])), newsletter),
    )[0]
    plain = _run(UntestedProgram, overlay(_on(_cycles(everything)), newsletter))[0]
    [gap] = critical
    [minor] = plain
    assert gap.severity == "high" and minor.severity == "medium"
    assert gap.risk > minor.risk
    assert "objective:win_rate" in gap.evidence.nodes  # what the untested process serves
    assert "Newsletter" in minor.message and "depend on" not in minor.message


def test_crm028_a_cycle_of_unstated_coverage_halves_the_likelihood() -> None:
    data = _on(_cycles(["lead_management"]))
    [known] = _run(UntestedProgram, data)[0]
    blind = overlay(data, {"test_cycles": {"other": {"kind": "system", "name": "System test"}}})
    [doubt] = _run(UntestedProgram, blind)[0]
    assert doubt.likelihood <= known.likelihood / 2 + EPS
    assert "Nobody has stated what System test covers" in doubt.message


def test_crm028_unstated_cycles_leave_coverage_an_open_question() -> None:
    findings, asked = _run(UntestedProgram, _on({"testing": TESTED}))
    assert findings == []
    assert asked["/test_cycles"] is False


def test_crm028_performance_of_an_unsized_rollout_is_judged_at_half() -> None:
    data = {"testing": {**TESTED, "performance_tested": False}}
    large = _at(
        _run(UntestedProgram, _on({**data, "organization": {"crm_seats": 900}}))[0],
        "/testing/performance_tested",
    )
    unsized = _at(
        _run(UntestedProgram, _on({**data, "organization": {"crm_seats": None}}))[0],
        "/testing/performance_tested",
    )
    assert unsized.likelihood <= large.likelihood / 2 + EPS
    assert "nobody has stated how many" in unsized.message
    assert _run(UntestedProgram, _on(data))[0] == []  # 140 seats: below performance_seats


def test_crm028_unknown_testing_is_half_the_worst_known_gap() -> None:
    [doubt] = _run(UntestedProgram, _fixture("CRM028", "fail-large-testing-unknown"))[0]
    bad = _run(
        UntestedProgram,
        overlay(
            _fixture("CRM028", "fail-large-testing-unknown"),
            {"testing": {"uat_by_users": False}},
        ),
    )[0]
    users = _at(bad, "/testing/uat_by_users")
    assert doubt.likelihood <= users.likelihood / 2 + EPS and doubt.risk <= users.risk
    assert doubt.message.startswith("Nobody has stated")


def test_crm028_once_live_judges_how_releases_are_tested() -> None:
    findings, asked = _run(UntestedProgram, _fixture("CRM028", "fail-live-no-regression"))
    [regression] = findings
    assert "regression" in regression.message
    assert "/testing/sign_off" not in asked and "/testing/uat_by_users" not in asked
    assert all("go-live" not in r.action for r in regression.recommendations)
    unknown_kind = overlay(
        _fixture("CRM028", "fail-live-no-regression"),
        {"test_cycles": {"uat": {"kind": None}}},
    )
    assert _run(UntestedProgram, unknown_kind)[0] == []


def test_crm028_acceptance_testers_from_the_project_only_are_not_users() -> None:
    findings, _ = _run(UntestedProgram, _fixture("CRM028", "fail-uat-by-it-on-invented-data"))
    users = _at(findings, "/test_cycles/uat/involves")
    added = {c.value for c in users.recommendations[0].changes if c.path.endswith("/involves")}
    assert added == {"sales_rep", "service_agent", "marketer"}
    unknown_kinds = overlay(
        _fixture("CRM028", "fail-uat-by-it-on-invented-data"),
        {"roles": {"it_rep": {"kind": None}}},
    )
    assert not [
        f
        for f in _run(UntestedProgram, unknown_kinds)[0]
        if f.evidence.pointers[0].endswith("involves")
    ]


# --- CRM029 unrehearsed-cutover --------------------------------------------------------------

BIG_BANG = {
    "approach": "big_bang",
    "plan": True,
    "rehearsed": False,
    "go_no_go_criteria": True,
    "fallback": True,
}


def test_crm029_large_big_bang_without_rehearsal_is_critical() -> None:
    data = _on({"organization": {"crm_seats": 800}, "cutover": BIG_BANG})
    [finding] = _run(UnrehearsedCutover, data)[0]
    assert finding.severity == "critical"
    phased = overlay(data, {"cutover": {"approach": "phased"}})
    [lesser] = _run(UnrehearsedCutover, phased)[0]
    assert lesser.severity == "high" and lesser.risk < finding.risk


def test_crm029_planning_weighs_less_and_live_is_history() -> None:
    data = _on({"cutover": BIG_BANG, "lifecycle": {"stage": "implementing"}})
    [now] = _run(UnrehearsedCutover, data)[0]
    [early] = _run(UnrehearsedCutover, overlay(data, {"lifecycle": {"stage": "planning"}}))[0]
    assert early.likelihood < now.likelihood
    live, asked = _run(UnrehearsedCutover, overlay(data, {"lifecycle": {"stage": "live"}}))
    assert live == [] and "/cutover/rehearsed" not in asked


def test_crm029_unknown_approach_follows_the_scope() -> None:
    cutover = {k: v for k, v in BIG_BANG.items() if k != "approach"}
    at_once = _run(UnrehearsedCutover, _on({"cutover": cutover, "scope": {"big_bang": True}}))
    in_steps = _run(UnrehearsedCutover, _on({"cutover": cutover, "scope": {"big_bang": False}}))
    unknown = _run(UnrehearsedCutover, _on({"cutover": cutover, "scope": {"big_bang": None}}))
    assert at_once[0] and "big-bang" in at_once[0][0].message
    assert in_steps[0] == [] and unknown[0] == []  # 140 seats: below sizable_seats
    assert "/scope/big_bang" in unknown[1]
    stated = _run(UnrehearsedCutover, _on({"cutover": BIG_BANG}))[1]
    assert "/scope/big_bang" not in stated


def test_crm029_a_parallel_run_needs_no_way_back() -> None:
    data = _on(
        {
            "organization": {"crm_seats": 400},
            "cutover": {
                **BIG_BANG,
                "approach": "parallel_run",
                "rehearsed": True,
                "fallback": False,
            },
        }
    )
    findings, asked = _run(UnrehearsedCutover, data)
    assert findings == [] and "/cutover/fallback" not in asked


def test_crm029_unknown_cutover_is_half_the_worst_known_gap() -> None:
    [doubt] = _run(UnrehearsedCutover, _fixture("CRM029", "fail-large-cutover-unknown"))[0]
    assert doubt.message.startswith("Nobody has stated") and doubt.severity == "medium"
    bad = _run(
        UnrehearsedCutover,
        overlay(_fixture("CRM029", "fail-large-cutover-unknown"), {"cutover": {"plan": False}}),
    )[0]
    plan = _at(bad, "/cutover/plan")
    assert doubt.likelihood <= plan.likelihood / 2 + EPS and doubt.risk <= plan.risk
    planning = overlay(
        _fixture("CRM029", "fail-large-cutover-unknown"), {"lifecycle": {"stage": "planning"}}
    )
    assert _run(UnrehearsedCutover, planning)[0] == []


# --- CRM030 premature-switch-off -------------------------------------------------------------


def test_crm030_live_window_and_history() -> None:
    data = _fixture("CRM030", "fail-live-switched-off-one-month-ago")
    findings, _ = _run(PrematureSwitchOff, data)
    off = _at(findings, "/cutover/old_system_off")
    care = _at(findings, "/cutover/hypercare_weeks")
    assert "no way back" in off.message and not off.recommendations[0].changes
    assert care.severity == "high"  # the old system is gone as well
    target = next(c.value for c in care.recommendations[0].changes)
    assert target >= 13, "support lasts until the system has proven itself"
    assert all("before go-live" not in r.action for f in findings for r in f.recommendations)
    later = overlay(data, {"lifecycle": {"months_live": 6}})
    assert _run(PrematureSwitchOff, later)[0] == []
    unknown = overlay(data, {"lifecycle": {"months_live": None}})
    doubt = _at(_run(PrematureSwitchOff, unknown)[0], "/cutover/old_system_off")
    assert doubt.likelihood <= off.likelihood / 2 + EPS
    assert "Nobody has stated when it went live" in doubt.message


def test_crm030_short_hypercare_weighs_less_than_none() -> None:
    none = _at(
        _run(PrematureSwitchOff, _fixture("CRM030", "fail-no-hypercare"))[0],
        "/cutover/hypercare_weeks",
    )
    some = _at(
        _run(
            PrematureSwitchOff,
            overlay(_fixture("CRM030", "fail-no-hypercare"), {"cutover": {"hypercare_weeks": 2}}),
        )[0],
        "/cutover/hypercare_weeks",
    )
    assert some.likelihood < none.likelihood and none.severity == some.severity == "medium"


def test_crm030_unknown_switch_off_is_half_the_worst_known_answer() -> None:
    data = _fixture("CRM030", "fail-large-cutover-unknown")
    [doubt] = _run(PrematureSwitchOff, data)[0]
    bad = _run(PrematureSwitchOff, overlay(data, {"cutover": {"old_system_off": "go_live_day"}}))
    off = _at(bad[0], "/cutover/old_system_off")
    assert doubt.likelihood <= off.likelihood / 2 + EPS and doubt.risk <= off.risk
    assert _run(PrematureSwitchOff, overlay(data, {"organization": {"crm_seats": 300}}))[0] == []


def test_crm030_evidence_names_the_old_system_and_what_depends_on_it() -> None:
    data = profile_data(STORY)
    off = _at(_run(PrematureSwitchOff, data)[0], "/cutover/old_system_off")
    assert "data_source:branch_db" in off.evidence.nodes
    assert "process:counter_quotes" in off.evidence.nodes


# --- CRM040 unprepared-data ------------------------------------------------------------------

UNCLEAN = {
    "data_quality": {"cleansing": False, "migration_rehearsed": True, "business_sign_off": True}
}


def test_crm040_weight_follows_records_and_the_processes_fed() -> None:
    ahead = {**UNCLEAN, "data_sources": {"sales_sheets": {"status": "planned"}}}
    small = _at(_run(UnpreparedData, _on(ahead))[0], "/data_quality/cleansing")
    bigger = _at(
        _run(
            UnpreparedData,
            overlay(_on(ahead), {"data_sources": {"sales_sheets": {"records": 90000}}}),
        )[0],
        "/data_quality/cleansing",
    )
    fed = overlay(_on(ahead), {"fields": {"contact": {"source": "sales_sheets"}}})
    feeding = _at(_run(UnpreparedData, fed)[0], "/data_quality/cleansing")
    assert bigger.impact > small.impact and feeding.impact > small.impact
    assert feeding.severity == "high" and small.severity == "medium"
    assert "process:lead_management" in feeding.evidence.nodes


def test_crm040_settling_an_unstated_plan_does_not_move_the_risk() -> None:
    data = _fixture("CRM040", "fail-unplanned-source-weighs-too")
    risk = _risk(UnpreparedData, data)
    for plan in ("migrate", "none"):
        assert (
            _risk(UnpreparedData, overlay(data, {"data_sources": {"service_db": {"plan": plan}}}))
            == risk
        )
    integrated = overlay(data, {"data_sources": {"service_db": {"plan": "integrate"}}})
    assert _risk(UnpreparedData, integrated) < risk


def test_crm040_once_migrated_the_rehearsal_is_history() -> None:
    gaps = {
        "data_quality": {
            "cleansing": False,
            "migration_rehearsed": False,
            "business_sign_off": False,
        }
    }
    ahead = _run(
        UnpreparedData, _on({**gaps, "data_sources": {"sales_sheets": {"status": "planned"}}})
    )[0]
    done = _run(UnpreparedData, _on(gaps))[0]  # the spreadsheets' migration is done
    assert len(ahead) == 3 and len(done) == 2
    assert "/data_quality/migration_rehearsed" not in {f.evidence.pointers[0] for f in done}
    assert all(f.severity == "medium" for f in done)
    assert combine(f.risk for f in done) < combine(f.risk for f in ahead)
    assert all("before go-live" not in r.action for f in done for r in f.recommendations)


def test_crm040_unknown_preparation_is_half_the_worst_known_gap() -> None:
    data = _fixture("CRM040", "fail-large-migration-unknown")
    [doubt] = _run(UnpreparedData, data)[0]
    bad = _run(UnpreparedData, overlay(data, {"data_quality": {"cleansing": False}}))[0]
    cleansing = _at(bad, "/data_quality/cleansing")
    assert doubt.likelihood <= cleansing.likelihood / 2 + EPS and doubt.risk <= cleansing.risk
    few = overlay(data, {"data_sources": {"sales_sheets": {"records": 6000}}})
    assert _run(UnpreparedData, few)[0] == []


# --- the big-bang-cutover story --------------------------------------------------------------


def test_story_surfaces_the_cutover_first(engine: Engine) -> None:
    assessment = engine.assess(engine.load(PROFILES / f"{STORY}.yaml"))
    assert assessment.findings[0].rule in STORY_RULES, assessment.findings[0].message
    first = assessment.recommendations[0]
    assert set(first.rules) & set(STORY_RULES), first.action
    assert first.gain > 0
    rules = {f.rule for f in assessment.findings}
    assert {"CRM029", "CRM030"} <= rules
    assert assessment.questions, "the story leaves what it does not know unknown"
