"""CRM023 unmeasured-results: a phase is finished, but nobody recorded what it achieved."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display, is_small, names, pointer, recommend, size_factor


class UnmeasuredResultsSettings(RuleSettings):
    """Thresholds of CRM023."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the people who did the work see its results first-hand; results
    left unrecorded are not reported (the actuals are still asked for)."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, results left unmeasured have their full impact."""


@dataclass(frozen=True)
class _Metric:
    objective: str
    index: int
    name: str


class UnmeasuredResults(Rule[UnmeasuredResultsSettings]):
    id = "CRM023"
    slug = "unmeasured-results"
    title = "Finished phases whose results were never measured"
    pillar = "process"
    severity = "medium"
    area = "measurement"
    settings_model = UnmeasuredResultsSettings
    checks = (
        "Every phase whose status is `done`: whether each metric of the objectives it advances "
        "has a measured `actual` value. A metric with no actual on a finished phase is exactly "
        "what the rule reports, so here an unknown value is the finding, not an open question. "
        "A phase whose status is not stated is not judged: its status (and the actuals it would "
        "need) become open questions. Planned and active phases are not judged. Metrics without "
        "baseline or target are CRM011's subject; objectives without metrics CRM003's. The "
        "pillar is process: measuring is the step of the phase cycle that was skipped."
    )
    why = (
        "Each phase of an incremental program is supposed to end by comparing what it achieved "
        "with what its objectives promised. When nobody measures, the program cannot show "
        "executives a return, cannot tell a phase that worked from one that did not, and picks "
        "the next phase on opinion. Problems that a measurement would have exposed early are "
        "carried into every later phase, and the budget discussion is lost for lack of facts."
    )
    fix = (
        "Measure every metric of the finished phase's objectives, with the same method used for "
        "the baseline, and record the value and the date it was measured. Plan the follow-up "
        "measurements (for example after 6, 12 and 24 months) and put them in the phase review."
    )
    effort = (
        "Measuring the results of a finished phase is **low** for one objective and **medium** for "
        "several: each objective's metrics have to be measured with the method used for its "
        "baseline and recorded with the date, and several objectives mean several owners and data "
        "sources."
    )
    risky_example = """\
organization: {name: Harbour Freight Lines, crm_seats: 400}
objectives:
  on_time:
    description: Quote faster
    metrics:
      - {name: Quotes sent within a day, baseline: 35, target: 70, unit: "%"}
      - {name: Quote win rate, baseline: 18, target: 24, unit: "%"}
phases:
  quoting: {status: done, objectives: [on_time]}
"""
    healthy_example = """\
organization: {name: Harbour Freight Lines, crm_seats: 400}
objectives:
  on_time:
    description: Quote faster
    metrics:
      - {name: Quotes sent within a day, baseline: 35, target: 70, actual: 61, unit: "%"}
      - {name: Quote win rate, baseline: 18, target: 24, actual: 21, unit: "%"}
phases:
  quoting: {status: done, objectives: [on_time]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        # a small firm is asked the same facts, so stating the size never makes the profile
        # look less known; only the findings are left out
        small = is_small(seats, s.min_seats)
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.3)
        for key in sorted(ctx.profile.phases):
            status = ctx.ask(pointer("phases", key, "status"))
            if status not in (None, "done"):
                continue
            # an unknown status still asks every actual it would judge
            total, missing = self._metrics(ctx, key)
            if status == "done" and missing and not small:
                yield self._finding(ctx, key, total, missing, impact)

    def _metrics(self, ctx: Context, key: str) -> tuple[int, list[_Metric]]:
        """How many metrics the phase's objectives have, and those with no measured actual."""
        objectives: list[str] = ctx.ask(pointer("phases", key, "objectives")) or []
        total = 0
        missing: list[_Metric] = []
        for objective in objectives:
            if objective not in ctx.profile.objectives:
                continue
            metrics = ctx.ask(pointer("objectives", objective, "metrics")) or []
            for i, metric in enumerate(metrics):
                total += 1
                if ctx.ask(pointer("objectives", objective, "metrics", i, "actual")) is None:
                    missing.append(_Metric(objective, i, metric.name))
        return total, missing

    def _finding(
        self, ctx: Context, key: str, total: int, missing: list[_Metric], impact: float
    ) -> Finding:
        name = display(ctx.profile, node_id("phase", key))
        objectives = sorted({m.objective for m in missing})
        share = len(missing) / total
        listed = names(sorted(m.name for m in missing))  # the same whatever the list order
        if len(missing) < total:
            message = (
                f"Phase {name} is done, but {len(missing)} of the {total} metrics of its "
                f"objectives have no measured result on record ({listed})."
            )
        else:
            which = "the metric" if total == 1 else f"any of the {total} metrics"
            message = (
                f"Phase {name} is done, but no measured result is on record for {which} "
                f"of its objectives ({listed})."
            )
        quoted = names([f"'{display(ctx.profile, node_id('objective', o))}'" for o in objectives])
        return self.finding(
            message,
            likelihood=0.2 + 0.3 * share,
            # the more of the program's objectives are left without a result, the more of it
            # runs blind
            impact=impact * (0.5 + 0.5 * len(objectives) / max(len(ctx.profile.objectives), 1)),
            pointers=[
                pointer("phases", key, "objectives"),
                *(
                    pointer("objectives", m.objective, "metrics", m.index, "actual")
                    for m in missing
                ),
            ],
            nodes=[node_id("phase", key), *(node_id("objective", o) for o in objectives)],
            recommendations=[
                # no profile change: the measured values cannot be written down before
                # someone has measured them
                recommend(
                    f"Measure the metrics of {quoted} now that "
                    f"phase {name} is done, with the method used for the baselines, and record "
                    "each value with the date it was measured.",
                    "low" if len(objectives) == 1 else "medium",
                )
            ],
        )
