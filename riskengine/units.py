"""Parts of a rule's run that re-evaluation can keep on their own: one entity's judgement, say.

A rule that judges each department separately can hand each judgement to `Context.each`. The
engine records what every such unit read, apart from the rest of the rule; when a change makes
the rule run again, a unit whose reads the change does not touch, called with equal arguments,
gives its earlier findings without running. The rule's result is then exactly what running every
unit again would give, for less work when a change touches one entity of many.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from riskengine.profile.recording import ChangeSet

if TYPE_CHECKING:
    from riskengine.findings import Finding
    from riskengine.graph.recording import GraphChange, GraphReads

GRAPH = "graph"
"""The read key of the dependency graph (as `riskengine.context.GRAPH`)."""

UnitKey = tuple[str, str]
"""(the unit function's name, the key it was called for)."""


@dataclass(frozen=True)
class UnitRun:
    """One unit's findings and what it read to reach them."""

    findings: tuple[Finding, ...]
    reads: frozenset[str]
    asked: Mapping[str, bool]
    graph_reads: GraphReads | None
    args: tuple[Hashable, ...]
    """The arguments the unit was called with besides its key."""


@dataclass
class Changes:
    """What a re-evaluation changed, for units to check their earlier runs against."""

    paths: ChangeSet
    graph_change: Callable[[], GraphChange | None]
    """The change to the graph, worked out on first use (None: the graph is the same)."""
    before: Mapping[str, Mapping[UnitKey, UnitRun]] = field(default_factory=dict)
    """The earlier run's units, by rule id."""

    def keeps(self, unit: UnitRun) -> bool:
        """Whether `unit`'s earlier findings still hold after the changes."""
        if self.paths.touches(unit.reads):
            return False
        if GRAPH not in unit.reads:
            return True
        change = self.graph_change()
        if change is None:
            return True
        return unit.graph_reads is not None and not unit.graph_reads.affected_by(change)
