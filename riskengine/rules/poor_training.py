"""CRM004 poor-training: users get the system without learning it, or only once."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import plural, pointer, recommend, set_, size_factor


class PoorTrainingSettings(RuleSettings):
    """Thresholds of CRM004."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats people learn from each other; the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, poor training has its full impact."""
    trainers_from_seats: int = Field(default=40, ge=0)
    """From this many seats on, the program needs people whose job includes training."""
    min_hours_per_user: float = Field(default=4.0, ge=0)
    """Training time per user below which people learn only enough to get by."""


class PoorTraining(Rule[PoorTrainingSettings]):
    id = "CRM004"
    slug = "poor-training"
    title = "Inadequate or once-only training"
    pillar = "process"
    severity = "high"
    settings_model = PoorTrainingSettings
    checks = (
        "Whether users are trained before they get the system and for long enough, whether "
        "each user group that carries out CRM processes has been trained, whether someone is "
        "responsible for training, and whether training continues for new hires and for every "
        "new feature or change."
    )
    why = (
        "Untrained users learn just enough to get through the day, use a fraction of what was "
        "built, and enter data inconsistently, so reports are distrusted and the investment "
        "looks wasted. Training given once at go-live fades: new employees arrive, features "
        "change, and within a year most users were never taught the system they use."
    )
    fix = (
        "Train every user group in its own processes before go-live, give someone the job of "
        "training, and make training a standing process: onboarding for new hires and a short "
        "session with every release."
    )
    risky_example = """\
organization: {name: Halvard Insurance Brokers, crm_seats: 90}
training: {initial: false, new_hires: false, feature_changes: false, hours_per_user: 0}
roles:
  broker: {kind: end_user, count: 80}
processes:
  renewals: {performed_by: [broker]}
"""
    healthy_example = """\
organization: {name: Halvard Insurance Brokers, crm_seats: 90}
training: {initial: true, new_hires: true, feature_changes: true, hours_per_user: 6}
roles:
  broker: {kind: end_user, count: 80, trained: true}
  coach: {kind: trainer, trained: true}
processes:
  renewals: {performed_by: [broker]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        scale = size_factor(ctx.seats, s.min_seats, s.large_seats, floor=0.4)
        yield from self._plan(ctx, scale)
        yield from self._untrained_roles(ctx, scale)
        if ctx.seats >= s.trainers_from_seats:
            yield from self._trainers(ctx, scale)

    def _plan(self, ctx: Context, scale: float) -> Iterator[Finding]:
        training = ctx.profile.training
        if not training.initial:
            yield self.finding(
                "Users get the CRM without any training before go-live.",
                likelihood=0.9,
                impact=scale,
                pointers=["/training/initial"],
                recommendations=[
                    recommend(
                        "Train every user group in its own processes before it goes live.",
                        "medium",
                        set_("/training/initial", True),
                        set_("/training/hours_per_user", self.settings.min_hours_per_user),
                    )
                ],
            )
        elif training.hours_per_user < self.settings.min_hours_per_user:
            minimum = self.settings.min_hours_per_user
            yield self.finding(
                f"Only {training.hours_per_user:g} hours of training per user are planned "
                f"(at least {minimum:g} are needed to learn more than the basics).",
                likelihood=0.5 + 0.3 * (1 - training.hours_per_user / minimum),
                impact=scale * 0.8,
                pointers=["/training/hours_per_user"],
                severity="medium",
                recommendations=[
                    recommend(
                        f"Plan at least {minimum:g} hours per user, in their own processes.",
                        "low",
                        set_("/training/hours_per_user", minimum),
                    )
                ],
            )
        if not training.new_hires:
            yield self._ongoing(
                "new_hires",
                "New employees are not trained on the CRM.",
                "Add CRM training to onboarding for every new hire.",
                scale,
            )
        if not training.feature_changes:
            yield self._ongoing(
                "feature_changes",
                "Nobody is trained when features change: training is once-and-done.",
                "Give users a short session with every release or process change.",
                scale,
            )

    def _ongoing(self, field: str, message: str, action: str, scale: float) -> Finding:
        return self.finding(
            message,
            likelihood=0.5,
            impact=scale * 0.7,
            pointers=[pointer("training", field)],
            severity="medium",
            recommendations=[recommend(action, "low", set_(pointer("training", field), True))],
        )

    def _untrained_roles(self, ctx: Context, scale: float) -> Iterator[Finding]:
        graph = ctx.graph
        for key in sorted(ctx.profile.roles):
            role = ctx.profile.roles[key]
            node = node_id("role", key)
            if role.trained or role.count == 0:
                continue
            processes = sorted(
                set(graph.successors(node, "performs")) | set(graph.successors(node, "owns"))
            )
            if not processes:
                continue
            name = role.name or key
            yield self.finding(
                f"{name} ({plural(role.count, 'person', 'people')}) carries out "
                f"{plural(len(processes), 'CRM process', 'CRM processes')} without training.",
                likelihood=0.75,
                # reach says what the role's processes feed; headcount says how many stumble
                impact=scale
                * (0.25 + 0.45 * graph.reach(node) + 0.3 * min(1.0, role.count / ctx.seats)),
                pointers=[pointer("roles", key, "trained")],
                nodes=[node, *processes],
                recommendations=[
                    recommend(
                        f"Train {name} in the processes they carry out.",
                        "medium",
                        set_(pointer("roles", key, "trained"), True),
                    )
                ],
            )

    def _trainers(self, ctx: Context, scale: float) -> Iterator[Finding]:
        roles = ctx.profile.roles
        if any(r.kind == "trainer" and r.count > 0 for r in roles.values()):
            return
        home = _busiest_department(ctx)
        trainer: dict[str, object] = {"name": "Trainer", "kind": "trainer", "trained": True}
        if home is not None:
            trainer["department"] = home
        yield self.finding(
            f"Nobody's job includes training the {ctx.seats} CRM users.",
            likelihood=0.6,
            impact=scale * 0.8,
            pointers=["/roles"],
            severity="medium",
            recommendations=[
                recommend(
                    "Make training someone's job: name trainers who stay after go-live.",
                    "medium",
                    set_("/roles/trainer", trainer),
                )
            ],
        )


def _busiest_department(ctx: Context) -> str | None:
    """The department with the most CRM users, where a trainer is needed most."""
    users: dict[str, int] = {}
    for role in ctx.profile.roles.values():
        if role.department is not None and role.kind == "end_user":
            users[role.department] = users.get(role.department, 0) + role.count
    if not users:
        return next(iter(sorted(ctx.profile.departments)), None)
    return max(sorted(users), key=lambda d: users[d])
