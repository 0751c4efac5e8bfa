"""CRM006 unbalanced-value (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class UnbalancedValue(Rule[RuleSettings]):
    id = "CRM006"
    slug = "unbalanced-value"
    title = "Burden and value land on different groups"
    pillar = "people"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
