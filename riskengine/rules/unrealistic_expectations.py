"""CRM021 unrealistic-expectations (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class UnrealisticExpectations(Rule[RuleSettings]):
    id = "CRM021"
    slug = "unrealistic-expectations"
    title = "Payback expected sooner than the rollout can deliver"
    pillar = "expectations"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
