"""CRM009 weak-project-management: nobody dedicated and experienced runs the project."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.people import Role
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, ramp, recommend, set_, size_factor


class WeakProjectManagementSettings(RuleSettings):
    """Thresholds of CRM009."""

    min_seats: int = Field(default=25, ge=0)
    """Below this many seats a project manager is optional; the rule stays quiet."""
    full_time_from_seats: int = Field(default=100, ge=0)
    """From this many seats on, the project manager should work on the program full time."""
    experienced_from_seats: int = Field(default=250, ge=0)
    """From this many seats on, the project manager should have done CRM projects before."""
    min_projects_done: int = Field(default=1, ge=0)
    """Earlier CRM projects that count as experienced."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, weak project management has its full impact."""


class WeakProjectManagement(Rule[WeakProjectManagementSettings]):
    id = "CRM009"
    slug = "weak-project-management"
    title = "No dedicated, experienced project manager"
    pillar = "people"
    severity = "high"
    settings_model = WeakProjectManagementSettings
    checks = (
        "Whether a significant rollout has a project manager, whether that person works on it "
        "full time where the size calls for it, and whether they have run CRM projects before "
        "on the largest rollouts. Small firms are exempt."
    )
    why = (
        "A CRM program touches every customer-facing group at once. Someone has to hold the "
        "plan, the budget and the dependencies between teams together every day; a manager "
        "doing it on the side, or learning CRM on the job, finds out about problems when they "
        "have already cost a phase."
    )
    fix = (
        "Appoint a project manager before design starts, full time on larger rollouts, and "
        "bring in experience from earlier CRM projects, from inside or as an external manager "
        "or coach."
    )
    risky_example = """\
organization: {name: Ashby Building Supplies, crm_seats: 400}
roles:
  pm: {kind: project_manager, dedication: part_time, crm_projects_done: 0}
"""
    healthy_example = """\
organization: {name: Ashby Building Supplies, crm_seats: 400}
roles:
  pm: {kind: project_manager, dedication: full_time, crm_projects_done: 2}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        complexity = ramp(ctx.graph.count("process") + ctx.graph.count("phase"), 2, 20)
        impact = size_factor(ctx.seats, s.min_seats, s.large_seats, 0.4) * (0.6 + 0.4 * complexity)
        managers = sorted(
            k for k, r in ctx.profile.roles.items() if r.kind == "project_manager" and r.count
        )
        if not managers:
            yield self._missing(ctx, impact)
            return
        key = max(managers, key=lambda k: _strength(ctx.profile.roles[k]))
        yield from self._weak(ctx, key, ctx.profile.roles[key], impact)

    def _missing(self, ctx: Context, impact: float) -> Finding:
        s = self.settings
        manager: dict[str, object] = {
            "name": "Project manager",
            "kind": "project_manager",
            "dedication": "full_time" if ctx.seats >= s.full_time_from_seats else "part_time",
            "crm_projects_done": s.min_projects_done,
            "involved_in_planning": True,
            "trained": True,
        }
        return self.finding(
            f"Nobody manages the project for a rollout of {ctx.seats} seats.",
            likelihood=0.85,
            impact=impact,
            pointers=["/roles"],
            recommendations=[
                recommend(
                    "Appoint a project manager with CRM experience, dedicated to the program.",
                    "high",
                    set_("/roles/project_manager", manager),
                )
            ],
        )

    def _weak(self, ctx: Context, key: str, role: Role, impact: float) -> Iterator[Finding]:
        s = self.settings
        name = role.name or key
        node = node_id("role", key)
        if role.dedication == "none":
            # no time for the project is the same risk as no manager, and never more
            yield self.finding(
                f"{name} is named project manager but has no time for the project.",
                likelihood=0.85,
                impact=impact,
                pointers=[pointer("roles", key, "dedication")],
                nodes=[node],
                recommendations=[
                    recommend(
                        f"Give {name} real time for the program, full time on larger rollouts.",
                        "medium",
                        set_(
                            pointer("roles", key, "dedication"),
                            "full_time" if ctx.seats >= s.full_time_from_seats else "part_time",
                        ),
                    )
                ],
            )
            return
        if role.dedication != "full_time" and ctx.seats >= s.full_time_from_seats:
            how = role.dedication.replace("_", " ")
            yield self.finding(
                f"{name} manages a {ctx.seats}-seat rollout only {how}.",
                # part time + inexperienced together stay below "no manager at all"
                likelihood=0.6,
                impact=impact,
                pointers=[pointer("roles", key, "dedication")],
                nodes=[node],
                recommendations=[
                    recommend(
                        f"Free {name} to work on the program full time.",
                        "medium",
                        set_(pointer("roles", key, "dedication"), "full_time"),
                    )
                ],
            )
        if role.crm_projects_done < s.min_projects_done and ctx.seats >= s.experienced_from_seats:
            yield self.finding(
                f"{name} has not run a CRM project before.",
                likelihood=0.35,
                impact=impact,
                pointers=[pointer("roles", key, "crm_projects_done")],
                nodes=[node],
                severity="medium",
                recommendations=[
                    recommend(
                        f"Pair {name} with a project manager or coach who has run CRM "
                        "programs before.",
                        "medium",
                        set_(pointer("roles", key, "crm_projects_done"), s.min_projects_done),
                    )
                ],
            )


def _strength(role: Role) -> tuple[int, int]:
    return (role.dedication == "full_time", role.crm_projects_done)
