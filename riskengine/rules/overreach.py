"""CRM008 overreach: so much at once that nothing is delivered for a long time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.graph import node_id
from riskengine.profile.program import Phase, Pilot
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, ramp, recommend, set_, size_factor


class OverreachSettings(RuleSettings):
    """Thresholds of CRM008."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats scope problems stay small; the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, overreach has its full impact."""
    small_firm_seats: int = Field(default=20, ge=0)
    """At or below this many seats the small-firm caps apply. Between this and
    `large_program_seats` each cap moves in a straight line to its large-program value; when the
    size is not stated, each cap takes whichever of its two values is more lenient."""
    large_program_seats: int = Field(default=150, ge=1)
    """At this many seats and above the large-program caps apply."""
    max_features_per_phase: int = Field(default=10, ge=1)
    """More features than this in one phase is too much for a small firm to build and absorb at
    once. Larger programs have larger teams: the cap grows to `large_program_features_per_phase`."""
    large_program_features_per_phase: int = Field(default=15, ge=1)
    """More features than this in one phase is too much even for a large program."""
    max_processes_per_phase: int = Field(default=3, ge=1)
    """More business processes than this changed in one phase of a large program overloads the
    many people who work in them."""
    small_firm_processes_per_phase: int = Field(default=6, ge=1)
    """The same limit for a small firm, where the same few people run every process and can
    change several together."""
    max_months_to_first_value: float = Field(default=6.0, gt=0)
    """The first phase should deliver something usable within this many months."""
    max_program_months: float = Field(default=18.0, gt=0)
    """A large program planned beyond this many months is exposed to budget cuts before it pays
    off."""
    small_firm_program_months: float = Field(default=12.0, gt=0)
    """The same limit for a small firm, whose whole program should fit in a year."""
    high_severity_excess: float = Field(default=2.0, ge=1)
    """A phase this many times over a cap (or more) is a high-severity finding; a phase less far
    over is a medium one."""
    max_stakeholder_groups: int = Field(default=4, ge=1)
    """More groups than this with conflicting goals drag a program apart; up to this many, a
    steering committee can settle their conflicts and the rule stays quiet."""
    crowded_stakeholder_groups: int = Field(default=8, ge=2)
    """With this many conflicting groups or more the finding has its highest likelihood; it rises
    in a straight line from one group up to this number."""


@dataclass(frozen=True)
class _Caps:
    """The limits that apply to a program of one size."""

    features: int
    processes: int
    program_months: float


