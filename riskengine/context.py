"""The read-only view every rule evaluates: profile, dependency graph, extensions, today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from riskengine import units
from riskengine.patching import pointer_parts
from riskengine.profile import Profile
from riskengine.profile.facts import resolve
from riskengine.profile.recording import ChangeSet, members_key, read_key, recording, stated
from riskengine.units import Changes, UnitKey, UnitRun

if TYPE_CHECKING:
    from riskengine.findings import Finding
    from riskengine.graph.model import ProjectGraph
    from riskengine.graph.recording import GraphReads

GRAPH = units.GRAPH
"""Recorded when a rule reads the dependency graph."""
EXTENSIONS = "extensions"

Fact = tuple[str, bool, Any, bool]
"""What asking a pointer found: its read key, whether it is known, the value, and whether the
value is read whole (anything but a model or a map)."""


class Inherited:
    """The facts an earlier evaluation found, for a changed profile: each one whose read no
    change touches holds for the changed profile too, whose untouched parts are the very same
    objects."""

    def __init__(self, facts: Mapping[str, Fact], changes: ChangeSet) -> None:
        self._facts = facts
        self._changes = changes

    def get(self, pointer: str) -> Fact | None:
        """The earlier fact at `pointer`, or None when it is unknown or a change reaches it."""
        fact = self._facts.get(pointer)
        if fact is None or not fact[0] or self._changes.touches_key(fact[0]):
            return None
        return fact


class GraphSlot:
    """Builds the graph on first use and keeps it for every rule of one evaluation."""

    def __init__(self, build: Callable[[], ProjectGraph]) -> None:
        self._build = build
        self.graph: ProjectGraph | None = None

    def get(self) -> ProjectGraph:
        """The graph, built now if no one asked for it before."""
        if self.graph is None:
            self.graph = self._build()
        return self.graph


class Context:
    """Everything a rule may read. Rules must not modify it.

    The graph is built on first use, so rules that only read the profile cost nothing extra.
    The engine gives each rule its own context that records which profile sections, and
    whether the graph, the rule read; see `reads`.

    Args:
        profile: the profile to assess.
        extensions: validated plugin extension sections by name.
        today: the date acceptances expire against (defaults to today).
        graph: the dependency graph; built from the profile (without plugins) when left out.
    """

    def __init__(
        self,
        profile: Profile,
        *,
        extensions: Mapping[str, BaseModel] | None = None,
        today: dt.date | None = None,
        graph: ProjectGraph | GraphSlot | None = None,
        inherited: Inherited | None = None,
        changes: Changes | None = None,
    ) -> None:
        self._profile = profile
        self._extensions: Mapping[str, BaseModel] = MappingProxyType(dict(extensions or {}))
        self.today = today or dt.date.today()
        if isinstance(graph, GraphSlot):
            self._slot = graph
        else:
            known = graph
            self._slot = GraphSlot(lambda: known or _plain_graph(profile))
        self._reads: set[str] | None = None
        self._asked: dict[str, bool] = {}
        self._facts: dict[str, Fact] = {}
        self._inherited = inherited
        self._changes = changes
        self._rule: str | None = None
        self._units: dict[UnitKey, UnitRun] | None = None
        self._shared: dict[str, Any] = {}
        self._view = profile
        self.graph_reads: GraphReads | None = None
        """What this context's graph queries depended on (recording contexts only)."""
        self._graph_view: ProjectGraph | None = None

    def recorded(self, rule: str | None = None) -> tuple[Context, set[str], dict[str, bool]]:
        """A context sharing this one's inputs that records what is read and asked through it
        (for the run of `rule`, whose units it then records too)."""
        reads: set[str] = set()
        twin = Context.__new__(Context)
        twin._changes = self._changes
        twin._rule = rule
        twin._units = {} if rule is not None else None
        twin._profile = self._profile
        twin._extensions = self._extensions
        twin.today = self.today
        twin._slot = self._slot
        twin._reads = reads
        twin._asked = {}
        twin._facts = self._facts  # the same profile: an answer found once holds for every rule
        twin._inherited = self._inherited
        twin._shared = self._shared
        twin._view = recording(self._profile, reads)
        twin.graph_reads = None
        twin._graph_view = None
        return twin, reads, twin._asked

    def ask(self, pointer: str) -> Any:
        """The fact at `pointer` (``/sponsor/engagement``), or None when the profile leaves it out.

        Every fact a rule needs goes through here: the engine counts what was asked and what
        was answered (the assessment's ``assessed`` share) and lists the rest as open questions.
        A rule that cannot judge without a fact should ask for it even when another unknown
        already stops it, so answering one question never makes the profile look less known.
        """
        fact = self._facts.get(pointer)
        if fact is None and self._inherited is not None:
            fact = self._inherited.get(pointer)
            if fact is not None:
                self._facts[pointer] = fact
        if fact is None:
            parts = pointer_parts(pointer)
            known, value = resolve(self._profile, parts)
            # only a model or a map is handed out as a recording view; anything else is read whole
            whole = not known or not isinstance(value, (BaseModel, dict))
            fact = (read_key(parts), known, value, whole)
            self._facts[pointer] = fact
        key, known, value, whole = fact
        self._asked[pointer] = known
        if self._reads is not None and key:
            if whole:
                self._reads.add(key)
                return value
            return stated(value, key, self._reads)
        return value

    def roles_in(self, department: str) -> list[str]:
        """Ids of the roles stated to belong to `department`, sorted."""
        members: dict[str, list[str]] | None = self._shared.get("roles_in")
        if members is None:
            by_department: dict[str, list[str]] = {}
            for key, role in self._profile.roles.items():
                if role.department is not None:
                    by_department.setdefault(role.department, []).append(key)
            members = {d: sorted(r) for d, r in by_department.items()}
            self._shared["roles_in"] = members
        if self._reads is not None:
            # the answer depends on which roles are in this department, not on every role
            self._reads.add(members_key("roles", "department", department))
        return list(members.get(department, ()))

    @property
    def facts(self) -> Mapping[str, Fact]:
        """Every fact asked through this context or its recording twins so far."""
        return self._facts

    @property
    def stage(self) -> str | None:
        """Where the program stands (planning, implementing, live), or None when not stated."""
        stage: str | None = self.ask("/lifecycle/stage")
        return stage

    @property
    def months_live(self) -> float | None:
        """Months since go-live for a live program: stated, or counted from the go-live date."""
        stated: float | None = self.ask("/lifecycle/months_live")
        if stated is not None:
            return stated
        go_live: dt.date | None = self.ask("/lifecycle/go_live")
        if go_live is None or go_live > self.today:
            return None
        return round((self.today - go_live).days / 30.44, 1)

    @property
    def profile(self) -> Profile:
        """The profile (read-only)."""
        return self._view

    @property
    def graph(self) -> ProjectGraph:
        """The dependency graph of the profile (built once, on first access)."""
        if self._reads is None:
            return self._slot.get()
        self._reads.add(GRAPH)
        if self._graph_view is None:
            from riskengine.graph.recording import recording_graph

            self._graph_view = recording_graph(self._slot.get(), self._graph_reads())
        return self._graph_view

    def _graph_reads(self) -> GraphReads:
        """What this context's graph queries depended on, started on first use."""
        if self.graph_reads is None:
            from riskengine.graph.recording import GraphReads

            self.graph_reads = GraphReads()
        return self.graph_reads

    def each(
        self, judge: Callable[..., Iterable[Finding]], key: str, *args: object
    ) -> Iterator[Finding]:
        """Yield what ``judge(ctx, key, *args)`` finds, as a unit re-evaluation may keep.

        For a rule that judges many entities one by one: when a change runs the rule again,
        a unit that read nothing the change touches, called with equal `args`, gives its
        earlier findings without running. `judge` must get everything it depends on through
        the context it is given (whose reads are recorded) or through `args` (compared for
        equality); a method of the rule may also use the rule's settings. A `judge` is called
        once per key in one run.
        """
        if self._reads is None or self._units is None:
            yield from judge(self, key, *args)  # not recording, or inside a unit already
            return
        name = (judge.__name__, key)
        if name in self._units:
            raise ValueError(f"{judge.__name__} was called twice for {key!r} in one run")
        before = self._unit_before(name)
        if before is not None and before.args == args:
            run = before
        else:
            unit, reads, asked = self.recorded()
            found = tuple(judge(unit, key, *args))
            run = UnitRun(found, frozenset(reads), dict(asked), unit.graph_reads, args)
        self._units[name] = run
        self._reads.update(run.reads)
        self._asked.update(run.asked)
        if run.graph_reads is not None:
            self._graph_reads().update(run.graph_reads)
        yield from run.findings

    def _unit_before(self, name: UnitKey) -> UnitRun | None:
        """The earlier run of a unit of this rule, when the changes since leave it as it was."""
        if self._changes is None or self._rule is None:
            return None
        before = self._changes.before.get(self._rule, {}).get(name)
        return before if before is not None and self._changes.keeps(before) else None

    @property
    def units(self) -> Mapping[UnitKey, UnitRun]:
        """The units run (or kept) in this context's rule run."""
        return self._units or {}

    @property
    def extensions(self) -> Mapping[str, BaseModel]:
        """Validated plugin extension sections by name."""
        if self._reads is not None:
            self._reads.add(EXTENSIONS)
        return self._extensions

    @property
    def seats(self) -> int | None:
        """Number of CRM users, the main measure of how big the rollout is (None: not stated)."""
        seats: int | None = self.ask("/organization/crm_seats")
        return seats

    def extension(self, name: str) -> BaseModel | None:
        """The validated extension section registered under `name`, if the profile has one."""
        return self.extensions.get(name)


def _plain_graph(profile: Profile) -> ProjectGraph:
    """The graph of `profile` without plugin enrichment (for contexts built by hand)."""
    from riskengine.graph.build import build_graph

    return build_graph(profile)
