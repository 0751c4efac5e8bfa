"""CRM011 unmeasured-objectives: goals and phases whose success nobody can show."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.program import Metric
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, plural, pointer, recommend, set_


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
    area = "measurement"
    settings_model = UnmeasuredObjectivesSettings
    checks = (
        "Whether each objective's metrics have a baseline and a target, whether each "
        "objective has enough measures (three by default), and whether every phase says how "
        "its success will be judged. Objectives with no metric at all are CRM003's subject. "
        "A metric listed without a baseline or target is what this rule reports: a starting "
        "value or goal nobody has recorded cannot show change, so here the unstated value is "
        "the finding (the message says it is not on record). Everything else unknown is an "
        "open question, not a finding: an objective whose metrics are not stated, a phase whose "
        "success measures or processes are not stated. Small firms (below `min_seats`, known to "
        "be small) are not asked for several measures per objective. The checks are the same at "
        "every stage; once live, the advice is about recovering baselines and judging delivered "
        "work rather than preparing for it."
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
    effort = (
        "All its actions are **low**: agreeing how a phase's success is judged, measuring the "
        "starting value of an objective's metrics and agreeing their targets, or adding measures "
        "to a thinly measured objective each take a working session with the objective's owner and "
        "data the organization already holds or can measure once."
    )
    risky_example = """\
organization: {name: Lumen Opticians, crm_seats: 80}
objectives:
  retention: {description: Keep more customers, metrics: [{name: Repeat visits}]}
processes:
  recall_letters: {kind: business, supports: [retention]}
phases:
  recall: {processes: [recall_letters], objectives: [retention], success_measures: []}
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
processes:
  recall_letters: {kind: business, supports: [retention]}
phases:
  recall:
    processes: [recall_letters]
    objectives: [retention]
    success_measures: [Recall letters answered]
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        enough = not is_small(ctx.seats, self.settings.min_seats)
        live = ctx.stage == "live"
        processes = max(ctx.graph.count("process"), 1)
        for key in sorted(ctx.profile.objectives):
            metrics: list[Metric] | None = ctx.ask(pointer("objectives", key, "metrics"))
            if not metrics:
                continue  # unknown, or none at all (CRM003's subject)
            description = ctx.profile.objectives[key].description
            node = node_id("objective", key)
            supporters = ctx.graph.predecessors(node, "supports")
            impact = 0.3 + 0.7 * len(supporters) / processes
            nodes = [node, *supporters]
            yield from self._baselines(ctx, key, description, metrics, impact, nodes, live)
            if enough:
                yield from self._too_few(key, description, metrics, impact, nodes)
        for key in sorted(ctx.profile.phases):
            yield from self._phase(ctx, key, processes, live)

    def _phase(self, ctx: Context, key: str, processes: int, live: bool) -> Iterator[Finding]:
        measures: list[str] | None = ctx.ask(pointer("phases", key, "success_measures"))
        delivers: list[str] | None = ctx.ask(pointer("phases", key, "processes"))
        if measures is None or measures or not delivers:
            return
        phase = ctx.profile.phases[key]
        name = phase.name or key
        metric_names = sorted(
            m.name for o in phase.objectives for m in ctx.profile.objectives[o].metrics
        )
        share = len(delivers) / processes
        action = (
            f"Agree how the success of phase {name} is judged, measure it now, and check it "
            "again at the phase review."
            if live
            else f"Agree before phase {name} starts how its success will be judged, and check "
            "it when it ends."
        )
        yield self.finding(
            f"Phase {name} has no measure of success.",
            likelihood=0.55,
            impact=0.3 + 0.7 * min(1.0, share),
            pointers=[pointer("phases", key, "success_measures")],
            nodes=[node_id("phase", key)],
            recommendations=[
                recommend(
                    action,
                    "low",
                    # its objectives' own measures; measures nobody has chosen are not invented
                    *(
                        [set_(pointer("phases", key, "success_measures"), metric_names[:3])]
                        if metric_names
                        else []
                    ),
                )
            ],
        )

    def _baselines(
        self,
        ctx: Context,
        key: str,
        description: str,
        metrics: list[Metric],
        impact: float,
        nodes: list[str],
        live: bool,
    ) -> Iterator[Finding]:
        missing = 0
        for i, _ in enumerate(metrics):
            baseline = ctx.ask(pointer("objectives", key, "metrics", i, "baseline"))
            target = ctx.ask(pointer("objectives", key, "metrics", i, "target"))
            if baseline is None or target is None:
                missing += 1
        if not missing:
            return
        share = missing / len(metrics)
        action = (
            f"Recover from old records the value each metric of '{description}' had when the "
            "program started (or measure it now as a new starting point) and agree its target."
            if live
            else f"Measure today's value of each metric of '{description}' and agree its target "
            "before the work starts."
        )
        yield self.finding(
            f"Objective '{description}' has "
            f"{plural(missing, 'metric', 'metrics')} with no baseline or target on record.",
            likelihood=0.3 + 0.4 * share,
            impact=impact,
            pointers=[pointer("objectives", key, "metrics")],
            nodes=nodes,
            # the values are measured, not written: no change can stand for them (estimated gain)
            recommendations=[recommend(action, "low")],
        )

    def _too_few(
        self,
        key: str,
        description: str,
        metrics: list[Metric],
        impact: float,
        nodes: list[str],
    ) -> Iterator[Finding]:
        wanted = self.settings.measures_per_objective
        have = len(metrics)
        if have >= wanted:
            return
        yield self.finding(
            f"Objective '{description}' is judged by "
            f"{plural(have, 'measure', 'measures')} (about {wanted} give a fair picture).",
            likelihood=0.3,
            impact=impact * 0.8,
            pointers=[pointer("objectives", key, "metrics", have - 1)],
            nodes=nodes,
            severity="low",
            recommendations=[
                # which measures describe the objective is the business's choice: none invented
                recommend(
                    f"Add measures to '{description}' until about {wanted} describe it.", "low"
                )
            ],
        )
