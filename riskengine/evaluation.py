"""Run rules over one profile: failure isolation, recorded reads, acceptances, exact reuse.

The `Evaluator` records what each rule actually read (profile sections, the graph, extensions)
while it runs. Re-evaluating a changed profile re-runs exactly the rules whose recorded reads the
change touches, so reused results always equal a full re-evaluation, whatever a rule declares.
"""

from __future__ import annotations

import datetime as dt
from bisect import insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import InitVar, dataclass, field, replace
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ValidationError

from riskengine.assessment import RuleFailure
from riskengine.context import GRAPH, Context, Fact, GraphSlot, Inherited
from riskengine.errors import EnrichmentError, Problem, ProfileError, describe
from riskengine.findings import Acceptance, Change, Finding, Severity, finding_risk
from riskengine.graph.build import Enricher, build_graph
from riskengine.graph.model import ProjectGraph
from riskengine.graph.recording import GraphChange, GraphReads
from riskengine.graph.update import updated_graph
from riskengine.loading import source_of, validation_problems
from riskengine.patching import pointer_parts
from riskengine.profile import Profile
from riskengine.profile.entities import may_change_graph, stable_pointer
from riskengine.profile.recording import (
    EVERYTHING,
    ChangeSet,
    ReadIndex,
    regrouped,
    sections_of,
    touches,
)
from riskengine.rule import Rule
from riskengine.scoring import rule_risk
from riskengine.suggest import did_you_mean
from riskengine.units import Changes, UnitKey, UnitRun
from riskengine.watchdog import TimeLimitReached, time_limit


@dataclass(frozen=True)
class ActiveRule:
    """A rule instance as the engine runs it, with its plugin and any severity override."""

    rule: Rule[Any]
    plugin: str
    severity: Severity | None = None
    id: str = field(init=False)
    """The rule's id (kept at hand: re-evaluation looks it up for every rule, every time)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", type(self.rule).id)


@dataclass(frozen=True)
class RuleRun:
    """One rule's result on one profile, and what the rule read to reach it."""

    findings: tuple[Finding, ...] = ()
    reads: frozenset[str] = frozenset()
    """What the rule read: sections, or fields of them (see `riskengine.profile.recording`)."""
    failure: RuleFailure | None = None
    asked: Mapping[str, bool] = field(default_factory=dict)
    """Every fact the rule asked for (a JSON pointer) and whether the profile answered it."""
    graph_reads: GraphReads | None = None
    """What the rule's graph queries depended on, when it read the graph."""
    units: Mapping[UnitKey, UnitRun] = field(default_factory=dict)
    """The parts of the run a later re-evaluation may keep (see `Context.each`)."""

    @property
    def sections(self) -> frozenset[str]:
        """The profile sections the rule read, whole or in part (and ``graph``)."""
        return sections_of(self.reads)

    def replayed(self, graph: ProjectGraph) -> RuleRun | None:
        """This run as it stands on `graph`, when every graph query the rule made answers there
        as before (None: the rule must run again).

        Only for a run whose profile reads no change touches: the rule then sees exactly what
        it saw, so its findings stand. Its units are dropped, as their records of the graph
        describe the earlier one.
        """
        if self.graph_reads is None or self.failure is not None:
            return None
        reads = self.graph_reads.replayed(graph)
        if reads is None:
            return None
        return replace(self, graph_reads=reads, units={})

    def graph_affected(self, graph_change: Callable[[], GraphChange | None]) -> bool:
        """Whether the change to the graph (worked out only if needed) can change this result."""
        if GRAPH not in self.reads:
            return False
        change = graph_change()
        if change is None:
            return False
        return self.graph_reads is None or self.graph_reads.affected_by(change)


