"""CRM016 no-life-after-go-live: the plan ends the day the system goes live."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Severity
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, ramp, recommend, set_, size_factor


class NoLifeAfterGoLiveSettings(RuleSettings):
    """Thresholds of CRM016."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats a vendor's standard support is enough; the rule stays quiet."""
    admin_from_seats: int = Field(default=25, ge=0)
    """From this many seats on, somebody must administer the system."""
    roadmap_from_seats: int = Field(default=50, ge=0)
    """From this many seats on, enhancements need a roadmap of their own."""
    process_support_from_seats: int = Field(default=100, ge=0)
    """From this many seats on, someone should advise when a process could use the CRM."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, a missing operating plan has its full impact."""


class NoLifeAfterGoLive(Rule[NoLifeAfterGoLiveSettings]):
    id = "CRM016"
    slug = "no-life-after-go-live"
    title = "No plan for running the system after go-live"
    pillar = "process"
    severity = "high"
    settings_model = NoLifeAfterGoLiveSettings
    checks = (
        "What keeps the CRM alive once the project team disbands: support users can turn to, "
        "system administration, business-process advice, and a roadmap for enhancements, each "
        "required from a rollout size where it matters. Training is CRM004's subject."
    )
    why = (
        "A CRM lives for many years, and whether it ever repays its cost is decided in "
        "operation. Without support, users stuck on a problem give up; without an "
        "administrator, data and configuration decay; without a roadmap, the system freezes "
        "while the business moves on, and the next request becomes a new project."
    )
    fix = (
        "Before go-live, staff the operation: a support desk, an administrator, someone who "
        "advises the business on using the CRM for new processes, and a roadmap and budget "
        "for enhancements."
    )
    risky_example = """\
organization: {name: Sandpiper Travel, crm_seats: 220}
operations: {support: false, system_admin: false, process_support: false,
             enhancement_roadmap: false}
"""
    healthy_example = """\
organization: {name: Sandpiper Travel, crm_seats: 220}
operations: {support: true, system_admin: true, process_support: true,
             enhancement_roadmap: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        in_crm = sum(1 for p in ctx.profile.processes.values() if p.in_crm)
        impact = size_factor(ctx.seats, s.min_seats, s.large_seats, 0.4) * (
            0.5 + 0.5 * ramp(in_crm, 1, 10)
        )
        ops = ctx.profile.operations
        checks: list[tuple[bool, str, str, str, float, Severity | None]] = [
            (
                ops.support,
                "support",
                "Users will have nobody to turn to after go-live.",
                "Set up a support desk users can reach from day one.",
                0.7,
                None,
            ),
            (
                ops.system_admin or ctx.seats < s.admin_from_seats,
                "system_admin",
                "Nobody is named to administer the system after go-live.",
                "Name a system administrator before go-live.",
                0.7,
                None,
            ),
            (
                ops.enhancement_roadmap or ctx.seats < s.roadmap_from_seats,
                "enhancement_roadmap",
                "There is no roadmap or budget for enhancements after go-live.",
                "Plan and fund a roadmap of enhancements for the years after go-live.",
                0.55,
                "medium",
            ),
            (
                ops.process_support or ctx.seats < s.process_support_from_seats,
                "process_support",
                "Nobody advises the business on using the CRM for new processes.",
                "Name business-process advocates who advise when a process could use the CRM.",
                0.45,
                "medium",
            ),
        ]
        for ok, field, message, action, likelihood, severity in checks:
            if ok:
                continue
            yield self.finding(
                message,
                likelihood=likelihood,
                impact=impact,
                pointers=[pointer("operations", field)],
                severity=severity,
                recommendations=[
                    recommend(action, "medium", set_(pointer("operations", field), True))
                ],
            )
