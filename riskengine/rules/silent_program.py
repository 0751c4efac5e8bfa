"""CRM012 silent-program: the organization hears about the program once, if at all."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.profile.base import CADENCE_ORDER
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, ramp, recommend, set_, size_factor


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
    settings_model = SilentProgramSettings
    checks = (
        "The communication plan: a kickoff, regular status against the goals after it, "
        "messages sent in the sponsor's name, and messages that tell each group what it "
        "gains. How often the sponsor personally speaks is CRM001's subject."
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
        if ctx.seats < s.min_seats:
            return
        groups = sum(1 for d in ctx.profile.departments.values() if d.uses_crm)
        impact = size_factor(ctx.seats, s.min_seats, s.large_seats, 0.4) * (
            0.6 + 0.4 * ramp(groups, 1, 6)
        )
        comm = ctx.profile.communication
        if CADENCE_ORDER[comm.cadence] < CADENCE_ORDER["quarterly"]:
            after = "stops after the kickoff" if comm.cadence == "kickoff_only" else "never comes"
            yield self._item(
                "cadence",
                f"News about the program {after}.",
                0.7,
                impact,
                "Share status against the goals every month.",
                "monthly",
                severity=None,
            )
        if not comm.kickoff:
            yield self._item(
                "kickoff",
                "The program was never announced with a kickoff.",
                0.4,
                impact,
                "Announce the program and its goals at a kickoff.",
                True,
            )
        if not comm.from_sponsor and ctx.profile.sponsor is not None:
            yield self._item(
                "from_sponsor",
                "Program news does not come from the sponsor.",
                0.45,
                impact,
                "Send program news in the sponsor's name.",
                True,
            )
        if not comm.explains_benefits:
            yield self._item(
                "explains_benefits",
                "Program news never says what each group gains from the change.",
                0.5,
                impact,
                "Say in every update what the change brings each group.",
                True,
            )

    def _item(
        self,
        field: str,
        message: str,
        likelihood: float,
        impact: float,
        action: str,
        value: object,
        severity: str | None = "low",
    ) -> Finding:
        return self.finding(
            message,
            likelihood=likelihood,
            impact=impact,
            pointers=[pointer("communication", field)],
            severity=severity,  # type: ignore[arg-type]
            recommendations=[
                recommend(action, "low", set_(pointer("communication", field), value))
            ],
        )
