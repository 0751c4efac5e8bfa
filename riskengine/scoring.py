"""Risk arithmetic: bounded, monotone, order-free, and still telling programs apart when many
things are wrong.

1. A finding's risk is ``100 x likelihood x impact x severity weight`` (`findings.finding_risk`).
2. A rule's risk combines its findings as independent chances within what the rule can
   contribute: ``cap x (1 - prod(1 - r/cap))``, where ``cap`` is ``100 x`` the weight of its
   most severe finding. Ten medium findings of one rule never weigh as much as one critical
   one, and removing any one finding still lowers the rule's risk.
3. A pillar's risk, and the overall risk, spread the rule risks they hold with
   ``100 x tanh(norm / 100)``, where ``norm = (sum(w x R^p) / k) ** (1 / p)`` with
   ``p = POWER``: between a plain sum (p = 1, where every small problem counts as much as its
   size) and a root of squares (p = 2, where the worst problems drown the rest), so the worst
   rules lead but fixing a middle-sized one still shows. ``k`` is how many equally risky rules
   it takes for the norm to reach one rule's risk (`PILLAR_SPREAD` within a pillar,
   `OVERALL_SPREAD` over the whole program, which holds more rules); ``tanh`` keeps the score
   below 100, so a program with dozens of problems still moves when one is fixed. ``w`` is the
   pillar's relative weight (1 unless configured).

Every step is monotone (a new or riskier finding never lowers any score), bounded to 0-100, and
sorts before summing, so the same findings in any order give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from riskengine.findings import PILLARS, SEVERITY_WEIGHT, Finding

Status = Literal["green", "amber", "red"]
GREEN_BELOW = 25.0
RED_FROM = 50.0
POWER = 1.75
"""Exponent of the norm that spreads rule risks: 1 is a sum, 2 a root of squares."""
PILLAR_SPREAD = 3.0
"""How many equally risky rules it takes for a pillar's norm to reach one rule's risk."""
OVERALL_SPREAD = 5.0
"""How many equally risky rules it takes for the overall norm to reach one rule's risk."""


def combine(risks: Iterable[float]) -> float:
    """Combine 0-100 risks as independent chances; sorted first so float rounding is order-free."""
    remaining = 1.0
    for risk in sorted(risks):
        remaining *= 1.0 - min(100.0, max(0.0, risk)) / 100.0
    return round(100.0 * (1.0 - remaining), 1)


def capped(risks: Iterable[float], cap: float) -> float:
    """Combine risks as independent chances of reaching `cap`: ``cap x (1 - prod(1 - r/cap))``."""
    remaining = 1.0
    for risk in sorted(risks):
        remaining *= 1.0 - min(cap, max(0.0, risk)) / cap
    return round(cap * (1.0 - remaining), 1)


RuleScores = Mapping[str, tuple[float, str]]
"""Each rule with counted findings: its risk and its pillar."""


def rule_risk(findings: Sequence[Finding]) -> float | None:
    """One rule's risk from its findings (None when none of them counts)."""
    found = [f for f in findings if not f.accepted]
    if not found:
        return None
    cap = 100.0 * max(SEVERITY_WEIGHT[f.severity] for f in found)
    return capped((f.risk for f in found), cap)


def rule_scores(findings: Iterable[Finding]) -> dict[str, tuple[float, str]]:
    """Risk and pillar of every rule with counted findings."""
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    out: dict[str, tuple[float, str]] = {}
    for rule in sorted(by_rule):
        risk = rule_risk(by_rule[rule])
        if risk is not None:
            out[rule] = (risk, by_rule[rule][0].pillar)
    return out


def rule_risks(findings: Iterable[Finding]) -> dict[str, float]:
    """Risk of every rule with counted findings, combined within what its severity can reach."""
    return {rule: risk for rule, (risk, _) in rule_scores(findings).items()}


def spread(risks: Iterable[tuple[float, float]], k: float) -> float:
    """``100 x tanh((sum(w x R^POWER) / k) ** (1 / POWER) / 100)`` over (risk, weight) pairs."""
    terms = sorted(w * min(100.0, max(0.0, r)) ** POWER for r, w in risks)
    norm = (sum(terms) / k) ** (1.0 / POWER)
    return round(100.0 * math.tanh(norm / 100.0), 1)


def pillar_risks(findings: Iterable[Finding]) -> dict[str, float]:
    """Risk per pillar from the rules whose findings count (accepted ones are left out)."""
    return pillars_of(rule_scores(findings))


def pillars_of(scores: RuleScores) -> dict[str, float]:
    """Risk per pillar from rule scores."""
    by_pillar: dict[str, list[tuple[float, float]]] = {p: [] for p in PILLARS}
    for risk, pillar in scores.values():
        by_pillar[pillar].append((risk, 1.0))
    return {p: spread(rs, PILLAR_SPREAD) for p, rs in by_pillar.items()}


def overall_risk(findings: Iterable[Finding], weights: Mapping[Any, float] | None = None) -> float:
    """Overall risk: every rule's risk, weighted by its pillar, spread into one figure.

    Weights are relative; the largest is treated as 1, so the default (all equal) leaves risks
    unchanged.
    """
    return overall_of(rule_scores(findings), weights)


def overall_of(scores: RuleScores, weights: Mapping[Any, float] | None = None) -> float:
    """Overall risk from rule scores (see `overall_risk`)."""
    w: dict[str, float] = {p: 1.0 for p in PILLARS}
    w.update(weights or {})
    top = max(w.values()) or 1.0
    return spread(((risk, w[pillar] / top) for risk, pillar in scores.values()), OVERALL_SPREAD)


def total_risk(findings: Iterable[Finding]) -> float:
    """Sum of the counted findings' risks: unlike `overall_risk` it never saturates."""
    return round(sum(f.risk for f in findings if not f.accepted), 1)


def status_of(risk: float) -> Status:
    """Traffic-light status of a risk figure."""
    if risk < GREEN_BELOW:
        return "green"
    return "amber" if risk < RED_FROM else "red"
