"""CRM010 unrepresentative-pilot (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class UnrepresentativePilot(Rule[RuleSettings]):
    id = "CRM010"
    slug = "unrepresentative-pilot"
    title = "No pilot, or a pilot that does not represent the users"
    pillar = "process"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
