"""The dependency graph model: who feeds, needs, benefits from or bears the burden of what.

Edges point from what is depended on to what depends on it (a data source *feeds* a field, a field
*feeds* a process, a process *supports* an objective), so everything "downstream" of a node is
what a problem there would hurt, and what fixing it would help.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from riskengine.profile.entities import node_id

if TYPE_CHECKING:
    import networkx as nx

Edge = tuple[str, str, str]
"""(source node, target node, relation)."""
Holders = dict[str, tuple[Edge, ...]]
"""The edges each entity's declarations contribute, by the entity's node."""
GraphDelta = tuple[frozenset[tuple[str, str]], frozenset[Edge]]
"""What an update did: (node, kind) added or removed, and edges added or removed."""

FLOW_RELATIONS: frozenset[str] = frozenset(
    {"staffs", "performs", "owns", "feeds", "enters", "supports", "serves", "delivers"}
)
"""Relations along which a problem travels (used by `downstream`)."""


class ProjectGraph:
    """A typed, read-only view over a `networkx.DiGraph` of one profile.

    Node attributes: ``kind`` and ``ref`` (the entity id). Edge attribute: ``relation``.
    """

    def __init__(
        self,
        graph: nx.DiGraph[str],
        signature: tuple[object, ...] = (),
        enricher_reads: frozenset[str] = frozenset(),
    ) -> None:
        self._nx: nx.DiGraph[str] | None = graph
        # plain-dict indexes: networkx views are too slow for the per-node queries rules make
        self._setup(
            {n: dict(a) for n, a in graph.nodes.items()},
            {n: dict(a) for n, a in graph.succ.items()},
            {n: dict(a) for n, a in graph.pred.items()},
        )
        self.signature = signature
        self.enricher_reads = enricher_reads
        """Profile sections the plugins' graph enrichers read while the graph was built."""

    @classmethod
    def from_adjacency(
        cls,
        nodes: dict[str, dict[str, Any]],
        succ: dict[str, dict[str, Any]],
        pred: dict[str, dict[str, Any]],
        *,
        signature: tuple[object, ...] = (),
        enricher_reads: frozenset[str] = frozenset(),
        holders: Holders | None = None,
        changed_from: tuple[ProjectGraph, GraphDelta] | None = None,
    ) -> ProjectGraph:
        """A graph over adjacency dicts this graph then owns; its networkx graph is made only
        when asked for."""
        graph = cls.__new__(cls)
        graph._nx = None
        graph._setup(nodes, succ, pred)
        graph.signature = signature
        graph.enricher_reads = enricher_reads
        graph.holders = holders
        graph.changed_from = changed_from
        return graph

    def _setup(
        self,
        nodes: dict[str, dict[str, Any]],
        succ: dict[str, dict[str, Any]],
        pred: dict[str, dict[str, Any]],
    ) -> None:
        self._nodes = nodes
        self._succ = succ
        self._pred = pred
        self._kind: dict[str, str] = {n: str(a["kind"]) for n, a in nodes.items()}
        self._counts: dict[str, int] = {}
        for kind in self._kind.values():
            self._counts[kind] = self._counts.get(kind, 0) + 1
        self._downstream: dict[tuple[str, frozenset[str]], frozenset[str]] = {}
        self._neighbours: dict[tuple[str, str, str | None], list[str]] = {}
        self.holders: Holders | None = None
        """The edges each entity's declarations contribute, by the entity's node (None: not
        known, as for a graph with plugin enrichment); what lets a change redo one entity."""
        self.changed_from: tuple[ProjectGraph, GraphDelta] | None = None
        """The graph this one was updated from, and what the update changed."""

    def keep_answers(self, old: ProjectGraph, *, outgoing: set[str], incoming: set[str]) -> None:
        """Take over `old`'s cached answers that this graph gives too: those that looked at no
        node whose `outgoing` or `incoming` edges differ between the two graphs."""
        for key, found in old._neighbours.items():
            side, node, _ = key
            if node not in (outgoing if side == "succ" else incoming):
                self._neighbours[key] = found
        for (start, relations), reached in old._downstream.items():
            # a walk looked only at the edges leaving its start and the nodes it reached
            if start not in outgoing and reached.isdisjoint(outgoing):
                self._downstream[(start, relations)] = reached

    @property
    def nx(self) -> nx.DiGraph[str]:
        """The graph as a frozen `networkx.DiGraph` (for exports and plugins)."""
        if self._nx is None:
            # imported here: assessing never needs networkx, and it is a fifth of the start
            import networkx

            graph: nx.DiGraph[str] = networkx.DiGraph()
            graph.add_nodes_from(self._nodes.items())
            graph.add_edges_from(self.edge_data())
            self._nx = networkx.freeze(graph)
        return self._nx

    @property
    def adjacency(
        self,
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """Node attributes, successors and predecessors (shared: copy before changing)."""
        return self._nodes, self._succ, self._pred

    def edge_data(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every edge as (source, target, attributes)."""
        for source, targets in self._succ.items():
            for target, data in targets.items():
                yield source, target, data

    def __contains__(self, node: object) -> bool:
        return node in self._kind

    @cached_property
    def declared_pairs(self) -> dict[tuple[str, str], int]:
        """How many entities declare an edge between each (source, target) pair (empty when
        `holders` is not known)."""
        counts: dict[tuple[str, str], int] = {}
        for contributed in (self.holders or {}).values():
            for pair in {(u, v) for u, v, _ in contributed}:
                counts[pair] = counts.get(pair, 0) + 1
        return counts

    @cached_property
    def signature_sets(self) -> tuple[frozenset[Any], frozenset[Any]]:
        """The signature's nodes and edges as sets, for working out what a change did."""
        if not self.signature:
            return frozenset(), frozenset()
        nodes, edges = self.signature
        assert isinstance(nodes, tuple) and isinstance(edges, tuple)
        return frozenset(nodes), frozenset(edges)

    def kind(self, node: str) -> str:
        """The kind of a node (``role``, ``process``, ...)."""
        return self._kind[node]

    def nodes_of(self, kind: str) -> list[str]:
        """All node ids of one kind, sorted."""
        return sorted(n for n, k in self._kind.items() if k == kind)

    def successors(self, node: str, relation: str | None = None) -> list[str]:
        """Direct successors of `node`, optionally only along one relation, sorted."""
        return list(self._adjacent("succ", node, relation))

    def predecessors(self, node: str, relation: str | None = None) -> list[str]:
        """Direct predecessors of `node`, optionally only along one relation, sorted."""
        return list(self._adjacent("pred", node, relation))

    def _adjacent(self, side: str, node: str, relation: str | None) -> list[str]:
        """Memoized neighbour lookup: rules ask the same questions many times per assessment."""
        key = (side, node, relation)
        found = self._neighbours.get(key)
        if found is None:
            adj = (self._succ if side == "succ" else self._pred)[node]
            found = sorted(
                v for v, d in adj.items() if relation is None or d["relation"] == relation
            )
            self._neighbours[key] = found
        return found

    def downstream(self, node: str, relations: Iterable[str] = FLOW_RELATIONS) -> frozenset[str]:
        """Every node reachable from `node` along `relations` (not including `node`)."""
        rels = frozenset(relations)
        key = (node, rels)
        cached = self._downstream.get(key)
        if cached is None:
            cached = frozenset(self._walk(node, rels))
            self._downstream[key] = cached
        return cached

    def _walk(self, start: str, rels: frozenset[str]) -> Iterator[str]:
        if start not in self._kind:
            return
        seen = {start}
        queue = deque([start])
        succ = self._succ
        while queue:
            for nxt, data in succ[queue.popleft()].items():
                if nxt not in seen and data["relation"] in rels:
                    seen.add(nxt)
                    queue.append(nxt)
                    yield nxt

    def downstream_of_kind(self, node: str, kind: str) -> list[str]:
        """The nodes of one kind downstream of `node`, sorted."""
        kinds = self._kind
        return sorted(n for n in self.downstream(node) if kinds[n] == kind)

    def reach(self, node: str) -> float:
        """Share (0-1) of the profile's processes and objectives downstream of `node`."""
        total = self.count("process") + self.count("objective")
        if total == 0:
            return 0.0
        kinds = self._kind
        hit = sum(1 for n in self.downstream(node) if kinds[n] in ("process", "objective"))
        return min(1.0, hit / total)

    def leverage(self, node: str) -> int:
        """Number of roles, processes and objectives downstream of `node`."""
        kinds = self._kind
        wanted = {"role", "process", "objective"}
        return sum(1 for n in self.downstream(node) if kinds[n] in wanted)

    def count(self, kind: str) -> int:
        """Number of nodes of one kind."""
        return self._counts.get(kind, 0)

    def department_processes(self, department: str) -> list[str]:
        """Processes performed or owned by the roles of a department (node ids, sorted)."""
        dep = node_id("department", department)
        procs: set[str] = set()
        for role in self.successors(dep, "staffs"):
            procs.update(self.successors(role, "performs"))
            procs.update(self.successors(role, "owns"))
        return sorted(procs)

    def representatives(self, department: str) -> list[str]:
        """Nodes that give a department a voice in planning (roles, the steering committee)."""
        return self.predecessors(node_id("department", department), "represents")


class GraphBuilder:
    """Collects nodes and edges; plugins receive one to add their own before the graph is frozen."""

    def __init__(self) -> None:
        self._nodes: dict[str, dict[str, Any]] = {}
        self._edges: list[tuple[str, str, dict[str, str]]] = []

    def add_node(self, kind: str, ref: str, **attrs: Any) -> str:
        """Add (or update) a node and return its id."""
        # a singleton entity (the sponsor) is its own ref, and its node id is its kind
        nid = kind if ref == kind else node_id(kind, ref)
        self._nodes.setdefault(nid, {"kind": kind, "ref": ref}).update(attrs)
        return nid

    def add_edge(self, source: str, target: str, relation: str) -> None:
        """Add an edge between two nodes already added."""
        for end in (source, target):
            if end not in self._nodes:
                raise KeyError(f"cannot add {relation!r} edge: no node {end!r}")
        self._edges.append((source, target, {"relation": relation}))

    def has_node(self, node: str) -> bool:
        """Whether a node id is present."""
        return node in self._nodes

    def signature(self) -> tuple[object, ...]:
        """Everything the built graph would contain, for cheap equality checks."""
        nodes = tuple((n, tuple(sorted(a.items()))) for n, a in self._nodes.items())
        edges = tuple((u, v, d["relation"]) for u, v, d in self._edges)
        return nodes, edges

    def build(
        self,
        reuse: ProjectGraph | None = None,
        enricher_reads: frozenset[str] = frozenset(),
        holders: Holders | None = None,
    ) -> ProjectGraph:
        """Freeze the graph and wrap it; return `reuse` instead when it has the same content.

        `holders` (the edges each entity contributed) lets a later change update the graph
        one entity at a time.
        """
        signature = self.signature()
        if reuse is not None and reuse.signature == signature:
            return reuse
        nodes = {n: dict(a) for n, a in self._nodes.items()}
        succ: dict[str, dict[str, Any]] = {n: {} for n in nodes}
        pred: dict[str, dict[str, Any]] = {n: {} for n in nodes}
        for u, v, data in self._edges:
            # as networkx does: an edge added twice keeps one set of attributes, updated
            shared = succ[u].get(v)
            if shared is None:
                shared = succ[u][v] = pred[v][u] = {}
            shared.update(data)
        return ProjectGraph.from_adjacency(
            nodes,
            succ,
            pred,
            signature=signature,
            enricher_reads=enricher_reads,
            holders=holders,
        )
