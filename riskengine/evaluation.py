"""Run rules over one profile: failure isolation, overrides, acceptances, reuse of results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from riskengine.assessment import RuleFailure
from riskengine.context import Context
from riskengine.findings import Acceptance, Finding, Severity, finding_risk
from riskengine.graph import ProjectGraph
from riskengine.profile import Profile
from riskengine.rule import Rule


@dataclass(frozen=True)
class ActiveRule:
    """A rule instance as the engine runs it, with its plugin and any severity override."""

    rule: Rule[Any]
    plugin: str
    severity: Severity | None = None

    def affected_by(self, sections: Collection[str], graph_changed: bool) -> bool:
        """Whether a change to `sections` (and maybe the graph) can change this rule's findings."""
        rule = type(self.rule)
        if graph_changed and rule.uses_graph:
            return True
        return not rule.reads or any(s in rule.reads for s in sections)


@dataclass(frozen=True)
class Evaluation:
    """Findings of every active rule on one profile, kept per rule for reuse."""

    by_rule: Mapping[str, tuple[Finding, ...]]
    failures: tuple[RuleFailure, ...] = ()
    graph: ProjectGraph | None = None
    """The dependency graph, if any rule needed it (reused by later evaluations)."""
    extensions: Mapping[str, BaseModel] = field(default_factory=dict)
    """The validated plugin extensions (reused by later evaluations)."""
    findings: tuple[Finding, ...] = field(init=False)

    def __post_init__(self) -> None:
        merged = [f for fs in self.by_rule.values() for f in fs]
        merged.sort(key=lambda f: (-f.risk, f.rule, f.identity, f.message))
        object.__setattr__(self, "findings", tuple(merged))


def evaluate(
    rules: Sequence[ActiveRule],
    ctx: Context,
    *,
    previous: Evaluation | None = None,
    touched: Collection[str] = (),
    graph_changed: bool = True,
) -> Evaluation:
    """Run `rules` on `ctx`; with `previous`, reuse results of rules a change cannot affect."""
    by_rule: dict[str, tuple[Finding, ...]] = {}
    failures: list[RuleFailure] = []
    for active in rules:
        rid = type(active.rule).id
        if (
            previous is not None
            and rid in previous.by_rule
            and not active.affected_by(touched, graph_changed)
        ):
            by_rule[rid] = previous.by_rule[rid]
            continue
        try:
            found = _run(active, ctx)
        except Exception as exc:  # a plugin's bug must not stop the assessment
            failures.append(RuleFailure(rule=rid, plugin=active.plugin, error=_describe(exc)))
            continue
        by_rule[rid] = tuple(_accept(f, ctx.profile, ctx.today) for f in found)
    return Evaluation(
        by_rule=by_rule,
        failures=tuple(failures),
        graph=ctx.built_graph,
        extensions=ctx.extensions,
    )


def _run(active: ActiveRule, ctx: Context) -> list[Finding]:
    rule_cls = type(active.rule)
    out = []
    for item in active.rule.evaluate(ctx) or ():
        if not isinstance(item, Finding):
            raise TypeError(f"returned {type(item).__name__} where a Finding was expected")
        if item.rule != rule_cls.id:
            raise ValueError(
                f"returned a finding labelled {item.rule!r} instead of {rule_cls.id!r}"
            )
        severity = active.severity or item.severity
        out.append(
            item.model_copy(
                update={
                    "severity": severity,
                    "risk": finding_risk(item.likelihood, item.impact, severity),
                    "plugin": active.plugin,
                }
            )
        )
    return out


def _accept(finding: Finding, profile: Profile, today: dt.date) -> Finding:
    for accepted in profile.accepted_risks:
        if accepted.rule not in (finding.rule, finding.slug):
            continue
        if accepted.pointer is not None and accepted.pointer not in finding.evidence.pointers:
            continue
        acceptance = Acceptance(
            reason=accepted.reason,
            owner=accepted.owner,
            expires=accepted.expires.isoformat(),
            expired=today > accepted.expires,
        )
        return finding.model_copy(update={"acceptance": acceptance})
    return finding


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
