"""Draw a dependency graph as inline SVG: kinds in columns, nodes tinted by the risk on them."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from riskengine.findings import Finding
from riskengine.graph.export import kind_color
from riskengine.graph.snapshot import GraphSnapshot
from riskengine.output.safetext import visible
from riskengine.scoring import combine, status_of

NODE_W, COL_GAP, ROW_GAP, TOP, MARGIN = 156, 34, 10, 34, 14
LINE_CHARS = 22
"""Characters per label line: what fits in a node at the label's 11 px."""
LINE_H, PAD_Y = 13, 8
"""Height of a label line, and the space above and below a node's label."""
RISK_FILL = {"none": "#f8f9fa", "green": "#fff3bf", "amber": "#ffd8a8", "red": "#ffc9c9"}
RISK_STROKE = {"none": "#ced4da", "green": "#f59f00", "amber": "#e8590c", "red": "#c92a2a"}
SWEEPS = 4


@dataclass(frozen=True)
class Box:
    """Where one node is drawn."""

    node: str
    column: int
    x: float
    y: float
    h: float = LINE_H * 2 + PAD_Y * 2


def risk_band(risk: float) -> str:
    """``none`` for untouched nodes, else the traffic-light status of the risk."""
    return "none" if risk <= 0 else status_of(risk)


def node_risks(findings: Iterable[Finding]) -> dict[str, float]:
    """Combined risk of the counted findings whose evidence names each node."""
    risks: dict[str, list[float]] = {}
    for f in findings:
        if not f.accepted:
            for node in f.evidence.nodes:
                risks.setdefault(node, []).append(f.risk)
    return {node: combine(rs) for node, rs in risks.items()}


def hot_edges(snap: GraphSnapshot, findings: Iterable[Finding]) -> dict[tuple[str, str], float]:
    """Edges whose two ends are both in one counted finding's evidence, with the highest risk."""
    out_edges: dict[str, list[str]] = {}
    for e in snap.edges:
        out_edges.setdefault(e.source, []).append(e.target)
    hot: dict[tuple[str, str], float] = {}
    for f in findings:
        nodes = set(f.evidence.nodes)
        if f.accepted or len(nodes) < 2:
            continue
        for u in nodes:
            for v in out_edges.get(u, ()):
                if v in nodes:
                    hot[(u, v)] = max(hot.get((u, v), 0.0), f.risk)
    return hot


def layout(snap: GraphSnapshot) -> list[list[str]]:
    """Nodes per non-empty column (one per kind group), ordered by a few barycentre sweeps."""
    groups = list(dict.fromkeys(k.group for k in snap.kinds))
    column_of = {k.name: groups.index(k.group) for k in snap.kinds}
    kind_of = {n.id: n.kind for n in snap.nodes}
    rank = {n: snap.kind_rank(k) for n, k in kind_of.items()}
    cols: list[list[str]] = [[] for _ in range(len(groups) + 1)]
    for node in sorted(kind_of):
        cols[column_of.get(kind_of[node], len(groups))].append(node)
    for col in cols:
        col.sort(key=lambda n: (rank[n], n))
    columns = [c for c in cols if c]
    neighbours: dict[str, set[str]] = {n: set() for n in kind_of}
    for e in snap.edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    for _ in range(SWEEPS):
        for i in range(1, len(columns)):
            columns[i] = _reorder(columns[i], columns[:i], neighbours, rank)
        for i in range(len(columns) - 2, -1, -1):
            columns[i] = _reorder(columns[i], columns[i + 1 :], neighbours, rank)
    return columns


def _reorder(
    column: list[str],
    others: Sequence[list[str]],
    neighbours: dict[str, set[str]],
    rank: dict[str, int],
) -> list[str]:
    """Sort a column by the mean relative position of each node's neighbours in `others`."""
    where = {n: (i + 0.5) / len(col) for col in others for i, n in enumerate(col)}
    current = {n: (i + 0.5) / len(column) for i, n in enumerate(column)}

    def key(n: str) -> tuple[int, float, str]:
        """Kind block first, then the barycentre, then the id for stable ties."""
        near = [where[m] for m in neighbours[n] if m in where]
        centre = sum(near) / len(near) if near else current[n]
        return rank[n], round(centre, 6), n

    return sorted(column, key=key)


