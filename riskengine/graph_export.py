"""Export a profile's dependency graph as Graphviz DOT, Mermaid, GraphML or node-link JSON."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import networkx as nx

from riskengine.graph import ProjectGraph
from riskengine.profile import Profile

KIND_ORDER: tuple[str, ...] = (
    "sponsor",
    "steering_committee",
    "department",
    "role",
    "data_source",
    "field",
    "process",
    "objective",
    "phase",
)
"""Node kinds in the order they are laid out: who, then data, then work, goals and plan."""

KIND_LABEL: dict[str, str] = {
    "sponsor": "Sponsor",
    "steering_committee": "Steering committee",
    "department": "Department",
    "role": "Role",
    "data_source": "Data source",
    "field": "Field",
    "process": "Process",
    "objective": "Objective",
    "phase": "Phase",
}

KIND_COLOR: dict[str, str] = {
    "sponsor": "#7048e8",
    "steering_committee": "#7048e8",
    "department": "#1971c2",
    "role": "#0c8599",
    "data_source": "#5c940d",
    "field": "#66a80f",
    "process": "#e67700",
    "objective": "#c2255c",
    "phase": "#495057",
}

_SECTIONS: dict[str, str] = {
    "department": "departments",
    "role": "roles",
    "process": "processes",
    "data_source": "data_sources",
    "field": "fields",
    "phase": "phases",
}


def node_labels(profile: Profile, graph: ProjectGraph) -> dict[str, str]:
    """A readable name for every node: the entity's name, or its id when it has none."""
    return {
        node: _label(profile, str(attrs["kind"]), str(attrs["ref"]))
        for node, attrs in graph.nx.nodes.items()
    }


def _label(profile: Profile, kind: str, ref: str) -> str:
    """The display name of one entity."""
    if kind == "sponsor":
        return (profile.sponsor.name if profile.sponsor else "") or "Sponsor"
    if kind == "steering_committee":
        return "Steering committee"
    if kind == "objective":
        objective = profile.objectives.get(ref)
        return objective.description if objective is not None else ref
    section = _SECTIONS.get(kind)
    entity = getattr(profile, section).get(ref) if section else None
    name = getattr(entity, "name", "") if entity is not None else ""
    return str(name) or ref


def kind_rank(kind: str) -> int:
    """Position of a kind in `KIND_ORDER`; kinds added by plugins come last."""
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _nodes(graph: ProjectGraph) -> list[str]:
    """Node ids by kind order, then id."""
    kinds = graph.nx.nodes
    return sorted(graph.nx.nodes, key=lambda n: (kind_rank(str(kinds[n]["kind"])), n))


def _edges(graph: ProjectGraph) -> list[tuple[str, str, str]]:
    """(source, target, relation), sorted."""
    return sorted((u, v, str(d["relation"])) for u, v, d in graph.nx.edges(data=True))


