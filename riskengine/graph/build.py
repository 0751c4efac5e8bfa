"""Build the dependency graph of a profile from the model's declarations, then plugin enrichers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from riskengine.graph.model import GraphBuilder, ProjectGraph
from riskengine.profile import Profile
from riskengine.profile.entities import edges, entities
from riskengine.profile.recording import recording

Enricher = Callable[[GraphBuilder, Profile], None]


def populate(builder: GraphBuilder, profile: Profile) -> None:
    """Add every declared entity as a node, then every declared reference as an edge.

    Nodes carry only their kind and id: rules read attributes from the profile, which lets the
    engine reuse a graph whenever a change leaves the structure as it was.
    """
    for kind, key, _ in entities(profile):
        builder.add_node(kind.name, key)
    for source, target, relation in edges(profile):
        builder.add_edge(source, target, relation)


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
    populate(builder, profile)
    reads: set[str] = set()
    view = recording(profile, reads)
    for enrich in enrichers:
        enrich(builder, view)
    return builder.build(reuse, enricher_reads=frozenset(reads))
