"""Build the dependency graph of a profile from the model's declarations, then plugin enrichers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from riskengine.graph.model import GraphBuilder, Holders, ProjectGraph
from riskengine.profile import Profile
from riskengine.profile.entities import entities, entity_edges, entity_node
from riskengine.profile.recording import recording

Enricher = Callable[[GraphBuilder, Profile], None]


def populate(builder: GraphBuilder, profile: Profile) -> Holders:
    """Add every declared entity as a node, then every declared reference as an edge; return
    the edges each entity contributed, by its node.

    Nodes carry only their kind and id: rules read attributes from the profile, which lets the
    engine reuse a graph whenever a change leaves the structure as it was.
    """
    found = list(entities(profile))
    for kind, key, _ in found:
        builder.add_node(kind.name, key)
    holders: Holders = {}
    for kind, key, entity in found:
        contributed = tuple(entity_edges(profile, kind, key, entity))
        for source, target, relation in contributed:
            builder.add_edge(source, target, relation)
        holders[entity_node(kind, key)] = contributed
    return holders


def build_graph(
    profile: Profile, enrichers: Iterable[Enricher] = (), reuse: ProjectGraph | None = None
) -> ProjectGraph:
    """Build the dependency graph of `profile`.

    Each enricher is called as ``f(builder, profile)`` with a view of the profile that records
    which sections it reads (kept on the graph as `ProjectGraph.enricher_reads`). When `reuse`
    (typically the graph of the profile before a change) has exactly the same nodes and edges, it
    is returned instead.
    """
    builder = GraphBuilder()
    holders: Holders | None = populate(builder, profile)
    reads: set[str] = set()
    view = recording(profile, reads)
    for enrich in enrichers:
        enrich(builder, view)
        holders = None  # what an enricher added belongs to no entity: no update by entity
    return builder.build(reuse, enricher_reads=frozenset(reads), holders=holders)
