"""CRM021 unrealistic-expectations: payback promised before the rollout can deliver it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, plural, pointer, ramp, recommend, set_, size_factor


class UnrealisticExpectationsSettings(RuleSettings):
    """Thresholds of CRM021."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats expectations are set face to face; the rule stays quiet."""
    settle_in_months: float = Field(default=6.0, ge=0)
    """Months after the last phase before results can be expected to show."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, disappointed expectations have their full impact."""
    unknown_phase_months: float = Field(default=3.0, ge=0)
    """A phase whose length is not stated counts this many months, the shortest a healthy phase
    takes, so an unstated length never makes the roadmap look longer than it surely is."""
    unknown_program_months: float = Field(default=12.0, ge=0)
    """When the profile states no phases and no program length, the roadmap counts this many
    months: the least a phased CRM program takes."""
    patient_payback_months: float = Field(default=36.0, gt=0)
    """A payback expected this late or later is never reported as too soon: an incremental
    program returns value phase by phase, and a roadmap longer than this is overreach (CRM008)
    rather than impatience."""


@dataclass(frozen=True)
class Roadmap:
    """How long the roadmap needs, and what that figure rests on."""

    months: float
    basis: Literal["phases", "program", "assumed"]
    """The longest chain of phases, the stated program length, or `unknown_program_months`."""
    unstated: int = 0
    """Phases whose length was not stated and was counted at `unknown_phase_months`."""


class UnrealisticExpectations(Rule[UnrealisticExpectationsSettings]):
    id = "CRM021"
    slug = "unrealistic-expectations"
    title = "Payback expected sooner than the rollout can deliver"
    pillar = "expectations"
    severity = "high"
    area = "expectations"
    settings_model = UnrealisticExpectationsSettings
    checks = (
        "When executives expect the program to pay back, against the time the roadmap needs "
        "(the longest chain of phases, or the planned program length when no phases are "
        "stated) plus a settling-in period, up to `patient_payback_months`; whether executives "
        "have agreed to that timeline; and whether staff were told honestly that the change "
        "will be hard at first. Unknown facts never count against the program: an unstated "
        "payback expectation or briefing is an open question, an unstated phase length counts "
        "as the shortest healthy phase (`unknown_phase_months`), an unstated order of phases "
        "as none, and with neither phases nor a program length the roadmap counts as the "
        "shortest program (`unknown_program_months`), which the message then says. The checks "
        "are the same at every stage; for a live program the advice speaks of results and "
        "friction since go-live."
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
    effort = (
        "Walking executives through the roadmap (and, once live, the results so far) and telling "
        "staff honestly what will be harder at first are **low**: one meeting, one message. "
        "Resetting the payback executives expect is **medium**: a revised business case with "
        "milestones they can watch, and executives who accept a later return."
    )
    risky_example = """\
organization: {name: Solent Marine Insurance, crm_seats: 250}
expectations: {payback_expected_months: 4, executives_briefed_on_timeline: false,
               staff_told_of_friction: false}
phases:
  first: {duration_months: 6, after: []}
  second: {duration_months: 6, after: [first]}
"""
    healthy_example = """\
organization: {name: Solent Marine Insurance, crm_seats: 250}
expectations: {payback_expected_months: 20, executives_briefed_on_timeline: true,
               staff_told_of_friction: true}
phases:
  first: {duration_months: 6, after: []}
  second: {duration_months: 6, after: [first]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        impact = size_factor(seats, s.min_seats, s.large_seats, 0.4)
        live = ctx.stage == "live"
        expected: float | None = ctx.ask("/expectations/payback_expected_months")
        # the roadmap's facts are asked even when the expectation is unknown
        road = roadmap_months(ctx, s.unknown_phase_months, s.unknown_program_months)
        realistic = min(road.months + s.settle_in_months, s.patient_payback_months)
        if expected is not None and realistic > 0 and expected < realistic:
            gap = (realistic - expected) / realistic
            yield self.finding(
                f"Executives expect payback after {expected:g} months; {self._needs(road)} "
                f"plus about {s.settle_in_months:g} to show results.",
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
        yield from self._briefings(ctx, impact, live)

    def _needs(self, road: Roadmap) -> str:
        """What the roadmap needs, and on what that figure rests."""
        if road.basis == "assumed":
            return (
                "the program's length is not stated, but even a short phased program needs "
                f"about {road.months:g} months"
            )
        if road.basis == "program":
            return f"the program is planned to run {road.months:g} months"
        counted = ""
        if road.unstated:
            counted = (
                f" (counting {plural(road.unstated, 'phase', 'phases')} of unstated length at "
                f"{self.settings.unknown_phase_months:g} months each)"
            )
        return f"the roadmap needs {road.months:g} months{counted}"

    def _briefings(self, ctx: Context, impact: float, live: bool) -> Iterator[Finding]:
        briefed: bool | None = ctx.ask("/expectations/executives_briefed_on_timeline")
        told: bool | None = ctx.ask("/expectations/staff_told_of_friction")
        if briefed is False:
            yield self.finding(
                "Executives have not agreed to the rollout's realistic timeline.",
                likelihood=0.5,
                impact=impact,
                pointers=["/expectations/executives_briefed_on_timeline"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Walk executives through the results so far and the remaining roadmap, "
                        "and agree when the rest is due."
                        if live
                        else "Walk executives through the roadmap and agree when results are due.",
                        "low",
                        set_("/expectations/executives_briefed_on_timeline", True),
                    )
                ],
            )
        if told is False:
            yield self.finding(
                "Staff were not told that the change would be hard at first."
                if live
                else "Staff have not been told that the change will be hard at first.",
                likelihood=0.45,
                impact=impact,
                pointers=["/expectations/staff_told_of_friction"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Acknowledge openly the friction staff have met since go-live, say how "
                        "long it should last, and where to get help."
                        if live
                        else "Tell staff honestly what will be harder at first, for how long, "
                        "and where to get help.",
                        "low",
                        set_("/expectations/staff_told_of_friction", True),
                    )
                ],
            )


def roadmap_months(ctx: Context, unknown_phase: float, unknown_program: float) -> Roadmap:
    """How long the roadmap needs: its longest chain of phases, or the planned program length.

    A phase of unstated length counts `unknown_phase` months and unstated predecessors count
    as none; with no phases stated, an unstated program length counts `unknown_program` months.
    """
    phases: dict[str, Any] = ctx.ask("/phases") or {}
    if not phases:
        total: float | None = ctx.ask("/scope/total_months")
        if total is None:
            return Roadmap(unknown_program, "assumed")
        return Roadmap(total, "program")
    length: dict[str, float] = {}
    before: dict[str, list[str]] = {}
    unstated = 0
    for key in phases:
        months: float | None = ctx.ask(pointer("phases", key, "duration_months"))
        unstated += months is None
        length[key] = unknown_phase if months is None else months
        before[key] = [p for p in ctx.ask(pointer("phases", key, "after")) or [] if p in phases]
    finish: dict[str, float] = {}

    def end(key: str, depth: int = 0) -> float:
        if key not in finish:
            if depth > len(phases):  # a cycle in `after`: stop rather than recurse forever
                return length[key]
            finish[key] = length[key] + max((end(p, depth + 1) for p in before[key]), default=0.0)
        return finish[key]

    return Roadmap(max(end(k) for k in phases), "phases", unstated)
