"""CRM022 unreviewed-data-hosting (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class UnreviewedDataHosting(Rule[RuleSettings]):
    id = "CRM022"
    slug = "unreviewed-data-hosting"
    title = "Hosted customer data without a sensitivity review"
    pillar = "technology"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
