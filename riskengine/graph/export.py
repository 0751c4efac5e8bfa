"""Export a dependency-graph snapshot as Graphviz DOT, Mermaid, GraphML or node-link JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from riskengine.graph.snapshot import GraphSnapshot
from riskengine.output.safetext import visible, visible_lines

PALETTE: tuple[str, ...] = (
    "#7048e8",
    "#7048e8",
    "#1971c2",
    "#0c8599",
    "#5c940d",
    "#66a80f",
    "#e67700",
    "#c2255c",
    "#495057",
)
"""Outline colours of node kinds, in the snapshot's kind order; later kinds are grey."""


def kind_color(snap: GraphSnapshot, kind: str) -> str:
    """The outline colour of a kind."""
    rank = snap.kind_rank(kind)
    return PALETTE[rank] if rank < len(PALETTE) else "#495057"


def to_json(snap: GraphSnapshot) -> str:
    """Node-link JSON (``networkx.node_link_graph(data, edges="edges")`` reads it back)."""
    data = {
        "directed": True,
        "multigraph": False,
        "graph": {"name": snap.name},
        "nodes": [n.model_dump() for n in snap.nodes],
        "edges": [e.model_dump() for e in snap.edges],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _xml(text: str) -> str:
    """Text safe in XML content: line breaks stay, other characters XML 1.0 cannot hold (and
    escape sequences and bidi overrides) are shown as printable escapes."""
    return escape(visible_lines(text))


def _attr(text: str) -> str:
    """A quoted XML attribute value, made safe like `_xml`."""
    return quoteattr(visible(text))


def to_graphml(snap: GraphSnapshot) -> str:
    """GraphML with ``kind``, ``ref`` and ``label`` on nodes and ``relation`` on edges."""
    keys = [("d0", "node", "kind"), ("d1", "node", "ref"), ("d2", "node", "label")]
    keys += [("d3", "edge", "relation"), ("d4", "graph", "name")]
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        *(
            f'  <key id="{k}" for="{target}" attr.name="{name}" attr.type="string" />'
            for k, target, name in keys
        ),
        '  <graph edgedefault="directed">',
        f'    <data key="d4">{_xml(snap.name)}</data>',
    ]
    for n in snap.nodes:
        lines.append(f"    <node id={_attr(n.id)}>")
        for key, value in (("d0", n.kind), ("d1", n.ref), ("d2", n.label)):
            lines.append(f'      <data key="{key}">{_xml(value)}</data>')
        lines.append("    </node>")
    for e in snap.edges:
        lines.append(f"    <edge source={_attr(e.source)} target={_attr(e.target)}>")
        lines.append(f'      <data key="d3">{_xml(e.relation)}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def _dot_str(text: str) -> str:
    """A quoted DOT string."""
    escaped = visible(text.replace("\\", "\\\\").replace('"', '\\"'))
    return f'"{escaped}"'


def to_dot(snap: GraphSnapshot) -> str:
    """Graphviz DOT, left to right, one rank per kind, nodes tinted by kind."""
    lines = [
        f"digraph {_dot_str(snap.name)} {{",
        "  graph [rankdir=LR, nodesep=0.25, ranksep=1.2];",
        '  node [shape=box, style="rounded,filled", fillcolor="#f8f9fa", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#868e96"];',
    ]
    by_kind: dict[str, list[str]] = {}
    for n in snap.nodes:
        lines.append(
            f"  {_dot_str(n.id)} [label={_dot_str(n.label)}, kind={_dot_str(n.kind)}, "
            f"ref={_dot_str(n.ref)}, color={_dot_str(kind_color(snap, n.kind))}];"
        )
        by_kind.setdefault(n.kind, []).append(n.id)
    for e in snap.edges:
        lines.append(
            f"  {_dot_str(e.source)} -> {_dot_str(e.target)} [label={_dot_str(e.relation)}];"
        )
    for members in by_kind.values():
        lines.append("  { rank=same; " + " ".join(_dot_str(n) + ";" for n in members) + " }")
    lines.append("}")
    return "\n".join(lines) + "\n"


_MERMAID_ENTITIES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;"}


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    flat = visible(" ".join(text.split()))
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


def to_mermaid(snap: GraphSnapshot) -> str:
    """A Mermaid flowchart, left to right, one class per kind."""
    ids = _mermaid_ids([n.id for n in snap.nodes])
    lines = ["flowchart LR"]
    for n in snap.nodes:
        lines.append(f'  {ids[n.id]}["{_mermaid_text(n.label)}"]:::{_mermaid_class(n.kind)}')
    for e in snap.edges:
        lines.append(f"  {ids[e.source]} -->|{_mermaid_text(e.relation)}| {ids[e.target]}")
    for kind in sorted({n.kind for n in snap.nodes}, key=snap.kind_rank):
        color = kind_color(snap, kind)
        lines.append(f"  classDef {_mermaid_class(kind)} fill:#f8f9fa,stroke:{color},color:#212529")
    return "\n".join(lines) + "\n"


EXPORTERS: dict[str, Callable[[GraphSnapshot], str]] = {
    "dot": to_dot,
    "mermaid": to_mermaid,
    "graphml": to_graphml,
    "json": to_json,
}
"""Export functions by format name."""


def export_graph(snap: GraphSnapshot, fmt: str) -> str:
    """The graph snapshot in format `fmt` (one of `EXPORTERS`)."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"unknown graph format {fmt!r} (choose from {', '.join(EXPORTERS)})")
    return exporter(snap)
