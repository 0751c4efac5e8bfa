"""CRM001 weak-sponsorship: nobody with standing and budget visibly owns the program."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.profile.base import CADENCE_ORDER
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, recommend, set_, size_factor


class WeakSponsorshipSettings(RuleSettings):
    """Thresholds of CRM001."""

    min_seats: int = Field(default=15, ge=0)
    """Below this many CRM seats the owner usually is the sponsor; a missing one is not reported."""
    large_seats: int = Field(default=250, ge=1)
    """At this many seats and above, weak sponsorship has its full impact."""
    unknown_from_seats: int = Field(default=500, ge=0)
    """From this many seats on, not knowing whether the program has a sponsor is itself reported
    (with reduced likelihood); below it an unstated sponsor is only an open question."""


class _Stated(NamedTuple):
    """What the profile states about the sponsor; None where it says nothing."""

    engagement: Any
    trend: Any
    communicates: Any
    budget_authority: Any
    side: Any


class WeakSponsorship(Rule[WeakSponsorshipSettings]):
    id = "CRM001"
    slug = "weak-sponsorship"
    title = "Weak executive sponsorship"
    pillar = "people"
    severity = "high"
    area = "sponsorship"
    settings_model = WeakSponsorshipSettings
    checks = (
        "Whether the program has an executive sponsor, and whether that sponsor is engaged, "
        "keeps the engagement up, controls budget, sits on the business side rather than in IT, "
        "and personally tells the organization what the program is doing. Only `sponsor: false` "
        "means there is no sponsor. A profile that says nothing about the sponsor is not taken "
        "to have none: the sponsor's facts become open questions, and only from "
        "`unknown_from_seats` seats on does the rule report, with reduced likelihood, that "
        "nobody has stated whether there is a sponsor. Each of the sponsor's facts left unknown "
        "(engagement, trend, budget authority, side, how often they communicate) produces no "
        "finding of its own; an unknown engagement that is stated to be fading is still reported "
        "as fading. An unknown size counts as neither small nor large."
    )
    why = (
        "Staff read the sponsor's behaviour as the company's real opinion of the CRM. Without a "
        "sponsor who can fund the work, settle disputes between groups and hold people to the "
        "plan, every department falls back to its own priorities and the program stalls. A "
        "sponsor whose interest fades after kickoff tells everyone the project no longer matters; "
        "an IT sponsor tends to shape the program around today's systems instead of customers."
    )
    fix = (
        "Name a sponsor from a customer-facing or general-management position who can approve "
        "budget, ask for an explicit commitment for the whole program (not just kickoff), and have "
        "the sponsor, not the project team, send the regular updates."
    )
    effort = (
        "Asking who sponsors the program is **low**: one question to the executive team, with an "
        "appointment only if the answer is nobody. A short monthly update from the sponsor is "
        "**low** as well: the team drafts it and the sponsor signs it. Everything else is "
        "**medium**, because it needs an executive's agreement and time for the whole program: "
        "appointing a customer-facing sponsor with budget authority, agreeing visible duties "
        "(chairing the steering committee, reviewing progress, removing blockers), giving the "
        "sponsor authority over the budget, or handing sponsorship from IT to a customer-facing "
        "executive."
    )
    risky_example = """\
organization: {name: Northwind, crm_seats: 300}
sponsor:
  side: it
  engagement: passive
  trend: fading
  budget_authority: false
  communicates: kickoff_only
"""
    healthy_example = """\
