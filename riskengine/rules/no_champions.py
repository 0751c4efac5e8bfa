"""CRM015 no-champions: no one inside the user departments speaks up for the system."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, recommend, set_, size_factor


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
    settings_model = NoChampionsSettings
    checks = (
        "Every department whose staff carry out CRM processes, above a minimum size: whether "
        "it has champions, colleagues who promote the system locally and report where it "
        "rubs."
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
    risky_example = """\
organization: {name: Norrow Bank, crm_seats: 300}
departments:
  branches: {headcount: 200}
roles:
  advisor: {department: branches, count: 180}
processes:
  advice_meetings: {performed_by: [advisor]}
"""
    healthy_example = """\
organization: {name: Norrow Bank, crm_seats: 300}
departments:
  branches: {headcount: 200}
roles:
  advisor: {department: branches, count: 180}
  branch_champion: {kind: champion, department: branches, count: 6}
processes:
  advice_meetings: {performed_by: [advisor]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        scale = size_factor(ctx.seats, s.min_seats, s.large_seats, 0.4)
        roles = ctx.profile.roles
        for key in sorted(ctx.profile.departments):
            dep = ctx.profile.departments[key]
            if not dep.uses_crm:
                continue
            mine = {k: r for k, r in roles.items() if r.department == key}
            if any(r.kind == "champion" and r.count for r in mine.values()):
                continue
            users = sum(
                r.count
                for k, r in mine.items()
                if ctx.graph.successors(node_id("role", k), "performs")
            )
            if users < s.min_department_users:
                continue
            node = node_id("department", key)
            name = dep.name or key
            champion = {
                "name": f"{name} champion",
                "kind": "champion",
                "department": key,
                "count": max(1, users // s.users_per_champion),
                "trained": True,
            }
            yield self.finding(
                f"{name} has {users} CRM users and no champion among them.",
                likelihood=0.55,
                impact=scale * (0.3 + 0.7 * ctx.graph.reach(node)),
                pointers=[pointer("departments", key)],
                nodes=[node, *ctx.graph.department_processes(key)],
                recommendations=[
                    recommend(
                        f"Name champions in {name} and give them time to help colleagues.",
                        "low",
                        set_(pointer("roles", f"{key}_champion"), champion),
                    )
                ],
            )
