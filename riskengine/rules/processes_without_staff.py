"""CRM013 processes-without-staff: processes redesigned without the people who run them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import plural, pointer, recommend, set_


class ProcessesWithoutStaffSettings(RuleSettings):
    """Thresholds of CRM013."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the people who design and run processes are the same."""


class ProcessesWithoutStaff(Rule[ProcessesWithoutStaffSettings]):
    id = "CRM013"
    slug = "processes-without-staff"
    title = "Processes designed without the people who do the work"
    pillar = "process"
    severity = "medium"
    settings_model = ProcessesWithoutStaffSettings
    checks = (
        "Every business process the CRM changes: whether it was designed together with the "
        "staff who carry it out today, weighted by how many people perform it and what "
        "objectives depend on it. A department's overall voice in planning is CRM002's subject."
    )
    why = (
        "A process drawn up by managers or consultants describes how the work ought to go; "
        "the people who do it know the exceptions, the workarounds and the tools it really "
        "runs on. Automating the drawing instead of the work automates a process nobody "
        "follows, and the system is bypassed from the first week."
    )
    fix = (
        "Map each process with the people who run it today, test the new version with them on "
        "real cases, and only then configure it in the CRM."
    )
    risky_example = """\
organization: {name: Quarry Lane Dental Group, crm_seats: 60}
roles:
  receptionist: {count: 25}
processes:
  appointment_booking: {performed_by: [receptionist], designed_with_staff: false}
"""
    healthy_example = """\
organization: {name: Quarry Lane Dental Group, crm_seats: 60}
roles:
  receptionist: {count: 25}
processes:
  appointment_booking: {performed_by: [receptionist], designed_with_staff: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        if ctx.seats < self.settings.min_seats:
            return
        for key in sorted(ctx.profile.processes):
            process = ctx.profile.processes[key]
            if process.designed_with_staff or process.kind != "business":
                continue
            node = node_id("process", key)
            performers = ctx.graph.predecessors(node, "performs")
            people = sum(ctx.profile.roles[r.split(":", 1)[1]].count for r in performers)
            objectives = ctx.graph.downstream_of_kind(node, "objective")
            name = process.name or key
            who = f" by {plural(people, 'person', 'people')}" if people else ""
            yield self.finding(
                f"{name}, carried out{who}, was designed without them.",
                likelihood=0.7 if performers else 0.5,
                impact=0.3 + 0.4 * ctx.graph.reach(node) + 0.3 * min(1.0, people / ctx.seats),
                pointers=[pointer("processes", key, "designed_with_staff")],
                nodes=[node, *performers, *objectives],
                recommendations=[
                    recommend(
                        f"Redesign {name} with the people who carry it out and test it with "
                        "them on real cases.",
                        "medium",
                        set_(pointer("processes", key, "designed_with_staff"), True),
                    )
                ],
            )
