"""A plain, serializable picture of a built dependency graph, carried inside an assessment.

Reports draw and export the graph from this snapshot, so they show exactly what the engine
built (plugin enrichment included) without rebuilding anything or reading the profile again.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from riskengine.graph.model import ProjectGraph
from riskengine.profile import Profile
from riskengine.profile.entities import entity_kinds, label


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KindInfo(_Frozen):
    """How reports name and group one kind of node."""

    name: str
    title: str
    """Readable kind name (``Data source``)."""
    group: str
    """Heading of the column or group that holds this kind (``Data sources``)."""


class GraphNode(_Frozen):
    """One node: its id, kind, entity id and display name."""

    id: str
    kind: str
    ref: str
    label: str


class GraphEdge(_Frozen):
    """One edge, from what is depended on to what depends on it."""

    source: str
    target: str
    relation: str


class GraphSnapshot(_Frozen):
    """Nodes by kind order then id, edges sorted, and kinds in the order reports lay them out."""

    name: str
    kinds: tuple[KindInfo, ...] = ()
    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()

    def kind_rank(self, kind: str) -> int:
        """Position of a kind in `kinds`; unknown kinds come last."""
        for i, info in enumerate(self.kinds):
            if info.name == kind:
                return i
        return len(self.kinds)

    def labels(self) -> dict[str, str]:
        """Display name by node id."""
        return {n.id: n.label for n in self.nodes}


def snapshot(profile: Profile, graph: ProjectGraph) -> GraphSnapshot:
    """The snapshot of `graph`, labelled from `profile` (plugin nodes by a ``label`` attribute)."""
    declared = entity_kinds(Profile)
    kinds = [KindInfo(name=k.name, title=k.title, group=k.group) for k in declared.values()]
    attributes = graph.adjacency[0]
    extra = sorted({str(a["kind"]) for a in attributes.values()} - set(declared))
    kinds += [_plugin_kind(k) for k in extra]
    order = {k.name: i for i, k in enumerate(kinds)}
    nodes = sorted(
        (_node(profile, n, attrs) for n, attrs in attributes.items()),
        key=lambda node: (order[node.kind], node.id),
    )
    return GraphSnapshot.model_construct(
        name=profile.organization.name,
        kinds=tuple(kinds),
        nodes=tuple(nodes),
        edges=tuple(_edges(graph.edge_data())),
    )


def _plugin_kind(kind: str) -> KindInfo:
    title = kind.replace("_", " ").capitalize()
    return KindInfo(name=kind, title=title, group=title + "s")


def _node(profile: Profile, node: str, attrs: dict[str, object]) -> GraphNode:
    kind, ref = str(attrs["kind"]), str(attrs["ref"])
    given = attrs.get("label")
    text = str(given) if given else label(profile, kind, ref)
    return GraphNode.model_construct(id=node, kind=kind, ref=ref, label=text)


def _edges(data: Iterable[tuple[str, str, dict[str, object]]]) -> list[GraphEdge]:
    return [
        GraphEdge.model_construct(source=u, target=v, relation=r)
        for u, v, r in sorted((u, v, str(d["relation"])) for u, v, d in data)
    ]
