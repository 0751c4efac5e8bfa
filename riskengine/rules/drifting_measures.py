"""CRM024 drifting-measures: a measured result moved away from its target, not toward it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display, display_names, names, pointer, ramp, recommend, size_factor

_STARTED = ("active", "done")


class DriftingMeasuresSettings(RuleSettings):
    """Thresholds of CRM024."""

    tolerance: float = Field(default=0.1, ge=0, lt=1)
    """Share of the planned change (target minus baseline) a metric may move the wrong way
    before it counts as drift, so that ordinary noise in a measurement is not reported."""
    small_seats: int = Field(default=10, ge=0)
    """At this many seats and below, a drifting measure has its smallest impact (still more
    than half of its full impact: a result moving the wrong way matters at any size)."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, a drifting measure has its full impact."""


@dataclass(frozen=True)
class _Drift:
    index: int
    name: str
    baseline: float
    target: float
    actual: float
    drift: float
    """How far the actual moved the wrong way, as a share of the planned change."""


class DriftingMeasures(Rule[DriftingMeasuresSettings]):
    id = "CRM024"
    slug = "drifting-measures"
    title = "Measured results moving away from their targets"
    pillar = "expectations"
    severity = "high"
    area = "measurement"
    settings_model = DriftingMeasuresSettings
    checks = (
        "Every metric of an objective that an active or finished phase advances: whether its "
        "measured `actual` lies on the far side of its `baseline` from its `target` (baseline "
        "20, target 30, actual 17; or for a falling target, baseline 14, target 7, actual 16). "
        "One finding per objective: its likelihood grows with how far the worst measure moved "
        "the wrong way, as a share of the planned change, and with how many of the measured "
        "metrics did; a move within the tolerance counts as noise. Overshooting the target is not "
        "drift, and a metric whose target equals its baseline has no direction to drift from. "
        "A metric with an unknown baseline, target or actual is not judged (an unknown actual "
        "on a finished phase is CRM023's subject), and neither is a phase whose status is not "
        "stated; their facts become open questions. The pillar is expectations: the gap is "
        "between what the program promised and what it is delivering."
    )
    why = (
        "A measure that gets worse while the phase meant to improve it is running or finished "
        "is the plainest signal that the change is not working as planned: a process was "
        "automated the wrong way, staff are working around the system, or data entry is eating "
        "the time the CRM was supposed to save. Left unexplained, it is also the figure that "
        "turns executives against the program, because it shows the opposite of what they "
        "were promised."
    )
    fix = (
        "Find out with the objective's owner and the phase's pilot users why the measure moved "
        "the wrong way, check that it was measured the same way as the baseline, and use the "
        "phase review to decide whether to adjust the approach, the target, or the plan for the "
        "next phase. Tell the sponsor and executives what was found before they find it."
    )
    effort = (
        "Finding out why a phase's metrics moved away from their targets and deciding what to do "
        "is **medium**: an analysis with the objective's owner and the phase's users, then a "
        "decision in the phase review that may change the approach, the targets or the next phase."
    )
    risky_example = """\
organization: {name: Kestrel Insurance Brokers, crm_seats: 300}
objectives:
  renewals:
    description: Renew more policies
    metrics:
      - {name: Renewal rate, baseline: 70, target: 80, actual: 62, unit: "%"}
phases:
  renewal_desk: {status: done, objectives: [renewals]}
"""
    healthy_example = """\
organization: {name: Kestrel Insurance Brokers, crm_seats: 300}
objectives:
  renewals:
    description: Renew more policies
    metrics:
      - {name: Renewal rate, baseline: 70, target: 80, actual: 76, unit: "%"}
phases:
  renewal_desk: {status: done, objectives: [renewals]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        # measured evidence matters at any size; a larger rollout only widens its reach
        scale = size_factor(ctx.seats, s.small_seats, s.large_seats, floor=0.6)
        judged, undecided = self._objectives(ctx)
        processes = max(ctx.graph.count("process"), 1) if judged else 1
        for objective in sorted({*judged, *undecided}):
            if objective not in ctx.profile.objectives:
                continue
            # an objective only phases of unknown status advance is still asked about in full
            measured, drifts = self._drifts(ctx, objective)
            if objective not in judged or not drifts:
                continue
            node = node_id("objective", objective)
            supporters = ctx.graph.predecessors(node, "supports")
            impact = scale * (0.6 + 0.4 * min(1.0, len(supporters) / processes))
            share = len(drifts) / measured
            yield self._finding(
                ctx, objective, judged[objective], drifts, share, impact, supporters
            )

    def _objectives(self, ctx: Context) -> tuple[dict[str, list[str]], set[str]]:
        """Objectives advanced by an active or done phase (with those phases), and objectives
        advanced only by phases whose status is not stated."""
        judged: dict[str, list[str]] = {}
        undecided: set[str] = set()
        for key in sorted(ctx.profile.phases):
            status = ctx.ask(pointer("phases", key, "status"))
            if status is not None and status not in _STARTED:
                continue
            objectives: list[str] = ctx.ask(pointer("phases", key, "objectives")) or []
            for objective in objectives:
                if status is None:
                    undecided.add(objective)
                else:
                    judged.setdefault(objective, []).append(key)
        return judged, undecided - set(judged)

    def _drifts(self, ctx: Context, objective: str) -> tuple[int, list[_Drift]]:
        """How many of the objective's metrics can be judged (baseline, target and actual
        known), and those that moved the wrong way by more than the tolerance."""
        metrics = ctx.ask(pointer("objectives", objective, "metrics")) or []
        measured = 0
        drifts = []
        for i, metric in enumerate(metrics):
            at = ("objectives", objective, "metrics", i)
            baseline = ctx.ask(pointer(*at, "baseline"))
            target = ctx.ask(pointer(*at, "target"))
            actual = ctx.ask(pointer(*at, "actual"))
            if baseline is None or target is None or actual is None or target == baseline:
                continue
            measured += 1
            planned = target - baseline
            drift = (baseline - actual) / planned  # > 0: moved away from the target
            if drift > self.settings.tolerance:
                drifts.append(_Drift(i, metric.name, baseline, target, actual, drift))
        return measured, drifts

    def _finding(
        self,
        ctx: Context,
        objective: str,
        phases: list[str],
        drifts: list[_Drift],
        share: float,
        impact: float,
        supporters: list[str],
    ) -> Finding:
        label = display(ctx.profile, node_id("objective", objective))
        phase_names = display_names(ctx.profile, [node_id("phase", p) for p in phases])
        worst = max(d.drift for d in drifts)
        moves = names(
            [
                f"{d.name} went from {d.baseline:g} to {d.actual:g} (target {d.target:g})"
                for d in sorted(drifts, key=lambda d: (-d.drift, d.name))
            ]
        )
        metrics = names(sorted(d.name for d in drifts))
        targets = "its target" if len(drifts) == 1 else "their targets"
        return self.finding(
            f"Measured results for '{label}' moved away from {targets} with phase "
            f"{phase_names}: {moves}.",
            # how far the worst measure moved the wrong way, and how many of the measured ones
            likelihood=0.4 + 0.4 * ramp(worst, self.settings.tolerance, 1.0) + 0.15 * share,
            impact=impact,
            pointers=[
                pointer("objectives", objective, "metrics"),
                *(pointer("objectives", objective, "metrics", d.index, "actual") for d in drifts),
            ],
            nodes=[
                node_id("objective", objective),
                *(node_id("phase", p) for p in phases),
                *supporters,
            ],
            recommendations=[
                # no profile change: what to adjust is for the review to decide from the causes
                recommend(
                    f"Find out with the owner of '{label}' and the users of phase {phase_names} "
                    f"why {metrics} moved away from {targets}, and decide in the phase review "
                    "whether to adjust the approach, the targets or the next phase.",
                    "medium",
                )
            ],
        )
