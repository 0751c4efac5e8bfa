"""CRM031 unmanaged-change: nobody owns the people side of the change, or prepares for it."""

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
    plural,
    ramp,
    recommend,
    set_,
    size_factor,
)

UNKNOWN_BREADTH = 0.5
"""Where between one department and a broad change a program with no stated processes sits."""


class UnmanagedChangeSettings(RuleSettings):
    """Thresholds of CRM031."""

    min_seats: int = Field(default=25, ge=0)
    """Below this many seats the owner or manager leads the change in person, face to face; the
    rule stays quiet."""
    large_seats: int = Field(default=300, ge=1)
    """At this many seats and above, unmanaged change has its full impact."""
    broad_departments: int = Field(default=3, ge=1)
    """From this many departments whose work changes, the change has its full breadth."""
    unknown_owner_from_seats: int = Field(default=500, ge=0)
    """From this many seats on, not knowing who owns the change is itself reported (with reduced
    likelihood); below it an unstated owner is only an open question."""


class UnmanagedChange(Rule[UnmanagedChangeSettings]):
    id = "CRM031"
    slug = "unmanaged-change"
    title = "Nobody manages the people side of the change"
    area = "change management"
    pillar = "people"
    severity = "high"
    settings_model = UnmanagedChangeSettings
    checks = (
        "Whether someone owns the change for the people affected (a role named as "
        "`change_management.owner`), whether the organization's readiness for the change was "
        "assessed, and whether there is a plan for the groups expected to resist. The weight "
        "of each gap grows with the number of seats and with how many departments' work "
        "changes: departments whose roles perform or own CRM processes, or that processes "
        "name as burdened, in the dependency graph.\n\n"
        "Stage: before go-live (planning, implementing, or stage not stated) all three are "
        "judged. Once live, the readiness assessment is no longer judged (the moment for it "
        "has passed); the resistance plan still is, since resistance after go-live shows up as "
        "workarounds and data kept outside the system.\n\n"
        "Unknowns: an unstated readiness assessment or resistance plan is an open question, "
        "never a finding. The profile cannot say that there is no change owner, only name one; "
        "an unnamed owner is an open question, and from `unknown_owner_from_seats` seats on "
        "the rule reports, with reduced likelihood, that nobody has stated who owns the change. "
        "A program that states no processes counts as changing a middling number of "
        "departments; an unknown size counts as neither small nor large."
    )
    why = (
        "A CRM changes how people sell, serve and report, and people do not change because a "
        "system went live. Without someone whose job is the people side, nobody checks whether "
        "the groups are ready, nobody expects the resistance, and the first sign of trouble is "
        "staff quietly working around the system. The more departments whose daily work "
        "changes, the more places this can go wrong at once; a program that big without an "
        "owner of the change is a common reason CRM investments never pay back, so the rule "
        "weighs high."
    )
    fix = (
        "Give one person from the business the job of owning the change. Before go-live, "
        "assess each affected group's readiness (what changes for it, what it fears, what it "
        "gains) and write a plan for the groups likely to resist: involve their informal "
        "leaders, answer the fears openly, and agree what support they get. Once live, keep "
        "that plan running until the new ways of working are routine."
    )
    effort = (
        "Every action is **medium**: assessing each affected group's readiness takes interviews or "
        "surveys across the groups; a plan for resistance, or bringing in groups that work around "
        "the live system, takes meetings with their informal leaders and the support agreed with "
        "them; giving the people side of the change an owner means freeing a respected business "
        "manager's time."
    )
    risky_example = """\
organization: {name: Kestrel Logistics, crm_seats: 400}
lifecycle: {stage: implementing}
change_management: {readiness_assessed: false, resistance_plan: false}
departments:
  sales: {name: Sales}
  service: {name: Customer service}
  billing: {name: Billing}
roles:
  rep: {department: sales, count: 150}
  agent: {department: service, count: 200}
  clerk: {department: billing, count: 40}
processes:
  quoting: {performed_by: [rep]}
  cases: {performed_by: [agent]}
  invoicing: {performed_by: [clerk]}
"""
    healthy_example = """\
organization: {name: Kestrel Logistics, crm_seats: 400}
lifecycle: {stage: implementing}
change_management:
  owner: change_lead
  readiness_assessed: true
  resistance_plan: true
departments:
  sales: {name: Sales}
  service: {name: Customer service}
roles:
  change_lead: {department: sales, count: 1}
  rep: {department: sales, count: 150}
  agent: {department: service, count: 200}
processes:
  quoting: {performed_by: [rep]}
  cases: {performed_by: [agent]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        live = ctx.stage == "live"
        # every fact the rule judges is asked before anything can stop it
        owner: str | None = ctx.ask("/change_management/owner")
        readiness: bool | None = None if live else ctx.ask("/change_management/readiness_assessed")
        resistance: bool | None = ctx.ask("/change_management/resistance_plan")
        changed = _changed_departments(ctx)
        breadth = UNKNOWN_BREADTH if changed is None else ramp(len(changed), 0, s.broad_departments)
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.4) * (0.5 + 0.5 * breadth)
        where = _where(ctx, changed)
        nodes = [node_id("department", d) for d in changed or ()]
        if readiness is False:
            yield self.finding(
                f"Nobody has assessed whether {where} are ready for the change.",
                likelihood=0.55,
                impact=impact,
                pointers=["/change_management/readiness_assessed"],
                nodes=nodes,
                severity="medium",
                recommendations=[
                    recommend(
                        "Assess each affected group's readiness before go-live: what changes "
                        "in its daily work, what it worries about, what it gains, and what "
                        "support it needs.",
                        "medium",
                        set_("/change_management/readiness_assessed", True),
                    )
                ],
            )
        if resistance is False:
            yield self.finding(
                (
                    f"There is no plan for the groups that resist the live system in {where}."
                    if live
                    else f"There is no plan for the groups expected to resist the change in "
                    f"{where}."
                ),
                likelihood=0.6,
                impact=impact,
                pointers=["/change_management/resistance_plan"],
                nodes=nodes,
                recommendations=[
                    recommend(
                        (
                            "Find out now which groups work around the live system and why, "
                            "and agree with their informal leaders what changes or support "
                            "brings them in."
                            if live
                            else "Write a plan for the groups likely to resist: involve their "
                            "informal leaders early, answer their fears openly, and agree the "
                            "support they get in the first weeks."
                        ),
                        "medium",
                        set_("/change_management/resistance_plan", True),
                    )
                ],
            )
        if owner is None and seats is not None and seats >= s.unknown_owner_from_seats:
            # the profile cannot say "no owner"; a known missing owner would weigh about 0.7
            yield self.finding(
                f"Nobody has stated who owns the change for the {seats} CRM users and "
                f"{where}; at this size a change without an owner tends to drift.",
                likelihood=0.25,
                impact=impact,
                pointers=["/change_management/owner"],
                nodes=nodes,
                severity="medium",
                recommendations=[
                    recommend(
                        "Find out who owns the people side of the change; if nobody does, give "
                        "the job to a respected business manager with time for it.",
                        "medium",
                    )
                ],
            )


def _changed_departments(ctx: Context) -> list[str] | None:
    """Departments whose work the CRM processes change; None when no processes are stated."""
    if ctx.ask("/processes") is None:
        return None
    graph = ctx.graph
    changed = []
    for key in sorted(ctx.profile.departments):
        node = node_id("department", key)
        if node not in graph:
            continue
        if graph.department_processes(key) or graph.predecessors(node, "burdens"):
            changed.append(key)
    return changed


def _where(ctx: Context, changed: list[str] | None) -> str:
    if not changed:
        return "the groups whose work changes"
    shown = display_names(ctx.profile, [node_id("department", d) for d in changed])
    return f"the {plural(len(changed), 'department', 'departments')} whose work changes ({shown})"