organization: {name: Northwind, crm_seats: 300}
sponsor:
  side: sales
  engagement: champion
  trend: steady
  budget_authority: true
  communicates: monthly
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        seats = ctx.seats
        s = self.settings
        sponsor = ctx.ask("/sponsor")
        # asked whether or not the sponsor is stated, so each fact the rule judges is an open
        # question; the facts of a sponsor stated not to exist cannot be asked
        stated = None
        if sponsor is not False:
            stated = _Stated(*(ctx.ask(pointer("sponsor", name)) for name in _Stated._fields))
        if is_small(seats, s.min_seats):
            return
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        if stated is None:  # `sponsor: false`: there is none
            yield self._missing(impact, seats is not None and seats >= s.large_seats)
        elif sponsor is None:
            if seats is not None and seats >= s.unknown_from_seats:
                yield self._unknown(impact)
        else:
            yield from self._engagement(stated, impact)
            yield from self._standing(stated, impact)

    def _missing(self, impact: float, large: bool) -> Finding:
        return self.finding(
            "The program has no executive sponsor.",
            likelihood=1.0,
            impact=impact,
            pointers=["/sponsor"],
            severity="critical" if large else None,
            recommendations=[
                recommend(
                    "Appoint a customer-facing executive with budget authority as sponsor "
                    "and agree on the commitment the program needs from them.",
                    "medium",
                    set_("/sponsor", _STRONG_SPONSOR),
                )
            ],
        )

    def _unknown(self, impact: float) -> Finding:
        # well under half the likelihood of a known missing sponsor and a lower severity, so
        # that no answer about the sponsor, however bad, can make the program look safer
        return self.finding(
            "Nobody has stated whether the program has an executive sponsor, and at this size "
            "a program without one rarely holds together.",
            likelihood=0.4,
            impact=impact,
            pointers=["/sponsor"],
            severity="medium",
            recommendations=[
                recommend(
                    "Find out who sponsors the program; if nobody does, appoint a "
                    "customer-facing executive with budget authority.",
                    "low",
                    set_("/sponsor", _STRONG_SPONSOR),
                )
            ],
        )

    def _engagement(self, stated: _Stated, impact: float) -> Iterator[Finding]:
        weak = {"absent": 1.0, "passive": 0.7, "supportive": 0.0, "champion": 0.0}
        engagement, fading = stated.engagement, stated.trend == "fading"
        # an unknown engagement is not a weak one: only a stated fading trend counts then
        likelihood = weak[engagement] if engagement is not None else 0.0
        if fading:
            likelihood = max(likelihood, 0.5) + 0.2
        if likelihood > 0:
            state = " and ".join(
                part for part in (engagement, "fading" if fading else None) if part is not None
            )
            yield self.finding(
                f"The sponsor's engagement is {state}.",
                likelihood=likelihood,
                impact=impact,
                pointers=["/sponsor/engagement", "/sponsor/trend"],
                nodes=["sponsor"],
                recommendations=[
                    recommend(
                        "Agree with the sponsor on visible duties for the whole program: "
                        "chairing the steering committee, reviewing progress, removing blockers.",
                        "medium",
                        set_("/sponsor/engagement", "champion"),
                        set_("/sponsor/trend", "steady"),
                    )
                ],
            )
        communicates = stated.communicates
        if communicates is not None and CADENCE_ORDER[communicates] < CADENCE_ORDER["quarterly"]:
            cadence = communicates.replace("_", " ")
            yield self.finding(
                f"The sponsor communicates about the program: {cadence}.",
                likelihood=0.6 if communicates == "never" else 0.45,
                impact=impact,
                pointers=["/sponsor/communicates"],
                nodes=["sponsor"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Have the sponsor send a short monthly update on progress against goals.",
                        "low",
                        set_("/sponsor/communicates", "monthly"),
                    )
                ],
            )

    def _standing(self, stated: _Stated, impact: float) -> Iterator[Finding]:
        if stated.budget_authority is False:
            yield self.finding(
                "The sponsor cannot approve budget or assign people without asking someone else.",
                likelihood=0.6,
                impact=impact,
                pointers=["/sponsor/budget_authority"],
                nodes=["sponsor"],
                recommendations=[
                    recommend(
                        "Give the sponsor authority over the program budget, or move "
                        "sponsorship to an executive who has it.",
                        "medium",
                        set_("/sponsor/budget_authority", True),
                    )
                ],
            )
        if stated.side == "it":
            yield self.finding(
                "The sponsor sits in IT rather than on the customer-facing side of the business.",
                likelihood=0.5,
                impact=impact,
                pointers=["/sponsor/side"],
                nodes=["sponsor"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Move sponsorship to a customer-facing executive and keep IT on the "
                        "steering committee.",
                        "medium",
                        set_("/sponsor/side", "sales"),
                    )
                ],
            )


_STRONG_SPONSOR = {
    "side": "sales",
    "engagement": "champion",
    "trend": "steady",
    "budget_authority": True,
    "communicates": "monthly",
}
