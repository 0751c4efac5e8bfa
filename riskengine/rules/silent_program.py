"""CRM012 silent-program: the organization hears about the program once, if at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Severity
from riskengine.profile.base import CADENCE_ORDER
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, ramp, recommend, set_, size_factor


class SilentProgramSettings(RuleSettings):
    """Thresholds of CRM012."""

    min_seats: int = Field(default=25, ge=0)
    """Below this many seats word of mouth is enough; the rule stays quiet."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, silence has its full impact."""


class SilentProgram(Rule[SilentProgramSettings]):
    id = "CRM012"
    slug = "silent-program"
    title = "No communication campaign behind the program"
    pillar = "people"
    severity = "medium"
    area = "communication"
    settings_model = SilentProgramSettings
    checks = (
        "The communication plan: a kickoff, regular status against the goals after it, "
        "messages sent in the sponsor's name, and messages that tell each group what it "
        "gains. How often the sponsor personally speaks is CRM001's subject. Each part of the "
        "plan the profile leaves unknown is an open question, not a finding. Before go-live "
        "(or when the stage is unknown) the rule judges the plan, kickoff included; once the "
        "program is live it judges whether people hear what the running CRM achieves, and no "
        "longer asks about a kickoff. News not sent in the sponsor's name is reported unless "
        "the profile states there is no sponsor."
    )
    why = (
        "People fill silence with rumours: that the CRM is a surveillance tool, that it will "
        "be dropped, that it only serves management. Without regular news measured against "
        "the goals, small wins go unnoticed and resistance has nothing to answer it; without "
        "the sponsor's name on the messages, the program looks like an IT project."
    )
    fix = (
        "Start with a kickoff, then send short regular updates on progress against the goals, "
        "in the sponsor's name, each saying what the change means for the people reading it."
    )
    effort = (
        "**Low** when one part of the communication plan is missing (the kickoff, the monthly news "
        "against the goals, the sponsor's name on it, or a word on what each group gains): the "
        "team writes, the sponsor signs. **Medium** when several parts are missing: a "
        "communication plan with its rhythm, its channels and its author has to be put in place."
    )
    risky_example = """\
organization: {name: Pellham Hotels, crm_seats: 300}
communication: {kickoff: false, cadence: never, from_sponsor: false, explains_benefits: false}
"""
    healthy_example = """\
organization: {name: Pellham Hotels, crm_seats: 300}
communication: {kickoff: true, cadence: monthly, from_sponsor: true, explains_benefits: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        groups = sum(
            1
            for key in ctx.profile.departments
            if ctx.ask(pointer("departments", key, "uses_crm")) is True
        )
        impact = size_factor(seats, s.min_seats, s.large_seats, 0.4) * (
            0.6 + 0.4 * ramp(groups, 1, 6)
        )
        live = ctx.stage == "live"
        cadence = ctx.ask("/communication/cadence")
        # a kickoff that never happened cannot be held once the CRM is live: not judged then
        kickoff = None if live else ctx.ask("/communication/kickoff")
        explains_benefits = ctx.ask("/communication/explains_benefits")
        sponsor = ctx.ask("/sponsor")
        # news in the name of a sponsor stated not to exist is no question
        from_sponsor = None if sponsor is False else ctx.ask("/communication/from_sponsor")
        if is_small(seats, s.min_seats):
            return  # asked all the same: answering the size must not make the profile less known
        gaps = list(_gaps(cadence, kickoff, from_sponsor, explains_benefits, live))
        if gaps:
            yield self._gaps_finding(gaps, impact)

    def _gaps_finding(self, gaps: list[_Gap], impact: float) -> Finding:
        """One finding for the whole communication plan: its gaps have one cause and one fix."""
        missing = 1.0
        for gap in gaps:
            missing *= 1.0 - gap.likelihood
        severity: Severity = "medium" if any(g.field == "cadence" for g in gaps) else "low"
        if len(gaps) == 1:
            action = gaps[0].action[0].upper() + gaps[0].action[1:] + "."
        else:
            steps = [g.action for g in gaps]
            action = f"Put a communication plan in place: {', '.join(steps[:-1])} and {steps[-1]}."
        return self.finding(
            " ".join(g.message for g in gaps),
            likelihood=1.0 - missing,
            impact=impact,
            pointers=[pointer("communication", g.field) for g in gaps],
            severity=severity,
            recommendations=[
                # one message a month, written by the team and signed by the sponsor: low effort
                # for one missing part, medium when the plan has to be built from several
                recommend(
                    action,
                    "low" if len(gaps) == 1 else "medium",
                    *(set_(pointer("communication", g.field), g.value) for g in gaps),
                )
            ],
        )


class _Gap(NamedTuple):
    """One missing part of the communication plan and the step that supplies it."""

    field: str
    message: str
    likelihood: float
    action: str
    value: object


def _gaps(
    cadence: str | None,
    kickoff: bool | None,
    from_sponsor: bool | None,
    explains_benefits: bool | None,
    live: bool,
) -> Iterator[_Gap]:
    """The parts of the communication plan the profile states are missing."""
    if cadence is not None and CADENCE_ORDER[cadence] < CADENCE_ORDER["quarterly"]:
        if live:
            since = "nothing" if cadence == "never" else "nothing after the kickoff"
            yield _Gap(
                "cadence",
                f"The organization hears {since} about what the live CRM achieves against its "
                "goals.",
                0.7,
                "report results against the goals every month: what the CRM has changed and "
                "what comes next",
                "monthly",
            )
        else:
            after = "stops after the kickoff" if cadence == "kickoff_only" else "never comes"
            yield _Gap(
                "cadence",
                f"News about the program {after}.",
                0.7,
                "share status against the goals every month",
                "monthly",
            )
    if kickoff is False:
        yield _Gap(
            "kickoff",
            "The program was never announced with a kickoff.",
            0.4,
            "announce the program and its goals at a kickoff",
            True,
        )
    # without a sponsor (`sponsor: false`) there is nobody to send news in whose name:
    # that is CRM001's finding
    if from_sponsor is False:
        yield _Gap(
            "from_sponsor",
            "Program news does not come from the sponsor.",
            0.45,
            "send program news in the sponsor's name",
            True,
        )
    if explains_benefits is False:
        what = (
            "the CRM brings each group, with examples" if live else "the change brings each group"
        )
        yield _Gap(
            "explains_benefits",
            "News about the CRM never says what each group gains from it."
            if live
            else "Program news never says what each group gains from the change.",
            0.5,
            f"say in every update what {what}",
            True,
        )
