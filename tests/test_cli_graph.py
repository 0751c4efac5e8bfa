"""`riskengine graph`: DOT, Mermaid, GraphML and JSON exports of the dependency graph."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.graph.export import _mermaid_ids, export_graph
from riskengine.loading import load_profile
from tests.helpers import PROFILES

EXAMPLES = sorted(PROFILES.glob("*.yaml"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def graph_of(path: Path) -> nx.DiGraph[str]:
    engine = Engine(load_entrypoints=False)
    return engine.evaluator.graph_of(engine.load(path)).nx


def edge_set(g: nx.Graph[Any]) -> set[tuple[str, str, str]]:
    return {(u, v, str(d["relation"])) for u, v, d in g.edges(data=True)}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_graphml_loads_back_with_the_same_nodes_and_edges(path: Path) -> None:
    code, out, err = run("graph", str(path), "--format", "graphml")
    assert code == 0, err
    back = nx.read_graphml(io.BytesIO(out.encode("utf-8")))
    original = graph_of(path)
    assert set(back.nodes) == set(original.nodes)
    assert edge_set(back) == edge_set(original)
    for node, attrs in original.nodes(data=True):
        assert back.nodes[node]["kind"] == attrs["kind"]
        assert back.nodes[node]["ref"] == attrs["ref"]
        assert back.nodes[node]["label"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_json_is_node_link_data(path: Path) -> None:
    code, out, _ = run("graph", str(path), "-f", "json")
    assert code == 0
    data = json.loads(out)
    back = nx.node_link_graph(data, edges="edges")
    original = graph_of(path)
    assert set(back.nodes) == set(original.nodes)
    assert edge_set(back) == edge_set(original)
    assert data["graph"]["name"] == load_profile(path).organization.name


def test_dot_lists_every_node_and_edge() -> None:
    path = PROFILES / "troubled-rollout.yaml"
    code, out, _ = run("graph", str(path))
    assert code == 0
    assert out.startswith('digraph "Kestrel Logistics" {')
    original = graph_of(path)
    for u, v, relation in edge_set(original):
        assert f'"{u}" -> "{v}" [label="{relation}"];' in out
    assert '"department:sales" [label="Account management"' in out
    assert out.rstrip().endswith("}")


def test_mermaid_flowchart() -> None:
    path = PROFILES / "troubled-rollout.yaml"
    code, out, _ = run("graph", str(path), "-f", "mermaid")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "flowchart LR"
    original = graph_of(path)
    assert sum(1 for line in lines if "-->|" in line) == original.number_of_edges()
    assert '  department_sales["Account management"]:::kind_department' in lines


def test_names_are_escaped_in_every_format() -> None:
    data = {
        "organization": {"name": 'Quote " and \\ back', "crm_seats": 10},
        "departments": {"sales": {"name": 'Sales "A" <b>#1</b>\nnext'}},
    }
    profile = load_profile(data)
    graph = Engine(load_entrypoints=False).graph(profile)
    dot = export_graph(graph, "dot")
    assert 'digraph "Quote \\" and \\\\ back" {' in dot
    assert '[label="Sales \\"A\\" <b>#1</b>\\nnext"' in dot
    mermaid = export_graph(graph, "mermaid")
    assert 'department_sales["Sales #quot;A#quot; #lt;b#gt;#35;1#lt;/b#gt; next"]' in mermaid
    graphml = export_graph(graph, "graphml")
    back = nx.read_graphml(io.BytesIO(graphml.encode("utf-8")))
    assert back.nodes["department:sales"]["label"] == 'Sales "A" <b>#1</b>\nnext'
    with pytest.raises(ValueError, match="unknown graph format"):
        export_graph(graph, "png")


def test_mermaid_ids_stay_unique() -> None:
    assert _mermaid_ids(["role:a.b", "role:a_b", "role:a-b"]) == {
        "role:a.b": "role_a_b",
        "role:a_b": "role_a_b_2",
        "role:a-b": "role_a_b_3",
    }


def test_output_file_and_force(tmp_path: Path) -> None:
    path = str(PROFILES / "small-firm.yaml")
    out = tmp_path / "graph.dot"
    code, stdout, _ = run("graph", path, "-o", str(out))
    assert code == 0 and stdout == ""
    first = out.read_text(encoding="utf-8")
    assert first.startswith("digraph")
    code, _, err = run("graph", path, "-f", "json", "-o", str(out))
    assert code == 2 and "--force" in err
    assert out.read_text(encoding="utf-8") == first
    code, _, _ = run("graph", path, "-f", "json", "-o", str(out), "--force")
    assert code == 0
    json.loads(out.read_text(encoding="utf-8"))


def test_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organization: [\n", encoding="utf-8")
    code, _, err = run("graph", str(bad))
    assert code == 2
    assert "bad.yaml" in err and "Traceback" not in err
    code, _, err = run("graph", str(PROFILES / "small-firm.yaml"), "-f", "png")
    assert code == 2 and "png" in err


def test_plugin_enrichment_is_exported() -> None:
    from riskengine.hookspecs import hookimpl

    class Enricher:
        riskengine_plugin_name = "test-enricher"

        @hookimpl
        def enrich_graph(self, builder: object, profile: object) -> None:
            builder.add_node("vendor_system", "erp")  # type: ignore[attr-defined]

    engine = Engine([Enricher()], load_entrypoints=False)
    profile = engine.load(PROFILES / "small-firm.yaml")
    out = export_graph(engine.graph(profile), "json")
    nodes = {n["id"]: n for n in json.loads(out)["nodes"]}
    assert nodes["vendor_system:erp"]["label"] == "erp"
