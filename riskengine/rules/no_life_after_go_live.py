"""CRM016 no-life-after-go-live (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class NoLifeAfterGoLive(Rule[RuleSettings]):
    id = "CRM016"
    slug = "no-life-after-go-live"
    title = "No plan for running the system after go-live"
    pillar = "process"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
