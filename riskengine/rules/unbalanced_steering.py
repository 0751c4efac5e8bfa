"""CRM014 unbalanced-steering: no committee, or one run by IT without the business groups."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.base import CADENCE_ORDER
from riskengine.profile.people import SteeringCommittee
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import add, pointer, recommend, set_, size_factor


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


class UnbalancedSteering(Rule[UnbalancedSteeringSettings]):
    id = "CRM014"
    slug = "unbalanced-steering"
    title = "Steering committee dominated by IT or missing groups"
    pillar = "people"
    severity = "medium"
    settings_model = UnbalancedSteeringSettings
    checks = (
        "Whether a rollout of some size has a steering committee; whether IT holds more than "
        "its share of the seats; whether each customer-facing group that uses the CRM has a "
        "seat; whether members give real time and carry weight; whether the sponsor chairs "
        "it and it meets regularly."
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
    risky_example = """\
organization: {name: Tamsin Logistics, crm_seats: 400}
departments:
  it: {side: it}
  sales: {side: sales, customer_facing: true}
steering_committee:
  chaired_by_sponsor: false
  members: [{department: it}, {department: it}]
"""
    healthy_example = """\
organization: {name: Tamsin Logistics, crm_seats: 400}
departments:
  it: {side: it}
  sales: {side: sales, customer_facing: true}
  service: {side: service, customer_facing: true}
steering_committee:
  members: [{department: it}, {department: sales}, {department: service}]
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.committee_from_seats:
            return
        scale = size_factor(ctx.seats, s.committee_from_seats, s.large_seats, 0.4)
        committee = ctx.profile.steering_committee
        if committee is None:
            yield self._missing(ctx, scale)
            return
        yield from self._it_share(ctx, committee, scale)
        yield from self._missing_groups(ctx, committee, scale)
        yield from self._members(ctx, committee, scale)
        yield from self._governance(ctx, committee, scale)

    def _using_groups(self, ctx: Context) -> list[str]:
        return sorted(k for k, d in ctx.profile.departments.items() if d.uses_crm)

    def _missing(self, ctx: Context, scale: float) -> Finding:
        committee = {
            "chaired_by_sponsor": ctx.profile.sponsor is not None,
            "meets": "monthly",
            "members": [{"department": d} for d in self._using_groups(ctx)],
        }
        return self.finding(
            f"A {ctx.seats}-seat rollout has no steering committee.",
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

    def _it_share(
        self, ctx: Context, committee: SteeringCommittee, scale: float
    ) -> Iterator[Finding]:
        members = committee.members
        if not members:
            return
        is_it = [ctx.profile.departments[m.department].side == "it" for m in members]
        share = sum(is_it) / len(members)
        if share <= self.settings.max_it_share:
            return
        kept = [
            m.model_dump(exclude_defaults=True)
            for m, it in zip(members, is_it, strict=True)
            if not it
        ]
        first_it = next(m for m, it in zip(members, is_it, strict=True) if it)
        kept.append(first_it.model_dump(exclude_defaults=True))
        yield self.finding(
            f"IT holds {sum(is_it)} of the {len(members)} steering seats.",
            likelihood=0.4
            + 0.5 * (share - self.settings.max_it_share) / (1 - self.settings.max_it_share + 1e-9),
            impact=scale,
            pointers=["/steering_committee/members"],
            nodes=["steering_committee"],
            recommendations=[
                recommend(
                    "Keep one IT seat on the steering committee and give the others to the "
                    "business groups that use the CRM.",
                    "medium",
                    set_("/steering_committee/members", kept),
                )
            ],
        )

    def _missing_groups(
        self, ctx: Context, committee: SteeringCommittee, scale: float
    ) -> Iterator[Finding]:
        seated = {m.department for m in committee.members}
        for key in self._using_groups(ctx):
            dep = ctx.profile.departments[key]
            if key in seated or not dep.customer_facing:
                continue
            node = node_id("department", key)
            yield self.finding(
                f"{dep.name or key} uses the CRM with customers but has no steering seat.",
                likelihood=0.55,
                impact=scale * (0.3 + 0.7 * ctx.graph.reach(node)),
                pointers=[pointer("departments", key), "/steering_committee/members"],
                nodes=[node, "steering_committee", *ctx.graph.department_processes(key)],
                recommendations=[
                    recommend(
                        f"Give {dep.name or key} a seat on the steering committee.",
                        "low",
                        add("/steering_committee/members", {"department": key}),
                    )
                ],
            )

    def _members(
        self, ctx: Context, committee: SteeringCommittee, scale: float
    ) -> Iterator[Finding]:
        minimum = self.settings.min_hours_per_month
        for i, member in enumerate(committee.members):
            if member.hours_per_month >= minimum and member.influential:
                continue
            dep = ctx.profile.departments[member.department]
            field = "hours_per_month" if member.hours_per_month < minimum else "influential"
            problem = (
                f"gives only {member.hours_per_month:g} "
                f"{'hour' if member.hours_per_month == 1 else 'hours'} a month"
                if field == "hours_per_month"
                else "carries little weight in that group"
            )
            yield self.finding(
                f"The steering member for {dep.name or member.department} {problem}.",
                likelihood=0.35,
                impact=scale * 0.6,
                pointers=[pointer("steering_committee", "members", i, field)],
                nodes=["steering_committee", node_id("department", member.department)],
                severity="low",
                recommendations=[
                    recommend(
                        f"Seat someone for {dep.name or member.department} with standing and "
                        f"at least {minimum:g} hours a month.",
                        "low",
                        set_(
                            pointer("steering_committee", "members", i, "hours_per_month"),
                            max(member.hours_per_month, minimum),
                        ),
                        set_(pointer("steering_committee", "members", i, "influential"), True),
                    )
                ],
            )

    def _governance(
        self, ctx: Context, committee: SteeringCommittee, scale: float
    ) -> Iterator[Finding]:
        if ctx.profile.sponsor is not None and not committee.chaired_by_sponsor:
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
        if CADENCE_ORDER[committee.meets] < CADENCE_ORDER["quarterly"]:
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
