"""Inline SVG charts of a portfolio: the risk histogram with its quartiles, and pitfall shares.

Plain shapes and text only (no scripts, no external fonts), sized by a viewBox so they scale
with the page; every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from riskengine.output.portfolio_common import pitfall_name
from riskengine.output.svg_graph import esc
from riskengine.portfolio import Distribution, Pitfall, Standing
from riskengine.scoring import status_of

STATUS_FILL = {"green": "#2b8a3e", "amber": "#e8590c", "red": "#c92a2a"}
INK, MUTED, LINE, ACCENT = "#212529", "#6c757d", "#dee2e6", "#364fc7"
WIDTH, PLOT_LEFT, PLOT_RIGHT = 640, 44, 620


def _x(risk: float) -> float:
    """Horizontal position of a risk (0-100) on the histogram's axis."""
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * risk / 100.0


def histogram(d: Distribution, focus: Standing | None = None) -> str:
    """Programs per ten points of overall risk, coloured by status, with a quartile box below."""
    top, height, most = 16, 150, max((b.programs for b in d.buckets), default=0) or 1
    base = top + height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {base + 74}" '
        'role="img" aria-label="Distribution of overall risk" class="chart">',
        f'<line x1="{PLOT_LEFT}" y1="{base}" x2="{PLOT_RIGHT}" y2="{base}" stroke="{LINE}"/>',
    ]
    for b in d.buckets:
        x0, x1 = _x(b.low) + 2, _x(b.high) - 2
        h = height * b.programs / most
        fill = STATUS_FILL[status_of((b.low + b.high) / 2)]
        parts.append(
            f'<rect x="{x0:.1f}" y="{base - h:.1f}" width="{x1 - x0:.1f}" height="{h:.1f}" '
            f'fill="{fill}" opacity="0.85"><title>{b.low}-{b.high}: {b.programs}</title></rect>'
        )
        if b.programs:
            parts.append(_text((x0 + x1) / 2, base - h - 4, str(b.programs), INK))
        parts.append(_text(_x(b.low), base + 14, str(b.low), MUTED))
    parts.append(_text(_x(100), base + 14, "100", MUTED))
    parts += _quartile_box(d, base + 28)
    if focus is not None and not focus.incomplete:
        x = _x(focus.overall)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{base + 50}" stroke="{ACCENT}" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
        )
        parts.append(_text(x, top + 4, esc(focus.profile), ACCENT, anchor="start", dx=4))
    parts.append("</svg>")
    return "".join(parts)


def _quartile_box(d: Distribution, y: float) -> list[str]:
    """Whiskers from minimum to maximum, a box from the first to the third quartile (nothing
    when no program is complete)."""
    spread = d.spread()
    if spread is None:
        return [_text(_x(50), y + 14, "no complete program", MUTED)]
    values = (spread.minimum, spread.q1, spread.median, spread.q3, spread.maximum)
    lo, q1, med, q3, hi = (_x(v) for v in values)
    return [
        f'<line x1="{lo:.1f}" y1="{y + 9}" x2="{hi:.1f}" y2="{y + 9}" stroke="{MUTED}"/>',
        f'<rect x="{q1:.1f}" y="{y}" width="{max(q3 - q1, 1):.1f}" height="18" fill="#edf2ff" '
        f'stroke="{ACCENT}"><title>quartiles {spread.q1:.1f} to {spread.q3:.1f}</title></rect>',
        f'<line x1="{med:.1f}" y1="{y}" x2="{med:.1f}" y2="{y + 18}" stroke="{ACCENT}" '
        'stroke-width="2"/>',
        _text(med, y + 32, f"median {spread.median:.1f}", ACCENT),
    ]


def pitfall_shares(pitfalls: Sequence[Pitfall]) -> str:
    """One bar per pitfall: the share of programs it strikes, coloured by its average risk."""
    row, label_width = 24, 230
    height = row * len(pitfalls) + 8
    span = WIDTH - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-label="Share of programs each pitfall strikes" class="chart">'
    ]
    for i, p in enumerate(pitfalls):
        y = 4 + i * row
        w = max(span * p.share, 1.0)
        fill = STATUS_FILL[status_of(p.average_risk)]
        parts.append(_text(label_width - 8, y + 15, esc(pitfall_name(p)), INK, anchor="end"))
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{fill}" opacity="0.85"><title>{esc(p.title)}: {p.programs} programs, '
            f"average risk {p.average_risk:.1f}</title></rect>"
        )
        parts.append(_text(label_width + w + 6, y + 15, f"{p.share:.0%}", MUTED, anchor="start"))
    parts.append("</svg>")
    return "".join(parts)


def _text(
    x: float, y: float, text: str, fill: str, *, anchor: str = "middle", dx: float = 0
) -> str:
    """A small label; `text` must already be escaped."""
    return (
        f'<text x="{x + dx:.1f}" y="{y:.1f}" fill="{fill}" font-size="11" '
        f'text-anchor="{anchor}">{text}</text>'
    )
