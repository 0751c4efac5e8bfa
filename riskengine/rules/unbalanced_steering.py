"""CRM014 unbalanced-steering: no committee, or one run by IT without the business groups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.graph import node_id
from riskengine.profile.base import CADENCE_ORDER
from riskengine.profile.people import SteeringMember
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import add, is_small, names, pointer, recommend, set_, size_factor
from riskengine.rules._steering_groups import (
    Group,
    composition_message,
    left_out_groups,
    one_it_seat,
    proposed_committee,
    read_groups,
    read_member_facts,
)


class UnbalancedSteeringSettings(RuleSettings):
    """Thresholds of CRM014."""

    committee_from_seats: int = Field(default=50, ge=0)
    """From this many seats on, the program needs a steering committee."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, a weak committee has its full impact."""
    max_it_share: float = Field(default=0.4, ge=0, le=1)
    """Largest share of committee seats IT should hold."""
    min_hours_per_month: float = Field(default=2.0, ge=0)
    """Time a member needs to give each month to steer anything."""
    unknown_from_seats: int = Field(default=500, ge=0)
    """From this many seats on, not knowing whether the program has a steering committee is
    itself reported (with reduced likelihood); below it an unstated committee is only an open
    question."""


class UnbalancedSteering(Rule[UnbalancedSteeringSettings]):
    id = "CRM014"
    slug = "unbalanced-steering"
    title = "Steering committee dominated by IT or missing groups"
    pillar = "people"
    severity = "medium"
    area = "governance"
    settings_model = UnbalancedSteeringSettings
    checks = (
        "Whether a rollout of some size has a steering committee; whether IT holds more than "
        "its share of the seats; whether each customer-facing group that uses the CRM has a "
        "seat; whether members give real time and carry weight; whether the sponsor chairs "
        "it and it meets regularly. Only `steering_committee: false` means there is none. A "
        "profile that says nothing about a committee is not taken to have none: its facts "
        "become open questions, and only from `unknown_from_seats` seats on does the rule "
        "report, with reduced likelihood, that nobody has stated whether one exists. A member "
        "whose department's side is unknown is not counted as IT; an unknown member list, "
        "time, weight, chair or meeting cadence is an open question, not a finding; a group "
        "is missed only when the profile states that it uses the CRM and faces customers. IT "
        "dominance is reported only when something can be changed: the rule proposes to keep "
        "one IT seat (the one whose department and role ids come first, so the order of the "
        "list does not matter) and to seat the business groups that use the CRM and have "
        "none; if that would leave the committee as it is, it reports nothing."
    )
    why = (
        "The steering committee decides the vision, the roadmap and the budget. When IT fills "
        "it, decisions bend toward what today's systems can do rather than what customers "
        "need. A group without a seat has its needs discovered late, and members with no time "
        "or influence turn the committee into an audience."
    )
    fix = (
        "Chair the committee with the sponsor, give every group that feeds or uses the CRM a "
        "seat held by someone with weight in that group and time to give, and keep IT to one "
        "or two seats among them."
    )
    effort = (
        "Decisions about a committee that exists are **low**: the sponsor taking the chair, "
        "meeting monthly, seating someone with standing and enough hours for a group, or giving "
        "one left-out group a seat. Finding out who steers the program, and setting up a committee "
        "only if nobody does, is **low** too. Seating several left-out groups, rebalancing a "
        "committee that IT dominates, and setting up a committee where there is known to be none "
        "are **medium**: members to choose and persuade, terms to agree, diaries to clear."
    )
    risky_example = """\
organization: {name: Tamsin Logistics, crm_seats: 400}
departments:
  it: {side: it, uses_crm: true}
  sales: {side: sales, customer_facing: true, uses_crm: true}
steering_committee:
  chaired_by_sponsor: false
  meets: quarterly
  members: [{department: it}, {department: it}]
"""
    healthy_example = """\
organization: {name: Tamsin Logistics, crm_seats: 400}
sponsor: {side: sales}
departments:
  it: {side: it, uses_crm: true}
  sales: {side: sales, customer_facing: true, uses_crm: true}
  service: {side: service, customer_facing: true, uses_crm: true}
steering_committee:
  chaired_by_sponsor: true
  meets: monthly
  members:
  - {department: it, hours_per_month: 4, influential: true}
  - {department: sales, hours_per_month: 6, influential: true}
  - {department: service, hours_per_month: 6, influential: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        committee = ctx.ask("/steering_committee")
        sponsor = ctx.ask("/sponsor")
        groups = read_groups(ctx)
        chaired = meets = members = None
        member_facts: list[tuple[Any, Any]] = []
        if committee is not False:
            # asked even when the committee is unknown: each becomes an open question; who
            # chairs is no question when there is no sponsor
            if sponsor is not False:
                chaired = ctx.ask("/steering_committee/chaired_by_sponsor")
            meets = ctx.ask("/steering_committee/meets")
            members = ctx.ask("/steering_committee/members")
            member_facts = read_member_facts(ctx, members)
        if is_small(seats, s.committee_from_seats):
            return
        scale = size_factor(seats, s.committee_from_seats, s.large_seats, 0.4)
        if committee is False:
            yield self._missing(seats, proposed_committee(sponsor, groups), scale)
        elif committee is None:
            if seats is not None and seats >= s.unknown_from_seats:
                yield self._unknown(proposed_committee(sponsor, groups), scale)
        else:
            if members is not None:
                yield from self._composition(ctx, members, groups, scale)
                yield from self._members(members, member_facts, groups, scale)
            yield from self._governance(chaired, meets, sponsor, scale)

    def _missing(self, seats: int | None, committee: dict[str, Any], scale: float) -> Finding:
        """A rollout of some size known to have no steering committee."""
        rollout = "The rollout" if seats is None else f"A {seats}-seat rollout"
        return self.finding(
            f"{rollout} has no steering committee.",
            likelihood=0.75,
            impact=scale,
            pointers=["/steering_committee"],
            recommendations=[
                recommend(
                    "Set up a steering committee chaired by the sponsor with a seat for "
                    "every group that feeds or uses the CRM.",
                    "medium",
                    set_("/steering_committee", committee),
                )
            ],
        )

    def _unknown(self, committee: dict[str, Any], scale: float) -> Finding:
        """At a size that needs a committee, nobody has stated whether there is one."""
        # under half the likelihood of a known missing committee, and below what any bad
        # answer about the committee's chair or meetings gives
        return self.finding(
            "Nobody has stated whether the program has a steering committee, and a program "
            "of this size needs one.",
            likelihood=0.3,
            impact=scale,
            pointers=["/steering_committee"],
            recommendations=[
                recommend(
                    "Find out who steers the program; if nobody does, set up a steering "
                    "committee chaired by the sponsor with a seat for every group that uses "
                    "the CRM.",
                    "low",
                    set_("/steering_committee", committee),
                )
            ],
        )

    def _composition(
        self,
        ctx: Context,
        members: list[SteeringMember],
        groups: Mapping[str, Group],
        scale: float,
    ) -> Iterator[Finding]:
        """One finding for who sits on the committee: IT's share and the groups left out."""
        it_part, rebalance = self._it_share(members, groups)
        left_out = left_out_groups(members, groups)
        if it_part is None and not left_out:
            return
        chances = [] if it_part is None else [it_part[1]]
        nodes = ["steering_committee"]
        for key in left_out:
            node = node_id("department", key)
            chances.append(0.55 * (0.3 + 0.7 * ctx.graph.reach(node)))
            nodes += [node, *ctx.graph.department_processes(key)]
        missing = 1.0
        for chance in chances:
            missing *= 1.0 - chance
        yield self.finding(
            composition_message(it_part, [groups[k].name for k in left_out]),
            likelihood=1.0 - missing,
            impact=scale,
            pointers=[
                "/steering_committee/members",
                *(pointer("departments", k) for k in left_out),
            ],
            nodes=nodes,
            recommendations=[rebalance or _seat(left_out, groups)],
        )

    def _it_share(
        self, members: list[SteeringMember], groups: Mapping[str, Group]
    ) -> tuple[tuple[str, float] | None, Recommendation | None]:
        """IT's excess share of the seats (its sentence and chance) and how to rebalance it."""
        if not members:
            return None, None
        # a member whose department's side is unknown is not counted as IT
        is_it = [groups[m.department].side == "it" for m in members]
        it_seats = sum(is_it)
        share = it_seats / len(members)
        limit = self.settings.max_it_share
        if share <= limit:
            return None, None
        recommendation = self._rebalance(members, is_it, groups)
        if recommendation is None:
            return (
                None,
                None,
            )  # nothing to change: IT holds one seat and no business group lacks one
        chance = 0.4 + 0.5 * (share - limit) / (1 - limit + 1e-9)
        return (f"IT holds {it_seats} of the {len(members)} steering seats", chance), recommendation

    def _rebalance(
        self,
        members: list[SteeringMember],
        is_it: list[bool],
        groups: Mapping[str, Group],
    ) -> Recommendation | None:
        """Keep one IT seat and seat the groups that use the CRM; never a no-op (None then)."""
        proposal = one_it_seat(members, is_it, groups)
        if proposal is None:
            return None
        kept, missing = proposal
        seats = [{"department": k} for k in missing]
        if len(kept) < len(members):
            return recommend(
                "Keep one IT seat on the steering committee and give the others to the "
                "business groups that use the CRM.",
                "medium",
                set_("/steering_committee/members", kept + seats),
            )
        return recommend(
            f"Give {names([groups[k].name for k in missing])} a seat on the steering "
            "committee, so the business groups that use the CRM outweigh IT.",
            "medium",
            *(add("/steering_committee/members", seat) for seat in seats),
        )

    def _members(
        self,
        members: list[SteeringMember],
        facts: list[tuple[Any, Any]],
        groups: Mapping[str, Group],
        scale: float,
    ) -> Iterator[Finding]:
        """Members who give the committee too little time or carry too little weight."""
        minimum = self.settings.min_hours_per_month
        for i, (member, (hours, influential)) in enumerate(zip(members, facts, strict=True)):
            at = ("steering_committee", "members", i)
            # unknown time or weight is an open question, not a weak member
            if hours is not None and hours < minimum:
                field = "hours_per_month"
                problem = f"gives only {hours:g} {'hour' if hours == 1 else 'hours'} a month"
            elif influential is False:
                field = "influential"
                problem = "carries little weight in that group"
            else:
                continue
            name = groups[member.department].name
            yield self.finding(
                f"The steering member for {name} {problem}.",
                likelihood=0.35,
                impact=scale * 0.6,
                pointers=[pointer(*at, field)],
                nodes=["steering_committee", node_id("department", member.department)],
                severity="low",
                recommendations=[
                    recommend(
                        f"Seat someone for {name} with standing and "
                        f"at least {minimum:g} hours a month.",
                        "low",
                        set_(
                            pointer(*at, "hours_per_month"),
                            minimum if hours is None else max(hours, minimum),
                        ),
                        set_(pointer(*at, "influential"), True),
                    )
                ],
            )

    def _governance(
        self, chaired: Any, meets: Any, sponsor: Any, scale: float
    ) -> Iterator[Finding]:
        """A committee its sponsor does not chair, or that hardly meets."""
        # with no sponsor (`sponsor: false`) nobody can chair as sponsor: that is CRM001's finding
        if chaired is False and sponsor is not False:
            yield self.finding(
                "The sponsor does not chair the steering committee.",
                likelihood=0.45,
                impact=scale * 0.8,
                pointers=["/steering_committee/chaired_by_sponsor"],
                nodes=["steering_committee"],
                recommendations=[
                    recommend(
                        "Have the sponsor chair the steering committee.",
                        "low",
                        set_("/steering_committee/chaired_by_sponsor", True),
                    )
                ],
            )
        if meets is not None and CADENCE_ORDER[meets] < CADENCE_ORDER["quarterly"]:
            yield self.finding(
                "The steering committee hardly meets.",
                likelihood=0.5,
                impact=scale * 0.8,
                pointers=["/steering_committee/meets"],
                nodes=["steering_committee"],
                recommendations=[
                    recommend(
                        "Meet monthly while the program runs.",
                        "low",
                        set_("/steering_committee/meets", "monthly"),
                    )
                ],
            )


def _seat(left_out: list[str], groups: Mapping[str, Group]) -> Recommendation:
    """Seat the customer-facing groups left out: a letter and a chair each, so low for one."""
    return recommend(
        f"Give {names([groups[k].name for k in left_out])} a seat on the steering committee.",
        "low" if len(left_out) == 1 else "medium",
        *(add("/steering_committee/members", {"department": k}) for k in left_out),
    )
