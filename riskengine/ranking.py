"""Rank recommendations by the risk they were measured to remove.

Every distinct recommendation is applied to the profile and the profile assessed again; the drop
in overall risk is its gain, and the drop in total risk breaks ties when the overall score is
saturated. Only rules whose recorded reads the change touches are re-run (see
`riskengine.evaluation`), and the changed profile shares every untouched part with the original.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from riskengine.assessment import RankedRecommendation, RuleFailure
from riskengine.errors import ProfileError
from riskengine.evaluation import Evaluation, Evaluator
from riskengine.findings import EFFORT_COST, PILLARS, Change, Finding, Recommendation
from riskengine.graph.model import ProjectGraph
from riskengine.patching import apply_changes, pointer_parts
from riskengine.profile import Profile
from riskengine.profile.entities import entity_node, kinds_by_section
from riskengine.scoring import RuleScores, overall_of, pillars_of, rule_scores, total_risk


@dataclass
class _Group:
    """One distinct recommendation and every finding proposing it."""

    recommendation: Recommendation
    addresses: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)


def rank_recommendations(
    evaluator: Evaluator, evaluation: Evaluation, weights: Mapping[Any, float]
) -> tuple[tuple[RankedRecommendation, ...], tuple[RuleFailure, ...]]:
    """Measure each distinct recommendation's gain and return them ranked, plus any bad changes.

    A recommendation whose work cannot be written as a profile change carries no changes; its
    gain is then estimated as the drop the proposing findings' own risk accounts for, and marked
    ``estimated``. A change that leaves the profile as it was, or whose measured gain is not
    positive, is not an action and is left out.
    """
    base = overall_of(evaluation.scores, weights)
    base_total = total_risk(evaluation.findings)
    base_pillars = pillars_of(evaluation.scores)
    base_by_rule = _risk_by_rule(evaluation.findings)
    graph = evaluation.graph
    scored: list[RankedRecommendation] = []
    failures: list[RuleFailure] = []
    for group in merge(evaluation):
        rec = group.recommendation
        try:
            after = _after(evaluator, evaluation, group)
        except ProfileError as exc:
            failures.extend(_bad_change(group, exc, evaluator))
            continue
        if after is None:
            continue  # the change leaves the profile as it is: nothing was done
        findings, scores = after
        gain = round(base - overall_of(scores, weights), 1)
        if gain <= 0:
            continue  # moves no displayed score: not an action, whatever it removes underneath
        removed = round(base_total - total_risk(findings), 1)
        if graph is None:
            graph = evaluator.graph_of(evaluation.profile)
        after_pillars = pillars_of(scores)
        scored.append(
            RankedRecommendation(
                rank=1,
                action=rec.action,
                effort=rec.effort,
                addresses=tuple(sorted(group.addresses)),
                rules=tuple(sorted(group.rules)),
                changes=rec.changes,
                gain=gain,
                risk_removed=removed,
                removes=_lost(base_by_rule, findings),
                estimated=not rec.changes,
                pillar_gain={p: round(base_pillars[p] - after_pillars[p], 1) for p in PILLARS},
                leverage=leverage(evaluation.profile, graph, rec.changes),
            )
        )
    scored.sort(key=_order)
    ranked = tuple(r.model_copy(update={"rank": i}) for i, r in enumerate(scored, start=1))
    return ranked, tuple(failures)


def _after(
    evaluator: Evaluator, evaluation: Evaluation, group: _Group
) -> tuple[tuple[Finding, ...], RuleScores] | None:
    """The findings and rule scores once the recommendation is done (None: it changes nothing)."""
    rec = group.recommendation
    if not rec.changes:
        kept = tuple(f for f in evaluation.findings if f.identity not in group.addresses)
        return kept, rule_scores(kept)
    changed = apply_changes(evaluation.profile, rec.changes)
    if changed == evaluation.profile:
        return None
    after = evaluator.reevaluate(evaluation, changed, rec.changes)
    return after.findings, after.scores


def _risk_by_rule(findings: Sequence[Finding]) -> dict[str, float]:
    """Each rule's summed risk over the counted findings."""
    risk: dict[str, float] = {}
    for f in findings:
        if not f.accepted:
            risk[f.rule] = risk.get(f.rule, 0.0) + f.risk
    return risk


def _lost(before: Mapping[str, float], after: Sequence[Finding]) -> dict[str, float]:
    """Risk each rule loses from `before` (summed by rule) to the findings `after`, largest
    first."""
    lost = dict(before)
    for f in after:
        if not f.accepted:
            lost[f.rule] = lost.get(f.rule, 0.0) - f.risk
    kept = {rule: round(v, 1) for rule, v in lost.items() if round(v, 1) > 0}
    return dict(sorted(kept.items(), key=lambda kv: (-kv[1], kv[0])))


def merge(evaluation: Evaluation) -> list[_Group]:
    """Group equal recommendations from every counted finding."""
    groups: dict[str, _Group] = {}
    keys: dict[int, str] = {}  # by object: findings of one rule often share one action
    for finding in evaluation.findings:
        if finding.accepted:
            continue
        for rec in finding.recommendations:
            key = keys.get(id(rec))
            if key is None:
                key = keys[id(rec)] = rec.key()
            group = groups.setdefault(key, _Group(rec))
            group.addresses.add(finding.identity)
            group.rules.add(finding.rule)
    return [groups[k] for k in sorted(groups)]


def leverage(profile: Profile, graph: ProjectGraph, changes: Sequence[Change]) -> int:
    """Roles, processes and objectives downstream of the entities the changes touch."""
    nodes = {_node_of(profile, pointer_parts(c.path)) for c in changes}
    reached: set[str] = set()
    for node in sorted(n for n in nodes if n is not None and n in graph):
        reached.add(node)
        reached |= graph.downstream(node)
    wanted = {"role", "process", "objective"}
    return sum(1 for n in reached if graph.kind(n) in wanted)


def _node_of(profile: Profile, parts: list[str]) -> str | None:
    """The graph node of the entity a pointer enters, if it enters one."""
    kind = kinds_by_section(profile.__class__).get(parts[0]) if parts else None
    if kind is None:
        return None
    if kind.singleton:
        return kind.name
    return entity_node(kind, parts[1]) if len(parts) > 1 else None


def _order(r: RankedRecommendation) -> tuple[float, float, int, str, str]:
    cost = EFFORT_COST[r.effort]
    first_change = r.changes[0].path if r.changes else ""
    return (-r.gain / cost, -r.risk_removed / cost, -r.leverage, r.action, first_change)


def _bad_change(group: _Group, error: ProfileError, evaluator: Evaluator) -> list[RuleFailure]:
    """The failure of each rule proposing a change the profile model refuses (the rule's fault:
    the profile itself was valid)."""
    plugins = {active.id: active.plugin for active in evaluator.rules}
    reasons = "; ".join(
        f"{problem.path}: {problem.message}" if problem.path else problem.message
        for problem in error.problems
    )
    return [
        RuleFailure(
            rule=rule,
            plugin=plugins.get(rule, ""),
            error=f"recommendation {group.recommendation.action!r} "
            f"proposes an invalid change: {reasons}",
        )
        for rule in sorted(group.rules)
    ]
