"""CRM008 overreach: so much at once that nothing is delivered for a long time."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.graph import node_id
from riskengine.profile.program import Phase
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, ramp, recommend, set_, size_factor


class OverreachSettings(RuleSettings):
    """Thresholds of CRM008."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats scope problems stay small; the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, overreach has its full impact."""
    max_features_per_phase: int = Field(default=10, ge=1)
    """More features than this in one phase is too much to deliver and absorb at once."""
    max_processes_per_phase: int = Field(default=3, ge=1)
    """More business processes than this changed in one phase overloads the people in them."""
    max_months_to_first_value: float = Field(default=6.0, gt=0)
    """The first phase should deliver something usable within this many months."""
    max_program_months: float = Field(default=18.0, gt=0)
    """Programs planned beyond this are exposed to budget cuts before they pay off."""
    max_stakeholder_groups: int = Field(default=4, ge=1)
    """More groups than this with conflicting goals drag a program apart."""


class Overreach(Rule[OverreachSettings]):
    id = "CRM008"
    slug = "overreach"
    title = "Too much scope before the first value"
    pillar = "expectations"
    severity = "high"
    settings_model = OverreachSettings
    checks = (
        "How much the program takes on at once: a single big-bang go-live, phases with more "
        "features or processes than people can absorb, a first phase that delivers nothing "
        "usable for many months, a program far longer than incremental ones take, and many "
        "stakeholder groups pulling in different directions. A large phase without a pilot "
        "group is likelier to fail."
    )
    why = (
        "Doing everything at once means a long build, a large bill, and no benefit until the "
        "far end. Such a program is the obvious candidate when budgets are cut, and every "
        "month without results gives the groups with conflicting agendas more time to pull "
        "it apart. It tends to collapse under its own weight before anyone uses it."
    )
    fix = (
        "Deliver in small phases that each leave a working system: pick the change with the "
        "most impact first, keep each phase to a few processes and a few months, and settle "
        "conflicting goals in the steering committee before they land in the scope."
    )
    risky_example = """\
organization: {name: Meridian Utilities, crm_seats: 1200}
scope: {big_bang: true, total_months: 30, stakeholder_groups: 7, conflicting_goals: true}
processes: {billing: {}, outages: {}, sales: {}, field_work: {}}
phases:
  everything:
    processes: [billing, outages, sales, field_work]
    features: 45
    duration_months: 24
"""
    healthy_example = """\
organization: {name: Meridian Utilities, crm_seats: 1200}
scope: {big_bang: false, total_months: 15, stakeholder_groups: 4}
processes: {billing: {}, outages: {}}
phases:
  outages: {processes: [outages], features: 6, duration_months: 4}
  billing: {processes: [billing], features: 7, duration_months: 4, after: [outages]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        if ctx.seats < s.min_seats:
            return
        scale = size_factor(ctx.seats, s.min_seats, s.large_seats, floor=0.4)
        yield from self._big_bang(ctx, scale)
        for key in sorted(ctx.profile.phases):
            yield from self._phase(ctx, key, ctx.profile.phases[key], scale)
        yield from self._timeline(ctx, scale)
        yield from self._stakeholders(ctx, scale)

    def _big_bang(self, ctx: Context, scale: float) -> Iterator[Finding]:
        if not ctx.profile.scope.big_bang:
            return
        yield self.finding(
            "Everything is planned to go live at once instead of phase by phase.",
            likelihood=0.85,
            impact=scale,
            pointers=["/scope/big_bang"],
            recommendations=[
                recommend(
                    "Replace the single go-live with phases that each deliver a working part.",
                    "high",
                    set_("/scope/big_bang", False),
                )
            ],
        )

    def _phase(self, ctx: Context, key: str, phase: Phase, scale: float) -> Iterator[Finding]:
        s = self.settings
        business = [p for p in phase.processes if ctx.profile.processes[p].kind == "business"]
        excess = max(
            phase.features / s.max_features_per_phase, len(business) / s.max_processes_per_phase
        )
        if excess <= 1.0:
            return
        share = len(phase.processes) / max(1, len(ctx.profile.processes))
        likelihood = 0.4 + 0.5 * ramp(excess, 1.0, 3.0) + (0.1 if phase.pilot is None else 0.0)
        name = phase.name or key
        yield self.finding(
            f"Phase {name} takes on {phase.features} features and {len(business)} business "
            f"processes at once (limits: {s.max_features_per_phase} and "
            f"{s.max_processes_per_phase}).",
            likelihood=likelihood,
            impact=scale * (0.4 + 0.6 * share),
            pointers=[pointer("phases", key, "features"), pointer("phases", key, "processes")],
            nodes=[node_id("phase", key), *(node_id("process", p) for p in phase.processes)],
            recommendations=[self._split(ctx, key, phase, business)],
        )

    def _split(self, ctx: Context, key: str, phase: Phase, business: list[str]) -> Recommendation:
        s = self.settings
        ranked = sorted(business, key=lambda p: (-ctx.graph.leverage(node_id("process", p)), p))
        keep = set(ranked[: s.max_processes_per_phase])
        first = [p for p in phase.processes if p in keep or p not in business]
        rest = [p for p in phase.processes if p not in first]
        changes = [
            set_(pointer("phases", key, "features"), min(phase.features, s.max_features_per_phase)),
            set_(pointer("phases", key, "processes"), first),
        ]
        if rest:
            later = {
                "name": f"{phase.name or key} (continued)",
                "processes": rest,
                "features": min(
                    max(phase.features - s.max_features_per_phase, 0), s.max_features_per_phase
                ),
                "duration_months": phase.duration_months,
                "objectives": phase.objectives,
                "success_measures": phase.success_measures,
                "after": [key],
            }
            if phase.pilot is not None:
                later["pilot"] = phase.pilot.model_dump()
            changes.append(set_(pointer("phases", f"{key}_next"), later))
        return recommend(
            f"Split phase {phase.name or key}: deliver the processes with the most depending on "
            "them first and move the rest to a later phase.",
            "medium",
            *changes,
        )

    def _timeline(self, ctx: Context, scale: float) -> Iterator[Finding]:
        s = self.settings
        firsts = [k for k, p in ctx.profile.phases.items() if not p.after]
        if firsts:
            key = min(firsts, key=lambda k: (ctx.profile.phases[k].duration_months, k))
            months = ctx.profile.phases[key].duration_months
            if months > s.max_months_to_first_value:
                yield self.finding(
                    f"The first usable result is {months:g} months away.",
                    likelihood=0.4 + 0.4 * ramp(months, s.max_months_to_first_value, 24),
                    impact=scale,
                    pointers=[pointer("phases", key, "duration_months")],
                    nodes=[node_id("phase", key)],
                    recommendations=[
                        recommend(
                            f"Shorten the first phase to at most {s.max_months_to_first_value:g}"
                            " months by cutting it to what users need first.",
                            "medium",
                            set_(
                                pointer("phases", key, "duration_months"),
                                s.max_months_to_first_value,
                            ),
                        )
                    ],
                )
        total = ctx.profile.scope.total_months
        if total is not None and total > s.max_program_months:
            yield self.finding(
                f"The program is planned to run {total:g} months before it is complete.",
                likelihood=0.3 + 0.4 * ramp(total, s.max_program_months, 36),
                impact=scale * 0.8,
                pointers=["/scope/total_months"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Plan the program as short cycles within 12 to 18 months and decide "
                        "the rest after measuring the first results.",
                        "high",
                        set_("/scope/total_months", s.max_program_months),
                    )
                ],
            )

    def _stakeholders(self, ctx: Context, scale: float) -> Iterator[Finding]:
        scope = ctx.profile.scope
        if not scope.conflicting_goals or scope.stakeholder_groups <= 1:
            return
        crowd = ramp(scope.stakeholder_groups, 1, self.settings.max_stakeholder_groups * 2)
        yield self.finding(
            f"{scope.stakeholder_groups} stakeholder groups pull the program toward "
            "conflicting goals.",
            likelihood=0.4 + 0.5 * crowd,
            impact=scale * 0.9,
            pointers=["/scope/conflicting_goals", "/scope/stakeholder_groups"],
            recommendations=[
                recommend(
                    "Have the steering committee settle one order of priorities and keep "
                    "the rest out of scope until it is delivered.",
                    "medium",
                    set_("/scope/conflicting_goals", False),
                )
            ],
        )
