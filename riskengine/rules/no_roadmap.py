"""CRM003 no-roadmap (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class NoRoadmap(Rule[RuleSettings]):
    id = "CRM003"
    slug = "no-roadmap"
    title = "No roadmap, vision or measurable goals"
    pillar = "process"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
