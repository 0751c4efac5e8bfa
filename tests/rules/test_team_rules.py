"""CRM004, CRM009, CRM010, CRM016 and CRM018 under unknown facts and the program's stage.

Besides the cases the fixtures cover, these tests check the three rules for rules on several
profiles at once: an unknown fact never reads as a bad one (the healthiest answer never raises a
rule's risk over leaving it open, the riskiest never lowers it), and stating a fact never makes a
rule ask more.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from riskengine.engine import Engine
from riskengine.rules import BUILTIN_RULES
from tests.helpers import as_profile, overlay, profile_data, rule_findings, rule_risk
from tests.rules.knowledge_checks import asked as _asked
from tests.rules.knowledge_checks import check_stage_adds_no_questions, check_unknown_is_between

RULES = ("CRM004", "CRM009", "CRM010", "CRM016", "CRM018")
EXAMPLES = {r.id: r for r in BUILTIN_RULES if r.id in RULES}


def _healthy(changes: dict[str, Any]) -> dict[str, Any]:
    return overlay(profile_data(), changes)


LIVE = {"lifecycle": {"stage": "live", "months_live": 9}}
IMPLEMENTING = {"lifecycle": {"stage": "implementing"}}


# --- CRM009: project management is a before-go-live subject ---------------------------------


def test_crm009_live_program_without_manager_is_not_a_finding(engine: Engine) -> None:
    data = {"organization": {"name": "X", "crm_seats": 200}, "lifecycle": {"stage": "live"}}
    assert not rule_findings(engine, {**data, "roles": {}}, "CRM009")


def test_crm009_same_profile_before_go_live_is_a_finding(engine: Engine) -> None:
    # positive control: the live stage, not a thin profile, keeps the rule quiet above
    data = {"organization": {"name": "X", "crm_seats": 200}, "roles": {}}
    for stage in (None, "planning", "implementing"):
        profile = data if stage is None else {**data, "lifecycle": {"stage": stage}}
        (finding,) = rule_findings(engine, profile, "CRM009")
        assert finding.message == "Nobody manages the project for a rollout of 200 seats."
        assert finding.likelihood == 0.85


def test_crm009_live_part_time_manager_is_not_judged(engine: Engine) -> None:
    weak = {"organization": {"crm_seats": 600}, "roles": {"pm": {"dedication": "part_time"}}}
    assert rule_findings(engine, _healthy(weak), "CRM009")
    assert not rule_findings(engine, _healthy({**weak, **LIVE}), "CRM009")


def test_crm009_unknown_manager_is_reduced_and_says_so(engine: Engine) -> None:
    unclear = _healthy({"organization": {"crm_seats": 600}, "roles": {"pm": {"kind": None}}})
    missing = _healthy({"organization": {"crm_seats": 600}, "roles": {"pm": {"count": 0}}})
    (reduced,) = rule_findings(engine, unclear, "CRM009")
    (known,) = rule_findings(engine, missing, "CRM009")
    assert reduced.message.startswith("Nobody has stated who manages the project")
    assert reduced.likelihood <= known.likelihood / 2
    assert reduced.risk <= known.risk


def test_crm009_unknown_size_still_judges_a_part_time_manager(engine: Engine) -> None:
    data = _healthy({"organization": {"crm_seats": None}, "roles": {"pm": {"dedication": "none"}}})
    (finding,) = rule_findings(engine, data, "CRM009")
    assert "no time for the project" in finding.message


# --- CRM016: after go-live, a lost owner leads ------------------------------------------------


def test_crm016_live_without_owner_or_support_is_high(engine: Engine) -> None:
    data = {
        "organization": {"name": "X", "crm_seats": 200},
        "lifecycle": {"stage": "live"},
        "operations": {"support": False, "system_admin": False},
    }
    found = rule_findings(engine, data, "CRM016")
    assert any(f.severity == "high" for f in found)
    assert {f.evidence.pointers[0] for f in found} == {
        "/operations/support",
        "/operations/system_admin",
    }


def test_crm016_live_without_owner_is_high_even_when_size_is_unknown(engine: Engine) -> None:
    data = {
        "organization": {"name": "X"},
        "lifecycle": {"stage": "live"},
        "operations": {"support": False, "system_admin": False},
    }
    assert any(f.severity == "high" for f in rule_findings(engine, data, "CRM016"))


def test_crm016_lost_owner_leads_the_live_assessment(engine: Engine) -> None:
    data = _healthy({**LIVE, "operations": {"support": False, "system_admin": False}})
    findings = engine.assess(as_profile(data), rank=False).findings
    assert [f.rule for f in findings[:2]] == ["CRM016", "CRM016"]
    assert {f.severity for f in findings[:2]} == {"high"}


def test_crm016_live_gap_weighs_more_than_a_planned_one(engine: Engine) -> None:
    gap = {"operations": {"system_admin": False}}
    (plan,) = rule_findings(engine, _healthy(gap), "CRM016")
    (live,) = rule_findings(engine, _healthy({**gap, **LIVE}), "CRM016")
    assert live.risk > plan.risk
    assert live.message == "The live system has no owner: nobody administers it."


def test_crm016_wording_fits_the_stage(engine: Engine) -> None:
    gaps = {"operations": {k: False for k in ("support", "system_admin", "process_support")}}
    for stage, data in (("plan", _healthy(gaps)), ("live", _healthy({**gaps, **LIVE}))):
        found = rule_findings(engine, data, "CRM016")
        actions = [r.action for f in found for r in f.recommendations]
        texts = " ".join([*actions, *(f.message for f in found)])
        if stage == "live":
            assert "before go-live" not in texts and "after go-live" not in texts
            assert all("live" in f.message for f in found)
        else:
            assert "before go-live" in texts


def test_crm016_unknown_owner_of_live_system(engine: Engine) -> None:
    unknown = _healthy({**LIVE, "operations": {"system_admin": None}})
    known = _healthy({**LIVE, "operations": {"system_admin": False}})
    (reduced,) = rule_findings(engine, unknown, "CRM016")
    (full,) = rule_findings(engine, known, "CRM016")
    assert reduced.message.startswith("Nobody has stated whether")
    assert reduced.likelihood <= full.likelihood / 2
    # before go-live, or on a rollout of unknown size, it stays an open question
    assert not rule_findings(engine, _healthy({"operations": {"system_admin": None}}), "CRM016")
    sizeless = _healthy(
        {**LIVE, "organization": {"crm_seats": None}, "operations": {"system_admin": None}}
    )
    assert not rule_findings(engine, sizeless, "CRM016")


def test_crm016_leaves_training_to_crm004(engine: Engine) -> None:
    data = _healthy({**LIVE, "training": {"new_hires": False}})
    assert not rule_findings(engine, data, "CRM016")
    (finding,) = rule_findings(engine, data, "CRM004")
    assert "after go-live" in finding.message


# --- CRM004: the plan before go-live, delivery once live -------------------------------------

UNTRAINED = {"roles": {r: {"trained": False} for r in ("sales_rep", "service_agent", "marketer")}}


def test_crm004_complete_plan_before_go_live_is_no_finding(engine: Engine) -> None:
    for stage in ("planning", "implementing"):
        data = _healthy({**UNTRAINED, "lifecycle": {"stage": stage}})
        assert not rule_findings(engine, data, "CRM004")


def test_crm004_untrained_users_count_once_live(engine: Engine) -> None:
    found = rule_findings(engine, _healthy({**UNTRAINED, **LIVE}), "CRM004")
    assert {f.evidence.pointers[0] for f in found} == {
        f"/roles/{r}/trained" for r in UNTRAINED["roles"]
    }
    assert all(f.severity == "high" and "live system" in f.message for f in found)
    assert all("now" in f.recommendations[0].action for f in found)


def test_crm004_unknown_stage_still_reports_known_untrained_roles(engine: Engine) -> None:
    found = rule_findings(engine, _healthy({**UNTRAINED, "lifecycle": None}), "CRM004")
    assert len(found) == 3


def test_crm004_a_poor_plan_is_judged_before_go_live(engine: Engine) -> None:
    data = _healthy({**IMPLEMENTING, "training": {"initial": False}})
    (finding,) = rule_findings(engine, data, "CRM004")
    assert finding.message == "Users get the CRM without any training before go-live."
    live = rule_findings(engine, _healthy({**LIVE, "training": {"initial": False}}), "CRM004")
    assert live[0].message == "Users were given the CRM without any training before go-live."
    assert "before it goes live" not in live[0].recommendations[0].action


def test_crm004_short_training_is_judged_when_initial_training_is_unknown(
    engine: Engine,
) -> None:
    # leaving `initial` open must not hide what stating it true would show
    short = _healthy({"training": {"initial": None, "hours_per_user": 1}})
    stated = _healthy({"training": {"hours_per_user": 1}})
    assert rule_risk(engine, short, "CRM004") == rule_risk(engine, stated, "CRM004") > 0


# --- CRM010: people, not roles; false is no pilot, left out is unknown -----------------------


def test_crm010_risky_example_fires_the_coverage_check(engine: Engine) -> None:
    data = yaml.safe_load(EXAMPLES["CRM010"].risky_example)
    found = rule_findings(engine, data, "CRM010")
    (coverage,) = [f for f in found if f.evidence.pointers[0].endswith("/pilot/roles")]
    assert "agent" in coverage.message and "87%" in coverage.message
    assert coverage.severity == "medium"


def test_crm010_threshold_is_inclusive(engine: Engine) -> None:
    base = yaml.safe_load(EXAMPLES["CRM010"].healthy_example)
    half = overlay(
        base,
        {
            "roles": {"agent": {"count": 60}},
            "phases": {"faults": {"pilot": {"roles": ["dispatcher"]}}},
        },
    )
    assert rule_findings(engine, half, "CRM010"), "exactly half the people is not enough"
    more = overlay(half, {"roles": {"agent": {"count": 59}}})
    assert not rule_findings(engine, more, "CRM010")


def test_crm010_false_is_no_pilot_and_left_out_is_unknown(engine: Engine) -> None:
    none = _healthy({"phases": {"p2_service": {"pilot": False}}})
    unknown = _healthy({"phases": {"p2_service": {"pilot": None}}})
    (finding,) = rule_findings(engine, none, "CRM010")
    assert "without a pilot group" in finding.message
    assert not rule_findings(engine, unknown, "CRM010")
    questions = engine.assess(as_profile(unknown), rank=False).questions
    assert "/phases/p2_service/pilot" in {q.pointer for q in questions}


def test_crm010_unknown_head_count_halves_the_likelihood(engine: Engine) -> None:
    data = yaml.safe_load(EXAMPLES["CRM010"].risky_example)
    (known,) = [
        f for f in rule_findings(engine, data, "CRM010") if f.evidence.pointers[0].endswith("roles")
    ]
    data["roles"]["dispatcher"] = {}
    (guessed,) = [
        f for f in rule_findings(engine, data, "CRM010") if f.evidence.pointers[0].endswith("roles")
    ]
    assert "not stated" in guessed.message
    assert guessed.likelihood < known.likelihood


# --- CRM018 -----------------------------------------------------------------------------------


def test_crm018_live_advice_fits_the_stage(engine: Engine) -> None:
    gap = {"roles": {"it_rep": {"sourcing": "freelancer", "documents_knowledge": False}}}
    (plan,) = rule_findings(engine, _healthy(gap), "CRM018")
    (live,) = rule_findings(engine, _healthy({**gap, **LIVE}), "CRM018")
    assert "before leaving" in plan.recommendations[0].action
    assert "live system" in live.message and "now" in live.recommendations[0].action
    assert live.risk == plan.risk


def test_crm018_unknown_sourcing_is_judged_as_in_house(engine: Engine) -> None:
    data = _healthy({"roles": {"sales_sme": {"sourcing": None, "documents_knowledge": False}}})
    (finding,) = rule_findings(engine, data, "CRM018")
    in_house = _healthy({"roles": {"sales_sme": {"documents_knowledge": False}}})
    assert finding.risk == rule_findings(engine, in_house, "CRM018")[0].risk
    assert "sourcing not stated" in finding.message


# --- the rules for rules, on several profiles -------------------------------------------------


def _example(rule: str, which: str) -> dict[str, Any]:
    data = yaml.safe_load(getattr(EXAMPLES[rule], f"{which}_example"))
    assert isinstance(data, dict)
    return data


VARIANTS: dict[str, dict[str, Any]] = {
    "healthy": profile_data(),
    "healthy-live": _healthy(LIVE),
    "healthy-implementing": _healthy(IMPLEMENTING),
    "poor-training": profile_data("poor-training"),
    "no-pilot": profile_data("no-pilot"),
    "troubled-live": overlay(profile_data("troubled-rollout"), LIVE),
    **{f"{r}-risky": _example(r, "risky") for r in RULES},
    **{f"{r}-healthy": _example(r, "healthy") for r in RULES},
}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_unknown_is_between_healthy_and_risky_and_asks_the_most(
    engine: Engine, rule: str, variant: str
) -> None:
    check_unknown_is_between(engine, VARIANTS[variant], rule)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_stating_the_stage_never_adds_questions(engine: Engine, rule: str, variant: str) -> None:
    check_stage_adds_no_questions(engine, VARIANTS[variant], rule)


@pytest.mark.parametrize("rule", RULES)
def test_examples_state_what_they_rely_on(engine: Engine, rule: str) -> None:
    # every fact the rule judges in its risky example is stated there, nothing comes from defaults
    found = rule_findings(engine, _example(rule, "risky"), rule)
    assert any(f.severity in ("medium", "high", "critical") for f in found)
    asked = _asked(engine, _example(rule, "risky"), rule)
    for f in found:
        for at in f.evidence.pointers:
            assert asked.get(at, True), f"{rule} reports {at} without the example stating it"
    assert not rule_findings(engine, _example(rule, "healthy"), rule)
