"""CRM011 unmeasured-objectives: goals and phases whose success nobody can show."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.program import Objective
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import plural, pointer, recommend, set_


class UnmeasuredObjectivesSettings(RuleSettings):
    """Thresholds of CRM011."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats one measure per goal is enough; only missing baselines count."""
    measures_per_objective: int = Field(default=3, ge=1)
    """Measures each objective should have, so one number cannot hide what the others show."""


class UnmeasuredObjectives(Rule[UnmeasuredObjectivesSettings]):
    id = "CRM011"
    slug = "unmeasured-objectives"
    title = "Objectives and phases without measures or baselines"
    pillar = "expectations"
    severity = "medium"
    settings_model = UnmeasuredObjectivesSettings
    checks = (
        "Whether each objective's metrics have a baseline and a target, whether each "
        "objective has enough measures (three by default), and whether every phase says how "
        "its success will be judged. Objectives with no metric at all are CRM003's subject."
    )
    why = (
        "A metric without a baseline cannot show improvement, and one without a target "
        "cannot show success. A single measure per goal is easy to game or to misread. A phase "
        "with no agreed measure ends in opinions, and the program loses the facts it needs to "
        "keep its budget and choose the next step."
    )
    fix = (
        "Record today's value of every metric before the phase that should move it starts, "
        "agree a target, use about three measures per objective, and give every phase "
        "success measures that are checked when it ends."
    )
    risky_example = """\
organization: {name: Lumen Opticians, crm_seats: 80}
objectives:
  retention: {description: Keep more customers, metrics: [{name: Repeat visits}]}
phases:
  recall: {objectives: [retention]}
"""
    healthy_example = """\
organization: {name: Lumen Opticians, crm_seats: 80}
objectives:
  retention:
    description: Keep more customers
    metrics:
      - {name: Repeat visits within 2 years, baseline: 48, target: 60, unit: "%"}
      - {name: Recall letters answered, baseline: 20, target: 35, unit: "%"}
      - {name: Lost customers per month, baseline: 90, target: 60}
phases:
  recall: {objectives: [retention], success_measures: [Recall letters answered]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        processes = max(ctx.graph.count("process"), 1)
        for key in sorted(ctx.profile.objectives):
            objective = ctx.profile.objectives[key]
            if not objective.metrics:
                continue
            node = node_id("objective", key)
            supporters = ctx.graph.predecessors(node, "supports")
            impact = 0.3 + 0.7 * len(supporters) / processes
            yield from self._baselines(key, objective, impact, [node, *supporters])
            if ctx.seats >= self.settings.min_seats:
                yield from self._too_few(key, objective, impact, [node, *supporters])
        for key in sorted(ctx.profile.phases):
            phase = ctx.profile.phases[key]
            if phase.success_measures or not phase.processes:
                continue
            metric_names = sorted(
                m.name for o in phase.objectives for m in ctx.profile.objectives[o].metrics
            )
            share = len(phase.processes) / processes
            yield self.finding(
                f"Phase {phase.name or key} has no measure of success.",
                likelihood=0.55,
                impact=0.3 + 0.7 * min(1.0, share),
                pointers=[pointer("phases", key, "success_measures")],
                nodes=[node_id("phase", key)],
                recommendations=[
                    recommend(
                        f"Agree before phase {phase.name or key} starts how its success will "
                        "be judged, and check it when it ends.",
                        "low",
                        set_(
                            pointer("phases", key, "success_measures"),
                            metric_names[:3] or ["Adoption by the pilot group"],
                        ),
                    )
                ],
            )

    def _baselines(
        self, key: str, objective: Objective, impact: float, nodes: list[str]
    ) -> Iterator[Finding]:
        missing = [m for m in objective.metrics if m.baseline is None or m.target is None]
        if not missing:
            return
        share = len(missing) / len(objective.metrics)
        fixed = [
            {**m.model_dump(), "baseline": m.baseline or 0.0, "target": m.target or 0.0}
            if m in missing
            else m.model_dump()
            for m in objective.metrics
        ]
        yield self.finding(
            f"Objective '{objective.description}' has "
            f"{plural(len(missing), 'metric', 'metrics')} without a baseline or target.",
            likelihood=0.3 + 0.4 * share,
            impact=impact,
            pointers=[pointer("objectives", key, "metrics")],
            nodes=nodes,
            recommendations=[
                recommend(
                    f"Measure today's value of each metric of '{objective.description}' and "
                    "agree its target before the work starts.",
                    "low",
                    set_(pointer("objectives", key, "metrics"), fixed),
                )
            ],
        )

    def _too_few(
        self, key: str, objective: Objective, impact: float, nodes: list[str]
    ) -> Iterator[Finding]:
        wanted = self.settings.measures_per_objective
        have = len(objective.metrics)
        if have >= wanted:
            return
        extra = [
            {"name": f"Measure {i + 1} of {objective.description}", "baseline": 0, "target": 0}
            for i in range(have, wanted)
        ]
        yield self.finding(
            f"Objective '{objective.description}' is judged by "
            f"{plural(have, 'measure', 'measures')} (about {wanted} give a fair picture).",
            likelihood=0.3,
            impact=impact * 0.8,
            pointers=[pointer("objectives", key, "metrics", have - 1)],
            nodes=nodes,
            severity="low",
            recommendations=[
                recommend(
                    f"Add measures to '{objective.description}' until about {wanted} describe it.",
                    "low",
                    set_(
                        pointer("objectives", key, "metrics"),
                        [m.model_dump() for m in objective.metrics] + extra,
                    ),
                )
            ],
        )
