"""CRM009 weak-project-management (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class WeakProjectManagement(Rule[RuleSettings]):
    id = "CRM009"
    slug = "weak-project-management"
    title = "No dedicated, experienced project manager"
    pillar = "people"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
