"""CRM017 missing-environments (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class MissingEnvironments(Rule[RuleSettings]):
    id = "CRM017"
    slug = "missing-environments"
    title = "Missing environments or no promotion and refresh process"
    pillar = "technology"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
