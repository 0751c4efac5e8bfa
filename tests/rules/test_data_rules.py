"""CRM005, 006, 007, 013, 017, 019 and 022 under unknown facts: honest, monotone, asking enough."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from riskengine.context import Context
from riskengine.errors import ProfileError
from riskengine.findings import Finding
from riskengine.loading import load_profile
from riskengine.patching import pointer_parts
from riskengine.profile import Profile
from riskengine.profile.facts import fact_marker
from riskengine.rule import Rule
from riskengine.rules import BUILTIN_RULES
from riskengine.scoring import combine
from tests.helpers import RULE_FIXTURES, load_fixture, overlay, profile_data

MINE = ("CRM005", "CRM006", "CRM007", "CRM013", "CRM017", "CRM019", "CRM022")
RULES: dict[str, type[Rule[Any]]] = {r.id: r for r in BUILTIN_RULES if r.id in MINE}
PROFILE_NAMES = (
    "healthy-rollout",
    "troubled-rollout",
    "missing-migration",
    "unbalanced-value",
    "oversimplification",
    "excluded-users",
    "small-firm",
)
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
EPS = 1e-9


class Run:
    """One rule evaluated directly on one profile: its findings and what it asked."""

    def __init__(self, rule_id: str, data: dict[str, Any]) -> None:
        ctx, _, asked = Context(load_profile(data)).recorded()
        self.findings: list[Finding] = list(RULES[rule_id]().evaluate(ctx))
        self.asked: dict[str, bool] = dict(asked)

    @property
    def risk(self) -> float:
        return combine(f.risk for f in self.findings)

    @property
    def assessed(self) -> float:
        """Share of what the rule asked that the profile answered."""
        return sum(self.asked.values()) / len(self.asked) if self.asked else 1.0

    @property
    def top_likelihood(self) -> float:
        return max((f.likelihood for f in self.findings), default=0.0)


def _strip(data: Any, parts: list[str], keep: int) -> Any:
    """`data` without the facts that declare risky and healthy answers (every `keep`-th stays)."""
    if not isinstance(data, dict):
        return data
    out = {}
    for i, (key, value) in enumerate(data.items()):
        here = [*parts, str(key)]
        if fact_marker(Profile, here) is not None and not isinstance(value, dict | list):
            if keep and i % keep == 0:
                out[key] = value
            continue
        out[key] = _strip(value, here, keep)
    return out


def _bases() -> list[tuple[str, dict[str, Any]]]:
    bases = [(name, profile_data(name)) for name in PROFILE_NAMES]
    for name in ("healthy-rollout", "troubled-rollout", "unbalanced-value"):
        bases.append((f"{name}-facts-unknown", _strip(profile_data(name), [], 0)))
        bases.append((f"{name}-some-facts-unknown", _strip(profile_data(name), [], 2)))
    for rule_id in MINE:
        for path in sorted((RULE_FIXTURES / rule_id).glob("*.yaml")):
            bases.append((f"{rule_id}/{path.stem}", load_fixture(path)))
    return bases


BASES = _bases()


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


def _markers(run: Run, *, known: bool) -> list[tuple[list[str], Any, Any]]:
    """Asked facts (known or unknown) whose field declares its riskiest and healthiest answers."""
    out = []
    for at, answered in sorted(run.asked.items()):
        if answered != known:
            continue
        parts = pointer_parts(at)
        marker = fact_marker(Profile, parts)
        if marker is not None and not any(p.isdigit() for p in parts):
            out.append((parts, marker.healthy, marker.risky))
    return out


def _variant(rule_id: str, data: dict[str, Any]) -> Run | None:
    try:
        return Run(rule_id, data)
    except ProfileError:  # an answer the profile model refuses is no answer
        return None


@pytest.mark.parametrize("rule_id", MINE)
@pytest.mark.parametrize("base", BASES, ids=lambda b: b[0])
def test_answering_an_open_question(rule_id: str, base: tuple[str, dict[str, Any]]) -> None:
    """Healthy never raises risk, risky never lowers it, and the rule then asks no more."""
    _, data = base
    open_run = Run(rule_id, data)
    for parts, healthy, risky in _markers(open_run, known=False):
        for answer, direction in ((healthy, -1), (risky, 1)):
            run = _variant(rule_id, _set(data, parts, answer))
            if run is None:
                continue
            where = f"/{'/'.join(parts)} = {answer!r}"
            if direction < 0:
                assert run.risk <= open_run.risk + EPS, f"healthy answer raised risk: {where}"
            else:
                assert run.risk >= open_run.risk - EPS, f"risky answer lowered risk: {where}"
            grown = set(run.asked) - set(open_run.asked)
            assert not grown, f"answering {where} made the rule ask more: {sorted(grown)}"
            assert run.assessed >= open_run.assessed, f"answering {where} lost knowledge"


@pytest.mark.parametrize("rule_id", MINE)
@pytest.mark.parametrize("base", BASES, ids=lambda b: b[0])
def test_forgetting_a_stated_fact(rule_id: str, base: tuple[str, dict[str, Any]]) -> None:
    """A stated fact made unknown sits between its healthiest and riskiest answers."""
    _, data = base
    for parts, healthy, risky in _markers(Run(rule_id, data), known=True):
        unknown = _variant(rule_id, _delete(data, parts))
        good = _variant(rule_id, _set(data, parts, healthy))
        bad = _variant(rule_id, _set(data, parts, risky))
        if unknown is None or good is None or bad is None:
            continue
        where = "/" + "/".join(parts)
        assert good.risk <= unknown.risk + EPS, f"unknown {where} is safer than its best answer"
        assert unknown.risk <= bad.risk + EPS, f"unknown {where} is worse than its worst answer"
        assert set(good.asked) <= set(unknown.asked), f"stating {where} made the rule ask more"
        assert set(bad.asked) <= set(unknown.asked), f"stating {where} made the rule ask more"


@pytest.mark.parametrize("rule_id", MINE)
def test_examples_show_a_real_risk_and_a_calm_profile(rule_id: str) -> None:
    rule = RULES[rule_id]
    risky = Run(rule_id, yaml.safe_load(rule.risky_example)).findings
    assert any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK["medium"] for f in risky)
    assert Run(rule_id, yaml.safe_load(rule.healthy_example)).findings == []


@pytest.mark.parametrize("rule_id", MINE)
def test_checks_document_unknowns(rule_id: str) -> None:
    assert "Unknowns:" in RULES[rule_id].checks


def _fixture(rule_id: str, name: str) -> dict[str, Any]:
    return load_fixture(RULE_FIXTURES / rule_id / f"{name}.yaml")


def _with(base: str, changes: dict[str, Any]) -> dict[str, Any]:
    return overlay(profile_data(base), changes)


# --- CRM005 -----------------------------------------------------------------------------------


def test_crm005_retiring_a_needed_system_counts_until_done() -> None:
    data = _fixture("CRM005", "fail-retired-legacy-crm-still-needed")
    [late] = Run("CRM005", data).findings
    assert late.evidence.pointers == ("/data_sources/legacy_crm/status",)
    assert "retire" in late.message
    done = overlay(data, {"data_sources": {"legacy_crm": {"status": "done"}}})
    assert Run("CRM005", done).findings == []
    unneeded = overlay(
        data,
        {"processes": {"service_cases": {"needs_fields": ["contact", "installed_base"]}}},
    )
    assert Run("CRM005", unneeded).findings == []


def test_crm005_unknown_record_count_is_judged_at_half_likelihood() -> None:
    unknown = Run("CRM005", _fixture("CRM005", "fail-record-count-unknown"))
    large = Run(
        "CRM005",
        _with(
            "healthy-rollout",
            {"data_sources": {"sales_sheets": {"plan": "none", "records": 100_000}}},
        ),
    )
    assert unknown.findings and large.findings
    assert unknown.top_likelihood <= large.top_likelihood / 2 + EPS
    assert unknown.risk <= large.risk
    assert all("Nobody has stated how many" in f.message for f in unknown.findings)
    assert unknown.asked["/data_sources/sales_sheets/records"] is False


def test_crm005_unknown_plan_matters_only_for_large_rollouts() -> None:
    unknown = Run("CRM005", _fixture("CRM005", "fail-nobody-knows-order-system-plan"))
    [finding] = unknown.findings
    assert finding.message.startswith("Nobody has stated whether")
    none = _with(
        "missing-migration",
        {"data_sources": {"sales_sheets": {"plan": "migrate", "status": "done"}}},
    )
    bad = Run("CRM005", none).findings
    unplanned = next(f for f in bad if f.evidence.pointers == ("/data_sources/order_system/plan",))
    assert finding.likelihood <= unplanned.likelihood / 2 + EPS
    assert finding.risk <= unplanned.risk
    small = overlay(
        _fixture("CRM005", "fail-nobody-knows-order-system-plan"),
        {"organization": {"crm_seats": 120}},
    )
    assert Run("CRM005", small).findings == []
    unsized = overlay(
        _fixture("CRM005", "fail-nobody-knows-order-system-plan"),
        {"organization": {"crm_seats": None}},
    )
    assert Run("CRM005", unsized).findings, "an unknown size is not small"


def test_crm005_live_program_counts_phases_of_unknown_status_as_running() -> None:
    changes = {
        "data_sources": {"order_system": {"status": "planned"}},
        "phases": {name: {"status": None} for name in ("p1_sales", "p2_service", "p3_marketing")},
    }
    planning = _with("healthy-rollout", changes)
    assert Run("CRM005", planning).findings == []
    live = overlay(planning, {"lifecycle": {"stage": "live"}})
    [late] = Run("CRM005", live).findings
    assert "before the next phase" not in late.recommendations[0].action
    assert "now" in late.recommendations[0].action


def test_crm005_source_of_unknown_kind_of_data_is_only_a_question() -> None:
    run = Run("CRM005", _fixture("CRM005", "pass-holds-customer-data-unknown"))
    assert run.findings == []
    for fact in ("holds_customer_data", "plan", "manual_rekeying"):
        assert f"/data_sources/fair_list/{fact}" in run.asked


# --- CRM006 -----------------------------------------------------------------------------------


def test_crm006_process_graph_is_the_primary_signal() -> None:
    [finding] = Run(
        "CRM006", _fixture("CRM006", "fail-sales-works-for-management-levels-unstated")
    ).findings
    assert "Regional management" in finding.message
    assert "Nobody has stated" in finding.message
    assert "process:lead_management" in finding.evidence.nodes
    fix = finding.recommendations[0].changes
    assert {c.path for c in fix} >= {"/processes/lead_management/benefits"}


def test_crm006_declared_levels_support_or_weaken_the_graph() -> None:
    base = _fixture("CRM006", "fail-sales-works-for-management-levels-unstated")
    unknown = Run("CRM006", base).findings[0]
    heavy = Run("CRM006", overlay(base, {"departments": {"sales": {"burden": "high"}}})).findings
    paid = Run(
        "CRM006", overlay(base, {"departments": {"sales": {"burden": "medium", "value": "high"}}})
    ).findings
    assert heavy[0].likelihood > unknown.likelihood
    assert paid and paid[0].severity == "low" and paid[0].risk < unknown.risk
    declared = Run("CRM006", profile_data("unbalanced-value")).findings
    assert declared[0].likelihood == 1.0 and declared[0].severity == "high"


def test_crm006_stating_a_worse_value_never_lowers_risk() -> None:
    base = overlay(
        _fixture("CRM006", "fail-sales-works-for-management-levels-unstated"),
        {"departments": {"sales": {"burden": "medium"}}},
    )
    unknown = Run("CRM006", base).risk
    risks = [
        Run("CRM006", overlay(base, {"departments": {"sales": {"value": value}}})).risk
        for value in ("none", "low", "medium", "high")
    ]
    assert risks == sorted(risks, reverse=True)
    assert risks[-1] < unknown <= risks[1]


def test_crm006_scales_with_size_and_spares_small_firms_the_graph_alone() -> None:
    base = _fixture("CRM006", "fail-sales-works-for-management-levels-unstated")
    large = Run("CRM006", base).findings[0]
    unsized = Run("CRM006", overlay(base, {"organization": {"crm_seats": None}})).findings[0]
    assert unsized.impact < large.impact
    assert Run("CRM006", overlay(base, {"organization": {"crm_seats": 6}})).findings == []


def test_crm006_processes_without_stated_beneficiaries_give_no_evidence() -> None:
    data = _with(
        "unbalanced-value",
        {
            "departments": {"sales": {"burden": None, "value": None}},
            "processes": {
                "lead_management": {"benefits": None},
                "opportunity_pipeline": {"benefits": None},
            },
        },
    )
    run = Run("CRM006", data)
    assert run.findings == []
    assert run.asked["/processes/lead_management/benefits"] is False


# --- CRM007 -----------------------------------------------------------------------------------


def test_crm007_unknown_status_asks_what_a_dropped_field_would_need() -> None:
    run = Run("CRM007", _fixture("CRM007", "pass-status-unknown"))
    assert run.findings == []
    assert run.asked["/fields/segment/status"] is False
    assert "/fields/segment/critical" in run.asked
    assert "/departments/marketing/burden" in run.asked


def test_crm007_unknown_criticality_is_judged_as_ordinary() -> None:
    [finding] = Run("CRM007", _fixture("CRM007", "fail-dropped-criticality-unknown")).findings
    critical = Run("CRM007", _fixture("CRM007", "fail-segment-dropped")).findings[0]
    assert finding.severity == "medium" and "Nobody has stated whether it is critical" in (
        finding.message
    )
    assert finding.risk < critical.risk


# --- CRM013 -----------------------------------------------------------------------------------


def test_crm013_unknown_kind_halves_the_likelihood() -> None:
    [unknown] = Run("CRM013", _fixture("CRM013", "fail-kind-unknown")).findings
    [known] = Run("CRM013", _fixture("CRM013", "fail-cases-designed-by-consultants")).findings
    assert unknown.likelihood <= known.likelihood / 2 + EPS
    assert "Nobody has stated" in unknown.message
    by_area = overlay(
        _fixture("CRM013", "fail-kind-unknown"),
        {"processes": {"service_cases": {"area": "training"}}},
    )
    assert Run("CRM013", by_area).findings == []


def test_crm013_live_program_is_advised_to_review_not_redesign() -> None:
    [finding] = Run(
        "CRM013", _fixture("CRM013", "fail-live-process-designed-without-staff")
    ).findings
    assert finding.recommendations[0].action.startswith("Review")


def test_crm013_unknown_size_is_not_small() -> None:
    data = overlay(
        _fixture("CRM013", "fail-cases-designed-by-consultants"),
        {"organization": {"crm_seats": None}},
    )
    assert Run("CRM013", data).findings


# --- CRM017 -----------------------------------------------------------------------------------


def test_crm017_unknown_size_needs_test_and_doubts_the_rest() -> None:
    data = _fixture("CRM017", "fail-size-unknown-production-only")
    unknown = Run("CRM017", data)
    large = Run("CRM017", overlay(data, {"organization": {"crm_seats": 2000}}))
    assert unknown.risk < large.risk
    envs = next(f for f in unknown.findings if f.evidence.pointers == ("/environments/available",))
    assert "test" in envs.message and "nobody has stated" in envs.message
    only_large = overlay(data, {"environments": {"available": ["test", "production"]}})
    [doubt] = [
        f
        for f in Run("CRM017", only_large).findings
        if f.evidence.pointers == ("/environments/available",)
    ]
    bad = Run("CRM017", overlay(only_large, {"organization": {"crm_seats": 2000}})).findings
    worst = next(f for f in bad if f.evidence.pointers == ("/environments/available",))
    assert doubt.likelihood <= worst.likelihood / 2 + EPS


def test_crm017_unknown_environments_ask_everything_and_stay_quiet() -> None:
    run = Run("CRM017", _fixture("CRM017", "pass-environments-unknown"))
    assert run.findings == []
    for fact in ("available", "promotion_process", "refresh_process"):
        assert run.asked[f"/environments/{fact}"] is False


def test_crm017_live_wording() -> None:
    data = overlay(_fixture("CRM017", "fail-production-only"), {"lifecycle": {"stage": "live"}})
    envs = next(
        f
        for f in Run("CRM017", data).findings
        if f.evidence.pointers == ("/environments/available",)
    )
    assert "live system" in envs.recommendations[0].action


# --- CRM019 -----------------------------------------------------------------------------------


def _owner_recommended(data: dict[str, Any]) -> list[Any]:
    findings = [
        f for f in Run("CRM019", data).findings if f.evidence.pointers[0].endswith("/owner")
    ]
    assert findings
    return [c for f in findings for r in f.recommendations for c in r.changes]


def test_crm019_never_names_an_undocumented_freelancer() -> None:
    changes = _owner_recommended(
        _fixture("CRM019", "fail-unowned-source-only-freelancer-could-own")
    )
    owners = [c.value for c in changes if c.path.endswith("/owner")]
    assert owners == ["data_steward"]
    role = next(c.value for c in changes if c.path == "/roles/data_steward")
    assert role["sourcing"] == "in_house" and role["documents_knowledge"] is True


def test_crm019_prefers_an_in_house_role_that_documents_by_stable_key() -> None:
    data = _with(
        "healthy-rollout",
        {
            "data_sources": {"order_system": {"owner": None}},
            "roles": {
                "admin": {"sourcing": "freelancer"},
                "it_rep": {"documents_knowledge": False},
                "marketing_sme": {"sourcing": "in_house", "documents_knowledge": True},
                "sales_sme": {"sourcing": "in_house", "documents_knowledge": False},
                "service_sme": {"sourcing": "in_house", "documents_knowledge": False},
            },
        },
    )
    owners = [c.value for c in _owner_recommended(data) if c.path.endswith("/owner")]
    # the administrator is a freelancer and the architect keeps nothing written: next by kind
    # is the first subject-matter expert by key
    assert owners == ["marketing_sme"]


def test_crm019_new_steward_never_overwrites_a_role() -> None:
    data = overlay(
        _fixture("CRM019", "fail-unowned-source-only-freelancer-could-own"),
        {"roles": {"data_steward": {"name": "Data steward (outsourced)", "kind": "consultant"}}},
    )
    changes = _owner_recommended(data)
    assert [c.value for c in changes if c.path.endswith("/owner")] == ["data_steward_2"]


def test_crm019_unknown_load_and_live_wording() -> None:
    run = Run("CRM019", _fixture("CRM019", "pass-initial-load-unknown"))
    assert run.findings == []
    assert "/processes/lead_management/needs_fields" in run.asked
    live = overlay(_fixture("CRM019", "fail-no-initial-load"), {"lifecycle": {"stage": "live"}})
    [load] = [
        f for f in Run("CRM019", live).findings if "initial_data_load" in f.evidence.pointers[0]
    ]
    assert "went live" in load.message


def test_crm019_source_of_unknown_kind_of_data_is_only_a_question() -> None:
    data = _with(
        "healthy-rollout",
        {"data_sources": {"order_system": {"owner": None, "holds_customer_data": None}}},
    )
    run = Run("CRM019", data)
    assert run.findings == []
    assert "/data_sources/order_system/owner" in run.asked


# --- CRM022 -----------------------------------------------------------------------------------


def test_crm022_unstated_counts_do_not_silence_the_rule() -> None:
    unknown = Run("CRM022", _fixture("CRM022", "fail-record-counts-unstated"))
    counted = Run(
        "CRM022",
        overlay(
            _fixture("CRM022", "fail-record-counts-unstated"),
            {
                "data_sources": {
                    "order_system": {"records": 100_000},
                    "sales_sheets": {"records": 100_000},
                }
            },
        ),
    )
    assert unknown.findings and counted.findings
    assert unknown.top_likelihood <= counted.top_likelihood / 2 + EPS
    assert unknown.risk <= counted.risk


def test_crm022_sources_not_listed_at_all_are_an_unknown_count() -> None:
    data = _with(
        "healthy-rollout",
        {"organization": {"industry": "insurance", "data_sensitivity_reviewed": False}},
    )
    del data["data_sources"]
    for process in data["processes"].values():
        process.pop("needs_sources", None)
    for field in data["fields"].values():
        field.pop("source", None)
    for department in data["departments"].values():
        department.pop("tools", None)
    run = Run("CRM022", data)
    assert run.findings and run.asked["/data_sources"] is False


def test_crm022_unknown_review_only_matters_for_sensitive_or_large_data() -> None:
    [finding] = Run("CRM022", _fixture("CRM022", "fail-review-unknown-insurer")).findings
    [bad] = Run("CRM022", _fixture("CRM022", "fail-insurer-unreviewed")).findings
    assert finding.likelihood <= bad.likelihood / 2 + EPS
    assert "nobody has stated" in finding.message
    assert Run("CRM022", _fixture("CRM022", "pass-review-unknown-ordinary-data")).findings == []


def test_crm022_live_wording() -> None:
    data = overlay(_fixture("CRM022", "fail-insurer-unreviewed"), {"lifecycle": {"stage": "live"}})
    [finding] = Run("CRM022", data).findings
    assert "will sit" not in finding.message
    assert "before loading" not in finding.recommendations[0].action


def test_fixture_folders_exist() -> None:
    for rule_id in MINE:
        assert Path(RULE_FIXTURES / rule_id).is_dir()
