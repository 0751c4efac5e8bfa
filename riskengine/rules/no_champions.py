"""CRM015 no-champions: no one inside the user departments speaks up for the system."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, recommend, set_, size_factor


class NoChampionsSettings(RuleSettings):
    """Thresholds of CRM015."""

    min_seats: int = Field(default=25, ge=0)
    """Below this many seats everyone knows each other; the rule stays quiet."""
    min_department_users: int = Field(default=15, ge=1)
    """Departments with fewer CRM users than this are not expected to have a champion."""
    users_per_champion: int = Field(default=25, ge=1)
    """Users one champion can support; used to size the recommendation."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, missing champions have their full impact."""


class NoChampions(Rule[NoChampionsSettings]):
    id = "CRM015"
    slug = "no-champions"
    title = "No champions in the departments that use the system"
    pillar = "people"
    severity = "medium"
    area = "change management"
    settings_model = NoChampionsSettings
    checks = (
        "Every department whose staff carry out CRM processes, above a minimum size: whether "
        "it has champions, colleagues who promote the system locally and report where it "
        "rubs. A department is judged only when the profile states that it uses the CRM, and "
        "it lacks champions only when every one of its roles has a stated kind and no champion "
        "role has a stated number above zero: a role of unknown kind, or champions of unknown "
        "number, might be the champions, so the rule asks instead of reporting. Users whose "
        "number is unknown are not counted, so a department is reported only when the users "
        "stated already reach the minimum."
    )
    why = (
        "Users believe colleagues more than project teams. Without a champion in the room, "
        "complaints spread unanswered, small frictions never reach the people who could fix "
        "them, and the department settles into the old way of working."
    )
    fix = (
        "Pick respected, enthusiastic users in each department as champions, train them early, "
        "give them time to help colleagues, and listen to what they report."
    )
    effort = (
        "Naming champions is **low** for one group and **medium** for several: every group needs a "
        "respected colleague willing to help the others and a manager who releases part of their "
        "time, so each additional group is one more such agreement."
    )
    risky_example = """\
organization: {name: Norrow Bank, crm_seats: 300}
departments:
  branches: {headcount: 200, uses_crm: true}
roles:
  advisor: {kind: end_user, department: branches, count: 180}
processes:
  advice_meetings: {performed_by: [advisor]}
"""
    healthy_example = """\
organization: {name: Norrow Bank, crm_seats: 300}
departments:
  branches: {headcount: 200, uses_crm: true}
roles:
  advisor: {kind: end_user, department: branches, count: 180}
  branch_champion: {kind: champion, department: branches, count: 6}
processes:
  advice_meetings: {performed_by: [advisor]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        small = is_small(seats, s.min_seats)  # asked all the same, so the size adds knowledge
        scale = size_factor(seats, s.min_seats, s.large_seats, 0.4)
        # which groups use the CRM, and who works in them, are themselves questions
        ctx.ask("/departments")
        ctx.ask("/roles")
        gaps: list[_Gap] = []
        for key in sorted(ctx.profile.departments):
            uses = ctx.ask(pointer("departments", key, "uses_crm"))
            if uses is False:
                continue
            mine = ctx.roles_in(key)
            # asked even when the department's use is unknown: each becomes an open question
            kinds = {k: ctx.ask(pointer("roles", k, "kind")) for k in mine}
            counts = {k: ctx.ask(pointer("roles", k, "count")) for k in mine}
            if uses is None or small:
                continue
            champions = [k for k in mine if kinds[k] == "champion"]
            if any(counts[k] for k in champions):
                continue
            # a role of unknown kind, or champions of unknown number, may be the champions
            if any(kinds[k] is None for k in mine) or any(counts[k] is None for k in champions):
                continue
            performers = [k for k in mine if ctx.graph.successors(node_id("role", k), "performs")]
            users = sum(counts[k] or 0 for k in performers)
            if users < s.min_department_users:
                continue  # with some counts unknown, not known to be big enough
            node = node_id("department", key)
            at_least = "at least " if any(counts[k] is None for k in performers) else ""
            gaps.append(
                _Gap(
                    key=key,
                    name=ctx.profile.departments[key].name or key,
                    users=f"{at_least}{users}",
                    impact=scale * (0.3 + 0.7 * ctx.graph.reach(node)),
                    champions=max(1, users // s.users_per_champion),
                    nodes=(node, *ctx.graph.department_processes(key)),
                )
            )
        if gaps:
            yield self._finding(gaps)

    def _finding(self, gaps: list[_Gap]) -> Finding:
        """One finding for every department without a champion: one cause, one network to build."""
        missing = 1.0
        for gap in gaps:
            missing *= 1.0 - gap.impact
        if len(gaps) == 1:
            gap = gaps[0]
            message = f"{gap.name} has {gap.users} CRM users and no champion among them."
        else:
            listed = ", ".join(f"{g.name} ({g.users} users)" for g in gaps[:-1])
            last = f"{gaps[-1].name} ({gaps[-1].users} users)"
            message = f"No department has a champion among its CRM users: {listed} and {last}."
        names = [g.name for g in gaps]
        where = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return self.finding(
            message,
            likelihood=0.55,
            impact=1.0 - missing,
            pointers=[pointer("departments", g.key) for g in gaps],
            nodes=[n for g in gaps for n in g.nodes],
            recommendations=[
                # naming a few willing colleagues and freeing some of their time is a decision,
                # not a project: low for one department, medium once several must be organized
                recommend(
                    f"Name champions in {where} and give them time to help colleagues.",
                    "low" if len(gaps) == 1 else "medium",
                    *(set_(pointer("roles", f"{g.key}_champion"), _champion(g)) for g in gaps),
                )
            ],
        )


class _Gap(NamedTuple):
    """A department whose CRM users have no champion."""

    key: str
    name: str
    users: str
    impact: float
    champions: int
    nodes: tuple[str, ...]


def _champion(gap: _Gap) -> dict[str, object]:
    """The champion role the department needs."""
    return {
        "name": f"{gap.name} champion",
        "kind": "champion",
        "department": gap.key,
        "count": gap.champions,
        "trained": True,
    }
