"""CRM004 poor-training: users get the system without learning it, or only once."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, names, plural, pointer, recommend, set_, size_factor

FEW_ROLES = 3
"""Up to this many roles to train is one more round of sessions; beyond it, a program of its own."""


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
    area = "training"
    settings_model = PoorTrainingSettings
    checks = (
        "Two different facts, judged by the program's stage. The training *plan* (training "
        "before users get the system and for long enough, training for new hires and for every "
        "new feature or change, someone whose job is training) is judged at every stage. "
        "Training *delivered* (each role that carries out CRM processes marked trained) is "
        "judged once the system is live: before go-live untrained users are expected, so a "
        "complete plan is enough. When the stage is not stated, a role stated as untrained is "
        "still reported, as it always was. A fact the profile does not state (a training "
        "question, a role's training, whether roles are trainers) never counts as a bad "
        "answer; it stays an open question. An unknown size counts as not small."
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
        "session with every release. Once live, train whoever is still untrained now."
    )
    effort = (
        "Adding CRM training to onboarding, a short session with every release, and more hours in "
        "a training plan that already exists are **low**: they extend what is in place. Training "
        "every user group in its own processes, training up to three roles that were left out, "
        "and making training someone's job with trainers who stay after go-live are **medium**: "
        "material to write per process, sessions to fit around daily work, or a person to assign. "
        "Training more roles that were left out is **high**: a training program of its own, "
        "planned around the work of many groups."
    )
    risky_example = """\
organization: {name: Halvard Insurance Brokers, crm_seats: 90}
lifecycle: {stage: live}
training: {initial: false, new_hires: false, feature_changes: false, hours_per_user: 0}
roles:
  broker: {kind: end_user, count: 80, trained: false}
processes:
  renewals: {performed_by: [broker]}
"""
    healthy_example = """\
organization: {name: Halvard Insurance Brokers, crm_seats: 90}
lifecycle: {stage: implementing}
training: {initial: true, new_hires: true, feature_changes: true, hours_per_user: 6}
roles:
  broker: {kind: end_user, count: 80, trained: false}
  coach: {kind: trainer, count: 1, trained: true}
