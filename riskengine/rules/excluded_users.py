"""CRM002 excluded-users (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class ExcludedUsers(Rule[RuleSettings]):
    id = "CRM002"
    slug = "excluded-users"
    title = "Front-line users excluded from planning"
    pillar = "people"
    severity = "high"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
