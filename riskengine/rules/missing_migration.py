"""CRM005 missing-migration (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class MissingMigration(Rule[RuleSettings]):
    id = "CRM005"
    slug = "missing-migration"
    title = "Customer data left in other systems"
    pillar = "technology"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
