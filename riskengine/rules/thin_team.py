"""CRM041 thin-team: users leave faster than they are trained, experts have no time to give."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display_names,
    is_small,
    pointer,
    ramp,
    recommend,
    set_,
    size_factor,
)

TURNOVER = "/staffing/staff_turnover_pct"
EXPERTS = "/staffing/experts_available_pct"
NEW_HIRES = "/training/new_hires"

ONBOARDING: dict[bool | None, float] = {True: 0.7, None: 0.85, False: 1.0}
"""Likelihood factor of turnover by whether newcomers are trained (None: not stated)."""


class ThinTeamSettings(RuleSettings):
    """Thresholds of CRM041."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats a newcomer learns from colleagues at the next desk and the owner
    is the expert; the rule stays quiet."""
    large_seats: int = Field(default=300, ge=1)
    """At this many seats and above, a thin team has its full impact."""
    high_turnover_pct: float = Field(default=20.0, ge=0, le=100)
    """Yearly share of CRM users leaving from which turnover is reported."""
    severe_turnover_pct: float = Field(default=40.0, ge=0, le=100)
    """Yearly share of CRM users leaving at which turnover is most likely to hurt, and high."""
    low_expert_pct: float = Field(default=30.0, ge=0, le=100)
    """Share of their time in-house experts give the project below which it is reported."""
    scarce_expert_pct: float = Field(default=10.0, ge=0, le=100)
    """Share of their time at or below which the experts are effectively absent (high)."""


class ThinTeam(Rule[ThinTeamSettings]):
    id = "CRM041"
    slug = "thin-team"
    title = "People leave or have no time for the CRM"
    area = "people"
    pillar = "people"
    severity = "medium"
    settings_model = ThinTeamSettings
    checks = (
        "Two facts about the people behind the system (`staffing`). Staff turnover among CRM "
        "users (`staff_turnover_pct`) from `high_turnover_pct` a year on: trained users and "
        "champions leave and their replacements start from nothing. It is more likely to hurt "
        "when newcomers are not trained (`training.new_hires: false`) and less when they are; "
        "whether they are is CRM004's subject, here it only weighs the turnover. And the share "
        "of their time in-house experts really give the project (`experts_available_pct`) "
        "below `low_expert_pct`, weighted by the reach of the processes the subject-matter "
        "experts own in the dependency graph. Either becomes high at its severe threshold.\n\n"
        "Stage: turnover is judged at every stage. Experts' time is judged before go-live with "
        "full weight; once live it still matters for further phases and is weighed less.\n\n"
        "Unknowns: unstated turnover or availability is an open question and produces no "
        "finding; an unstated onboarding answer counts halfway. An unknown size counts as "
        "neither small nor large."
    )
    why = (
        "Training and enthusiasm live in people. Where a fifth or more of the users leave each "
        "year, within two years much of the trained staff and many of the champions are gone, "
        "and the system is used by people who picked up habits from whoever sat next to them. "
        "In-house experts are the ones who know the processes, but they are also the ones "
        "operations cannot spare: on paper they design and test the CRM, in practice they "
        "give it an hour here and there, so decisions wait and the processes are designed by "
        "people who do not know them. Each weighs medium, high where it is severe."
    )
    fix = (
        "Where turnover is high, make CRM training part of every newcomer's first week, keep "
        "champions in every team and replace them when they leave, and keep short "
        "process guides up to date. Free the experts the project needs: agree with their "
        "managers which duties others take over, and protect that time in writing for the "
        "phases that need it."
    )
    effort = (
        "All its actions are **medium**: keeping a champion in every team through turnover, with "
        "guides kept current, and making CRM training part of each newcomer's first week need "
        "someone to run them for as long as people come and go; freeing experts for a phase needs "
        "their managers to hand some of their duties to others."
    )
    risky_example = """\
organization: {name: Larkspur Call Centres, crm_seats: 350}
staffing: {staff_turnover_pct: 45, experts_available_pct: 5}
training: {new_hires: false}
"""
    healthy_example = """\
organization: {name: Larkspur Call Centres, crm_seats: 350}
staffing: {staff_turnover_pct: 8, experts_available_pct: 60}
training: {new_hires: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        size = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        live = ctx.stage == "live"
        turnover: float | None = ctx.ask(TURNOVER)
        onboarding: bool | None = ctx.ask(NEW_HIRES)
        experts: float | None = ctx.ask(EXPERTS)
        kinds = {key: ctx.ask(pointer("roles", key, "kind")) for key in sorted(ctx.profile.roles)}
        if turnover is not None and turnover >= s.high_turnover_pct:
            yield self._turnover(ctx, turnover, onboarding, kinds, size, live)
        if experts is not None and experts < s.low_expert_pct:
            yield self._experts(ctx, experts, kinds, size, live)

    def _turnover(
        self,
        ctx: Context,
        pct: float,
        onboarding: bool | None,
        kinds: dict[str, str | None],
        size: float,
        live: bool,
    ) -> Finding:
        s = self.settings
        severe = ramp(pct, s.high_turnover_pct, s.severe_turnover_pct)
        likelihood = (0.4 + 0.45 * severe) * ONBOARDING[onboarding]
        keepers = [k for k, kind in kinds.items() if kind in ("champion", "trainer")]
        decay = (
            "the trained users and champions are steadily replaced by people nobody trained"
            if live
            else "many of the users trained for go-live, and the champions, will be gone "
            "within two years"
        )
        untrained = "; newcomers are not trained" if onboarding is False else ""
        if onboarding is True:
            action = recommend(
                "Keep a champion in every team and name a successor as soon as one leaves, "
                "and keep short guides to each process current so newcomers learn the "
                "agreed way rather than their neighbour's.",
                "medium",
            )
        else:
            action = recommend(
                "Make CRM training part of every newcomer's first week, and name a new "
                "champion as soon as one leaves so every team keeps one.",
                "medium",
                set_(NEW_HIRES, True),
            )
        return self.finding(
            f"{pct:g}% of CRM users leave each year, so {decay}{untrained}.",
            likelihood=likelihood,
            impact=size,
            pointers=[TURNOVER] + ([NEW_HIRES] if onboarding is not None else []),
            nodes=[node_id("role", k) for k in keepers],
            severity="high" if pct >= s.severe_turnover_pct else None,
            recommendations=[action],
        )

    def _experts(
        self,
        ctx: Context,
        pct: float,
        kinds: dict[str, str | None],
        size: float,
        live: bool,
    ) -> Finding:
        s = self.settings
        graph = ctx.graph
        experts = [k for k, kind in kinds.items() if kind == "sme"]
        nodes = [node_id("role", k) for k in experts]
        reach = max((graph.reach(n) for n in nodes), default=0.5)
        scarce = 1.0 - ramp(pct, s.scarce_expert_pct, s.low_expert_pct)
        likelihood = 0.4 + 0.45 * scarce
        shown = display_names(ctx.profile, nodes) if nodes else "in-house experts"
        phase = "the further phases of the live system" if live else "the project"
        target = max(s.low_expert_pct, 50.0)
        return self.finding(
            f"The {shown} give only {pct:g}% of their time to {phase}.",
            likelihood=likelihood,
            impact=size * (0.5 + 0.5 * reach) * (0.7 if live else 1.0),
            pointers=[EXPERTS],
            nodes=nodes,
            severity="high" if pct <= s.scarce_expert_pct else None,
            recommendations=[
                recommend(
                    f"Agree with the experts' managers which of their duties others take over, "
                    f"so they can give {phase} at least {target:g}% of their time.",
                    "medium",
                    set_(EXPERTS, target),
                )
            ],
        )
