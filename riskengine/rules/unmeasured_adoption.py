"""CRM033 unmeasured-adoption: nobody watches whether people actually use the system."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, ramp, recommend, set_, size_factor

POINTER = "/change_management/adoption_measured"


class UnmeasuredAdoptionSettings(RuleSettings):
    """Thresholds of CRM033."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the owner sees who uses the system without measuring it; the rule
    stays quiet."""
    large_seats: int = Field(default=300, ge=1)
    """At this many seats and above, unmeasured adoption has its full impact."""
    settled_months: float = Field(default=12.0, gt=0)
    """Months after go-live by which unmeasured habits have settled: the likelihood that
    workarounds went unseen reaches its maximum."""
    unknown_from_seats: int = Field(default=300, ge=0)
    """From this many seats on, not knowing whether a live system's use is measured is itself
    reported (with reduced likelihood); below it, and before go-live, it is an open question."""


class UnmeasuredAdoption(Rule[UnmeasuredAdoptionSettings]):
    id = "CRM033"
    slug = "unmeasured-adoption"
    title = "Adoption is not measured"
    area = "adoption"
    pillar = "process"
    severity = "high"
    settings_model = UnmeasuredAdoptionSettings
    checks = (
        "Whether anyone measures how the system is used (`change_management."
        "adoption_measured`): logins, records kept current, processes actually run in the "
        "system. Once the program is live (`lifecycle.stage: live`) an unmeasured system is "
        "reported with high severity, more likely the longer it has been live (up to "
        "`settled_months`; an unknown time since go-live counts as halfway). Before go-live "
        "(planning, implementing, or stage not stated) the same answer means there is no plan "
        "to measure adoption, a lighter, medium finding.\n\n"
        "Unknowns: an unstated answer is an open question. Only for a live system of at least "
        "`unknown_from_seats` seats does the rule report, with less than half the likelihood, "
        "that nobody has stated whether use is measured. An unknown size counts as neither "
        "small nor large."
    )
    why = (
        "Go-live says nothing about use. Staff who find the system awkward keep their "
        "spreadsheets and enter the minimum, and without measures nobody notices until the "
        "reports are empty and management concludes the CRM failed. Measuring adoption is how "
        "a program finds the groups that need help while they can still be won over, and how it "
        "proves the value it promised; a live system nobody measures drifts unseen, so the "
        "rule weighs high once live."
    )
    fix = (
        "Decide before go-live which measures show real use (active users per group, records "
        "updated on time, opportunities and cases run through the system) and who reviews "
        "them. Once live, publish them monthly by group, follow up where use falls, and feed "
        "what you learn into training and the next phase."
    )
    effort = (
        "Measuring adoption is **low**: the CRM already records who logs in and what is updated, "
        "so the work is choosing the measures per group, building one report, and reviewing it "
        "monthly."
    )
    risky_example = """\
organization: {name: Tern Home Services, crm_seats: 250}
lifecycle: {stage: live, months_live: 8}
change_management: {adoption_measured: false}
"""
    healthy_example = """\
organization: {name: Tern Home Services, crm_seats: 250}
lifecycle: {stage: live, months_live: 8}
change_management: {adoption_measured: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        measured: bool | None = ctx.ask(POINTER)
        size = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        stage = ctx.stage
        # asked while the stage is open too, so stating the stage never adds a question
        months = ctx.months_live if stage in (None, "live") else None
        if stage != "live":
            if measured is False:
                yield self.finding(
                    "There is no plan to measure whether people use the CRM once it goes live.",
                    likelihood=0.45,
                    impact=size,
                    pointers=[POINTER],
                    severity="medium",
                    recommendations=[
                        recommend(
                            "Agree before go-live which measures show real use (active users "
                            "per group, records kept current, processes run in the system) and "
                            "who reviews them each month.",
                            "low",
                            set_(POINTER, True),
                        )
                    ],
                )
            return
        settled = 0.5 if months is None else ramp(months, 0, s.settled_months)
        likelihood = 0.6 + 0.25 * settled
        live_months = "" if months is None else f" for {months:g} months"
        if measured is False:
            yield self.finding(
                f"The CRM has been live{live_months} and nobody measures whether people use it.",
                likelihood=likelihood,
                impact=size,
                pointers=[POINTER],
                recommendations=[self._start_measuring()],
            )
        elif measured is None and seats is not None and seats >= s.unknown_from_seats:
            yield self.finding(
                f"Nobody has stated whether anyone measures how the {seats} users use the live "
                "CRM; at this size unseen workarounds spread quickly.",
                likelihood=0.25,
                impact=size,
                pointers=[POINTER],
                severity="medium",
                recommendations=[self._start_measuring()],
            )

    @staticmethod
    def _start_measuring() -> Recommendation:
        return recommend(
            "Start measuring use now: active users, records updated on time and processes run "
            "in the system, by group, reviewed monthly and followed up where use falls.",
            "low",
            set_(POINTER, True),
        )
