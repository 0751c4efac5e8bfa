"""The dependency graph: nodes and edges from the profile, downstream queries, reuse."""

from __future__ import annotations

import networkx as nx

from riskengine.findings import Change
from riskengine.graph import GraphBuilder, build_graph, node_id
from riskengine.loading import load_profile
from riskengine.patching import apply_changes
from tests.helpers import PROFILES


def _healthy() -> object:
    return load_profile(PROFILES / "healthy-rollout.yaml")


def test_every_entity_is_a_node() -> None:
    profile = load_profile(PROFILES / "healthy-rollout.yaml")
    graph = build_graph(profile)
    for kind, table in (
        ("department", profile.departments),
        ("role", profile.roles),
        ("process", profile.processes),
        ("data_source", profile.data_sources),
        ("field", profile.fields),
        ("objective", profile.objectives),
        ("phase", profile.phases),
    ):
        assert graph.count(kind) == len(table)
        for key in table:
            assert graph.kind(node_id(kind, key)) == kind
    assert "sponsor" in graph and "steering_committee" in graph


def test_edges_follow_references() -> None:
    graph = build_graph(load_profile(PROFILES / "healthy-rollout.yaml"))
    assert graph.successors("department:sales", "staffs") == [
        "role:process_advocate",
        "role:sales_champion",
        "role:sales_rep",
        "role:sales_sme",
    ]
    assert "process:lead_management" in graph.successors("field:segment", "feeds")
    assert graph.predecessors("field:purchase_history", "feeds") == ["data_source:order_system"]
    assert "steering_committee" in graph.representatives("finance")
    assert graph.successors("sponsor") == ["steering_committee"]


def test_downstream_follows_dependency_flow() -> None:
    graph = build_graph(load_profile(PROFILES / "healthy-rollout.yaml"))
    down = graph.downstream("data_source:order_system")
    assert {"field:installed_base", "process:service_cases", "objective:first_fix"} <= down
    assert "department:finance" not in down
    assert graph.downstream_of_kind("field:segment", "objective") == [
        "objective:repeat_revenue",
        "objective:win_rate",
    ]
    assert 0 < graph.reach("field:contact") <= 1
    assert graph.reach("field:next_step") < graph.reach("field:contact")


def test_department_processes() -> None:
    graph = build_graph(load_profile(PROFILES / "healthy-rollout.yaml"))
    assert graph.department_processes("service") == ["process:service_cases"]
    assert graph.department_processes("finance") == []


def test_graph_is_frozen() -> None:
    graph = build_graph(load_profile(PROFILES / "small-firm.yaml"))
    assert nx.is_frozen(graph.nx)


def test_graph_is_reused_only_when_structure_is_unchanged() -> None:
    profile = load_profile(PROFILES / "healthy-rollout.yaml")
    graph = build_graph(profile)
    same = apply_changes(profile, [Change(path="/training/new_hires", value=False)])
    assert build_graph(same, reuse=graph) is graph
    moved = apply_changes(profile, [Change(path="/roles/trainer/department", value="sales")])
    rebuilt = build_graph(moved, reuse=graph)
    assert rebuilt is not graph
    assert "role:trainer" in rebuilt.successors("department:sales", "staffs")


def test_builder_rejects_edges_to_unknown_nodes() -> None:
    builder = GraphBuilder()
    a = builder.add_node("role", "a")
    try:
        builder.add_edge(a, "role:missing", "performs")
    except KeyError as exc:
        assert "role:missing" in str(exc)
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("expected KeyError")
