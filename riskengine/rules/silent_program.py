"""CRM012 silent-program: the organization hears about the program once, if at all."""

from __future__ import annotations

from collections.abc import Iterator

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
        if cadence is not None and CADENCE_ORDER[cadence] < CADENCE_ORDER["quarterly"]:
            yield self._silence(cadence, impact, live)
        if kickoff is False:
            yield self._item(
                "kickoff",
                "The program was never announced with a kickoff.",
                0.4,
                impact,
                "Announce the program and its goals at a kickoff.",
                True,
            )
        # without a sponsor (`sponsor: false`) there is nobody to send news in whose name:
        # that is CRM001's finding
        if from_sponsor is False:
            yield self._item(
                "from_sponsor",
                "Program news does not come from the sponsor.",
                0.45,
                impact,
                "Send program news in the sponsor's name.",
                True,
            )
        if explains_benefits is False:
            if live:
                message = "News about the CRM never says what each group gains from it."
                action = "Say in every update what the CRM brings each group, with examples."
            else:
                message = "Program news never says what each group gains from the change."
                action = "Say in every update what the change brings each group."
            yield self._item("explains_benefits", message, 0.5, impact, action, True)

    def _silence(self, cadence: str, impact: float, live: bool) -> Finding:
        if live:
            since = "nothing" if cadence == "never" else "nothing after the kickoff"
            return self._item(
                "cadence",
                f"The organization hears {since} about what the live CRM achieves "
                "against its goals.",
                0.7,
                impact,
                "Report results against the goals every month: what the CRM has changed "
                "and what comes next.",
                "monthly",
                severity=None,
            )
        after = "stops after the kickoff" if cadence == "kickoff_only" else "never comes"
        return self._item(
            "cadence",
            f"News about the program {after}.",
            0.7,
            impact,
            "Share status against the goals every month.",
            "monthly",
            severity=None,
        )

    def _item(
        self,
        field: str,
        message: str,
        likelihood: float,
        impact: float,
        action: str,
        value: object,
        severity: Severity | None = "low",
    ) -> Finding:
        return self.finding(
            message,
            likelihood=likelihood,
            impact=impact,
            pointers=[pointer("communication", field)],
            severity=severity,
            recommendations=[
                recommend(action, "low", set_(pointer("communication", field), value))
            ],
        )
