"""CRM018 undocumented-knowledge (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class UndocumentedKnowledge(Rule[RuleSettings]):
    id = "CRM018"
    slug = "undocumented-knowledge"
    title = "Knowledge held by people who will leave"
    pillar = "people"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
