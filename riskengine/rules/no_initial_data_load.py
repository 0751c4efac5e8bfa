"""CRM019 no-initial-data-load (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class NoInitialDataLoad(Rule[RuleSettings]):
    id = "CRM019"
    slug = "no-initial-data-load"
    title = "No initial data load, or data quality owned by nobody"
    pillar = "technology"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