processes:
  renewals: {performed_by: [broker]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        stage = ctx.stage
        live = stage == "live"
        scale = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        yield from self._plan(ctx, scale, live)
        if stage is None or live:
            # delivered training is judged once live; an unknown stage is judged as it always was
            yield from self._untrained_roles(ctx, seats, scale, live)
        if not is_small(seats, s.trainers_from_seats):
            yield from self._trainers(ctx, seats, scale)

    def _plan(self, ctx: Context, scale: float, live: bool) -> Iterator[Finding]:
        minimum = self.settings.min_hours_per_user
        initial: bool | None = ctx.ask("/training/initial")
        hours: float | None = ctx.ask("/training/hours_per_user")
        new_hires: bool | None = ctx.ask("/training/new_hires")
        feature_changes: bool | None = ctx.ask("/training/feature_changes")
        if initial is False:
            yield self.finding(
                "Users were given the CRM without any training before go-live."
                if live
                else "Users get the CRM without any training before go-live.",
                likelihood=0.9,
                impact=scale,
                pointers=["/training/initial"],
                recommendations=[
                    recommend(
                        "Train every user group in its own processes now, starting with the "
                        "groups that carry the busiest processes."
                        if live
                        else "Train every user group in its own processes before it goes live.",
                        "medium",
                        set_("/training/initial", True),
                        set_("/training/hours_per_user", minimum),
                    )
                ],
            )
        elif hours is not None and hours < minimum:
            # judged whether or not initial training is stated: a healthy answer to that
            # question must not bring a finding the unknown did not have
            yield self.finding(
                f"Only {hours:g} hours of training per user "
                + ("were given" if live else "are planned")
                + f" (at least {minimum:g} are needed to learn more than the basics).",
                likelihood=0.5 + 0.3 * (1 - hours / minimum),
                impact=scale * 0.8,
                pointers=["/training/hours_per_user"],
                severity="medium",
                recommendations=[
                    recommend(
                        f"Give every user at least {minimum:g} hours in their own processes"
                        + (", as refresher sessions now." if live else "."),
                        "low",
                        set_("/training/hours_per_user", minimum),
                    )
                ],
            )
        if new_hires is False:
            yield self._ongoing(
                "new_hires",
                "People who join after go-live are not trained on the live CRM."
                if live
                else "New employees are not trained on the CRM.",
                "Add CRM training to onboarding for every new hire.",
                scale,
                # once live, every month adds untrained newcomers
                likelihood=0.65 if live else 0.5,
            )
        if feature_changes is False:
            yield self._ongoing(
                "feature_changes",
                "Nobody is trained when features change: training is once-and-done.",
                "Give users a short session with every release or process change.",
                scale,
            )

    def _ongoing(
        self, field: str, message: str, action: str, scale: float, likelihood: float = 0.5
    ) -> Finding:
        return self.finding(
            message,
            likelihood=likelihood,
            impact=scale * 0.7,
            pointers=[pointer("training", field)],
            severity="medium",
            recommendations=[recommend(action, "low", set_(pointer("training", field), True))],
        )

    def _untrained_roles(
        self, ctx: Context, seats: int | None, scale: float, live: bool
    ) -> Iterator[Finding]:
        graph = ctx.graph
        gaps: list[tuple[str, str, str, list[str], float]] = []
        for key in sorted(ctx.profile.roles):
            node = node_id("role", key)
            processes = sorted(
                set(graph.successors(node, "performs")) | set(graph.successors(node, "owns"))
            )
            if not processes:
                continue
            count: int | None = ctx.ask(pointer("roles", key, "count"))
            if count == 0:
                continue
            trained: bool | None = ctx.ask(pointer("roles", key, "trained"))
            if trained is not False:
                continue  # trained, or not stated: an open question, not a finding
            name = ctx.profile.roles[key].name or key
            who = name if count is None else f"{name} ({plural(count, 'person', 'people')})"
            # reach says what the role's processes feed; headcount says how many stumble (an
            # unknown share of an unknown size adds nothing)
            share = 0.0 if count is None or not seats else min(1.0, count / seats)
            impact = scale * (0.25 + 0.45 * graph.reach(node) + 0.3 * share)
            gaps.append((key, name, who, processes, impact))
        if not gaps:
            return
        # one training effort for every role left out: each role's finding proposes all of it
        action = _train([(key, name) for key, name, _, _, _ in gaps], live)
        for key, _, who, processes, impact in gaps:
            work = plural(len(processes), "CRM process", "CRM processes")
            yield self.finding(
                f"{who} carries out {work} in the live system without having been trained."
                if live
                else f"{who} carries out {work} without training.",
                likelihood=0.75,
                impact=impact,
                pointers=[pointer("roles", key, "trained")],
                nodes=[node_id("role", key), *processes],
                recommendations=[action],
            )

    def _trainers(self, ctx: Context, seats: int | None, scale: float) -> Iterator[Finding]:
        roles = ctx.ask("/roles")
        found = unclear = False
        # every role is asked, so answering one question never stops the others being asked
        for key in sorted(ctx.profile.roles):
            kind: str | None = ctx.ask(pointer("roles", key, "kind"))
            count: int | None = ctx.ask(pointer("roles", key, "count"))
            if kind is None:
                unclear = True
            elif kind == "trainer" and count != 0:
                found = True
        if roles is None or found or unclear:
            return  # a trainer, or roles whose job is not stated: nothing known to be missing
        home = _busiest_department(ctx)
        trainer: dict[str, object] = {
            "name": "Trainer",
            "kind": "trainer",
            "count": 1,
            "trained": True,
        }
        if home is not None:
            trainer["department"] = home
        users = "CRM users" if seats is None else f"{seats} CRM users"
        yield self.finding(
            f"Nobody's job includes training the {users}.",
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


def _train(roles: list[tuple[str, str]], live: bool) -> Recommendation:
    """Train every role that was left out: medium for a few roles, high for many."""
    who = names([name for _, name in roles])
    return recommend(
        f"Train {who} now in the processes they carry out."
        if live
        else f"Train {who} in the processes they carry out.",
        "medium" if len(roles) <= FEW_ROLES else "high",
        *(set_(pointer("roles", key, "trained"), True) for key, _ in roles),
    )


def _busiest_department(ctx: Context) -> str | None:
    """The department with the most CRM users, where a trainer is needed most."""
    users: dict[str, int] = {}
    for role in ctx.profile.roles.values():
        if role.department is not None and role.kind == "end_user":
            users[role.department] = users.get(role.department, 0) + (role.count or 0)
    if not users:
        return next(iter(sorted(ctx.profile.departments)), None)
    return max(sorted(users), key=lambda d: users[d])
