"""CRM010 unrepresentative-pilot: phases go live without a pilot that looks like the users."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display,
    display_names,
    is_small,
    names,
    plural,
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
    """Share of the people who will use a phase (counted by their roles' ``count``) that its
    pilot group should represent. A pilot whose roles cover this share of them or less is
    reported (the bound is inclusive: exactly half is not enough)."""
    unknown_pilot_from_seats: int = Field(default=500, ge=0)
    """From this many (stated) seats on, a phase whose pilot is not stated at all is reported
    with half the likelihood of a phase known to have none."""


@dataclass(frozen=True)
class _Users:
    """The roles that will carry out a phase's business processes, with their head-counts."""

    roles: list[str]
    people: dict[str, float]
    """Head-count per role; a count the profile leaves out is estimated (see `estimated`)."""
    estimated: list[str]
    """Roles whose head-count is not stated."""

    @property
    def total(self) -> float:
        return sum(self.people.values())


class UnrepresentativePilot(Rule[UnrepresentativePilotSettings]):
    id = "CRM010"
    slug = "unrepresentative-pilot"
    title = "No pilot, or a pilot that does not represent the users"
    pillar = "process"
    severity = "medium"
    area = "pilot"
    settings_model = UnrepresentativePilotSettings
    checks = (
        "For every phase that changes business processes: whether a pilot group uses it "
        "first (`pilot: false` says there is none), whether that group represents the people "
        "who will carry out the phase's processes (counted by head-count, so leaving out the "
        "largest group weighs most), and whether the pilot is observed and measured. Once the "
        "program is live, phases already done are history and are not judged. Unknowns: a "
        "phase whose pilot is not stated is an open question, reported (with half the "
        "likelihood of a phase known to have none) only on rollouts of at least "
        "`unknown_pilot_from_seats` stated seats; pilot roles or observation not stated give "
        "no finding; a role's head-count not stated is estimated as the average of the other "
        "users, and a coverage finding that rests on such an estimate has half the likelihood. "
        "Processes of unknown kind are not counted as business processes. An unknown size "
        "counts as not small."
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
    effort = (
        "Running pilots where there are none is **medium** for up to three phases and **high** for "
        "more: each pilot needs a group from every role that will use the phase, time away from "
        "their daily work, and measured results before rollout. Adding the missing roles to a "
        "pilot that exists, or watching it work through test cases and recording the results "
        "against the phase's measures, is **low**: the pilot already runs, and this widens it or "
        "writes it down."
    )
    risky_example = """\
organization: {name: Corvid Telecom, crm_seats: 600}
roles:
  agent: {count: 400}
  dispatcher: {count: 60}
processes:
  fault_handling: {kind: business, performed_by: [agent, dispatcher]}
phases:
  faults: {processes: [fault_handling], pilot: {roles: [dispatcher], observed: false}}
"""
    healthy_example = """\
organization: {name: Corvid Telecom, crm_seats: 600}
roles:
  agent: {count: 400}
  dispatcher: {count: 60}
processes:
  fault_handling: {kind: business, performed_by: [agent, dispatcher]}
phases:
  faults: {processes: [fault_handling], pilot: {roles: [agent, dispatcher], observed: true}}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        stage = ctx.stage
        scale = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        without: list[_NoPilot] = []
        for key in sorted(ctx.profile.phases):
            if stage not in ("planning", "implementing"):
                status = ctx.ask(pointer("phases", key, "status"))
                if stage == "live" and status == "done":
                    continue  # already rolled out: a pilot for it can no longer help
            users = self._users(ctx, key)
            if users.total <= 0:
                continue
            # an unknown share of an unknown size adds nothing
            share = 0.0 if not seats else min(1.0, users.total / seats)
            impact = scale * (0.3 + 0.7 * share)
            yield from self._check(ctx, key, users, impact, seats, without)
        for known in (True, False):
            phases = [g for g in without if g.known is known]
            if phases:
                yield self._without_pilot(phases)

    def _without_pilot(self, phases: list[_NoPilot]) -> Finding:
        """One finding for the phases going live without a pilot: the program skips piloting."""
        known = phases[0].known
        missing = 1.0
        for phase in phases:
            missing *= 1.0 - phase.impact
        listed = names([p.name for p in phases])
        one = len(phases) == 1
        word = "Phase" if one else "Phases"
        count = plural(len({r for p in phases for r in p.roles}), "user role", "user roles")
        if known:
            message = f"{word} {listed} {'goes' if one else 'go'} live for {count} without a pilot"
            message += " group." if one else " group first."
        else:
            message = (
                f"Nobody has stated whether phase{'' if one else 's'} {listed} "
                f"{'has' if one else 'have'} a pilot group before going live for {count}."
            )
        each = "" if one else ", each"
        return self.finding(
            message,
            likelihood=0.7 if known else 0.35,
            impact=1.0 - missing,
            pointers=[pointer("phases", p.key, "pilot") for p in phases],
            nodes=[n for p in phases for n in p.nodes],
            recommendations=[
                # a pilot is a few weeks of a small group's time plus someone watching it,
                # repeated for each phase: medium, high once it spans more than three phases
                recommend(
                    f"Run {word.lower()} {listed}{each} with a pilot group from every role that "
                    "will use it, and measure the results before rolling out.",
                    "medium" if len(phases) <= 3 else "high",
                    *(
                        set_(
                            pointer("phases", p.key, "pilot"), {"roles": p.roles, "observed": True}
                        )
                        for p in phases
                    ),
                )
            ],
        )

    def _users(self, ctx: Context, key: str) -> _Users:
        """Roles carrying out the phase's (known) business processes, and how many people."""
        processes: list[str] = ctx.ask(pointer("phases", key, "processes")) or []
        roles: set[str] = set()
        for proc in processes:
            kind = ctx.ask(pointer("processes", proc, "kind"))
            performers: list[str] = ctx.ask(pointer("processes", proc, "performed_by")) or []
            if kind == "business":
                roles.update(performers)
        counts: dict[str, int | None] = {
            r: ctx.ask(pointer("roles", r, "count")) for r in sorted(roles)
        }
        known = [c for c in counts.values() if c is not None]
        guess = sum(known) / len(known) if known else 1.0
        people = {r: float(guess if c is None else c) for r, c in counts.items()}
        estimated = [r for r, c in counts.items() if c is None]
        return _Users(sorted(roles), people, estimated)

    def _check(
        self,
        ctx: Context,
        key: str,
        users: _Users,
        impact: float,
        seats: int | None,
        without: list[_NoPilot],
    ) -> Iterator[Finding]:
        """The phase's pilot findings; a phase without one joins `without`."""
        name = ctx.profile.phases[key].name or key
        nodes = [node_id("phase", key), *(node_id("role", u) for u in users.roles)]
        at = pointer("phases", key, "pilot")
        pilot = ctx.ask(at)
        pilot_roles: list[str] | None = None
        observed: bool | None = None
        if pilot is not False:
            # asked even when the pilot is not stated, so stating it adds no questions
            pilot_roles = ctx.ask(pointer("phases", key, "pilot", "roles"))
            observed = ctx.ask(pointer("phases", key, "pilot", "observed"))
        if pilot is None or pilot is False:
            known = pilot is False
            if not known and (seats is None or seats < self.settings.unknown_pilot_from_seats):
                return  # an open question
            without.append(_NoPilot(key, name, known, impact, list(users.roles), tuple(nodes)))
            return
        if pilot_roles is not None:
            yield from self._coverage(ctx, key, name, users, pilot_roles, impact, nodes)
        if observed is False:
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

    def _coverage(
        self,
        ctx: Context,
        key: str,
        name: str,
        users: _Users,
        pilot_roles: list[str],
        impact: float,
        nodes: list[str],
    ) -> Iterator[Finding]:
        missing = [u for u in users.roles if u not in pilot_roles and users.people[u] > 0]
        if not missing:
            return
        coverage = 1 - sum(users.people[m] for m in missing) / users.total
        if coverage > self.settings.min_coverage:
            return
        left_out = display_names(ctx.profile, [node_id("role", m) for m in missing])
        # kept below the no-pilot case, so a poor pilot never scores worse than none
        likelihood = 0.55 * (1 - coverage)
        share = f"{round(100 * (1 - coverage))}% of the people who will use it"
        guessed = [display(ctx.profile, node_id("role", r)) for r in users.estimated]
        if guessed:
            likelihood /= 2  # the share rests on head-counts the profile does not state
            share += f"; the head-count of {names(guessed)} is not stated"
        yield self.finding(
            f"The pilot of phase {name} leaves out {left_out} ({share}).",
            likelihood=likelihood,
            impact=impact,
            pointers=[pointer("phases", key, "pilot", "roles")],
            nodes=nodes,
            recommendations=[
                recommend(
                    f"Add people from {left_out} to the pilot of phase {name}.",
                    "low",
                    set_(
                        pointer("phases", key, "pilot", "roles"),
                        sorted({*pilot_roles, *missing}),
                    ),
                )
            ],
        )


class _NoPilot(NamedTuple):
    """A phase going live without a pilot (known), or with nobody saying whether it has one."""

    key: str
    name: str
    known: bool
    impact: float
    roles: list[str]
    nodes: tuple[str, ...]


def _pilot(phase: _NoPilot) -> dict[str, object]:
    """A pilot group drawn from every role the phase serves, watched as it works."""
    return {"roles": phase.roles, "observed": True}
