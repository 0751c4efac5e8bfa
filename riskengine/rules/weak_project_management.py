"""CRM009 weak-project-management: nobody dedicated and experienced runs the project."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, ramp, recommend, set_, size_factor


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
    unknown_manager_from_seats: int = Field(default=250, ge=0)
    """From this many (stated) seats on, not knowing whether anyone manages the project is a
    risk of its own: the rule reports it with half the likelihood of a known missing manager."""


@dataclass(frozen=True)
class _Manager:
    """A project-manager role and what the profile states about it."""

    key: str
    name: str
    dedication: str | None
    projects_done: int | None

    @property
    def strength(self) -> tuple[int, int]:
        """Ordering to pick the manager who carries the project (unknown time ranks as fair)."""
        return (_TIME.get(self.dedication, 2), self.projects_done or 0)


_TIME: dict[str | None, int] = {"none": 0, "part_time": 1, "full_time": 3}


class WeakProjectManagement(Rule[WeakProjectManagementSettings]):
    id = "CRM009"
    slug = "weak-project-management"
    title = "No dedicated, experienced project manager"
    pillar = "people"
    severity = "high"
    area = "project management"
    settings_model = WeakProjectManagementSettings
    checks = (
        "Before go-live: whether a significant rollout has a project manager, whether that "
        "person works on it full time where the size calls for it, and whether they have run "
        "CRM projects before on the largest rollouts. Small firms are exempt, and so is a "
        "live program: after go-live the system is run by operations, which CRM016 checks. "
        "A manager's time or experience that the profile does not state is an open question, "
        "not a finding. When the profile does not say who the roles are (no roles listed, or "
        "roles without a kind), nobody is known to be missing: the rule stays quiet, except "
        "on rollouts of at least `unknown_manager_from_seats` stated seats, where it reports "
        "the unknown with half the likelihood of a known missing manager. An unknown size "
        "counts as not small."
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
    effort = (
        "Appointing a dedicated project manager with CRM experience is **high**: a hire or a "
        "contract, then weeks before the newcomer knows the program. Giving the current project "
        "manager more time, freeing them full time, or pairing them with a coach who has run CRM "
        "programs before is **medium**: their other duties must pass to someone else, or a coach "
        "must be found and paid."
    )
    risky_example = """\
organization: {name: Ashby Building Supplies, crm_seats: 400}
lifecycle: {stage: implementing}
roles:
  pm: {kind: project_manager, count: 1, dedication: part_time, crm_projects_done: 0}
"""
    healthy_example = """\
organization: {name: Ashby Building Supplies, crm_seats: 400}
lifecycle: {stage: implementing}
roles:
  pm: {kind: project_manager, count: 1, dedication: full_time, crm_projects_done: 2}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        if ctx.stage == "live":
            return  # after go-live the program is run by operations (CRM016's subject)
        complexity = ramp(ctx.graph.count("process") + ctx.graph.count("phase"), 2, 20)
        impact = size_factor(seats, s.min_seats, s.large_seats, 0.4) * (0.6 + 0.4 * complexity)
        roles = ctx.ask("/roles")
        managers: list[_Manager] = []
        unclear = roles is None
        for key in sorted(ctx.profile.roles):
            kind: str | None = ctx.ask(pointer("roles", key, "kind"))
            count: int | None = ctx.ask(pointer("roles", key, "count"))
            if kind is None:
                unclear = True
            if kind not in (None, "project_manager") or count == 0:
                continue
            # a role of unknown kind may be the manager: its facts are asked too, so stating
            # the kind never adds questions
            manager = _Manager(
                key,
                ctx.profile.roles[key].name or key,
                ctx.ask(pointer("roles", key, "dedication")),
                ctx.ask(pointer("roles", key, "crm_projects_done")),
            )
            if kind == "project_manager":
                managers.append(manager)
        if managers:
            best = max(managers, key=lambda m: m.strength)
            yield from self._weak(best, seats, impact)
        elif not unclear:
            yield self._missing(seats, impact, known=True)
        elif seats is not None and seats >= s.unknown_manager_from_seats:
            yield self._missing(seats, impact, known=False)

    def _missing(self, seats: int | None, impact: float, *, known: bool) -> Finding:
        s = self.settings
        size = "" if seats is None else f" for a rollout of {seats} seats"
        manager: dict[str, object] = {
            "name": "Project manager",
            "kind": "project_manager",
            "count": 1,
            "dedication": "part_time" if is_small(seats, s.full_time_from_seats) else "full_time",
            "crm_projects_done": s.min_projects_done,
            "involved_in_planning": True,
            "trained": True,
        }
        return self.finding(
            f"Nobody manages the project{size}."
            if known
            else f"Nobody has stated who manages the project{size}.",
            # not knowing is half as likely to hide a missing manager as knowing there is none
            likelihood=0.85 if known else 0.85 / 2,
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

    def _weak(self, pm: _Manager, seats: int | None, impact: float) -> Iterator[Finding]:
        s = self.settings
        name = pm.name
        node = node_id("role", pm.key)
        rollout = "the rollout" if seats is None else f"a {seats}-seat rollout"
        needed = "part_time" if is_small(seats, s.full_time_from_seats) else "full_time"
        if pm.dedication == "none":
            # no time for the project is the same risk as no manager, and never more
            yield self.finding(
                f"{name} is named project manager but has no time for the project.",
                likelihood=0.85,
                impact=impact,
                pointers=[pointer("roles", pm.key, "dedication")],
                nodes=[node],
                recommendations=[
                    recommend(
                        f"Give {name} real time for the program, full time on larger rollouts.",
                        "medium",
                        set_(pointer("roles", pm.key, "dedication"), needed),
                    )
                ],
            )
            return
        if pm.dedication == "part_time" and needed == "full_time":
            yield self.finding(
                f"{name} manages {rollout} only part time.",
                # part time + inexperienced together stay below "no manager at all"
                likelihood=0.6,
                impact=impact,
                pointers=[pointer("roles", pm.key, "dedication")],
                nodes=[node],
                recommendations=[
                    recommend(
                        f"Free {name} to work on the program full time.",
                        "medium",
                        set_(pointer("roles", pm.key, "dedication"), "full_time"),
                    )
                ],
            )
        if (
            pm.projects_done is not None
            and pm.projects_done < s.min_projects_done
            and not is_small(seats, s.experienced_from_seats)
        ):
            yield self.finding(
                f"{name} has not run a CRM project before.",
                likelihood=0.35,
                impact=impact,
                pointers=[pointer("roles", pm.key, "crm_projects_done")],
                nodes=[node],
                severity="medium",
                recommendations=[
                    recommend(
                        f"Pair {name} with a project manager or coach who has run CRM "
                        "programs before.",
                        "medium",
                        set_(pointer("roles", pm.key, "crm_projects_done"), s.min_projects_done),
                    )
                ],
            )
