"""CRM021 unrealistic-expectations: payback promised before the rollout can deliver it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.profile import Profile
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import ramp, recommend, set_, size_factor


class UnrealisticExpectationsSettings(RuleSettings):
    """Thresholds of CRM021."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats expectations are set face to face; the rule stays quiet."""
    settle_in_months: float = Field(default=6.0, ge=0)
    """Months after the last phase before results can be expected to show."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, disappointed expectations have their full impact."""


class UnrealisticExpectations(Rule[UnrealisticExpectationsSettings]):
    id = "CRM021"
    slug = "unrealistic-expectations"
    title = "Payback expected sooner than the rollout can deliver"
    pillar = "expectations"
    severity = "high"
    settings_model = UnrealisticExpectationsSettings
    checks = (
        "When executives expect the program to pay back, against the time the roadmap needs "
        "(the longest chain of phases, or the planned program length) plus a settling-in "
        "period; whether executives have agreed to that timeline; and whether staff were told "
        "honestly that the change will be hard at first."
    )
    why = (
        "Executives who expected returns in six months see only costs at month nine and "
        "cancel the program just before it would have paid off. Staff who were promised an "
        "easier job meet the normal friction of a new system as a broken promise, and their "
        "disappointment spreads faster than any success story."
    )
    fix = (
        "Agree a timeline with executives that the roadmap can actually meet, with visible "
        "milestones on the way, and tell staff plainly what will be harder at first and for "
        "how long."
    )
    risky_example = """\
organization: {name: Solent Marine Insurance, crm_seats: 250}
expectations: {payback_expected_months: 4, executives_briefed_on_timeline: false,
               staff_told_of_friction: false}
phases:
  first: {duration_months: 6}
  second: {duration_months: 6, after: [first]}
"""
    healthy_example = """\
organization: {name: Solent Marine Insurance, crm_seats: 250}
expectations: {payback_expected_months: 20, executives_briefed_on_timeline: true,
               staff_told_of_friction: true}
phases:
  first: {duration_months: 6}
  second: {duration_months: 6, after: [first]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        impact = size_factor(ctx.seats, s.min_seats, s.large_seats, 0.4)
        expected = ctx.profile.expectations.payback_expected_months
        needed = roadmap_months(ctx.profile)
        if expected is not None and needed > 0 and expected < needed + s.settle_in_months:
            realistic = needed + s.settle_in_months
            gap = (realistic - expected) / realistic
            yield self.finding(
                f"Executives expect payback after {expected:g} months; the roadmap needs "
                f"{needed:g} months plus about {s.settle_in_months:g} to show results.",
                likelihood=0.4 + 0.5 * ramp(gap, 0.0, 0.7),
                impact=impact,
                pointers=["/expectations/payback_expected_months"],
                recommendations=[
                    recommend(
                        f"Reset executives' payback expectation to about {realistic:g} months, "
                        "with milestones they can watch on the way.",
                        "medium",
                        set_("/expectations/payback_expected_months", realistic),
                        set_("/expectations/executives_briefed_on_timeline", True),
                    )
                ],
            )
        yield from self._briefings(ctx, impact)

    def _briefings(self, ctx: Context, impact: float) -> Iterator[Finding]:
        exp = ctx.profile.expectations
        if not exp.executives_briefed_on_timeline:
            yield self.finding(
                "Executives have not agreed to the rollout's realistic timeline.",
                likelihood=0.5,
                impact=impact,
                pointers=["/expectations/executives_briefed_on_timeline"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Walk executives through the roadmap and agree when results are due.",
                        "low",
                        set_("/expectations/executives_briefed_on_timeline", True),
                    )
                ],
            )
        if not exp.staff_told_of_friction:
            yield self.finding(
                "Staff have not been told that the change will be hard at first.",
                likelihood=0.45,
                impact=impact,
                pointers=["/expectations/staff_told_of_friction"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Tell staff honestly what will be harder at first, for how long, "
                        "and where to get help.",
                        "low",
                        set_("/expectations/staff_told_of_friction", True),
                    )
                ],
            )


def roadmap_months(profile: Profile) -> float:
    """Months until the roadmap is delivered: its longest chain of phases, or the planned length."""
    phases = profile.phases

    @cache
    def finish(key: str, depth: int = 0) -> float:
        phase = phases[key]
        if depth > len(phases):  # a cycle in `after`: stop rather than recurse forever
            return phase.duration_months
        before = [finish(p, depth + 1) for p in phase.after]
        return phase.duration_months + max(before, default=0.0)

    chain = max((finish(k) for k in phases), default=0.0)
    return max(chain, profile.scope.total_months or 0.0)
