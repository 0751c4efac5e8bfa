"""CRM013 processes-without-staff (skeleton)."""

from __future__ import annotations

from collections.abc import Iterator

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings


class ProcessesWithoutStaff(Rule[RuleSettings]):
    id = "CRM013"
    slug = "processes-without-staff"
    title = "Processes designed without the people who do the work"
    pillar = "process"
    severity = "medium"
    checks = "SKELETON"
    why = "SKELETON"
    fix = "SKELETON"
    risky_example = "SKELETON"
    healthy_example = "SKELETON"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ()