class Overreach(Rule[OverreachSettings]):
    id = "CRM008"
    slug = "overreach"
    title = "Too much scope before the first value"
    pillar = "expectations"
    severity = "high"
    area = "scope"
    settings_model = OverreachSettings
    checks = (
        "How much the program takes on at once: a single big-bang go-live, phases with more "
        "features or processes than people can absorb, a first phase that delivers nothing "
        "usable for many months, a program far longer than incremental ones take, and more "
        "stakeholder groups than `max_stakeholder_groups` pulling in different directions. A "
        "large phase without a pilot group is likelier to fail. The caps depend on size: a "
        "small firm may change more processes at once but should finish sooner, a large "
        "program may build more features per phase but must change fewer processes at once; "
        "a phase modestly over a cap is a medium finding. Unknown facts raise nothing: a "
        "feature count, a phase length or a process kind that is not stated is not counted "
        "against the program, and when the size is not stated each cap takes its more lenient "
        "value (the size then becomes an open question). Before go-live (or when the stage is "
        "not stated) the whole plan is judged; once live, the big-bang go-live and the time to "
        "first value are behind the program, so only phases not yet done and the stakeholder "
        "conflicts are judged."
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
    effort = (
        "Splitting an overloaded phase, shortening the first phase to what users need first, and "
        "having the steering committee settle one order of priorities are **medium**: re-planning "
        "and scope decisions people must agree to, while the program keeps its shape. Replacing a "
        "single go-live with phases that each deliver a working part, and re-planning a long "
        "program as short cycles within 12 to 18 months, are **high**: the whole plan, the cutover "
        "and often the integrator's contract change."
    )
    risky_example = """\
organization: {name: Meridian Utilities, crm_seats: 1200}
scope: {big_bang: true, total_months: 30, stakeholder_groups: 7, conflicting_goals: true}
processes:
  billing: {kind: business}
  outages: {kind: business}
  sales: {kind: business}
  field_work: {kind: business}
phases:
  everything:
    processes: [billing, outages, sales, field_work]
    features: 45
    duration_months: 24
    pilot: false
"""
    healthy_example = """\
organization: {name: Meridian Utilities, crm_seats: 1200}
scope: {big_bang: false, total_months: 15, stakeholder_groups: 4, conflicting_goals: false}
processes:
  billing: {kind: business}
  outages: {kind: business}
phases:
  outages: {processes: [outages], features: 6, duration_months: 4, after: []}
  billing: {processes: [billing], features: 7, duration_months: 4, after: [outages]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        scale = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        caps = self._caps(seats)
        stage = ctx.stage
        live = stage == "live"
        if not live:
            yield from self._big_bang(ctx, scale)
        for key in sorted(ctx.profile.phases):
            # a live program leaves its finished phases behind; while the stage is unknown the
            # status is asked too, so stating the stage never makes the profile look less known
            if stage in (None, "live"):
                status = ctx.ask(pointer("phases", key, "status"))
                if live and status == "done":
                    continue
            yield from self._phase(ctx, key, ctx.profile.phases[key], caps, scale, seats)
        if not live:
            yield from self._timeline(ctx, caps, scale)
        yield from self._stakeholders(ctx, scale)

    def _caps(self, seats: int | None) -> _Caps:
        """The caps for a program of `seats` seats (the more lenient value of each if unknown)."""
        s = self.settings

        def cap(small: float, large: float) -> float:
            if seats is None:
                return max(small, large)
            return small + (large - small) * ramp(seats, s.small_firm_seats, s.large_program_seats)

        return _Caps(
            features=max(
                1, round(cap(s.max_features_per_phase, s.large_program_features_per_phase))
            ),
            processes=max(
                1, round(cap(s.small_firm_processes_per_phase, s.max_processes_per_phase))
            ),
            program_months=cap(s.small_firm_program_months, s.max_program_months),
        )

    def _big_bang(self, ctx: Context, scale: float) -> Iterator[Finding]:
        if ctx.ask("/scope/big_bang") is not True:
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

    def _phase(
        self,
        ctx: Context,
        key: str,
        phase: Phase,
        caps: _Caps,
        scale: float,
        seats: int | None,
    ) -> Iterator[Finding]:
        features: int | None = ctx.ask(pointer("phases", key, "features"))
        delivered: list[str] = ctx.ask(pointer("phases", key, "processes")) or []
        # a process of unknown kind is not counted as a business process (unknown is not no)
        business = [p for p in delivered if ctx.ask(pointer("processes", p, "kind")) == "business"]
        pilot: Pilot | bool | None = ctx.ask(pointer("phases", key, "pilot"))
        excess = max((features or 0) / caps.features, len(business) / caps.processes)
        if excess <= 1.0:
            return
        share = len(delivered) / max(1, len(ctx.profile.processes))
        likelihood = 0.4 + 0.5 * ramp(excess, 1.0, 3.0) + (0.1 if pilot is False else 0.0)
        name = phase.name or key
        count = f"{features} features" if features is not None else "an unstated number of features"
        size = "at this size" if seats is not None else "while the size is not stated"
        yield self.finding(
            f"Phase {name} takes on {count} and {len(business)} business processes at once "
            f"(limits {size}: {caps.features} features, {caps.processes} processes).",
            likelihood=likelihood,
            impact=scale * (0.4 + 0.6 * share),
            pointers=[pointer("phases", key, "features"), pointer("phases", key, "processes")],
            nodes=[node_id("phase", key), *(node_id("process", p) for p in delivered)],
            severity=None if excess >= self.settings.high_severity_excess else "medium",
            recommendations=[self._split(ctx, key, phase, features, business, pilot, caps)],
        )

    def _split(
        self,
        ctx: Context,
        key: str,
        phase: Phase,
        features: int | None,
        business: list[str],
        pilot: Pilot | bool | None,
        caps: _Caps,
    ) -> Recommendation:
        ranked = sorted(business, key=lambda p: (-ctx.graph.leverage(node_id("process", p)), p))
        keep = set(ranked[: caps.processes])
        first = [p for p in phase.processes if p in keep or p not in business]
        rest = [p for p in phase.processes if p not in first]
        changes = [set_(pointer("phases", key, "processes"), first)]
        if features is not None:
            changes.insert(
                0, set_(pointer("phases", key, "features"), min(features, caps.features))
            )
        if rest:
            # the phase's time is shared by process, so splitting never lengthens the roadmap
            months = phase.duration_months
            later_months = None
            if months is not None:
                kept = round(months * len(first) / len(phase.processes), 1)
                changes.append(set_(pointer("phases", key, "duration_months"), kept))
                later_months = round(months - kept, 1)
            later: dict[str, Any] = {
                "name": f"{phase.name or key} (continued)",
                "processes": rest,
                "duration_months": later_months,
                "objectives": phase.objectives,
                "success_measures": phase.success_measures,
                "after": [key],
            }
            if features is not None:
                later["features"] = min(max(features - caps.features, 0), caps.features)
            if isinstance(pilot, Pilot):
                later["pilot"] = pilot.model_dump(exclude_none=True)
            elif pilot is False:
                later["pilot"] = False
            changes.append(
                set_(
                    pointer("phases", f"{key}_next"),
                    {k: v for k, v in later.items() if v is not None},
                )
            )
        return recommend(
            f"Split phase {phase.name or key}: deliver the processes with the most depending on "
            "them first and move the rest to a later phase.",
            "medium",
            *changes,
        )

    def _timeline(self, ctx: Context, caps: _Caps, scale: float) -> Iterator[Finding]:
        s = self.settings
        # a phase whose predecessors are not stated may come first
        firsts = [k for k in ctx.profile.phases if not ctx.ask(pointer("phases", k, "after"))]
        months = {k: ctx.ask(pointer("phases", k, "duration_months")) for k in firsts}
        if firsts and all(m is not None for m in months.values()):
            key = min(firsts, key=lambda k: (months[k], k))
            if months[key] > s.max_months_to_first_value:
                yield self.finding(
                    f"The first usable result is {months[key]:g} months away.",
                    likelihood=0.4 + 0.4 * ramp(months[key], s.max_months_to_first_value, 24),
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
        total: float | None = ctx.ask("/scope/total_months")
        limit = caps.program_months
        if total is not None and total > limit:
            most = float(int(limit))
            yield self.finding(
                f"The program is planned to run {total:g} months before it is complete "
                f"(about {most:g} is the most a program of this size should plan).",
                likelihood=0.3 + 0.4 * ramp(total, limit, 36),
                impact=scale * 0.8,
                pointers=["/scope/total_months"],
                severity="medium",
                recommendations=[
                    recommend(
                        "Plan the program as short cycles within 12 to 18 months and decide "
                        "the rest after measuring the first results.",
                        "high",
                        set_("/scope/total_months", most),
                    )
                ],
            )

    def _stakeholders(self, ctx: Context, scale: float) -> Iterator[Finding]:
        s = self.settings
        groups: int | None = ctx.ask("/scope/stakeholder_groups")
        conflicting: bool | None = ctx.ask("/scope/conflicting_goals")
        if conflicting is not True or groups is None or groups <= s.max_stakeholder_groups:
            return
        crowd = ramp(groups, 1, s.crowded_stakeholder_groups)
        yield self.finding(
            f"{groups} stakeholder groups pull the program toward conflicting goals "
            f"(more than {s.max_stakeholder_groups} is hard to reconcile).",
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
