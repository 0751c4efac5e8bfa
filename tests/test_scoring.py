"""Risk arithmetic: bounded, monotone, order-free, explainable from the findings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from riskengine.findings import Finding, finding_risk
from riskengine.scoring import combine, overall_risk, pillar_risks, status_of

risks = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=30)


@given(risks)
def test_combine_is_bounded(values: list[float]) -> None:
    assert 0.0 <= combine(values) <= 100.0
    if values:
        assert combine(values) >= max(values) - 0.05


@given(risks, st.randoms())
def test_combine_ignores_order(values: list[float], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert combine(values) == combine(shuffled)


@given(risks, st.floats(min_value=0, max_value=100, allow_nan=False))
def test_adding_a_risk_never_lowers_the_total(values: list[float], extra: float) -> None:
    assert combine([*values, extra]) >= combine(values)


@given(st.floats(0, 1), st.floats(0, 1), st.sampled_from(["low", "medium", "high", "critical"]))
def test_finding_risk_is_bounded(likelihood: float, impact: float, severity: str) -> None:
    assert 0.0 <= finding_risk(likelihood, impact, severity) <= 100.0


def _finding(risk: float, pillar: str = "people") -> Finding:
    return Finding(
        rule="T001",
        slug="t",
        title="t",
        pillar=pillar,
        severity="high",  # type: ignore[arg-type]
        likelihood=1,
        impact=1,
        message="m",
        risk=risk,
    )


def test_overall_is_derivable_from_findings() -> None:
    findings = [_finding(40), _finding(30, "process"), _finding(10, "technology")]
    assert overall_risk(findings) == round(100 * (1 - 0.6 * 0.7 * 0.9), 1)
    assert pillar_risks(findings)["people"] == 40.0
    assert pillar_risks(findings)["expectations"] == 0.0


def test_pillar_weights_scale_relative_to_the_largest() -> None:
    findings = [_finding(40), _finding(40, "technology")]
    weighted = overall_risk(findings, {"technology": 0.5})
    assert weighted == round(100 * (1 - 0.6 * 0.8), 1)
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