def place(columns: list[list[str]], node_h: float) -> tuple[dict[str, Box], float, float]:
    """Box positions (columns vertically centred), and the drawing's width and height."""
    pitch = node_h + ROW_GAP
    tallest = max((len(c) for c in columns), default=0)
    boxes: dict[str, Box] = {}
    for ci, col in enumerate(columns):
        x = MARGIN + ci * (NODE_W + COL_GAP)
        offset = (tallest - len(col)) * pitch / 2
        for ri, node in enumerate(col):
            boxes[node] = Box(node, ci, x, TOP + offset + ri * pitch, node_h)
    width = 2 * MARGIN + len(columns) * NODE_W + len(columns) * COL_GAP
    height = TOP + tallest * pitch + MARGIN
    return boxes, width, height


def edge_path(a: Box, b: Box) -> str:
    """A smooth curve from `a` to `b`: forward, backward, or looping out within one column."""
    ya, yb = a.y + a.h / 2, b.y + b.h / 2
    if b.column > a.column:
        x1, x2 = a.x + NODE_W, b.x
        dx = (x2 - x1) / 2
        return (
            f"M{x1:.1f},{ya:.1f} C{x1 + dx:.1f},{ya:.1f} {x2 - dx:.1f},{yb:.1f} {x2:.1f},{yb:.1f}"
        )
    if b.column < a.column:
        x1, x2 = a.x, b.x + NODE_W
        dx = max(COL_GAP, (x1 - x2) / 3)
        return (
            f"M{x1:.1f},{ya:.1f} C{x1 - dx:.1f},{ya:.1f} {x2 + dx:.1f},{yb:.1f} {x2:.1f},{yb:.1f}"
        )
    x = a.x + NODE_W
    bulge = COL_GAP * 0.45 + min(abs(yb - ya) / 6, COL_GAP * 0.4)
    return _curve(x, ya, x + bulge, x + bulge, x, yb)


def _curve(x1: float, y1: float, c1: float, c2: float, x2: float, y2: float) -> str:
    """A cubic Bezier path whose control points sit level with its ends."""
    return f"M{x1:.1f},{y1:.1f} C{c1:.1f},{y1:.1f} {c2:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def esc(text: object) -> str:
    """Escape text for SVG inside HTML, control and bidi characters made visible."""
    return html.escape(visible(str(text)), quote=True)


def wrap_label(label: str, width: int = LINE_CHARS) -> list[str]:
    """The whole label in lines of up to `width` characters (only a longer word is split)."""
    return textwrap.wrap(" ".join(label.split()), width, break_long_words=True) or [""]


def node_height(labels: Iterable[str]) -> float:
    """One height for every node: room for the longest label, at least two lines."""
    lines = max((len(wrap_label(label)) for label in labels), default=1)
    return max(2, lines) * LINE_H + 2 * PAD_Y


@dataclass(frozen=True)
class Picture:
    """Everything needed to draw one graph."""

    graph: GraphSnapshot
    labels: dict[str, str]
    findings: Sequence[Finding]
    prefix: str
    """Unique id prefix, so several drawings can share one page."""


def render_svg(pic: Picture) -> str:
    """The whole ``<svg>`` element."""
    columns = layout(pic.graph)
    node_h = node_height(pic.labels.get(n.id, n.id) for n in pic.graph.nodes)
    boxes, width, height = place(columns, node_h)
    risks = node_risks(pic.findings)
    hot = hot_edges(pic.graph, pic.findings)
    kinds = {n.id: n.kind for n in pic.graph.nodes}
    touching = rules_on_nodes(pic.findings)
    parts = [
        f'<svg class="graph" id="{pic.prefix}-graph" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" aria-labelledby="{pic.prefix}-graph-title">',
        f'<title id="{pic.prefix}-graph-title">Dependency graph: {len(boxes)} nodes, '
        f"{len(pic.graph.edges)} edges, {len(hot)} carrying a finding</title>",
        _defs(pic.prefix),
        *_headers(columns, pic.graph),
        *_edges(pic, boxes, hot),
        *(
            _node(pic, boxes[n], risks.get(n, 0.0), kinds[n], touching.get(n, ()))
            for col in columns
            for n in col
        ),
        "</svg>",
    ]
    return "\n".join(parts)


