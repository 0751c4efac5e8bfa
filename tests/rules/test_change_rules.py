"""Change, adoption, process-fit, people and training-timing rules (CRM031-CRM034, CRM041, CRM043).

Besides the fixtures, these tests check each rule's stage awareness, its use of the dependency
graph and of organization size, what it does with unknown facts (an open question, or a finding
with at most half the likelihood that says plainly the fact is not known), the story profile
profiles/commission-hoarding.yaml, and the rules for rules on many profiles at once: the healthiest
answer to an open question never raises a rule's risk, the riskiest never lowers it, and stating
a fact (or the stage) never makes a rule ask more.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
import yaml

from riskengine.config import Config
from riskengine.engine import Engine
from riskengine.findings import Finding
from riskengine.patching import pointer_parts
from riskengine.profile import Profile
from riskengine.profile.facts import fact_marker
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
from tests.rules.knowledge_checks import with_fact as _with
from tests.rules.test_monotonicity import DIMENSIONS as ALL_DIMENSIONS

RULES = ("CRM031", "CRM032", "CRM033", "CRM034", "CRM041", "CRM043")
CLASSES = {r.id: r for r in BUILTIN_RULES if r.id in RULES}
AREAS = {
    "CRM031": "change management",
    "CRM032": "change management",
    "CRM033": "adoption",
    "CRM034": "process fit",
    "CRM041": "people",
    "CRM043": "training",
}
# only these rules run in the many-profile checks below (the others have their own tests)
MINE = Engine(load_entrypoints=False, config=Config(select=RULES))

LIVE = {"lifecycle": {"stage": "live", "months_live": 9}}
IMPLEMENTING = {"lifecycle": {"stage": "implementing"}}


def _healthy(changes: dict[str, Any]) -> dict[str, Any]:
    return overlay(profile_data(), changes)


def _found(data: dict[str, Any], rule: str) -> list[Finding]:
    return rule_findings(MINE, data, rule)


def _one(data: dict[str, Any], rule: str) -> Finding:
    (finding,) = _found(data, rule)
    return finding


def _texts(findings: list[Finding]) -> str:
    return " ".join(
        [*(f.message for f in findings), *(r.action for f in findings for r in f.recommendations)]
    )


def test_rules_are_registered_with_their_areas() -> None:
    assert set(CLASSES) == set(RULES)
    for rule, area in AREAS.items():
        assert CLASSES[rule].area == area


# --- CRM031 unmanaged-change ------------------------------------------------------------------

CHANGE_GAPS = {"change_management": {"readiness_assessed": False, "resistance_plan": False}}


def test_crm031_gaps_before_go_live_are_both_reported() -> None:
    found = _found(_healthy({**CHANGE_GAPS, **IMPLEMENTING}), "CRM031")
    assert {f.evidence.pointers[0] for f in found} == {
        "/change_management/readiness_assessed",
        "/change_management/resistance_plan",
    }
    assert "before go-live" in _texts(found)


def test_crm031_live_judges_resistance_not_readiness() -> None:
    found = _found(_healthy({**CHANGE_GAPS, **LIVE}), "CRM031")
    assert [f.evidence.pointers[0] for f in found] == ["/change_management/resistance_plan"]
    assert "live system" in found[0].message
    assert "before go-live" not in _texts(found)


def test_crm031_grows_with_the_departments_whose_work_changes() -> None:
    gaps = {**CHANGE_GAPS, **IMPLEMENTING}
    broad = _healthy(gaps)
    # only the field reps' processes stay: one department changes its work
    narrow = _healthy(gaps)
    narrow["processes"] = {"lead_management": narrow["processes"]["lead_management"]}
    for phase in narrow["phases"].values():
        phase["processes"] = [p for p in phase["processes"] if p == "lead_management"]
    assert rule_risk(MINE, narrow, "CRM031") < rule_risk(MINE, broad, "CRM031")
    assert "1 department whose work changes" in _found(narrow, "CRM031")[0].message


def test_crm031_unknown_owner_is_reduced_and_only_at_size() -> None:
    big = {"organization": {"crm_seats": 800}}
    reduced = _one(_healthy({**big, "change_management": {"resistance_plan": True}}), "CRM031")
    assert reduced.message.startswith("Nobody has stated who owns the change")
    known = _found(
        _healthy({**big, "change_management": {"owner": "pm", "resistance_plan": False}}), "CRM031"
    )
    assert reduced.likelihood <= known[0].likelihood / 2
    assert reduced.risk <= known[0].risk
    assert not _found(_healthy({"change_management": {"resistance_plan": True}}), "CRM031")


def test_crm031_small_firm_stays_quiet_unknown_size_does_not() -> None:
    small = overlay(profile_data("small-firm"), CHANGE_GAPS)
    assert not _found(small, "CRM031")
    sizeless = _healthy({**CHANGE_GAPS, "organization": {"crm_seats": None}})
    assert len(_found(sizeless, "CRM031")) == 2


# --- CRM032 misaligned-incentives -------------------------------------------------------------

MISALIGNED = {"change_management": {"incentives_aligned": False}}


def test_crm032_worst_where_sales_carries_the_entry_work() -> None:
    heavy = _one(_healthy({**MISALIGNED, "departments": {"sales": {"burden": "high"}}}), "CRM032")
    light = _one(_healthy({**MISALIGNED, "departments": {"sales": {"burden": "none"}}}), "CRM032")
    assert heavy.severity == "high" and light.severity == "medium"
    assert heavy.risk > light.risk
    assert "department:sales" in heavy.evidence.nodes
    assert "process:lead_management" in heavy.evidence.nodes
    assert "/departments/sales/burden" in heavy.evidence.pointers


def test_crm032_unstated_burden_is_read_from_the_processes_sales_performs() -> None:
    unstated = _one(_healthy({**MISALIGNED, "departments": {"sales": {"burden": None}}}), "CRM032")
    assert unstated.severity == "high"
    assert "CRM process" in unstated.message
    # a department whose side is not stated is not taken for sales
    sideless = _healthy({**MISALIGNED, "departments": {"sales": {"side": None}}})
    assert _one(sideless, "CRM032").severity == "medium"


def test_crm032_unknown_plan_is_reduced_at_size_with_a_known_sales_burden() -> None:
    big = {"organization": {"crm_seats": 800}, "departments": {"sales": {"burden": "high"}}}
    reduced = _one(_healthy(big), "CRM032")
    known = _one(_healthy({**big, **MISALIGNED}), "CRM032")
    assert reduced.message.startswith("Nobody has stated whether the pay plan")
    assert reduced.likelihood <= known.likelihood / 2 and reduced.risk <= known.risk
    # mid-sized, or a sales burden that is itself unknown: an open question only
    assert not _found(_healthy({"departments": {"sales": {"burden": "high"}}}), "CRM032")
    unclear = _healthy({**big, "departments": {"sales": {"burden": None}}})
    assert not _found(unclear, "CRM032")


def test_crm032_wording_fits_the_stage() -> None:
    plan = _one(_healthy(MISALIGNED), "CRM032")
    live = _one(_healthy({**MISALIGNED, **LIVE}), "CRM032")
    assert "will not reward" in plan.message
    assert "live CRM" in live.message and live.risk == plan.risk


def test_crm032_small_firm_stays_quiet() -> None:
    assert not _found(overlay(profile_data("small-firm"), MISALIGNED), "CRM032")


# --- CRM033 unmeasured-adoption ---------------------------------------------------------------

UNMEASURED = {"change_management": {"adoption_measured": False}}


def test_crm033_live_is_heavier_than_a_missing_plan() -> None:
    live = _one(_healthy({**UNMEASURED, **LIVE}), "CRM033")
    plan = _one(_healthy({**UNMEASURED, **IMPLEMENTING}), "CRM033")
    unstated_stage = _one(_healthy(UNMEASURED), "CRM033")
    assert live.severity == "high" and plan.severity == "medium"
    assert live.risk > plan.risk
    assert unstated_stage.message == plan.message
    assert "live for 9 months" in live.message
    assert "before go-live" not in _texts([live]) and "now" in live.recommendations[0].action


def test_crm033_longer_unmeasured_is_more_likely() -> None:
    early = _one(
        _healthy({**UNMEASURED, "lifecycle": {"stage": "live", "months_live": 1}}), "CRM033"
    )
    late = _one(
        _healthy({**UNMEASURED, "lifecycle": {"stage": "live", "months_live": 18}}), "CRM033"
    )
    assert early.likelihood < late.likelihood


def test_crm033_unknown_is_reduced_only_for_a_large_live_system() -> None:
    big = {"organization": {"crm_seats": 600}}
    reduced = _one(_healthy({**big, **LIVE}), "CRM033")
    known = _one(_healthy({**big, **LIVE, **UNMEASURED}), "CRM033")
    assert reduced.message.startswith("Nobody has stated whether anyone measures")
    assert reduced.likelihood <= known.likelihood / 2 and reduced.risk <= known.risk
    assert not _found(_healthy({**big, **IMPLEMENTING}), "CRM033")
    assert not _found(_healthy(LIVE), "CRM033")


# --- CRM034 over-customisation ----------------------------------------------------------------


def test_crm034_heavy_without_fit_is_high_and_unknown_halves_are_reduced() -> None:
    full = _one(_healthy({"customisation": {"level": "heavy", "fit_to_standard": False}}), "CRM034")
    assert full.severity == "high"
    for half in ({"level": "heavy"}, {"fit_to_standard": False}):
        reduced = _one(_healthy({"customisation": half}), "CRM034")
        assert "nobody has stated" in reduced.message.lower()
        assert reduced.likelihood <= full.likelihood / 2 and reduced.risk <= full.risk
    for fine in (
        {"level": "heavy", "fit_to_standard": True},
        {"level": "light", "fit_to_standard": False},
    ):
        assert not _found(_healthy({"customisation": fine}), "CRM034")


def test_crm034_copied_processes_weigh_by_their_reach() -> None:
    # the service process supports one objective, lead management one of the two sales ones;
    # copying the pipeline review (two objectives) reaches more of the program
    narrow = _one(_healthy({"processes": {"service_cases": {"redesigned": False}}}), "CRM034")
    wide = _one(_healthy({"processes": {"opportunity_pipeline": {"redesigned": False}}}), "CRM034")
    assert narrow.likelihood == wide.likelihood
    assert wide.impact > narrow.impact
    assert "objective:forecast" in wide.evidence.nodes
    assert "/processes/opportunity_pipeline/redesigned" in wide.evidence.pointers


def test_crm034_heavy_customisation_makes_copies_likelier_and_maintenance_is_left_out() -> None:
    copied = {"processes": {"lead_management": {"redesigned": False}}}
    plain = _one(_healthy(copied), "CRM034")
    bent = [
        f
        for f in _found(_healthy({**copied, "customisation": {"level": "heavy"}}), "CRM034")
        if f.evidence.pointers[0].startswith("/processes")
    ]
    assert bent[0].likelihood > plain.likelihood
    assert not _found(_healthy({"processes": {"maintenance": {"redesigned": False}}}), "CRM034")


def test_crm034_live_advice_fits_the_stage() -> None:
    gaps = {
        "customisation": {"level": "heavy", "fit_to_standard": False},
        "processes": {"lead_management": {"redesigned": False}},
    }
    live = _found(_healthy({**gaps, **LIVE}), "CRM034")
    plan = _found(_healthy({**gaps, **IMPLEMENTING}), "CRM034")
    assert "next upgrade" in _texts(live) and "next phase" in _texts(live)
    assert "before they are built" in _texts(plan)
    assert sorted(f.risk for f in live) == sorted(f.risk for f in plan)


# --- CRM041 thin-team -------------------------------------------------------------------------


def test_crm041_turnover_weighs_less_when_newcomers_are_trained() -> None:
    def turnover(new_hires: bool | None) -> Finding:
        data = _healthy(
            {"staffing": {"staff_turnover_pct": 30}, "training": {"new_hires": new_hires}}
        )
        return _one(data, "CRM041")

    trained, unknown, untrained = turnover(True), turnover(None), turnover(False)
    assert trained.risk < unknown.risk < untrained.risk
    assert "newcomers are not trained" in untrained.message
    assert trained.recommendations[0].changes == ()  # nothing to set: onboarding exists
    assert untrained.recommendations[0].changes[0].path == "/training/new_hires"


def test_crm041_severe_levels_are_high_and_mild_ones_quiet() -> None:
    severe = _found(
        _healthy({"staffing": {"staff_turnover_pct": 45, "experts_available_pct": 5}}), "CRM041"
    )
    assert [f.severity for f in severe] == ["high", "high"]
    mild = _healthy({"staffing": {"staff_turnover_pct": 12, "experts_available_pct": 40}})
    assert not _found(mild, "CRM041")


def test_crm041_experts_name_the_subject_matter_experts_and_weigh_less_once_live() -> None:
    thin = {"staffing": {"experts_available_pct": 15}}
    plan = _one(_healthy(thin), "CRM041")
    live = _one(_healthy({**thin, **LIVE}), "CRM041")
    assert "Sales lead user" in plan.message and "role:sales_sme" in plan.evidence.nodes
    assert live.risk < plan.risk and "further phases" in live.message


def test_crm041_small_firm_stays_quiet() -> None:
    data = overlay(profile_data("small-firm"), {"staffing": {"staff_turnover_pct": 50}})
    assert not _found(data, "CRM041")


# --- CRM043 mistimed-training -----------------------------------------------------------------


def test_crm043_format_ladder() -> None:
    def risk(form: str) -> float:
        return rule_risk(MINE, _healthy({**IMPLEMENTING, "training": {"format": form}}), "CRM043")

    assert risk("hands_on") == 0 < risk("classroom") < risk("webinar") < risk("self_study")


def test_crm043_timing_window() -> None:
    def risk(weeks: float) -> float:
        data = _healthy({**IMPLEMENTING, "training": {"weeks_before_go_live": weeks}})
        return rule_risk(MINE, data, "CRM043")

    assert risk(0) > risk(0.5) > 0
    assert risk(1) == risk(2) == risk(4) == 0
    assert 0 < risk(6) < risk(12) == risk(20)


def test_crm043_is_quiet_once_live_and_leaves_plan_and_hours_to_crm004() -> None:
    poor = {"training": {"format": "webinar", "weeks_before_go_live": 12}}
    assert not _found(_healthy({**poor, **LIVE}), "CRM043")
    no_plan = _healthy({**IMPLEMENTING, "training": {"initial": False, "hours_per_user": 0}})
    assert not _found(no_plan, "CRM043")
    assert rule_findings(MINE, _healthy(poor), "CRM043"), "an unstated stage is judged as before"


# --- the story --------------------------------------------------------------------------------


def test_commission_hoarding_story_leads_with_misaligned_incentives(engine: Engine) -> None:
    assessment = engine.assess(engine.load(PROFILES / "commission-hoarding.yaml"))
    assert assessment.findings[0].rule == "CRM032"
    assert assessment.findings[0].severity == "high"
    first = assessment.recommendations[0]
    assert "CRM032" in first.rules and first.gain > 0


# --- the rules for rules, on many profiles ----------------------------------------------------


def _example(rule: str, which: str) -> dict[str, Any]:
    data = yaml.safe_load(getattr(CLASSES[rule], f"{which}_example"))
    assert isinstance(data, dict)
    return data


VARIANTS: dict[str, dict[str, Any]] = {
    "healthy": profile_data(),
    "healthy-live": _healthy(LIVE),
    "healthy-implementing": _healthy(IMPLEMENTING),
    "commission-hoarding": profile_data("commission-hoarding"),
    "troubled-live": overlay(profile_data("troubled-rollout"), LIVE),
    **{f"{r}-{w}": _example(r, w) for r in RULES for w in ("risky", "healthy")},
    **{
        f"{p.parent.name}/{p.stem}": load_fixture(p)
        for r in RULES
        for p in sorted((RULE_FIXTURES / r).glob("fail-*.yaml"))
    },
}


def _asked(data: dict[str, Any], rule: str) -> dict[str, bool]:
    return dict(MINE.evaluate(as_profile(data)).runs[rule].asked)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_unknown_is_between_healthy_and_risky_and_asks_the_most(rule: str, variant: str) -> None:
    base = VARIANTS[variant]
    for at in sorted(_asked(base, rule)):
        parts = pointer_parts(at)
        marker = fact_marker(Profile, parts)
        if marker is None:
            continue
        unknown = _with(base, parts, None)
        healthy = _with(base, parts, marker.healthy)
        risky = _with(base, parts, marker.risky)
        if unknown is None or healthy is None or risky is None:
            continue
        open_risk = rule_risk(MINE, unknown, rule)
        assert rule_risk(MINE, healthy, rule) <= open_risk, f"{at}: healthy raises risk"
        assert rule_risk(MINE, risky, rule) >= open_risk, f"{at}: risky lowers risk"
        open_asks = set(_asked(unknown, rule))
        for stated in (healthy, risky):
            more = set(_asked(stated, rule)) - open_asks
            assert not more, f"stating {at} makes {rule} ask {sorted(more)}"


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_stating_the_stage_never_adds_questions(rule: str, variant: str) -> None:
    base = _with(VARIANTS[variant], ["lifecycle", "stage"], None)
    assert base is not None
    open_asks = set(_asked(base, rule))
    for stage in ("planning", "implementing", "live"):
        stated = _with(base, ["lifecycle", "stage"], stage)
        assert stated is not None
        more = set(_asked(stated, rule)) - open_asks
        assert not more, f"stage {stage} makes {rule} ask {sorted(more)}"


@pytest.mark.parametrize("rule", RULES)
def test_examples_state_what_they_rely_on(rule: str) -> None:
    found = _found(_example(rule, "risky"), rule)
    assert any(f.severity in ("medium", "high", "critical") for f in found)
    asked = _asked(_example(rule, "risky"), rule)
    for f in found:
        for at in f.evidence.pointers:
            assert asked.get(at, True), f"{rule} reports {at} without the example stating it"
    assert not _found(_example(rule, "healthy"), rule)


@pytest.mark.parametrize("rule", RULES)
def test_unknown_size_is_not_small(rule: str) -> None:
    data = _example(rule, "risky")
    data["organization"].pop("crm_seats")
    assert _found(data, rule), f"{rule} treats an unstated size as small"


@pytest.mark.parametrize("rule", RULES)
def test_healthy_and_small_examples_stay_quiet(rule: str) -> None:
    for name in ("healthy-rollout", "small-firm"):
        assert not _found(profile_data(name), rule), f"{rule} fires on {name}"


# each rule's own dimensions on the healthy example, worst level first: improving any one of them,
# whatever the others are, never raises the rule's risk (every combination is tried)
# declared once, in tests/rules/test_monotonicity.py; here every combination is tried
DIMENSIONS = {
    rule: ALL_DIMENSIONS[rule]
    for rule in ("CRM031", "CRM032", "CRM033", "CRM034", "CRM041", "CRM043")
}


@pytest.mark.parametrize("rule", RULES)
def test_improving_a_dimension_never_raises_the_rules_risk(rule: str) -> None:
    dims = DIMENSIONS[rule]
    risks: dict[tuple[int, ...], float] = {}

    def risk(levels: tuple[int, ...]) -> float:
        if levels not in risks:
            data = profile_data()
            for (path, values), i in zip(dims, levels, strict=True):
                set_path(data, path, copy.deepcopy(values[i]))
            risks[levels] = rule_risk(MINE, data, rule)
        return risks[levels]

    for levels in itertools.product(*(range(len(values)) for _, values in dims)):
        for d, (path, values) in enumerate(dims):
            if levels[d] + 1 < len(values):
                better = (*levels[:d], levels[d] + 1, *levels[d + 1 :])
                assert risk(better) <= risk(levels), f"improving {path} at {levels} raises risk"
    assert risk(tuple(0 for _ in dims)) > 0
    assert risk(tuple(len(values) - 1 for _, values in dims)) == 0
