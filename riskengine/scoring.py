"""Risk arithmetic: bounded, monotone and independent of the order findings arrive in.

Pillar and overall risk combine finding risks as independent chances of failure
(``1 - prod(1 - r)``), so adding a finding or raising one never lowers a score, no score leaves
0-100, and the overall figure can be recomputed by hand from the findings a report shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from riskengine.findings import PILLARS, Finding

Status = Literal["green", "amber", "red"]
GREEN_BELOW = 25.0
RED_FROM = 50.0


def combine(risks: Iterable[float]) -> float:
    """Combine 0-100 risks as independent chances; sorted first so float rounding is order-free."""
    remaining = 1.0
    for risk in sorted(risks):
        remaining *= 1.0 - min(100.0, max(0.0, risk)) / 100.0
    return round(100.0 * (1.0 - remaining), 1)


def pillar_risks(findings: Iterable[Finding]) -> dict[str, float]:
    """Risk per pillar from the findings that count (accepted ones are left out)."""
    by_pillar: dict[str, list[float]] = {p: [] for p in PILLARS}
    for f in findings:
        if not f.accepted:
            by_pillar[f.pillar].append(f.risk)
    return {p: combine(rs) for p, rs in by_pillar.items()}


def overall_risk(findings: Iterable[Finding], weights: Mapping[Any, float] | None = None) -> float:
    """Overall risk: every counted finding's risk scaled by its pillar's weight, then combined.

    Weights are relative; the largest is treated as 1, so the default (all equal) leaves risks
    unchanged.
    """
    w = {p: 1.0 for p in PILLARS} | dict(weights or {})
    top = max(w.values()) or 1.0
    return combine(f.risk * w[f.pillar] / top for f in findings if not f.accepted)


def total_risk(findings: Iterable[Finding]) -> float:
    """Sum of the counted findings' risks: unlike `overall_risk` it never saturates at 100."""
    return round(sum(f.risk for f in findings if not f.accepted), 1)


def status_of(risk: float) -> Status:
    """Traffic-light status of a risk figure."""
    if risk < GREEN_BELOW:
        return "green"
    return "amber" if risk < RED_FROM else "red"
