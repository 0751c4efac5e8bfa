"""CRM003 no-roadmap: no vision, no measurable objectives, no phases to reach them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, recommend, set_, size_factor


class NoRoadmapSettings(RuleSettings):
    """Thresholds of CRM003."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats a written roadmap is optional; only missing goals are reported."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, a missing roadmap has its full impact."""
    first_phase_months: float = Field(default=3.0, gt=0)
    """Length proposed for a first phase when the program has none."""
    unknown_roadmap_seats: int = Field(default=500, ge=1)
    """At this many seats and above, a profile that does not say whether the program has
    objectives (or, before go-live, phases) gets a "not known" finding at half the likelihood of
    having none; below it, the gap is only an open question."""


class NoRoadmap(Rule[NoRoadmapSettings]):
    id = "CRM003"
    slug = "no-roadmap"
    title = "No roadmap, vision or measurable goals"
    pillar = "process"
    severity = "high"
    area = "roadmap"
    settings_model = NoRoadmapSettings
    checks = (
        "Whether the program knows where it is going: a stated vision, a business reason "
        "rather than fashion or a vendor's push, defined target customers, objectives with "
        "at least one metric each, a roadmap split into phases, and phases tied to objectives. "
        "A fact the profile leaves out is an open question, not a gap: an unstated vision, "
        "motive or metric list raises no finding. Only at `unknown_roadmap_seats` and above "
        "does not knowing whether there are objectives or phases at all give a finding, at half "
        "the likelihood of having none, saying that it is not known. The phase plan is judged "
        "before go-live (and when the stage is not stated); a live program is judged on its "
        "strategy, objectives and metrics and on the phases it has, but is not asked to plan "
        "phases any more (CRM016 covers the roadmap after go-live)."
    )
    why = (
        "A CRM bought because everyone else has one has no finish line. Without objectives "
        "nobody can say what the system should change, so every group pulls it toward its own "
        "wish list; without phases there is no point at which anything is delivered; and "
        "without metrics, even real progress cannot be shown to the people paying for it."
    )
    fix = (
        "Write down in a paragraph what the CRM should change for which customers, turn it "
        "into a handful of objectives with metrics, and cut the work into short phases, each "
        "tied to the objectives it moves."
    )
    effort = (
        "A **low** action is one meeting or one line in the plan: the sponsor and steering "
        "committee agreeing a short vision, tying a phase to the objectives it should move, or "
        "agreeing how an objective will be measured (its measures, baseline and target). "
        "**Medium** actions take workshops with the business and rework of the plan: tying the "
        "program to the business strategy and the customer problems it must solve, defining the "
        "customer segments that matter most, setting measurable objectives where there are none, "
        "or cutting an undivided program into short phases."
    )
    risky_example = """\
organization: {name: Ostrava Tools, crm_seats: 120}
strategy: {vision: "", motive: bandwagon, target_customers_defined: false}
processes:
  quoting: {kind: business}
objectives: {}
phases: {}
"""
    healthy_example = """\
organization: {name: Ostrava Tools, crm_seats: 120}
strategy:
  vision: Dealers get quotes in a day and we stop losing repeat orders.
  motive: strategy
  target_customers_defined: true
objectives:
  quote_speed:
    description: Quote within one working day
    metrics: [{name: Quotes within a day, baseline: 35, target: 90, unit: "%"}]
processes:
  quoting: {kind: business, supports: [quote_speed]}
