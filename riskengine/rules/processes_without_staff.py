"""CRM013 processes-without-staff: processes redesigned without the people who run them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, names, plural, pointer, recommend, set_

DOUBT = 0.5
"""Likelihood factor when nobody has stated whether the process serves customers."""
FEW_PROCESSES = 3
"""Up to this many processes to work out again is a round of workshops; beyond it, a project."""


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
    area = "process fit"
    settings_model = ProcessesWithoutStaffSettings
    checks = (
        "Every business process the CRM changes: whether it was designed together with the "
        "staff who carry it out today, weighted by how many people perform it and what "
        "objectives depend on it. A department's overall voice in planning is CRM002's subject.\n\n"
        "Unknowns: a process for which nobody has stated whether it was designed with its staff "
        "gives no finding (an open question). A process designed without its staff whose kind "
        "is not stated (nor implied by its area) is reported at half the likelihood. A program "
        "of unstated size is not treated as small; the share of users performing the process "
        "then adds nothing to the impact. Once the program is live, the advice is to review the "
        "running process with its staff rather than to redesign it before go-live."
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
    effort = (
        "Redesigning up to three processes with the people who carry them out, or reviewing live "
        "ones with them and changing them where the CRM differs from the real work, is **medium**: "
        "workshops that take staff away from their daily work, configuration changes, and a test "
        "on real cases. More processes than that is **high**: a redesign project of its own, one "
        "process at a time."
    )
    risky_example = """\
organization: {name: Quarry Lane Dental Group, crm_seats: 60}
roles:
  receptionist: {count: 25}
processes:
  appointment_booking:
    kind: business
    performed_by: [receptionist]
    designed_with_staff: false
"""
    healthy_example = """\
organization: {name: Quarry Lane Dental Group, crm_seats: 60}
roles:
  receptionist: {count: 25}
processes:
  appointment_booking:
    kind: business
    performed_by: [receptionist]
    designed_with_staff: true
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        seats = ctx.seats
        stage = ctx.stage
        # every fact is asked for every process before any is set aside, so answering one never
        # changes what else the rule wants to know
        facts = {key: _facts(ctx, key) for key in sorted(ctx.profile.processes)}
        if is_small(seats, self.settings.min_seats):
            return
        gaps = [
            key
            for key, (designed, kind, _, _) in facts.items()
            if designed is False and kind != "maintenance"
        ]
        if not gaps:
            return
        # one piece of work for every process designed without its staff, which each finding
        # proposes whole: redesigning them one by one would be measured as many tiny actions
        action = self._redesign(ctx, gaps, stage == "live")
        for key in gaps:
            _, kind, performers, people = facts[key]
            yield self._finding(ctx, key, kind, performers, people, seats, stage, action)

    def _redesign(self, ctx: Context, keys: list[str], live: bool) -> Recommendation:
        """Work the processes out again with their staff: medium for a few, high for many."""
        shown = names([ctx.profile.processes[k].name or k for k in keys])
        action = (
            f"Review {shown} with the people who carry "
            f"{'it' if len(keys) == 1 else 'them'} out today and change what the CRM version "
            "gets wrong about how the work is really done."
            if live
            else f"Redesign {shown} with the people who carry "
            f"{'it' if len(keys) == 1 else 'them'} out and test with them on real cases."
        )
        return recommend(
            action,
            "medium" if len(keys) <= FEW_PROCESSES else "high",
            *(set_(pointer("processes", k, "designed_with_staff"), True) for k in keys),
        )

    def _finding(
        self,
        ctx: Context,
        key: str,
        kind: str | None,
        performers: list[str],
        people: int,
        seats: int | None,
        stage: str | None,
        action: Recommendation,
    ) -> Finding:
        node = node_id("process", key)
        roles = [node_id("role", r) for r in performers]
        objectives = ctx.graph.downstream_of_kind(node, "objective")
        name = ctx.profile.processes[key].name or key
        who = f" by {plural(people, 'person', 'people')}" if people else ""
        if stage == "live":
            message = f"{name}, carried out{who}, was designed without them and runs that way."
        else:
            message = f"{name}, carried out{who}, was designed without them."
        likelihood = 0.7 if performers else 0.5
        if kind is None:
            likelihood *= DOUBT
            message += " Nobody has stated whether it is a business process or a maintenance one."
        # an unstated size adds nothing for the share of users: the largest answer would add least
        share = min(1.0, people / seats) if seats else 0.0
        return self.finding(
            message,
            likelihood=likelihood,
            impact=0.3 + 0.4 * ctx.graph.reach(node) + 0.3 * share,
            pointers=[pointer("processes", key, "designed_with_staff")],
            nodes=[node, *roles, *objectives],
            recommendations=[action],
        )


MAINTENANCE_AREAS = frozenset(
    {"training", "system_maintenance", "process_support", "enhancement", "support"}
)
"""Areas of processes that keep the CRM alive rather than serve customers."""


def _facts(ctx: Context, key: str) -> tuple[bool | None, str | None, list[str], int]:
    """How the process was designed, its kind, who performs it, and how many people they are."""
    designed: bool | None = ctx.ask(pointer("processes", key, "designed_with_staff"))
    kind = _kind(ctx, key)
    performers: list[str] = ctx.ask(pointer("processes", key, "performed_by")) or []
    counts = [ctx.ask(pointer("roles", r, "count")) for r in performers]
    return designed, kind, performers, sum(c for c in counts if c is not None)


def _kind(ctx: Context, key: str) -> str | None:
    """Business or maintenance: as stated, else as its stated area implies, else None."""
    kind: str | None = ctx.ask(pointer("processes", key, "kind"))
    area = ctx.ask(pointer("processes", key, "area"))
    if kind is not None:
        return kind
    if area is None:
        return None
    return "maintenance" if area in MAINTENANCE_AREAS else "business"
