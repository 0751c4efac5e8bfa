"""CRM002 excluded-users: the people who will feed and use the CRM have no say in it."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.people import Department
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import plural, pointer, recommend, set_, size_factor


class ExcludedUsersSettings(RuleSettings):
    """Thresholds of CRM002."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats everybody is in the room anyway; the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, exclusion has its full impact."""
    min_headcount: int = Field(default=3, ge=0)
    """Departments smaller than this are not reported on their own."""


class ExcludedUsers(Rule[ExcludedUsersSettings]):
    id = "CRM002"
    slug = "excluded-users"
    title = "Front-line users excluded from planning"
    pillar = "people"
    severity = "high"
    settings_model = ExcludedUsersSettings
    checks = (
        "For every department whose staff will feed or use the CRM: whether anyone from it "
        "takes part in planning (a lead user, a steering seat) or its staff were consulted on "
        "process design; whether its staff have access at all; and whether the everyday tools "
        "it relies on (calendars, mailboxes) are connected to the CRM."
    )
    why = (
        "People who were never asked treat the system as something done to them: they enter "
        "the minimum, keep their own lists, and the gaps in the design only show up after "
        "go-live, when they are expensive to fix. A group that cannot log in, or whose "
        "daily tool the CRM ignores, simply works around it, and the data the rest of the "
        "company relies on never arrives."
    )
    fix = (
        "Give each user department a voice before design is fixed: a lead user in the "
        "project team or on the steering committee, and workshops with the staff who do the "
        "work. Licence every group that has a part in a CRM process, and integrate the tools "
        "people actually live in instead of asking them to switch."
    )
    risky_example = """\
organization: {name: Fernhill Foods, crm_seats: 180}
departments:
  field_sales: {headcount: 60, customer_facing: true, tools: [team_calendar]}
  account_support: {headcount: 25, has_access: false}
roles:
  rep: {kind: end_user, department: field_sales, count: 55}
  support_agent: {kind: end_user, department: account_support, count: 22}
processes:
  visit_planning: {performed_by: [rep, support_agent]}
data_sources:
  team_calendar: {kind: calendar, holds_customer_data: false, plan: none}
"""
    healthy_example = """\
organization: {name: Fernhill Foods, crm_seats: 180}
departments:
  field_sales: {headcount: 60, consulted_on_design: true, tools: [team_calendar]}
  account_support: {headcount: 25, consulted_on_design: true}
roles:
  rep: {kind: end_user, department: field_sales, count: 55}
  rep_lead: {kind: sme, department: field_sales, involved_in_planning: true}
  support_agent: {kind: end_user, department: account_support, count: 22}
processes:
  visit_planning: {performed_by: [rep, support_agent]}
data_sources:
  team_calendar: {kind: calendar, holds_customer_data: false, plan: integrate}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        scale = size_factor(ctx.seats, s.min_seats, s.large_seats, floor=0.4)
        for key, dep in ctx.profile.departments.items():
            if not dep.uses_crm or dep.headcount < s.min_headcount:
                continue
            processes = ctx.graph.department_processes(key)
            impact = scale * (0.3 + 0.7 * ctx.graph.reach(node_id("department", key)))
            nodes = [node_id("department", key), *processes]
            yield from self._voice(ctx, key, dep, impact, nodes)
            yield from self._access(key, dep, processes, impact, nodes)
            yield from self._tools(ctx, key, dep, impact)

    def _voice(
        self, ctx: Context, key: str, dep: Department, impact: float, nodes: list[str]
    ) -> Iterator[Finding]:
        if dep.consulted_on_design or ctx.graph.representatives(key):
            return
        name = dep.name or key
        changes = [set_(pointer("departments", key, "consulted_on_design"), True)]
        lead = _largest_role(ctx, key)
        if lead is not None:
            changes.append(set_(pointer("roles", lead, "involved_in_planning"), True))
        yield self.finding(
            f"{name} will use the CRM but nobody from it plans the program or was consulted "
            "on process design.",
            likelihood=0.9 if dep.customer_facing else 0.75,
            impact=impact,
            pointers=[pointer("departments", key, "consulted_on_design")],
            nodes=nodes,
            severity=None if dep.customer_facing else "medium",
            recommendations=[
                recommend(
                    f"Bring {name} into the program: a lead user in planning and design "
                    "workshops with the staff who do the work.",
                    "medium",
                    *changes,
                )
            ],
        )

    def _access(
        self, key: str, dep: Department, processes: list[str], impact: float, nodes: list[str]
    ) -> Iterator[Finding]:
        if dep.has_access or not processes:
            return
        name = dep.name or key
        yield self.finding(
            f"{name} has no access to the CRM although its staff carry out "
            f"{plural(len(processes), 'CRM process', 'CRM processes')}.",
            likelihood=0.95,
            impact=impact,
            pointers=[pointer("departments", key, "has_access")],
            nodes=nodes,
            recommendations=[
                recommend(
                    f"Give {name} licences and permissions for the processes it works in.",
                    "medium",
                    set_(pointer("departments", key, "has_access"), True),
                )
            ],
        )

    def _tools(self, ctx: Context, key: str, dep: Department, impact: float) -> Iterator[Finding]:
        for tool in sorted(set(dep.tools)):
            source = ctx.profile.data_sources[tool]
            # tools holding customer data are CRM005's subject (missing migration)
            if source.holds_customer_data or source.plan in ("integrate", "retire"):
                continue
            name, tool_name = dep.name or key, source.name or tool
            yield self.finding(
                f"{name} relies on {tool_name}, which the CRM does not connect to.",
                likelihood=0.6,
                impact=impact * 0.8,
                pointers=[pointer("data_sources", tool, "plan"), pointer("departments", key)],
                nodes=[node_id("data_source", tool), node_id("department", key)],
                severity="medium",
                recommendations=[
                    recommend(
                        f"Integrate {tool_name} with the CRM so {name} can keep working "
                        "in the tool it relies on.",
                        "medium",
                        set_(pointer("data_sources", tool, "plan"), "integrate"),
                    )
                ],
            )


def _largest_role(ctx: Context, department: str) -> str | None:
    """The department's biggest role, the natural place to find a lead user."""
    roles = [(r.count, k) for k, r in ctx.profile.roles.items() if r.department == department]
    return max(roles)[1] if roles else None
