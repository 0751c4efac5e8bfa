"""CRM008 overreach (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class Overreach(Rule[RuleSettings]):
    id = "CRM008"
    slug = "overreach"
    title = "Too much scope before the first value"
    pillar = "expectations"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
