"""CRM016 no-life-after-go-live: the plan ends the day the system goes live."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Severity
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, ramp, recommend, set_, size_factor


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
    unknown_owner_from_seats: int = Field(default=100, ge=0)
    """From this many (stated) seats on, a live system of which nobody has said whether it has
    support or an administrator is reported, with half the likelihood of a known gap."""


@dataclass(frozen=True)
class _Duty:
    """One part of running the system, worded for before and after go-live."""

    field: str
    from_seats: int
    plan: str
    """The finding before go-live (nothing is planned)."""
    plan_action: str
    live: str
    """The finding once live (nothing is in place)."""
    live_action: str
    unknown_live: str
    """The finding once live when the profile does not say; empty when not reported."""
    likelihood: float
    live_likelihood: float
    severity: Severity | None


class NoLifeAfterGoLive(Rule[NoLifeAfterGoLiveSettings]):
    id = "CRM016"
    slug = "no-life-after-go-live"
    title = "No plan for running the system after go-live"
    pillar = "process"
    severity = "high"
    area = "support"
    settings_model = NoLifeAfterGoLiveSettings
    checks = (
        "What keeps the CRM alive once the project team disbands: support users can turn to, "
        "system administration (the system's owner), business-process advice, and a roadmap "
        "for enhancements, each required from a rollout size where it matters. Before go-live "
        "(or when the stage is not stated) it judges the *plan* for operations. Once live it "
        "judges what is in place: a live system without an owner or without support is "
        "already decaying, so those findings weigh more and lead the assessment. Unknowns: a "
        "duty the profile does not state is an open question, not a gap; only for a live "
        "system of at least `unknown_owner_from_seats` stated seats is not knowing whether "
        "anyone supports or administers it reported, with half the likelihood of a known gap. "
        "An unknown size counts as not small. Training, including training of new hires "
        "after go-live, is CRM004's subject."
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
        "for enhancements. A live system missing any of them needs them now, owner first."
    )
    effort = (
        "Every action is **medium**: naming a system administrator, or business-process advocates "
        "who advise on new uses of the CRM, means giving part of someone's job to it or hiring; a "
        "support desk needs people, a channel users can reach and a routine; a roadmap of "
        "enhancements needs a budget line the sponsor has to secure for the years after go-live."
    )
    risky_example = """\
organization: {name: Sandpiper Travel, crm_seats: 220}
lifecycle: {stage: live}
operations: {support: false, system_admin: false, process_support: false,
             enhancement_roadmap: false}
"""
    healthy_example = """\
organization: {name: Sandpiper Travel, crm_seats: 220}
lifecycle: {stage: live}
operations: {support: true, system_admin: true, process_support: true,
             enhancement_roadmap: true}
"""

    def _duties(self) -> tuple[_Duty, ...]:
        s = self.settings
        return (
            _Duty(
                "system_admin",
                s.admin_from_seats,
                "Nobody is named to administer the system after go-live.",
                "Name a system administrator before go-live.",
                "The live system has no owner: nobody administers it.",
                "Name an owner and administrator for the live system now.",
                "Nobody has stated whether anyone administers the live system.",
                0.7,
                0.9,
                None,
            ),
            _Duty(
                "support",
                s.min_seats,
                "Users will have nobody to turn to after go-live.",
                "Set up a support desk users can reach from day one.",
                "Users of the live system have nobody to turn to for help.",
                "Set up a support desk for the live system now and tell users how to reach it.",
                "Nobody has stated whether users of the live system can get support.",
                0.7,
                0.9,
                None,
            ),
            _Duty(
                "enhancement_roadmap",
                s.roadmap_from_seats,
                "There is no roadmap or budget for enhancements after go-live.",
                "Plan and fund a roadmap of enhancements for the years after go-live.",
                "The live system has no roadmap or budget for enhancements.",
                "Plan and fund a roadmap of enhancements for the live system.",
                "",
                0.55,
                0.6,
                "medium",
            ),
            _Duty(
                "process_support",
                s.process_support_from_seats,
                "Nobody advises the business on using the CRM for new processes.",
                "Name business-process advocates who advise when a process could use the CRM.",
                "Nobody advises the business on using the live CRM for new processes.",
                "Name business-process advocates who advise when a process could use the CRM.",
                "",
                0.45,
                0.5,
                "medium",
            ),
        )

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        live = ctx.stage == "live"
        in_crm = sum(
            1
            for key in sorted(ctx.profile.processes)
            if ctx.ask(pointer("processes", key, "in_crm"))
        )
        usage = ramp(in_crm, 1, 10)
        if live:
            # a live system without its operation is damage under way, whatever its size
            impact = size_factor(seats, s.min_seats, s.large_seats, 0.6) * (0.7 + 0.3 * usage)
        else:
            impact = size_factor(seats, s.min_seats, s.large_seats, 0.4) * (0.5 + 0.5 * usage)
        for duty in self._duties():
            if is_small(seats, duty.from_seats):
                continue
            at = pointer("operations", duty.field)
            stated: bool | None = ctx.ask(at)
            if stated is True:
                continue
            if stated is None:
                if not (live and duty.unknown_live):
                    continue  # an open question
                if seats is None or seats < s.unknown_owner_from_seats:
                    continue
                message, likelihood = duty.unknown_live, duty.live_likelihood / 2
            elif live:
                message, likelihood = duty.live, duty.live_likelihood
            else:
                message, likelihood = duty.plan, duty.likelihood
            yield self.finding(
                message,
                likelihood=likelihood,
                impact=impact,
                pointers=[at],
                severity=duty.severity,
                recommendations=[
                    recommend(
                        duty.live_action if live else duty.plan_action,
                        "medium",
                        set_(at, True),
                    )
                ],
            )
