"""CRM020 open-management-loop (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class OpenManagementLoop(Rule[RuleSettings]):
    id = "CRM020"
    slug = "open-management-loop"
    title = "What the system measures never reaches management decisions"
    pillar = "process"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