@dataclass(frozen=True)
class Evaluation:
    """Findings of every active rule on one profile, with what each rule read."""

    profile: Profile
    runs: Mapping[str, RuleRun]
    today: dt.date
    graph: ProjectGraph | None = None
    """The dependency graph, if a rule needed it (reused by later evaluations)."""
    extensions: Mapping[str, BaseModel] = field(default_factory=dict)
    facts: Mapping[str, Fact] = field(default_factory=dict, repr=False, compare=False)
    """Every fact the rules asked for, as found (what a re-evaluation can take over)."""
    reuse: InitVar[Evaluation | None] = None
    """An evaluation whose unchanged rule results (same run, same acceptances) are reused."""
    findings: tuple[Finding, ...] = field(init=False)
    """Every finding, acceptances applied, highest risk first."""
    scores: Mapping[str, tuple[float, str]] = field(init=False, repr=False, compare=False)
    """Risk and pillar of every rule with counted findings, by rule id (sorted)."""
    _by_rule: Mapping[str, tuple[Finding, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self, reuse: Evaluation | None) -> None:
        accepted = self.profile.accepted_risks
        same_terms = reuse is not None and (
            reuse.today == self.today and reuse.profile.accepted_risks == accepted
        )
        by_rule: dict[str, tuple[Finding, ...]] = {}
        scores: dict[str, tuple[float, str]] = {}
        rerun: set[str] = set()
        fresh: list[Finding] = []
        for rid, run in self.runs.items():
            prior = reuse.runs.get(rid) if same_terms and reuse is not None else None
            if reuse is not None and prior is not None and prior.findings is run.findings:
                by_rule[rid] = reuse._by_rule[rid]
                if rid in reuse.scores:
                    scores[rid] = reuse.scores[rid]
                continue
            by_rule[rid] = tuple(_accept(f, self.profile, self.today) for f in run.findings)
            rerun.add(rid)
            fresh.extend(by_rule[rid])
            risk = rule_risk(by_rule[rid])
            if risk is not None:
                scores[rid] = (risk, by_rule[rid][0].pillar)
        if same_terms and reuse is not None and reuse.runs.keys() == self.runs.keys():
            every = _merged(reuse.findings, rerun, fresh)
        else:
            every = sorted((f for found in by_rule.values() for f in found), key=_finding_order)
        object.__setattr__(self, "findings", tuple(every))
        object.__setattr__(self, "_by_rule", by_rule)
        object.__setattr__(self, "scores", dict(sorted(scores.items())))

    @cached_property
    def readers(self) -> ReadIndex:
        """Which rules read what (a failed rule counts as reading everything)."""
        reads = {
            rid: frozenset({EVERYTHING}) if run.failure is not None else run.reads
            for rid, run in self.runs.items()
        }
        return ReadIndex(reads)

    @property
    def failures(self) -> tuple[RuleFailure, ...]:
        """Rules that raised or returned something malformed."""
        return tuple(r.failure for r in self.runs.values() if r.failure is not None)

    @cached_property
    def asked(self) -> dict[str, tuple[bool, tuple[str, ...]]]:
        """Every fact any rule asked for: whether it was answered, and the rules asking."""
        out: dict[str, tuple[bool, list[str]]] = {}
        for rid, run in self.runs.items():
            for pointer, known in run.asked.items():
                out.setdefault(pointer, (known, []))[1].append(rid)
        return {p: (known, tuple(sorted(rules))) for p, (known, rules) in sorted(out.items())}

    @property
    def assessed(self) -> float:
        """Share (0-1) of the facts the rules asked for that the profile answered."""
        facts = self.asked
        if not facts:
            return 1.0
        return round(sum(known for known, _ in facts.values()) / len(facts), 4)

    @property
    def passed(self) -> tuple[str, ...]:
        """Ids of rules that ran and found nothing, sorted."""
        return tuple(
            sorted(rid for rid, r in self.runs.items() if not r.findings and not r.failure)
        )


@dataclass(frozen=True)
class Evaluator:
    """The active rules, graph enrichers and extension models an engine evaluates with.

    Built once per engine and never changed, so it can be shared between threads and pickled.
    """

    rules: tuple[ActiveRule, ...] = ()
    enrichers: tuple[Enricher, ...] = ()
    extension_models: Mapping[str, type[BaseModel]] = field(default_factory=dict)
    ignored_extensions: frozenset[str] = frozenset()
    """Sections of blocked plugins: left unvalidated and unread instead of refused."""
    timeout: float | None = None
    """Seconds one rule may run before it is stopped and reported as failed (None: no limit)."""

    def extensions_of(self, profile: Profile, *, label: str = "<profile>") -> dict[str, BaseModel]:
        """Validate the ``extensions`` section against the models plugins registered."""
        out: dict[str, BaseModel] = {}
        problems: list[Problem] = []
        source = source_of(profile)
        if source is not None:
            label = source.label
        for name, data in profile.extensions.items():
            model = self.extension_models.get(name)
            if model is None and name in self.ignored_extensions:
                continue
            if model is None:
                known = ", ".join(sorted(self.extension_models)) or "none registered"
                hint = did_you_mean(name, self.extension_models)
                msg = f"no installed plugin provides extension {name!r}{hint} (known: {known})"
                pos = source.position(("extensions", name)) if source is not None else None
                line, column = pos if pos else (None, None)
                path = f"extensions.{name}"
                problems.append(Problem(label, msg, path=path, line=line, column=column))
                continue
            try:
                out[name] = model.model_validate(data)
            except ValidationError as exc:
                under = ("extensions", name)
                problems += validation_problems(
                    exc, source=source, label=label, prefix=under, model=model
                )
        if problems:
            raise ProfileError(problems)
        return out

    def graph_of(self, profile: Profile, reuse: ProjectGraph | None = None) -> ProjectGraph:
        """The dependency graph of `profile`, plugin enrichment included."""
        return build_graph(profile, self.enrichers, reuse)

    def evaluate(
        self,
        profile: Profile,
        *,
        today: dt.date | None = None,
        extensions: Mapping[str, BaseModel] | None = None,
    ) -> Evaluation:
        """Run every active rule on `profile`."""
        known = self.extensions_of(profile) if extensions is None else extensions
        day = today or dt.date.today()
        slot = GraphSlot(lambda: self.graph_of(profile))
        ctx = Context(profile, extensions=known, today=day, graph=slot)
        runs = {a.id: run_rule(a, ctx, self.timeout) for a in self.rules}
        return Evaluation(profile, runs, day, slot.graph, ctx.extensions, ctx.facts)

    def reevaluate(
        self, previous: Evaluation, profile: Profile, changes: Sequence[Change]
    ) -> Evaluation:
        """Evaluate `profile`, the profile of `previous` after `changes`, re-running only the
        rules whose recorded reads the changes touch."""
        paths = [pointer_parts(c.path) for c in changes]
        extensions = previous.extensions
        if any(parts[:1] == ["extensions"] for parts in paths):
            extensions = self.extensions_of(profile)
        slot = self._graph_after(previous, profile, paths)
        found: list[GraphChange | None] = []

        def graph_change() -> GraphChange | None:
            if not found:
                found.append(_difference(previous.graph, slot.get()))
            return found[0]

        kept = {rid: run.units for rid, run in previous.runs.items() if run.units}
        moved = regrouped(previous.profile, profile, paths)
        changed = ChangeSet(paths, moved)
        ctx = Context(
            profile,
            extensions=extensions,
            today=previous.today,
            graph=slot,
            inherited=Inherited(previous.facts, changed),
            changes=Changes(changed, graph_change, kept),
        )

        touched = previous.readers.touched(paths, moved)
        runs: dict[str, RuleRun] = {}
        for active in self.rules:
            before = previous.runs.get(active.id)
            if before is None or active.id in touched:
                runs[active.id] = run_rule(active, ctx, self.timeout)
            elif before.graph_affected(graph_change):
                again = before.replayed(slot.get())
                runs[active.id] = again or run_rule(active, ctx, self.timeout)
            else:
                runs[active.id] = before
        return Evaluation(
            profile, runs, previous.today, slot.graph, extensions, ctx.facts, previous
        )

    def _graph_after(
        self, previous: Evaluation, profile: Profile, paths: list[list[str]]
    ) -> GraphSlot:
        """A slot holding the graph after a change: the previous one when it cannot differ."""
        old = previous.graph
        if old is None:
            return GraphSlot(lambda: self.graph_of(profile))
        structural = any(may_change_graph(previous.profile, parts) for parts in paths)
        enriched = touches(old.enricher_reads, paths)
        if structural or enriched:
            return GraphSlot(lambda: self._rebuilt(old, profile, paths, whole=enriched))
        slot = GraphSlot(lambda: old)
        slot.graph = old
        return slot

    def _rebuilt(
        self, old: ProjectGraph, profile: Profile, paths: list[list[str]], *, whole: bool
    ) -> ProjectGraph:
        """The graph after a change: `old` updated entity by entity where that is exact, else
        built afresh (always when `whole`: an enricher read what changed)."""
        updated = None if whole else updated_graph(old, profile, paths)
        return updated if updated is not None else self.graph_of(profile, reuse=old)


def run_rule(active: ActiveRule, ctx: Context, timeout: float | None = None) -> RuleRun:
    """Run one rule on a recording view of `ctx`; a rule that raises, calls ``sys.exit()`` or
    runs past `timeout` seconds is reported as failed, not fatal (Ctrl-C still stops the run)."""
    view, reads, asked = ctx.recorded(active.id)
    try:
        # no timer to set and clear when there is no limit: ranking runs rules hundreds of times
        with time_limit(timeout) if timeout is not None else nullcontext():
            findings = tuple(_checked(active, active.rule.evaluate(view) or (), ctx.profile))
    except EnrichmentError:
        raise  # a graph enricher failed, not this rule: the plugin error names the enricher
    except TimeLimitReached:
        error = f"stopped after {timeout:g} s without finishing (the time limit)"
        return _failed(active, error, reads, asked)
    except (Exception, SystemExit) as exc:  # a plugin's bug must not stop the assessment
        return _failed(active, describe(exc), reads, asked)
    return RuleRun(
        findings,
        frozenset(reads),
        asked=dict(asked),
        graph_reads=view.graph_reads,
        units=dict(view.units),
    )


def _failed(active: ActiveRule, error: str, reads: set[str], asked: dict[str, bool]) -> RuleRun:
    failure = RuleFailure(rule=active.id, plugin=active.plugin, error=error)
    return RuleRun(reads=frozenset(reads), failure=failure, asked=dict(asked))


def _difference(old: ProjectGraph | None, new: ProjectGraph) -> GraphChange | None:
    """What a change did to the graph (None: nothing; everything when `old` was never built)."""
    if new is old:
        return None
    if new.changed_from is not None and new.changed_from[0] is old:
        nodes, edges = new.changed_from[1]
        return GraphChange(nodes, edges)
    if old is None or not old.signature or not new.signature:
        return GraphChange(everything=True)
    return GraphChange.between(old, new)


def _checked(active: ActiveRule, items: Iterable[Any], profile: Profile) -> Iterable[Finding]:
    """The rule's findings with the engine's fields filled in; malformed output raises."""
    rid = active.id
    for item in items:
        if not isinstance(item, Finding):
            raise TypeError(f"returned {type(item).__name__} where a Finding was expected")
        if item.rule != rid:
            raise ValueError(f"returned a finding labelled {item.rule!r} instead of {rid!r}")
        severity = active.severity or item.severity
        yield item.model_copy(
            update={
                "severity": severity,
                "risk": finding_risk(item.likelihood, item.impact, severity),
                "plugin": active.plugin,
                "identity": identity_of(item, profile),
            }
        )


def identity_of(finding: Finding, profile: Profile) -> str:
    """Rule id plus the main evidence pointer, list positions replaced by item keys."""
    if not finding.evidence.pointers:
        return finding.rule
    parts = stable_pointer(profile, pointer_parts(finding.evidence.pointers[0]))
    return finding.rule + "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def _finding_order(f: Finding) -> tuple[float, str, str, str]:
    return (-f.risk, f.rule, f.identity, f.message)


def _merged(ordered: Sequence[Finding], rerun: set[str], fresh: list[Finding]) -> list[Finding]:
    """`ordered` (sorted findings of an earlier evaluation) with the findings of the `rerun`
    rules replaced by `fresh`, in order. A re-evaluation re-runs a few rules, so placing their
    findings costs far less than sorting them all again."""
    every = [f for f in ordered if f.rule not in rerun] if rerun else list(ordered)
    for finding in fresh:
        insort(every, finding, key=_finding_order)
    return every


def _accept(finding: Finding, profile: Profile, today: dt.date) -> Finding:
    for accepted in profile.accepted_risks:
        if accepted.rule not in (finding.rule, finding.slug):
            continue
        if accepted.pointer is not None and not _covers(accepted.pointer, finding):
            continue
        acceptance = Acceptance(
            reason=accepted.reason,
            owner=accepted.owner,
            expires=accepted.expires.isoformat(),
            expired=today > accepted.expires,
        )
        return finding.model_copy(update={"acceptance": acceptance})
    return finding


def _covers(pointer: str, finding: Finding) -> bool:
    """Whether an acceptance's pointer names the finding: an evidence pointer or its identity."""
    return pointer in finding.evidence.pointers or finding.identity == finding.rule + pointer
