"""CRM027 weak-governance: no register, gates or change control, or a budget in doubt."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Severity
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, names, recommend, set_, size_factor

DOUBT = 0.5
"""Likelihood factor for a finding that rests on facts nobody has stated (at most half)."""

REGISTER = 0.55
GATES = 0.5
GATES_PHASES_UNKNOWN = 0.4
CHANGE = 0.55
CHANGE_UNDER_PRESSURE = 0.7
DESIGN = 0.4
BUDGET_CUT = 0.8
BUDGET_REVIEW = 0.45


class WeakGovernanceSettings(RuleSettings):
    """Thresholds of CRM027."""

    min_seats: int = Field(default=50, ge=0)
    """Below this many seats the owner and a few people steer the program in conversation; a
    register, gates and a change board would cost more than they save, and the rule stays
    quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above weak governance has its full impact: a missing risk register
    or change control is high, and a missing design authority is reported."""
    crowded_groups: int = Field(default=5, ge=2)
    """With this many stakeholder groups or more (or with goals stated to conflict) scope
    pressure is high and missing change control is likelier to hurt."""
    unknown_from_seats: int = Field(default=500, ge=0)
    """From this many (stated) seats on, not knowing whether the program has a risk register,
    change control or stage gates is reported at half the likelihood of a known gap."""


@dataclass(frozen=True)
class _Stated:
    """What the profile states about the program's governance; None where it says nothing."""

    risk_register: Any
    stage_gates: Any
    change_control: Any
    budget_status: Any
    design_authority: Any
    conflicting: Any
    groups: Any
    phases: dict[str, Any] | None
    risks: dict[str, Any] | None

    @property
    def gated_phases(self) -> bool | None:
        """Whether there are phases to gate: True for two or more, None when not stated."""
        if self.phases is None:
            return None
        return len(self.phases) >= 2

    @property
    def register_evident(self) -> bool:
        """Whether the profile lists program risks, which shows a register exists."""
        return bool(self.risks)


