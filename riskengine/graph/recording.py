"""A view of the dependency graph that records which parts of it a rule's answers depend on.

A rule's result can only change with the graph if a query it made would now answer differently.
`GraphReads` keeps, per query, what that answer depends on; `GraphChange` lists what a change did
to the graph; `GraphReads.affected_by` compares the two. This lets re-evaluation skip a graph
reader when a change rewires a part of the graph the rule never looked at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from riskengine.graph.model import FLOW_RELATIONS
from riskengine.profile.entities import node_id

if TYPE_CHECKING:
    from riskengine.graph.model import ProjectGraph


@dataclass
class GraphReads:
    """What one rule's graph queries depended on."""

    outgoing: set[str] = field(default_factory=set)
    """Nodes whose outgoing edges an answer depended on (successors, walks downstream)."""
    incoming: set[str] = field(default_factory=set)
    """Nodes whose incoming edges an answer depended on (predecessors)."""
    nodes: set[str] = field(default_factory=set)
    """Nodes whose presence or kind an answer depended on."""
    kinds: set[str] = field(default_factory=set)
    """Kinds whose full membership an answer depended on (counts, listings)."""
    everything: bool = False
    """The rule reached past the query methods (the networkx graph itself, say)."""

    def affected_by(self, change: GraphChange) -> bool:
        """Whether any answer recorded here can differ on the changed graph."""
        if self.everything or change.everything:
            return True
        for node, kind in change.nodes:
            if kind in self.kinds or node in self.nodes:
                return True
            if node in self.outgoing or node in self.incoming:
                return True
        return any(u in self.outgoing or v in self.incoming for u, v in change.edges)


@dataclass(frozen=True)
class GraphChange:
    """The difference between two graphs: nodes and edges added or removed."""

    nodes: frozenset[tuple[str, str]] = frozenset()
    """(node, kind) added, removed, or whose attributes changed."""
    edges: frozenset[tuple[str, str]] = frozenset()
    """(source, target) of every edge added, removed or relabelled."""
    everything: bool = False

    @classmethod
    def between(cls, old: ProjectGraph, new: ProjectGraph) -> GraphChange:
        """What changed from `old` to `new`."""
        old_nodes, old_edges = old.signature_sets
        new_nodes, new_edges = new.signature_sets
        nodes = {(n, dict(attrs).get("kind", "")) for n, attrs in old_nodes ^ new_nodes}
        edges = {(u, v) for u, v, _ in old_edges ^ new_edges}
        return cls(frozenset((n, str(k)) for n, k in nodes), frozenset(edges))


class RecordingGraph:
    """Answers a rule's graph queries from `graph` and notes what each answer depended on."""

    __slots__ = ("_graph", "_reads")

    def __init__(self, graph: ProjectGraph, reads: GraphReads) -> None:
        self._graph = graph
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        # anything but the query methods below (the networkx graph, caches): assume all of it
        self._reads.everything = True
        return getattr(self._graph, name)

    def __contains__(self, node: object) -> bool:
        if isinstance(node, str):
            self._reads.nodes.add(node)
        else:
            self._reads.everything = True
        return node in self._graph

    def kind(self, node: str) -> str:
        """The kind of a node."""
        self._reads.nodes.add(node)
        return self._graph.kind(node)

    def nodes_of(self, kind: str) -> list[str]:
        """All node ids of one kind, sorted."""
        self._reads.kinds.add(kind)
        return self._graph.nodes_of(kind)

    def count(self, kind: str) -> int:
        """Number of nodes of one kind."""
        self._reads.kinds.add(kind)
        return self._graph.count(kind)

    def successors(self, node: str, relation: str | None = None) -> list[str]:
        """Direct successors of `node`, optionally along one relation."""
        self._reads.outgoing.add(node)
        return self._graph.successors(node, relation)

    def predecessors(self, node: str, relation: str | None = None) -> list[str]:
        """Direct predecessors of `node`, optionally along one relation."""
        self._reads.incoming.add(node)
        return self._graph.predecessors(node, relation)

    def downstream(self, node: str, relations: Iterable[str] = FLOW_RELATIONS) -> frozenset[str]:
        """Every node reachable from `node` along `relations`."""
        found = self._graph.downstream(node, relations)
        # the walk's answer changes only if an edge leaving a node it visited changes
        self._reads.outgoing.add(node)
        self._reads.outgoing.update(found)
        return found

    def downstream_of_kind(self, node: str, kind: str) -> list[str]:
        """The nodes of one kind downstream of `node`, sorted."""
        self.downstream(node)
        return self._graph.downstream_of_kind(node, kind)

    def reach(self, node: str) -> float:
        """Share of the profile's processes and objectives downstream of `node`."""
        self.downstream(node)
        self._reads.kinds.update(("process", "objective"))
        return self._graph.reach(node)

    def leverage(self, node: str) -> int:
        """Number of roles, processes and objectives downstream of `node`."""
        self.downstream(node)
        return self._graph.leverage(node)

    def department_processes(self, department: str) -> list[str]:
        """Processes performed or owned by the roles of a department."""
        dep = node_id("department", department)
        self._reads.outgoing.add(dep)
        for role in self._graph.successors(dep, "staffs"):
            self._reads.outgoing.add(role)
        return self._graph.department_processes(department)

    def representatives(self, department: str) -> list[str]:
        """Nodes that give a department a voice in planning."""
        self._reads.incoming.add(node_id("department", department))
        return self._graph.representatives(department)


def recording_graph(graph: ProjectGraph, reads: GraphReads) -> ProjectGraph:
    """A view of `graph` that records what the answers to its queries depended on."""
    return cast("ProjectGraph", RecordingGraph(graph, reads))
