"""CRM002 excluded-users: the people who will feed and use the CRM have no say in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, plural, pointer, recommend, set_, size_factor


class ExcludedUsersSettings(RuleSettings):
    """Thresholds of CRM002."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats everybody is in the room anyway; the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, exclusion has its full impact."""
    min_headcount: int = Field(default=3, ge=0)
    """Departments smaller than this are not reported on their own."""


@dataclass(frozen=True)
class _Department:
    """What the profile states about one department (None: not stated)."""

    key: str
    name: str
    uses_crm: bool | None
    customer_facing: bool | None
    consulted: bool | None
    has_access: bool | None
    planners: dict[str, bool | None]
    """The department's roles and whether each takes part in planning."""
    tools: list[tuple[str, bool | None, str | None]] | None
    """Tools it relies on: id, whether the tool holds customer data, its plan; None: not stated."""


class ExcludedUsers(Rule[ExcludedUsersSettings]):
    id = "CRM002"
    slug = "excluded-users"
    title = "Front-line users excluded from planning"
    pillar = "people"
    severity = "high"
    area = "user involvement"
    settings_model = ExcludedUsersSettings
    checks = (
        "For every department whose staff will feed or use the CRM: whether anyone from it "
        "takes part in planning (a lead user, a steering seat) or its staff were consulted on "
        "process design; whether its staff have access at all; and whether the everyday tools "
        "it relies on (calendars, mailboxes) are connected to the CRM: integrated, or replaced "
        "by it (migrated or retired). A department is judged only when the profile states "
        "that it uses the CRM. It counts as having no voice when the profile states that its "
        "staff were not consulted, that none of its roles plans, and who sits on the steering "
        "committee (or that there is none). If only whether its roles plan is unknown, the "
        "rule reports with half the likelihood that nobody has stated whether anyone from it "
        "plans; if the consultation or the committee's seats are unknown, it asks instead of "
        "reporting. An unknown access or tool plan is an "
        "open question, not a finding; a department of unknown headcount is not taken to be "
        "small, and one not known to face customers is judged as an internal group. Once the "
        "program is live, the texts speak of how the running CRM changes rather than of its "
        "first design."
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
    effort = (
        "Every action is **medium**. Giving a department a voice means freeing a lead user for "
        "planning and holding design workshops with its staff, hours taken from daily work over "
        "several weeks; giving it access means buying licences and designing permissions for the "
        "processes it works in; integrating the tool it relies on means an interface to specify, "
        "build and test. None is a single decision, and none is a program of its own."
    )
    risky_example = """\
organization: {name: Fernhill Foods, crm_seats: 180}
steering_committee: false
departments:
  field_sales:
    headcount: 60
    uses_crm: true
    customer_facing: true
    consulted_on_design: false
    has_access: true
    tools: [team_calendar]
  account_support: {headcount: 25, uses_crm: true, consulted_on_design: true, has_access: false}
roles:
  rep: {kind: end_user, department: field_sales, count: 55, involved_in_planning: false}
  support_agent: {kind: end_user, department: account_support, count: 22}
processes:
  visit_planning: {performed_by: [rep, support_agent]}
data_sources:
  team_calendar: {kind: calendar, holds_customer_data: false, plan: none}
"""
    healthy_example = """\
organization: {name: Fernhill Foods, crm_seats: 180}
departments:
  field_sales:
    headcount: 60
    uses_crm: true
    consulted_on_design: true
    has_access: true
    tools: [team_calendar]
  account_support: {headcount: 25, uses_crm: true, consulted_on_design: true, has_access: true}
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
        seats = ctx.seats
        live = ctx.stage == "live"
        seated = _committee_seats(ctx)
        ctx.ask("/departments")  # which groups use the CRM is itself a question
        # with no roles stated, nobody knows whether a department's people plan
        roles_stated = ctx.ask("/roles") is not None
        # a small organization is not judged, but every fact is still asked, so answering one
        # never hides the others
        small = is_small(seats, s.min_seats)
        scale = None if small else size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        for key in ctx.profile.departments:
            seat = None if seated is None else key in seated
            yield from ctx.each(self._department, key, scale, seat, roles_stated, live)

    def _department(
        self,
        ctx: Context,
        key: str,
        scale: float | None,
        seat: bool | None,
        roles_stated: bool,
        live: bool,
    ) -> Iterator[Finding]:
        """Judge one department (`scale` None: the organization is too small to judge; `seat`
        whether it sits on the steering committee, None when that is unknown)."""
        headcount = ctx.ask(pointer("departments", key, "headcount"))
        dep = _read(ctx, key)
        # a department not stated to use the CRM is not judged; its use is an open question
        if scale is None or dep.uses_crm is not True:
            return
        if is_small(headcount, self.settings.min_headcount):
            return
        processes = ctx.graph.department_processes(key)
        impact = scale * (0.3 + 0.7 * ctx.graph.reach(node_id("department", key)))
        nodes = [node_id("department", key), *processes]
        yield from self._voice(ctx, dep, seat, roles_stated, impact, nodes, live)
        yield from self._access(dep, processes, impact, nodes)
        yield from self._tools(ctx, dep, impact)

    def _voice(
        self,
        ctx: Context,
        dep: _Department,
        seat: bool | None,
        roles_stated: bool,
        impact: float,
        nodes: list[str],
        live: bool,
    ) -> Iterator[Finding]:
        planners = list(dep.planners.values())
        if dep.consulted or any(planners) or seat:
            return
        # a voice is ruled out only when the staff were not consulted and no seat is known;
        # roles whose part in planning is not stated leave it open (a reduced finding)
        if dep.consulted is None or seat is None:
            return
        unsure = not roles_stated or any(p is None for p in planners)
        name, key = dep.name, dep.key
        changes = [set_(pointer("departments", key, "consulted_on_design"), True)]
        lead = _largest_role(ctx, key)
        if lead is not None:
            changes.append(set_(pointer("roles", lead, "involved_in_planning"), True))
        if live:
            works, plans = "works in the live CRM", "has a say in how it changes"
            action = (
                f"Give {name} a voice in how the CRM evolves: a lead user in planning the next "
                "changes, and workshops with the staff who do the work."
            )
        else:
            works, plans = "will use the CRM", "plans the program"
            action = (
                f"Bring {name} into the program: a lead user in planning and design "
                "workshops with the staff who do the work."
            )
        if unsure:
            message = (
                f"{name} {works} and its staff were not consulted on process design; nobody "
                f"has stated whether anyone from it {plans}."
            )
        elif live:
            message = (
                f"{name} {works} but nobody from it {plans}, and its staff were not consulted "
                "on process design."
            )
        else:
            message = (
                f"{name} {works} but nobody from it {plans} or was consulted on process design."
            )
        likelihood = 0.9 if dep.customer_facing else 0.75
        yield self.finding(
            message,
            likelihood=likelihood / 2 if unsure else likelihood,
            impact=impact,
            pointers=[pointer("departments", key, "consulted_on_design")],
            nodes=nodes,
            severity=None if dep.customer_facing else "medium",
            recommendations=[recommend(action, "medium", *changes)],
        )

    def _access(
        self, dep: _Department, processes: list[str], impact: float, nodes: list[str]
    ) -> Iterator[Finding]:
        if dep.has_access is not False or not processes:
            return
        name, key = dep.name, dep.key
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

    def _tools(self, ctx: Context, dep: _Department, impact: float) -> Iterator[Finding]:
        for tool, holds_customer_data, plan in dep.tools or ():
            # tools holding customer data are CRM005's subject (missing migration); an unknown
            # plan is an open question; a tool whose content moves into the CRM (migrate) or
            # that is retired or integrated leaves nothing to work around
            if holds_customer_data or plan in (None, "migrate", "integrate", "retire"):
                continue
            name, key = dep.name, dep.key
            tool_name = ctx.profile.data_sources[tool].name or tool
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


def _read(ctx: Context, key: str) -> _Department:
    """Ask every fact the rule judges about department `key`."""

    def ask(*parts: str) -> Any:
        return ctx.ask(pointer(*parts))

    at = ("departments", key)
    planners = {role: ask("roles", role, "involved_in_planning") for role in ctx.roles_in(key)}
    stated_tools = ask(*at, "tools")
    tools = None
    if isinstance(stated_tools, list):
        tools = [
            (
                tool,
                ask("data_sources", tool, "holds_customer_data"),
                ask("data_sources", tool, "plan"),
            )
            for tool in sorted(set(stated_tools))
        ]
    return _Department(
        key=key,
        name=ctx.profile.departments[key].name or key,
        uses_crm=ask(*at, "uses_crm"),
        customer_facing=ask(*at, "customer_facing"),
        consulted=ask(*at, "consulted_on_design"),
        has_access=ask(*at, "has_access"),
        planners=planners,
        tools=tools,
    )


def _committee_seats(ctx: Context) -> set[str] | None:
    """Departments with a steering seat; empty when there is no committee, None when unknown."""
    committee = ctx.ask("/steering_committee")
    if committee is False:
        return set()
    members = ctx.ask("/steering_committee/members")
    if committee is None or members is None:
        return None
    return {m.department for m in members}


def _largest_role(ctx: Context, department: str) -> str | None:
    """The department's biggest role, the natural place to find a lead user."""
    roles = [(ctx.profile.roles[k].count or 0, k) for k in ctx.roles_in(department)]
    return max(roles)[1] if roles else None
