"""CRM011 unmeasured-objectives (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class UnmeasuredObjectives(Rule[RuleSettings]):
    id = "CRM011"
    slug = "unmeasured-objectives"
    title = "Objectives and phases without measures or baselines"
    pillar = "expectations"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
