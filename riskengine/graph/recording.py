"""A view of the dependency graph that records which parts of it a rule's answers depend on.

A rule's result can only change with the graph if a query it made would now answer differently.
`GraphReads` keeps, per query, what that answer depends on; `GraphChange` lists what a change did
to the graph; `GraphReads.affected_by` compares the two. This lets re-evaluation skip a graph
reader when a change rewires a part of the graph the rule never looked at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from riskengine.graph.model import FLOW_RELATIONS
from riskengine.profile.entities import node_id

if TYPE_CHECKING:
    from riskengine.graph.model import ProjectGraph


T = TypeVar("T")

ANY = ""
"""Recorded as the relation of a query that looked at edges of every relation."""


@dataclass
class GraphReads:
    """What one rule's graph queries depended on."""

    outgoing: dict[str, set[str]] = field(default_factory=dict)
    """Nodes whose outgoing edges an answer depended on, with the relations it looked along
    (`ANY`: all of them)."""
    incoming: dict[str, set[str]] = field(default_factory=dict)
    """Nodes whose incoming edges an answer depended on, with the relations (`ANY`: all)."""
    walked: dict[frozenset[str], set[str]] = field(default_factory=dict)
    """Nodes a walk visited (start included), by the relations it followed: the walk's answer
    depends on their outgoing edges along those relations only."""
    nodes: set[str] = field(default_factory=set)
    """Nodes whose presence or kind an answer depended on."""
    kinds: set[str] = field(default_factory=set)
    """Kinds whose full membership an answer depended on (counts, listings)."""
    everything: bool = False
    """The rule reached past the query methods (the networkx graph itself, say)."""
    answers: list[tuple[str, tuple[Any, ...], Any]] = field(default_factory=list)
    """Every query asked (method name and arguments) with the answer it gave, in order."""

    def affected_by(self, change: GraphChange) -> bool:
        """Whether any answer recorded here can differ on the changed graph."""
        if self.everything or change.everything:
            return True
        for node, kind in change.nodes:
            if kind in self.kinds or node in self.nodes:
                return True
            if node in self.outgoing or node in self.incoming:
                return True
            if any(node in visited for visited in self.walked.values()):
                return True
        return any(self._edge_read(u, v, relation) for u, v, relation in change.edges)

    def _edge_read(self, source: str, target: str, relation: str) -> bool:
        """Whether an answer looked at an edge `source` -> `target` of `relation`."""
        for side, node in ((self.outgoing, source), (self.incoming, target)):
            relations = side.get(node)
            if relations is not None and (ANY in relations or relation in relations):
                return True
        return any(
            relation in followed and source in visited for followed, visited in self.walked.items()
        )

    def update(self, other: GraphReads) -> None:
        """Add what `other` recorded."""
        for mine, theirs in ((self.outgoing, other.outgoing), (self.incoming, other.incoming)):
            for node, relations in theirs.items():
                mine.setdefault(node, set()).update(relations)
        for followed, visited in other.walked.items():
            self.walked.setdefault(followed, set()).update(visited)
        self.nodes |= other.nodes
        self.kinds |= other.kinds
        self.everything = self.everything or other.everything
        self.answers.extend(other.answers)

    def replayed(self, graph: ProjectGraph) -> GraphReads | None:
        """What the same queries depend on in `graph`, when each one answers there exactly as
        it did here (None: an answer differs, or a query cannot be asked again).

        A change may reach what a walk visited (a new role under a department, say) and still
        leave every answer the rule got as it was: asking the queries again costs a few walks,
        running the rule again costs all of its work.
        """
        if self.everything:
            return None
        reads = GraphReads()
        view = RecordingGraph(graph, reads)
        for name, args, answer in self.answers:
            try:
                again = getattr(view, name)(*args)
            except Exception:  # the node is gone, say: the rule itself must find out
                return None
            if again != answer:
                return None
        return reads

    def look(self, side: dict[str, set[str]], node: str, relation: str | None) -> None:
        """Record that an answer read `node`'s edges on `side` along `relation` (None: all)."""
        side.setdefault(node, set()).add(ANY if relation is None else relation)

    def walk(self, relations: frozenset[str], start: str, found: Iterable[str]) -> None:
        """Record a walk from `start` along `relations` that visited `found`."""
        visited = self.walked.setdefault(relations, set())
        visited.add(start)
        visited.update(found)