def _defs(prefix: str) -> str:
    """Arrowheads for ordinary and highlighted edges."""
    markers = []
    for name, color in (("plain", "#adb5bd"), *((b, RISK_STROKE[b]) for b in RISK_STROKE)):
        markers.append(
            f'<marker id="{prefix}-arrow-{name}" viewBox="0 0 8 8" refX="7.5" refY="4" '
            f'markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" '
            f'orient="auto-start-reverse">'
            f'<path d="M0,0 L8,4 L0,8 z" fill="{color}"/></marker>'
        )
    return "<defs>" + "".join(markers) + "</defs>"


def _headers(columns: list[list[str]], graph: GraphSnapshot) -> list[str]:
    """A title above each column."""
    kind_of = {n.id: n.kind for n in graph.nodes}
    titles = {k.name: k.group for k in graph.kinds}
    out = []
    for ci, col in enumerate(columns):
        title = esc(titles.get(kind_of[col[0]], "Other"))
        x = MARGIN + ci * (NODE_W + COL_GAP) + NODE_W / 2
        out.append(
            f'<text class="col-title" x="{x:.1f}" y="16" text-anchor="middle">{title}</text>'
        )
    return out


def _edges(pic: Picture, boxes: dict[str, Box], hot: dict[tuple[str, str], float]) -> list[str]:
    """Ordinary edges first, highlighted edges on top."""
    plain, marked = [], []
    for e in pic.graph.edges:
        u, v = e.source, e.target
        if u not in boxes or v not in boxes:
            continue
        d = edge_path(boxes[u], boxes[v])
        tip = esc(f"{pic.labels.get(u, u)} {e.relation} {pic.labels.get(v, v)}")
        if (u, v) in hot:
            band = risk_band(hot[(u, v)])
            marked.append(
                f'<path class="edge hot" d="{d}" style="stroke:{RISK_STROKE[band]}" '
                f'marker-end="url(#{pic.prefix}-arrow-{band})" data-edge="{esc(u)} {esc(v)}">'
                f"<title>{tip} (carries a finding, risk {hot[(u, v)]:.1f})</title></path>"
            )
        else:
            plain.append(
                f'<path class="edge" d="{d}" marker-end="url(#{pic.prefix}-arrow-plain)">'
                f"<title>{tip}</title></path>"
            )
    return plain + marked


def rules_on_nodes(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """The rules of the counted findings whose evidence names each node, sorted."""
    found: dict[str, set[str]] = {}
    for f in findings:
        if not f.accepted:
            for node in f.evidence.nodes:
                found.setdefault(node, set()).add(f"{f.rule} {f.slug}")
    return {node: sorted(rules) for node, rules in found.items()}


def _node(pic: Picture, box: Box, risk: float, kind: str, touching: Sequence[str]) -> str:
    """One node: tinted box, kind stripe, wrapped label, risk badge and a tooltip."""
    band = risk_band(risk)
    label = pic.labels.get(box.node, box.node)
    lines = wrap_label(label)
    base = box.h / 2 - (len(lines) - 1) * LINE_H / 2 + 4
    texts = "".join(
        f'<tspan x="0" y="{base + i * LINE_H:.1f}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    title = next((k.title for k in pic.graph.kinds if k.name == kind), kind)
    tip = f"{title}: {label} ({box.node})"
    if risk > 0:
        tip += f"\nRisk {risk:.1f} from " + ", ".join(touching)
    parts = [
        f'<g class="node risk-{band}" data-node="{esc(box.node)}" data-risk="{risk:.1f}">',
        f"<title>{esc(tip)}</title>",
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{NODE_W}" height="{box.h:.0f}" rx="6" '
        f'fill="{RISK_FILL[band]}" stroke="{RISK_STROKE[band]}"/>',
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="4" height="{box.h:.0f}" rx="2" '
        f'fill="{kind_color(pic.graph, kind)}"/>',
        f'<svg x="{box.x + 10:.1f}" y="{box.y:.1f}" width="{NODE_W - 14}" height="{box.h:.0f}" '
        f'overflow="hidden"><text class="label">{texts}</text></svg>',
    ]
    if risk > 0:
        bx, by = box.x + NODE_W - 30, box.y - 7
        parts.append(
            f'<rect class="badge" x="{bx:.1f}" y="{by:.1f}" width="34" height="15" rx="7.5" '
            f'fill="{RISK_STROKE[band]}"/><text class="badge-text" x="{bx + 17:.1f}" '
            f'y="{by + 11:.1f}" text-anchor="middle">{risk:.0f}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
