"""Risk arithmetic: bounded, monotone, order-free, explainable, and still discriminating."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from riskengine.findings import SEVERITIES, SEVERITY_WEIGHT, Finding, finding_risk
from riskengine.scoring import (
    OVERALL_SPREAD,
    PILLAR_SPREAD,
    POWER,
    capped,
    combine,
    overall_risk,
    pillar_risks,
    rule_risks,
    spread,
    status_of,
)

risks = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=30)
PILLAR = st.sampled_from(["people", "process", "technology", "expectations"])
finding_args = st.tuples(
    st.sampled_from(["T001", "T002", "T003", "T004", "T005"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(SEVERITIES),
)


def _finding(
    risk: float, pillar: str = "people", rule: str = "T001", severity: str = "high"
) -> Finding:
    return Finding(
        rule=rule,
        slug="t",
        title="t",
        pillar=pillar,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        likelihood=1,
        impact=1,
        message=f"m{risk}",
        risk=risk,
    )


def _made(args: tuple[str, float, float, str]) -> Finding:
    rule, likelihood, impact, severity = args
    pillar = {"T001": "people", "T002": "people", "T003": "process"}.get(rule, "technology")
    return _finding(finding_risk(likelihood, impact, severity), pillar, rule, severity)


@given(risks)
def test_combine_is_bounded(values: list[float]) -> None:
    assert 0.0 <= combine(values) <= 100.0
    if values:
        assert combine(values) >= max(values) - 0.05


@given(st.lists(finding_args, max_size=20), st.randoms())
def test_scores_ignore_order(args: list[Any], rnd: Any) -> None:
    findings = [_made(a) for a in args]
    shuffled = list(findings)
    rnd.shuffle(shuffled)
    assert overall_risk(findings) == overall_risk(shuffled)
    assert pillar_risks(findings) == pillar_risks(shuffled)


@given(st.lists(finding_args, max_size=20), finding_args)
def test_a_new_finding_never_lowers_any_score(args: list[Any], extra: Any) -> None:
    findings = [_made(a) for a in args]
    more = [*findings, _made(extra)]
    assert overall_risk(more) >= overall_risk(findings)
    before, after = pillar_risks(findings), pillar_risks(more)
    assert all(after[p] >= before[p] for p in before)


@given(st.lists(finding_args, max_size=20))
def test_scores_are_bounded(args: list[Any]) -> None:
    findings = [_made(a) for a in args]
    assert 0.0 <= overall_risk(findings) < 100.0
    assert all(0.0 <= r < 100.0 for r in pillar_risks(findings).values())


@given(st.floats(0, 1), st.floats(0, 1), st.sampled_from(SEVERITIES))
def test_finding_risk_is_bounded(likelihood: float, impact: float, severity: str) -> None:
    assert 0.0 <= finding_risk(likelihood, impact, severity) <= 100.0


def test_overall_is_derivable_from_findings() -> None:
    findings = [
        _finding(40),
        _finding(20, rule="T001"),
        _finding(30, "process", "T002"),
        _finding(10, "technology", "T003"),
    ]
    cap = 100 * SEVERITY_WEIGHT["high"]
    people = round(cap * (1 - (1 - 40 / cap) * (1 - 20 / cap)), 1)
    assert rule_risks(findings) == {"T001": people, "T002": 30.0, "T003": 10.0}
    norm = ((people**POWER + 30**POWER + 10**POWER) / OVERALL_SPREAD) ** (1 / POWER)
    assert overall_risk(findings) == round(100 * math.tanh(norm / 100), 1)
    assert pillar_risks(findings)["people"] == spread([(people, 1.0)], PILLAR_SPREAD)
    assert pillar_risks(findings)["expectations"] == 0.0


@given(st.lists(st.floats(0.1, 75, allow_nan=False), min_size=2, max_size=12))
def test_every_finding_of_a_rule_counts_below_its_cap(values: list[float]) -> None:
    cap = 100 * SEVERITY_WEIGHT["high"]
    whole = capped(values, cap)
    assert max(values) - 0.05 <= whole <= cap
    # removing any one finding lowers the rule's risk by its share of what is left below the
    # cap (unless that is lost in rounding to one decimal)
    for i in range(len(values)):
        rest = capped(values[:i] + values[i + 1 :], cap)
        assert rest <= whole
        if (cap - rest) * values[i] / cap >= 0.15:
            assert rest < whole


def test_ten_medium_findings_do_not_outweigh_one_critical() -> None:
    mediums = [_finding(45, rule="T001", severity="medium") for _ in range(10)]
    critical = [_finding(90, rule="T002", severity="critical")]
    assert rule_risks(mediums)["T001"] == 50.0, "capped at the weight of the rule's severity"
    assert overall_risk(mediums) < overall_risk(critical)


def test_scores_still_move_when_many_things_are_wrong() -> None:
    many = [_finding(60, rule=f"T{i:03d}") for i in range(25)]
    fixed = many[1:]
    assert overall_risk(many) >= 90
    assert overall_risk(many) - overall_risk(fixed) >= 0.5


def test_pillar_weights_scale_relative_to_the_largest() -> None:
    findings = [_finding(40), _finding(40, "technology", "T002")]
    weighted = overall_risk(findings, {"technology": 0.5})
    assert weighted == spread([(40.0, 1.0), (40.0, 0.5)], OVERALL_SPREAD)
    assert weighted < overall_risk(findings)


def test_status_bands() -> None:
    assert [status_of(r) for r in (0, 24.9, 25, 49.9, 50, 100)] == [
        "green",
        "green",
        "amber",
        "amber",
        "red",
        "red",
    ]
