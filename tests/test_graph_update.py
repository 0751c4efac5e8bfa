"""A graph updated entity by entity after a change equals the graph built afresh."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from riskengine.errors import ProfileError
from riskengine.graph.build import build_graph
from riskengine.graph.model import FLOW_RELATIONS, ProjectGraph
from riskengine.graph.update import updated_graph
from riskengine.loading import load_profile
from riskengine.patching import apply_changes, pointer_parts
from riskengine.rulekit import add, remove, set_
from riskengine.testing import profile_dicts
from tests.helpers import example_profile, mixed_edits


def _content(graph: ProjectGraph) -> tuple[set[Any], set[Any]]:
    """Nodes with their attributes and edges with their relations, as sets."""
    nodes, succ, _ = graph.adjacency
    return (
        {(n, tuple(sorted(a.items()))) for n, a in nodes.items()},
        {(u, v, d["relation"]) for u, adj in succ.items() for v, d in adj.items()},
    )


def _answers(graph: ProjectGraph) -> dict[str, Any]:
    """What the graph answers about every node (cached answers included)."""
    nodes, _, _ = graph.adjacency
    return {
        node: (
            graph.downstream(node),
            graph.successors(node),
            graph.predecessors(node),
            [graph.successors(node, r) for r in sorted(FLOW_RELATIONS)],
        )
        for node in sorted(nodes)
    }


def _networkx_content(graph: ProjectGraph) -> tuple[set[Any], set[Any]]:
    """The same, read from the graph's networkx form."""
    return (
        {(n, tuple(sorted(a.items()))) for n, a in graph.nx.nodes(data=True)},
        {(u, v, d["relation"]) for u, v, d in graph.nx.edges(data=True)},
    )


@settings(max_examples=40, deadline=None)
@given(profile_dicts(max_roles=5, max_processes=5), profile_dicts(), st.randoms())
def test_an_updated_graph_equals_a_fresh_build(
    data: dict[str, Any], other: dict[str, Any], rnd: random.Random
) -> None:
    profile = load_profile(data)
    old = build_graph(profile)
    _answers(old)  # warm every cache the update may take over
    for edit in mixed_edits(data, other, rnd):
        try:
            changed = apply_changes(profile, [edit])
        except ProfileError:
            continue
        updated = updated_graph(old, changed, [pointer_parts(edit.path)])
        if updated is None:
            continue  # a whole section changed: the caller builds afresh
        fresh = build_graph(changed)
        assert _content(updated) == _content(fresh), edit
        assert _answers(updated) == _answers(fresh), edit
        assert _networkx_content(updated) == _content(fresh), edit
        if updated is not old:
            assert updated.holders == fresh.holders, edit
            assert updated.changed_from is not None
            nodes, edges = updated.changed_from[1]
            old_nodes, old_edges = _content(old)
            new_nodes, new_edges = _content(fresh)
            assert {n for n, _ in nodes} == {n for n, _ in old_nodes ^ new_nodes}, edit
            assert edges == old_edges ^ new_edges, edit


def test_an_entity_edit_is_an_update_and_says_what_it_changed() -> None:
    profile = example_profile("troubled-rollout")
    old = build_graph(profile)
    role = next(iter(profile.roles))
    department = next(d for d in profile.departments if d != profile.roles[role].department)
    change = set_(f"/roles/{role}/department", department)
    updated = updated_graph(old, apply_changes(profile, [change]), [pointer_parts(change.path)])
    assert updated is not None and updated is not old
    assert updated.changed_from is not None and updated.changed_from[0] is old
    _, edges = updated.changed_from[1]
    assert (f"department:{department}", f"role:{role}", "staffs") in edges


def test_a_change_that_moves_no_edge_keeps_the_graph() -> None:
    profile = example_profile("troubled-rollout")
    old = build_graph(profile)
    role = next(iter(profile.roles))
    change = set_(f"/roles/{role}/count", 3)
    assert updated_graph(old, apply_changes(profile, [change]), [["roles", role, "count"]]) is old


def test_whole_sections_and_enriched_graphs_are_built_afresh() -> None:
    profile = example_profile("troubled-rollout")
    old = build_graph(profile)
    roles = {k: v.model_dump(exclude_unset=True) for k, v in profile.roles.items()}
    whole = set_("/roles", roles)
    assert updated_graph(old, apply_changes(profile, [whole]), [["roles"]]) is None
    enriched = build_graph(profile, [lambda builder, p: None])
    process = next(iter(profile.processes))
    change = add(f"/processes/{process}/performed_by", next(iter(profile.roles)))
    changed = apply_changes(profile, [change])
    assert updated_graph(enriched, changed, [pointer_parts(change.path)]) is None


def test_removing_an_entity_removes_its_node_and_edges() -> None:
    profile = example_profile("troubled-rollout")
    old = build_graph(profile)
    removed = 0
    for kind, section in (("data_source", "data_sources"), ("role", "roles")):
        for key in getattr(profile, section):
            try:
                changed = apply_changes(profile, [remove(f"/{section}/{key}")])
            except ProfileError:
                continue  # still referred to: the profile cannot lose it
            updated = updated_graph(old, changed, [[section, key]])
            if updated is None:
                continue
            assert f"{kind}:{key}" not in updated
            assert _content(updated) == _content(build_graph(changed))
            removed += 1
    assert removed, "no entity of the example could be removed by an update"