class WeakGovernance(Rule[WeakGovernanceSettings]):
    id = "CRM027"
    slug = "weak-governance"
    title = "No risk register, stage gates or change control, or a budget in doubt"
    area = "governance"
    pillar = "process"
    severity = "medium"
    settings_model = WeakGovernanceSettings
    checks = (
        "The mechanics by which the steering committee keeps a program of `min_seats` seats "
        "or more under control (`governance`): a risk register it reviews, a gate between "
        "phases (judged when there are two phases or more, or the phases are not stated), "
        "change control for scope (likelier to hurt when goals conflict or there are "
        "`crowded_groups` stakeholder groups or more), and the budget: cut (high) or still "
        "under review (medium). From `large_seats` on a missing register or change control is "
        "high, and a missing design authority is reported too. The weight grows with the "
        "number of seats.\n\n"
        "Stage: the same mechanics matter before and after go-live; once live the wording "
        "speaks of further phases and releases rather than of the build.\n\n"
        "Unknowns: a mechanism nobody has stated is an open question, not a missing one, and "
        "an unstated budget raises nothing. A profile that lists program risks (`risks`) shows "
        "that a register exists. From `unknown_from_seats` stated seats on, the rule reports "
        "(medium, at half the likelihood of the worst gap left open) that nobody has stated "
        "whether the register, change control or stage gates exist. A program of unstated size "
        "is judged as neither small nor large; a design authority is judged only for a program "
        "known to be large."
    )
    why = (
        "A steering committee without mechanics governs by impression. Risks nobody wrote "
        "down are discovered when they happen; phases that start without a review repeat the "
        "last one's mistakes; scope that grows by hallway agreement drags the timeline and the "
        "budget with it, and every group with its own agenda adds to it. A budget under review "
        "or cut while the plan stays the same leaves the team promising what it can no longer "
        "deliver, which is how programs end up cancelled halfway."
    )
    fix = (
        "Keep a risk register with an owner and a mitigation per risk and review it at every "
        "steering committee meeting; put a gate between phases where results are reviewed and "
        "the next phase is approved; route scope changes through change control; and when the "
        "budget is cut or in doubt, re-plan the scope to the money and have the plan approved."
    )
    effort = (
        "Stage gates, change control and a risk register are **low**: procedures the existing "
        "steering committee adopts and follows at its meetings. A design authority is **medium**: "
        "an architect and a lead user from each department must give it time and meet. Finding out "
        "how the committee controls risks, scope changes and the start of each phase, and setting "
        "up what is missing, is **medium**. Settling a budget review is **medium**; re-planning an "
        "overrun budget is **high**: phases and features have to be cut or postponed and the new "
        "plan approved by the sponsor and the committee."
    )
    risky_example = """\
organization: {name: Tamsin Logistics, crm_seats: 320}
governance:
  risk_register: false
  stage_gates: false
  change_control: false
  budget_status: cut
phases:
  p1: {name: Sales}
  p2: {name: Service, after: [p1]}
"""
    healthy_example = """\
organization: {name: Tamsin Logistics, crm_seats: 320}
governance:
  risk_register: true
  stage_gates: true
  change_control: true
  budget_status: approved
phases:
  p1: {name: Sales}
  p2: {name: Service, after: [p1]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        live = ctx.stage == "live"
        # a design authority matters only for large programs: asked unless known to be smaller
        asks_design = not is_small(seats, s.large_seats)
        stated = _Stated(
            risk_register=ctx.ask("/governance/risk_register"),
            stage_gates=ctx.ask("/governance/stage_gates"),
            change_control=ctx.ask("/governance/change_control"),
            budget_status=ctx.ask("/governance/budget_status"),
            design_authority=ctx.ask("/governance/design_authority") if asks_design else None,
            conflicting=ctx.ask("/scope/conflicting_goals"),
            groups=ctx.ask("/scope/stakeholder_groups"),
            phases=ctx.ask("/phases"),
            risks=ctx.ask("/risks"),
        )
        large = seats is not None and seats >= s.large_seats
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        heavy: Severity = "high" if large else "medium"
        committee = ["steering_committee"] if "steering_committee" in ctx.graph else []
        phases = ctx.graph.nodes_of("phase")
        if stated.risk_register is False:
            yield self.finding(
                "Program risks are not kept in a register that the steering committee reviews.",
                likelihood=REGISTER,
                impact=impact,
                pointers=["/governance/risk_register"],
                nodes=committee,
                severity=heavy,
                recommendations=[
                    recommend(
                        "Keep the program's risks in one register, each with an owner and a "
                        "mitigation, and review it at every steering committee meeting.",
                        "low",
                        set_("/governance/risk_register", True),
                    )
                ],
            )
        if stated.stage_gates is False and stated.gated_phases is not False:
            yield self._no_gates(stated, impact, phases, live)
        if stated.change_control is False:
            yield self._no_change_control(stated, impact, heavy, committee)
        yield from self._budget(stated.budget_status, impact, phases, live)
        if stated.design_authority is False and large:
            yield self.finding(
                "No single body decides the design questions that cut across departments.",
                likelihood=DESIGN,
                impact=impact,
                pointers=["/governance/design_authority"],
                nodes=committee,
                severity="medium",
                recommendations=[
                    recommend(
                        "Set up a design authority (the architect and a lead user from each "
                        "department) that decides design questions crossing departments and "
                        "records its decisions.",
                        "medium",
                        set_("/governance/design_authority", True),
                    )
                ],
            )
        if seats is not None and seats >= s.unknown_from_seats:
            yield from self._unknown(stated, impact, committee)

    def _pressure(self, stated: _Stated) -> bool:
        """Whether conflicting goals or many stakeholder groups push on the scope."""
        groups = stated.groups
        return stated.conflicting is True or (
            groups is not None and groups >= self.settings.crowded_groups
        )

    def _no_gates(self, stated: _Stated, impact: float, phases: list[str], live: bool) -> Finding:
        which = "Further phases start" if live else "Each phase starts"
        return self.finding(
            f"{which} without a review of the one before: there are no stage gates.",
            likelihood=GATES if stated.gated_phases else GATES_PHASES_UNKNOWN,
            impact=impact,
            pointers=["/governance/stage_gates"],
            nodes=phases,
            severity="medium",
            recommendations=[
                recommend(
                    "Put a gate between phases: before the next one starts, the steering "
                    "committee reviews the last one's results against its success measures "
                    "and decides to continue, adjust or stop.",
                    "low",
                    set_("/governance/stage_gates", True),
                )
            ],
        )

    def _no_change_control(
        self, stated: _Stated, impact: float, severity: Severity, committee: list[str]
    ) -> Finding:
        pressure = self._pressure(stated)
        groups = stated.groups
        why = ""
        if stated.conflicting is True:
            who = f"{groups} stakeholder groups" if groups is not None else "the groups involved"
            why = f", while {who} pull in different directions"
        elif pressure:
            why = f", with {groups} stakeholder groups asking for changes"
        return self.finding(
            f"Scope changes are not decided through change control{why}.",
            likelihood=CHANGE_UNDER_PRESSURE if pressure else CHANGE,
            impact=impact,
            pointers=["/governance/change_control"],
            nodes=committee,
            severity=severity,
            recommendations=[
                recommend(
                    "Route every scope change through change control: a written request, its "
                    "effect on cost and timeline, and a decision by the steering committee.",
                    "low",
                    set_("/governance/change_control", True),
                )
            ],
        )

    def _budget(
        self, status: Any, impact: float, phases: list[str], live: bool
    ) -> Iterator[Finding]:
        if status == "cut":
            work = "the operation and further phases" if live else "the plan"
            yield self.finding(
                f"The program's budget was cut; {work} must be brought back in line with it.",
                likelihood=BUDGET_CUT,
                impact=impact,
                pointers=["/governance/budget_status"],
                nodes=phases,
                severity="high",
                recommendations=[
                    recommend(
                        "Re-plan with the sponsor and the steering committee: decide which "
                        "phases and features the remaining budget covers, postpone the rest, "
                        "and have that plan approved.",
                        "high",
                        set_("/governance/budget_status", "approved"),
                    )
                ],
            )
        elif status == "under_review":
            yield self.finding(
                "The program's budget is under review: teams plan against money that may not come.",
                likelihood=BUDGET_REVIEW,
                impact=impact,
                pointers=["/governance/budget_status"],
                nodes=phases,
                severity="medium",
                recommendations=[
                    recommend(
                        "Settle the budget review with the sponsor: agree which scope the "
                        "budget covers and have it approved.",
                        "medium",
                        set_("/governance/budget_status", "approved"),
                    )
                ],
            )

    def _unknown(self, stated: _Stated, impact: float, committee: list[str]) -> Iterator[Finding]:
        open_facts: list[tuple[str, str, float]] = []
        if stated.risk_register is None and not stated.register_evident:
            open_facts.append(("risk_register", "a risk register", REGISTER))
        if stated.change_control is None:
            change = CHANGE_UNDER_PRESSURE if self._pressure(stated) else CHANGE
            open_facts.append(("change_control", "change control for scope", change))
        if stated.stage_gates is None and stated.gated_phases is not False:
            gates = GATES if stated.gated_phases else GATES_PHASES_UNKNOWN
            open_facts.append(("stage_gates", "stage gates between phases", gates))
        if not open_facts:
            return
        what = names([text for _, text, _ in open_facts])
        yield self.finding(
            f"Nobody has stated whether the program has {what}; at this size a program "
            "without them is steered by impression.",
            likelihood=DOUBT * max(lik for _, _, lik in open_facts),
            impact=impact,
            pointers=[f"/governance/{open_facts[0][0]}"],
            nodes=committee,
            severity="medium",
            recommendations=[
                recommend(
                    "Find out how the steering committee controls risks, scope changes and the "
                    "start of each phase; where it does not, set up the missing mechanism.",
                    "medium",
                    *(set_(f"/governance/{fact}", True) for fact, _, _ in open_facts),
                )
            ],
        )