phases:
  first: {processes: [quoting], objectives: [quote_speed]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        small = is_small(seats, s.min_seats)
        scale = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        # whether nobody knowing is itself worth a finding; an unknown size is not large
        unknown_matters = seats is not None and seats >= s.unknown_roadmap_seats
        if not small:
            yield from self._strategy(ctx, scale)
        yield from self._objectives(ctx, scale, unknown_matters)
        if not small:
            live = ctx.stage == "live"
            yield from self._phases(ctx, scale, unknown_matters and not live, live)

    def _strategy(self, ctx: Context, scale: float) -> Iterator[Finding]:
        vision: str | None = ctx.ask("/strategy/vision")
        motive: str | None = ctx.ask("/strategy/motive")
        targets: bool | None = ctx.ask("/strategy/target_customers_defined")
        if vision is not None and not vision.strip():
            yield self.finding(
                "The program has no stated vision of what the CRM should change.",
                likelihood=0.6,
                impact=scale,
                pointers=["/strategy/vision"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Have the sponsor and steering committee agree on a short vision: "
                        "which customers, and what changes for them.",
                        "low",
                        # the vision is theirs to write: no change can put words in their mouth
                    )
                ],
            )
        if motive in ("bandwagon", "vendor_push"):
            reason = "fashion" if motive == "bandwagon" else "a vendor's push"
            yield self.finding(
                f"The program was started by {reason} rather than a business strategy.",
                likelihood=0.7,
                impact=scale,
                pointers=["/strategy/motive"],
                recommendations=[
                    recommend(
                        "Tie the program to the business strategy: name the customer problems "
                        "it must solve before configuring anything more.",
                        "medium",
                        set_("/strategy/motive", "strategy"),
                        set_("/strategy/target_customers_defined", True),
                    )
                ],
            )
        elif targets is False:
            yield self.finding(
                "The customers the CRM should serve best have not been defined.",
                likelihood=0.5,
                impact=scale,
                pointers=["/strategy/target_customers_defined"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Define the customer segments that matter most and design for them.",
                        "medium",
                        set_("/strategy/target_customers_defined", True),
                    )
                ],
            )

    def _objectives(self, ctx: Context, scale: float, unknown_matters: bool) -> Iterator[Finding]:
        objectives: dict[str, Any] | None = ctx.ask("/objectives")
        if objectives is None:
            if unknown_matters:
                yield self.finding(
                    "Nobody has stated whether the program has objectives; at this size, not "
                    "knowing what it should achieve is itself a risk.",
                    likelihood=0.45,
                    impact=scale,
                    pointers=["/objectives"],
                    severity="medium",
                    recommendations=[_set_objectives()],
                )
            return
        if not objectives:
            yield self.finding(
                "The program has no objectives, so nothing it achieves can be measured.",
                likelihood=0.9,
                impact=scale,
                pointers=["/objectives"],
                recommendations=[_set_objectives()],
            )
            return
        for key in sorted(objectives):
            metrics: list[Any] | None = ctx.ask(pointer("objectives", key, "metrics"))
            if metrics is None or metrics:
                continue
            description = objectives[key].description
            node = node_id("objective", key)
            supporters = ctx.graph.predecessors(node, "supports")
            # the measures, baselines and targets are the business's to choose: no change invents
            # them, so the gain is estimated from this finding's own risk
            action = (
                f"Agree how '{description}' will be measured: the measures, today's baseline "
                "and the target, and put the results on management's agenda."
            )
            changes: list[Any] = []
            yield self.finding(
                f"Objective '{description}' has no metric.",
                likelihood=0.6,
                impact=scale * (0.4 + 0.6 * _share(len(supporters), ctx.graph.count("process"))),
                pointers=[pointer("objectives", key, "metrics")],
                nodes=[node, *supporters],
                severity="medium",
                recommendations=[recommend(action, "low", *changes)],
            )

    def _phases(
        self, ctx: Context, scale: float, unknown_matters: bool, live: bool
    ) -> Iterator[Finding]:
        phases: dict[str, Any] | None = ctx.ask("/phases")
        if phases is None:
            if unknown_matters:
                yield self._no_phases(ctx, scale, known=False)
            return
        if not phases:
            if not live:  # a live program is past planning its first phases
                yield self._no_phases(ctx, scale, known=True)
            return
        for key in sorted(phases):
            tied: list[str] | None = ctx.ask(pointer("phases", key, "objectives"))
            if tied is None or tied:
                continue
            phase = phases[key]
            goals = sorted(
                {
                    o.split(":", 1)[1]
                    for proc in phase.processes
                    for o in ctx.graph.successors(node_id("process", proc), "supports")
                }
            )
            # the objectives its processes already serve; otherwise the committee must choose
            changes = [set_(pointer("phases", key, "objectives"), goals)] if goals else []
            recs = [
                recommend(
                    f"Tie phase {phase.name or key} to the objectives it should move.",
                    "low",
                    *changes,
                )
            ]
            yield self.finding(
                f"Phase {phase.name or key} is not tied to any objective.",
                likelihood=0.5,
                impact=scale * 0.7,
                pointers=[pointer("phases", key, "objectives")],
                nodes=[node_id("phase", key)],
                severity="medium",
                recommendations=recs,
            )

    def _no_phases(self, ctx: Context, scale: float, *, known: bool) -> Finding:
        first = _first_process(ctx)
        changes = []
        if first is not None:
            phase = {
                "name": "First phase",
                "processes": [first],
                "duration_months": self.settings.first_phase_months,
                "objectives": sorted(
                    o.split(":", 1)[1]
                    for o in ctx.graph.successors(node_id("process", first), "supports")
                ),
            }
            changes.append(set_("/phases/first_phase", phase))
        recommendations = (
            [
                recommend(
                    "Cut the program into short phases and start with the process that "
                    "matters most.",
                    "medium",
                    *changes,
                )
            ]
            if changes
            else []
        )
        if known:
            return self.finding(
                "The program has no roadmap: no phases, so nothing is due until everything is.",
                likelihood=0.8,
                impact=scale,
                pointers=["/phases"],
                recommendations=recommendations,
            )
        return self.finding(
            "Nobody has stated whether the program has a roadmap of phases; at this size, not "
            "knowing when anything will be delivered is itself a risk.",
            likelihood=0.4,
            impact=scale,
            pointers=["/phases"],
            severity="medium",
            recommendations=recommendations,
        )


def _set_objectives() -> Recommendation:
    """Objectives are the business's to set; no change can invent them (an estimated gain)."""
    return recommend(
        "Set measurable objectives: what should improve, from which baseline, "
        "to which target, reviewed by management.",
        "medium",
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _first_process(ctx: Context) -> str | None:
    """The business process with the most depending on it: the natural first phase.

    A process whose kind is not stated may still be a business one; maintenance ones never are.
    """
    ranked = [
        (p.kind != "business", -ctx.graph.leverage(node_id("process", k)), k)
        for k, p in ctx.profile.processes.items()
        if p.kind != "maintenance"
    ]
    return min(ranked)[2] if ranked else None
