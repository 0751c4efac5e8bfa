"""What a rule's graph queries depend on, and which graph changes can alter their answers."""

from __future__ import annotations

from riskengine.graph.model import GraphBuilder, ProjectGraph
from riskengine.graph.recording import GraphChange, GraphReads, recording_graph


def _graph(edges: list[tuple[str, str, str]], nodes: tuple[str, ...] = ()) -> ProjectGraph:
    builder = GraphBuilder()
    for node in {*nodes, *(u for u, _, _ in edges), *(v for _, v, _ in edges)}:
        kind, ref = node.split(":")
        builder.add_node(kind, ref)
    for u, v, relation in edges:
        builder.add_edge(u, v, relation)
    return builder.build()


BASE = [
    ("department:sales", "role:rep", "staffs"),
    ("role:rep", "process:visit", "performs"),
]


def _reads(query: str) -> GraphReads:
    reads = GraphReads()
    graph = recording_graph(_graph(BASE, ("department:ops",)), reads)
    if query == "downstream":
        graph.downstream("department:sales")
    elif query == "staff":
        graph.successors("department:sales", "staffs")
    elif query == "any":
        graph.successors("department:sales")
    elif query == "voice":
        graph.representatives("sales")
    return reads


def _changed(edges: list[tuple[str, str, str]], nodes: tuple[str, ...] = ()) -> GraphChange:
    old = _graph(BASE, ("department:ops",))
    return GraphChange.between(old, _graph(edges, ("department:ops", *nodes)))


def test_a_walk_ignores_edges_it_could_not_follow() -> None:
    benefit = _changed([*BASE, ("process:visit", "department:sales", "benefits")])
    assert not _reads("downstream").affected_by(benefit)
    assert _reads("downstream").affected_by(
        _changed([*BASE, ("process:visit", "department:ops", "serves")])
    )


def test_a_walk_depends_on_every_node_it_visited_and_its_start() -> None:
    assert _reads("downstream").affected_by(_changed(BASE[:1]))
    without_start = [("role:rep", "process:visit", "performs")]
    assert _reads("downstream").affected_by(_changed(without_start))


def test_a_neighbour_query_depends_on_its_relation_only() -> None:
    owns = _changed([*BASE, ("department:sales", "process:visit", "owns")])
    assert not _reads("staff").affected_by(owns)
    assert _reads("any").affected_by(owns)
    assert _reads("staff").affected_by(
        _changed([*BASE, ("department:sales", "role:lead", "staffs")], ("role:lead",))
    )


def test_representatives_depend_on_represents_edges_into_the_department() -> None:
    seat = _changed([*BASE, ("role:rep", "department:sales", "represents")])
    assert _reads("voice").affected_by(seat)
    assert not _reads("voice").affected_by(
        _changed([*BASE, ("role:rep", "department:ops", "represents")])
    )


def test_an_unrelated_change_affects_nothing() -> None:
    elsewhere = _changed([*BASE, ("department:ops", "role:clerk", "staffs")], ("role:clerk",))
    for query in ("downstream", "staff", "any", "voice"):
        assert not _reads(query).affected_by(elsewhere), query
