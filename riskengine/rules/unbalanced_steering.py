"""CRM014 unbalanced-steering (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class UnbalancedSteering(Rule[RuleSettings]):
    id = "CRM014"
    slug = "unbalanced-steering"
    title = "Steering committee dominated by IT or missing groups"
    pillar = "people"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