@dataclass(frozen=True)
class GraphChange:
    """The difference between two graphs: nodes and edges added or removed."""

    nodes: frozenset[tuple[str, str]] = frozenset()
    """(node, kind) added, removed, or whose attributes changed."""
    edges: frozenset[tuple[str, str, str]] = frozenset()
    """(source, target, relation) of every edge added or removed (a relabelled edge is both)."""
    everything: bool = False

    @classmethod
    def between(cls, old: ProjectGraph, new: ProjectGraph) -> GraphChange:
        """What changed from `old` to `new`."""
        old_nodes, old_edges = old.signature_sets
        new_nodes, new_edges = new.signature_sets
        nodes = {(n, dict(attrs).get("kind", "")) for n, attrs in old_nodes ^ new_nodes}
        edges = {(str(u), str(v), str(r)) for u, v, r in old_edges ^ new_edges}
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
        if not isinstance(node, str):
            self._reads.everything = True
            return node in self._graph
        self._reads.nodes.add(node)
        return self._answer("__contains__", (node,), node in self._graph)

    def kind(self, node: str) -> str:
        """The kind of a node."""
        self._reads.nodes.add(node)
        return self._answer("kind", (node,), self._graph.kind(node))

    def nodes_of(self, kind: str) -> list[str]:
        """All node ids of one kind, sorted."""
        self._reads.kinds.add(kind)
        return self._answer("nodes_of", (kind,), self._graph.nodes_of(kind))

    def count(self, kind: str) -> int:
        """Number of nodes of one kind."""
        self._reads.kinds.add(kind)
        return self._answer("count", (kind,), self._graph.count(kind))

    def successors(self, node: str, relation: str | None = None) -> list[str]:
        """Direct successors of `node`, optionally along one relation."""
        self._reads.look(self._reads.outgoing, node, relation)
        return self._answer("successors", (node, relation), self._graph.successors(node, relation))

    def predecessors(self, node: str, relation: str | None = None) -> list[str]:
        """Direct predecessors of `node`, optionally along one relation."""
        self._reads.look(self._reads.incoming, node, relation)
        found = self._graph.predecessors(node, relation)
        return self._answer("predecessors", (node, relation), found)

    def downstream(self, node: str, relations: Iterable[str] = FLOW_RELATIONS) -> frozenset[str]:
        """Every node reachable from `node` along `relations`."""
        relations = frozenset(relations)
        return self._answer("downstream", (node, relations), self._walk(node, relations))

    def downstream_of_kind(self, node: str, kind: str) -> list[str]:
        """The nodes of one kind downstream of `node`, sorted."""
        self._walk(node)
        return self._answer(
            "downstream_of_kind", (node, kind), self._graph.downstream_of_kind(node, kind)
        )

    def reach(self, node: str) -> float:
        """Share of the profile's processes and objectives downstream of `node`."""
        self._walk(node)
        self._reads.kinds.update(("process", "objective"))
        return self._answer("reach", (node,), self._graph.reach(node))

    def leverage(self, node: str) -> int:
        """Number of roles, processes and objectives downstream of `node`."""
        self._walk(node)
        return self._answer("leverage", (node,), self._graph.leverage(node))

    def department_processes(self, department: str) -> list[str]:
        """Processes performed or owned by the roles of a department."""
        dep = node_id("department", department)
        reads = self._reads
        reads.look(reads.outgoing, dep, "staffs")
        for role in self._graph.successors(dep, "staffs"):
            reads.look(reads.outgoing, role, "performs")
            reads.look(reads.outgoing, role, "owns")
        found = self._graph.department_processes(department)
        return self._answer("department_processes", (department,), found)

    def representatives(self, department: str) -> list[str]:
        """Nodes that give a department a voice in planning."""
        reads = self._reads
        reads.look(reads.incoming, node_id("department", department), "represents")
        found = self._graph.representatives(department)
        return self._answer("representatives", (department,), found)

    def _walk(self, node: str, relations: frozenset[str] = FLOW_RELATIONS) -> frozenset[str]:
        """The nodes a walk from `node` along `relations` reaches, recorded as read.

        The walk's answer changes only if an edge it could follow, leaving a node it visited,
        changes; the start is recorded as visited too (removing it empties the answer).
        """
        found = self._graph.downstream(node, relations)
        self._reads.walk(relations, node, found)
        return found

    def _answer(self, name: str, args: tuple[Any, ...], answer: T) -> T:
        """Note that query `name` with `args` gave `answer`, and give it."""
        self._reads.answers.append((name, args, answer))
        return answer


def recording_graph(graph: ProjectGraph, reads: GraphReads) -> ProjectGraph:
    """A view of `graph` that records what the answers to its queries depended on."""
    return cast("ProjectGraph", RecordingGraph(graph, reads))
