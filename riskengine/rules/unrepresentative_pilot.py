"""CRM010 unrepresentative-pilot: phases go live without a pilot that looks like the users."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.program import Phase
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display,
    names,
    pointer,
    recommend,
    set_,
    size_factor,
)


class UnrepresentativePilotSettings(RuleSettings):
    """Thresholds of CRM010."""

    min_seats: int = Field(default=25, ge=0)
    """Below this many seats everyone is effectively in the pilot; the rule stays quiet."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, a missing pilot has its full impact."""
    min_coverage: float = Field(default=0.5, ge=0, le=1)
    """Share of the roles that will use a phase that its pilot group should include."""


class UnrepresentativePilot(Rule[UnrepresentativePilotSettings]):
    id = "CRM010"
    slug = "unrepresentative-pilot"
    title = "No pilot, or a pilot that does not represent the users"
    pillar = "process"
    severity = "medium"
    settings_model = UnrepresentativePilotSettings
    checks = (
        "For every phase that changes business processes: whether a pilot group uses it "
        "first, whether that group includes the roles that will carry out the phase's "
        "processes, and whether the pilot is observed and measured."
    )
    why = (
        "A pilot is where a phase meets its real users while mistakes are still cheap. "
        "Without one, every user group finds the gaps at once, in front of customers. A "
        "pilot drawn from the wrong people (only enthusiasts, or only one department) passes "
        "easily and proves nothing about the roles that were left out."
    )
    fix = (
        "Give each phase a pilot group drawn from every role that will use it, watch it "
        "work through real cases, measure the results, and let pilot members help train the "
        "rest when the phase rolls out role by role."
    )
    risky_example = """\
organization: {name: Corvid Telecom, crm_seats: 600}
roles:
  agent: {count: 400}
  dispatcher: {count: 60}
processes:
  fault_handling: {performed_by: [agent, dispatcher]}
phases:
  faults: {processes: [fault_handling], pilot: {roles: [dispatcher], observed: false}}
"""
    healthy_example = """\
organization: {name: Corvid Telecom, crm_seats: 600}
roles:
  agent: {count: 400}
  dispatcher: {count: 60}
processes:
  fault_handling: {performed_by: [agent, dispatcher]}
phases:
  faults: {processes: [fault_handling], pilot: {roles: [agent, dispatcher]}}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        scale = size_factor(ctx.seats, s.min_seats, s.large_seats, floor=0.4)
        for key in sorted(ctx.profile.phases):
            phase = ctx.profile.phases[key]
            users = self._users(ctx, phase)
            if not users:
                continue
            people = sum(ctx.profile.roles[u].count for u in users)
            impact = scale * (0.3 + 0.7 * min(1.0, people / max(ctx.seats, 1)))
            yield from self._check(ctx, key, phase, users, impact)

    def _users(self, ctx: Context, phase: Phase) -> list[str]:
        """Roles carrying out the phase's business processes."""
        roles = {
            r.split(":", 1)[1]
            for proc in phase.processes
            if ctx.profile.processes[proc].kind == "business"
            for r in ctx.graph.predecessors(node_id("process", proc), "performs")
        }
        return sorted(roles)

    def _check(
        self, ctx: Context, key: str, phase: Phase, users: list[str], impact: float
    ) -> Iterator[Finding]:
        name = phase.name or key
        nodes = [node_id("phase", key), *(node_id("role", u) for u in users)]
        if phase.pilot is None:
            yield self.finding(
                f"Phase {name} goes live for {len(users)} user roles without a pilot group.",
                likelihood=0.7,
                impact=impact,
                pointers=[pointer("phases", key, "pilot")],
                nodes=nodes,
                recommendations=[
                    recommend(
                        f"Run phase {name} with a pilot group from every role that will use "
                        "it, and measure the results before rolling out.",
                        "medium",
                        set_(pointer("phases", key, "pilot"), {"roles": users, "observed": True}),
                    )
                ],
            )
            return
        missing = [u for u in users if u not in phase.pilot.roles]
        coverage = 1 - len(missing) / len(users)
        if coverage < self.settings.min_coverage:
            left_out = names([display(ctx.profile, node_id("role", m)) for m in missing])
            yield self.finding(
                f"The pilot of phase {name} leaves out {left_out}, who will use it.",
                # kept below the no-pilot case, so a poor pilot never scores worse than none
                likelihood=0.55 * (1 - coverage),
                impact=impact,
                pointers=[pointer("phases", key, "pilot", "roles")],
                nodes=nodes,
                recommendations=[
                    recommend(
                        f"Add people from {left_out} to the pilot of phase {name}.",
                        "low",
                        set_(
                            pointer("phases", key, "pilot", "roles"),
                            sorted({*phase.pilot.roles, *missing}),
                        ),
                    )
                ],
            )
        if not phase.pilot.observed:
            yield self.finding(
                f"The pilot of phase {name} is not observed or measured.",
                likelihood=0.3,
                impact=impact * 0.8,
                pointers=[pointer("phases", key, "pilot", "observed")],
                nodes=nodes,
                severity="low",
                recommendations=[
                    recommend(
                        f"Watch the pilot of phase {name} work through test cases and record "
                        "its results against the phase's measures.",
                        "low",
                        set_(pointer("phases", key, "pilot", "observed"), True),
                    )
                ],
            )