def to_json(profile: Profile, graph: ProjectGraph) -> str:
    """Node-link JSON (``networkx.node_link_graph(data, edges="edges")`` reads it back)."""
    labels = node_labels(profile, graph)
    attrs = graph.nx.nodes
    data = {
        "directed": True,
        "multigraph": False,
        "graph": {"name": profile.organization.name},
        "nodes": [
            {"id": n, "kind": attrs[n]["kind"], "ref": attrs[n]["ref"], "label": labels[n]}
            for n in _nodes(graph)
        ],
        "edges": [{"source": u, "target": v, "relation": r} for u, v, r in _edges(graph)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_graphml(profile: Profile, graph: ProjectGraph) -> str:
    """GraphML with ``kind``, ``ref`` and ``label`` on nodes and ``relation`` on edges."""
    labels = node_labels(profile, graph)
    out: nx.DiGraph[str] = nx.DiGraph(name=profile.organization.name)
    for n in _nodes(graph):
        attrs = graph.nx.nodes[n]
        out.add_node(n, kind=str(attrs["kind"]), ref=str(attrs["ref"]), label=labels[n])
    for u, v, relation in _edges(graph):
        out.add_edge(u, v, relation=relation)
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def _dot_str(text: str) -> str:
    """A quoted DOT string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(profile: Profile, graph: ProjectGraph) -> str:
    """Graphviz DOT, left to right, one rank per kind, nodes tinted by kind."""
    labels = node_labels(profile, graph)
    attrs = graph.nx.nodes
    lines = [
        f"digraph {_dot_str(profile.organization.name)} {{",
        "  graph [rankdir=LR, nodesep=0.25, ranksep=1.2];",
        '  node [shape=box, style="rounded,filled", fillcolor="#f8f9fa", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#868e96"];',
    ]
    for n in _nodes(graph):
        kind, ref = str(attrs[n]["kind"]), str(attrs[n]["ref"])
        color = KIND_COLOR.get(kind, "#495057")
        lines.append(
            f"  {_dot_str(n)} [label={_dot_str(labels[n])}, kind={_dot_str(kind)}, "
            f"ref={_dot_str(ref)}, color={_dot_str(color)}];"
        )
    for u, v, relation in _edges(graph):
        lines.append(f"  {_dot_str(u)} -> {_dot_str(v)} [label={_dot_str(relation)}];")
    by_kind: dict[str, list[str]] = {}
    for n in _nodes(graph):
        by_kind.setdefault(str(attrs[n]["kind"]), []).append(n)
    for members in by_kind.values():
        lines.append("  { rank=same; " + " ".join(_dot_str(n) + ";" for n in members) + " }")
    lines.append("}")
    return "\n".join(lines) + "\n"


_MERMAID_ENTITIES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;"}


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    flat = " ".join(text.split())
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in flat)


def _mermaid_class(kind: str) -> str:
    """A Mermaid class name for a node kind."""
    return "kind_" + re.sub(r"[^A-Za-z0-9_]", "_", kind)


def _mermaid_ids(nodes: list[str]) -> dict[str, str]:
    """Mermaid-safe, unique node ids derived from the graph's ids."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for n in nodes:
        base = re.sub(r"[^A-Za-z0-9_]", "_", n)
        candidate, i = base, 2
        while candidate in used:
            candidate, i = f"{base}_{i}", i + 1
        used.add(candidate)
        out[n] = candidate
    return out


def to_mermaid(profile: Profile, graph: ProjectGraph) -> str:
    """A Mermaid flowchart, left to right, one class per kind."""
    labels = node_labels(profile, graph)
    nodes = _nodes(graph)
    ids = _mermaid_ids(nodes)
    attrs = graph.nx.nodes
    lines = ["flowchart LR"]
    for n in nodes:
        kind = _mermaid_class(str(attrs[n]["kind"]))
        lines.append(f'  {ids[n]}["{_mermaid_text(labels[n])}"]:::{kind}')
    for u, v, relation in _edges(graph):
        lines.append(f"  {ids[u]} -->|{_mermaid_text(relation)}| {ids[v]}")
    for kind in sorted({str(attrs[n]["kind"]) for n in nodes}, key=kind_rank):
        color = KIND_COLOR.get(kind, "#495057")
        lines.append(f"  classDef {_mermaid_class(kind)} fill:#f8f9fa,stroke:{color},color:#212529")
    return "\n".join(lines) + "\n"


EXPORTERS: dict[str, Callable[[Profile, ProjectGraph], str]] = {
    "dot": to_dot,
    "mermaid": to_mermaid,
    "graphml": to_graphml,
    "json": to_json,
}
"""Export functions by format name."""


def export_graph(profile: Profile, graph: ProjectGraph, fmt: str) -> str:
    """The graph of `profile` in format `fmt` (one of `EXPORTERS`)."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"unknown graph format {fmt!r} (choose from {', '.join(EXPORTERS)})")
    return exporter(profile, graph)
