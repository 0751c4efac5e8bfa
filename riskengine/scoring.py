"""Risk arithmetic: bounded, monotone, order-free, and still telling programs apart when many
things are wrong.

1. A finding's risk is ``100 x likelihood x impact x severity weight`` (`findings.finding_risk`).
2. A rule's risk combines its findings as independent chances, ``100 x (1 - prod(1 - r/100))``,
   capped at ``100 x`` the weight of its most severe finding: ten medium findings of one rule
   never weigh as much as one critical one.
3. A pillar's risk, and the overall risk, spread the rule risks they hold with
   ``100 x tanh(sqrt(sum(w x R^2) / SPREAD) / 100)``: the root of the sum of squares lets the
   worst rules dominate, every rule still counts, and the smooth cap keeps the score below 100 so
   that a program with dozens of problems still moves when one of them is fixed. ``w`` is the
   pillar's relative weight (1 unless configured).

Every step is monotone (a new or riskier finding never lowers any score), bounded to 0-100, and
sorts before summing, so the same findings in any order give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from riskengine.findings import PILLARS, SEVERITY_WEIGHT, Finding

Status = Literal["green", "amber", "red"]
GREEN_BELOW = 25.0
RED_FROM = 50.0
SPREAD = 3.0
"""How many equally risky rules it takes for the spread to reach a single rule's risk, squared."""


def combine(risks: Iterable[float]) -> float:
    """Combine 0-100 risks as independent chances; sorted first so float rounding is order-free."""
    remaining = 1.0
    for risk in sorted(risks):
        remaining *= 1.0 - min(100.0, max(0.0, risk)) / 100.0
    return round(100.0 * (1.0 - remaining), 1)


def rule_risks(findings: Iterable[Finding]) -> dict[str, float]:
    """Risk of every rule with counted findings: its findings combined, capped by its severity."""
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        if not f.accepted:
            by_rule.setdefault(f.rule, []).append(f)
    out = {}
    for rule in sorted(by_rule):
        found = by_rule[rule]
        cap = 100.0 * max(SEVERITY_WEIGHT[f.severity] for f in found)
        out[rule] = min(cap, combine(f.risk for f in found))
    return out


def spread(risks: Iterable[tuple[float, float]]) -> float:
    """``100 x tanh(sqrt(sum(w x R^2) / SPREAD) / 100)`` over (risk, weight) pairs."""
    squares = sorted(w * min(100.0, max(0.0, r)) ** 2 for r, w in risks)
    return round(100.0 * math.tanh(math.sqrt(sum(squares) / SPREAD) / 100.0), 1)


def _pillar_of(findings: Iterable[Finding]) -> dict[str, str]:
    return {f.rule: f.pillar for f in findings}


def pillar_risks(findings: Iterable[Finding]) -> dict[str, float]:
    """Risk per pillar from the rules whose findings count (accepted ones are left out)."""
    found = list(findings)
    pillar = _pillar_of(found)
    by_pillar: dict[str, list[tuple[float, float]]] = {p: [] for p in PILLARS}
    for rule, risk in rule_risks(found).items():
        by_pillar[pillar[rule]].append((risk, 1.0))
    return {p: spread(rs) for p, rs in by_pillar.items()}


def overall_risk(findings: Iterable[Finding], weights: Mapping[Any, float] | None = None) -> float:
    """Overall risk: every rule's risk, weighted by its pillar, spread into one figure.

    Weights are relative; the largest is treated as 1, so the default (all equal) leaves risks
    unchanged.
    """
    found = list(findings)
    w: dict[str, float] = {p: 1.0 for p in PILLARS}
    w.update(weights or {})
    top = max(w.values()) or 1.0
    pillar = _pillar_of(found)
    return spread((risk, w[pillar[rule]] / top) for rule, risk in rule_risks(found).items())


def total_risk(findings: Iterable[Finding]) -> float:
    """Sum of the counted findings' risks: unlike `overall_risk` it never saturates."""
    return round(sum(f.risk for f in findings if not f.accepted), 1)


def status_of(risk: float) -> Status:
    """Traffic-light status of a risk figure."""
    if risk < GREEN_BELOW:
        return "green"
    return "amber" if risk < RED_FROM else "red"
