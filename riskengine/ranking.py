"""Rank recommendations by the risk they were measured to remove.

Every distinct recommendation is applied to the profile and the profile assessed again; the drop
in overall risk is its gain, and the drop in total risk breaks ties when the overall score is
saturated. Only rules that read a section the change touches are re-run, and the
changed profile shares every untouched part with the original.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from riskengine.assessment import RankedRecommendation, RuleFailure
from riskengine.context import Context
from riskengine.errors import ProfileError
from riskengine.evaluation import Evaluation
from riskengine.findings import EFFORT_COST, PILLARS, Change, Recommendation
from riskengine.graph import ProjectGraph, node_id
from riskengine.patching import apply_changes, changes_graph, pointer_parts
from riskengine.scoring import overall_risk, pillar_risks, total_risk

if TYPE_CHECKING:
    from riskengine.engine import Engine

SECTION_KIND: dict[str, str] = {
    "departments": "department",
    "roles": "role",
    "processes": "process",
    "data_sources": "data_source",
    "fields": "field",
    "objectives": "objective",
    "phases": "phase",
}


@dataclass
class _Group:
    """One distinct recommendation and every finding proposing it."""

    recommendation: Recommendation
    addresses: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)


def rank_recommendations(
    engine: Engine, ctx: Context, evaluation: Evaluation
) -> tuple[tuple[RankedRecommendation, ...], tuple[RuleFailure, ...]]:
    """Measure each distinct recommendation's gain and return them ranked, plus any bad changes."""
    weights = engine.config.pillar_weights
    base = overall_risk(evaluation.findings, weights)
    base_total = total_risk(evaluation.findings)
    base_pillars = pillar_risks(evaluation.findings)
    scored: list[RankedRecommendation] = []
    failures: list[RuleFailure] = []
    for group in merge(evaluation):
        rec = group.recommendation
        try:
            changed = apply_changes(ctx.profile, rec.changes)
        except ProfileError as exc:
            failures.extend(_bad_change(group, str(exc)))
            continue
        touched = {pointer_parts(c.path)[0] for c in rec.changes}
        after = engine.evaluate(
            changed,
            today=ctx.today,
            previous=evaluation,
            touched=touched,
            graph_changed=changes_graph(ctx.profile, rec.changes),
        )
        after_pillars = pillar_risks(after.findings)
        scored.append(
            RankedRecommendation(
                rank=1,
                action=rec.action,
                effort=rec.effort,
                addresses=tuple(sorted(group.addresses)),
                rules=tuple(sorted(group.rules)),
                changes=rec.changes,
                gain=round(base - overall_risk(after.findings, weights), 1),
                risk_removed=round(base_total - total_risk(after.findings), 1),
                pillar_gain={p: round(base_pillars[p] - after_pillars[p], 1) for p in PILLARS},
                leverage=leverage(ctx.graph, rec.changes),
            )
        )
    scored.sort(key=_order)
    ranked = tuple(r.model_copy(update={"rank": i}) for i, r in enumerate(scored, start=1))
    return ranked, tuple(failures)


def merge(evaluation: Evaluation) -> list[_Group]:
    """Group equal recommendations from every counted finding."""
    groups: dict[str, _Group] = {}
    for finding in evaluation.findings:
        if finding.accepted:
            continue
        for rec in finding.recommendations:
            group = groups.setdefault(rec.key(), _Group(rec))
            group.addresses.add(finding.identity)
            group.rules.add(finding.rule)
    return [groups[k] for k in sorted(groups)]


def leverage(graph: ProjectGraph, changes: Sequence[Change]) -> int:
    """Roles, processes and objectives downstream of the entities the changes touch."""
    nodes = {_node_of(pointer_parts(c.path)) for c in changes}
    reached: set[str] = set()
    for node in sorted(n for n in nodes if n is not None and n in graph):
        reached.add(node)
        reached |= graph.downstream(node)
    wanted = {"role", "process", "objective"}
    return sum(1 for n in reached if graph.kind(n) in wanted)


def _node_of(parts: list[str]) -> str | None:
    if parts[0] in ("sponsor", "steering_committee"):
        return parts[0]
    kind = SECTION_KIND.get(parts[0])
    return node_id(kind, parts[1]) if kind and len(parts) > 1 else None


def _order(r: RankedRecommendation) -> tuple[float, float, int, str, str]:
    cost = EFFORT_COST[r.effort]
    first_change = r.changes[0].path if r.changes else ""
    return (-r.gain / cost, -r.risk_removed / cost, -r.leverage, r.action, first_change)


def _bad_change(group: _Group, error: str) -> list[RuleFailure]:
    return [
        RuleFailure(
            rule=rule,
            plugin="",
            error=f"recommendation {group.recommendation.action!r} "
            f"proposes an invalid change: {error}",
        )
        for rule in sorted(group.rules)
    ]
