"""Self-contained HTML report: scores, dependency picture, findings and ranked recommendations.

The page loads nothing (no scripts, fonts or images from anywhere; a Content-Security-Policy
forbids it) and escapes every string that comes from a profile.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from riskengine import __version__
from riskengine.assessment import Assessment, RankedRecommendation
from riskengine.findings import PILLARS, Change, Finding
from riskengine.output.common import (
    GAIN_NOTE,
    acceptance_note,
    asking,
    by_pillar,
    failing_count,
    gain_text,
    is_failing,
    knowledge,
    plural,
    run_notes,
)
from riskengine.output.html_style import CSS
from riskengine.output.options import FormatOptions
from riskengine.output.safetext import visible
from riskengine.output.svg_graph import RISK_FILL, RISK_STROKE, Picture, render_svg

MAX_PICTURE_NODES = 400
"""Larger graphs are not drawn: no one can read a picture of them, and it would swamp the page."""

MAX_CHIPS = 12
"""Graph nodes named per finding; the rest are counted (the picture shows them all)."""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def esc(text: object) -> str:
    """Escape any text for HTML content and attribute values (control characters and bidi
    overrides shown as printable escapes, so text cannot reorder what the reader sees)."""
    return html.escape(visible(str(text)), quote=True)


@dataclass
class View:
    """One assessment with what the page adds to it: its anchor, node names and picture."""

    a: Assessment
    anchor: str
    labels: dict[str, str] = field(default_factory=dict)
    svg: str = ""


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """The whole page."""
    worst_first = sorted(assessments, key=lambda a: -a.score.overall)
    views = [_view(a, i, options) for i, a in enumerate(worst_first, start=1)]
    title = (
        f"CRM risk report: {assessments[0].organization}"
        if len(assessments) == 1
        else f"CRM risk report: {plural(len(assessments), 'profile')}"
    )
    body = [
        '<header class="page">',
        f"<h1>{esc(title)}</h1>",
        f"<p>{_subtitle(assessments, options)}</p>",
        f'<p class="made">{_made(options)}</p>',
        "</header>",
        "<main>",
        _overview(views) if len(views) > 1 else "",
        *(_profile(v, options) for v in views),
        "</main>",
        _footer(options),
    ]
    return page(title, CSS, body)


def page(title: str, css: str, body: Sequence[str]) -> str:
    """A whole self-contained page: no scripts, no fetches (see `CSP`), `body` parts in order."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="riskengine {esc(__version__)}">',
            f"<title>{esc(title)}</title>",
            f"<style>{css}</style>",
            "</head>",
            "<body>",
            *(part for part in body if part),
            "</body>",
            "</html>",
            "",
        ]
    )


def _view(a: Assessment, index: int, options: FormatOptions) -> View:
    """Prepare one assessment: node names and the picture of its graph, if it carries one."""
    view = View(a, f"profile-{index}")
    if a.graph is None or not a.graph.nodes:
        return view
    view.labels = a.graph.labels()
    if len(a.graph.nodes) > MAX_PICTURE_NODES:
        return view
    view.svg = render_svg(Picture(a.graph, view.labels, a.findings, prefix=view.anchor))
    return view


def _subtitle(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """Counts under the page title."""
    findings = sum(len(a.counted_findings) for a in assessments)
    failing = failing_count(assessments, options)
    names = ", ".join(esc(a.profile) for a in assessments)
    return f"{names} · {plural(findings, 'finding')}, {failing} failing"


def _made(options: FormatOptions) -> str:
    """When the assessment was made, and by which engine version."""
    when = f"Assessed on {options.date.isoformat()} by " if options.date else "Assessed by "
    return f"{when}riskengine {esc(__version__)}"


def _overview(views: Sequence[View]) -> str:
    """A table of every profile (highest overall risk first, as the sections are), with links."""
    rows = "".join(
        f'<tr><td><a href="#{v.anchor}">{esc(v.a.organization)}</a><br>'
        f'<span class="rule">{esc(v.a.profile)}</span></td>'
        f'<td class="num">{v.a.score.overall:.1f}</td>'
        f'<td><span class="pill {v.a.score.status}">{v.a.score.status}</span></td>'
        + "".join(f'<td class="num">{v.a.score.pillars[p].risk:.1f}</td>' for p in PILLARS)
        + f'<td class="num">{len(v.a.counted_findings)}</td></tr>'
        for v in views
    )
    heads = "".join(f'<th class="num">{p}</th>' for p in PILLARS)
    return (
        '<section class="profile overview"><h2>Overview</h2>'
        '<table class="report"><thead><tr><th>Profile</th><th class="num">Overall</th>'
        f'<th>Status</th>{heads}<th class="num">Findings</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _profile(v: View, options: FormatOptions) -> str:
    """The section of one profile."""
    a = v.a
    return "\n".join(
        [
            f'<section class="profile" id="{v.anchor}">',
            f'<h2>{esc(a.organization)} <span class="path">{esc(a.profile)}</span></h2>',
            *(f'<p class="errors">{esc(note)}</p>' for note in run_notes(a)),
            _scores(a),
            _errors(a),
            _recommendations(a, options),
            _questions(a, options),
            _findings(v, options),
            _graph(v),
            _passed(a, options),
            "</section>",
        ]
    )


def _scores(a: Assessment) -> str:
    """Overall and pillar score cards."""
    s = a.score
    cards = [
        f'<div class="card overall status-{s.status}"><div class="name">Overall risk</div>'
        f'<div class="value">{s.overall:.1f}</div>'
        f'<div class="meta"><span class="pill {s.status}">{s.status}</span> '
        f"{plural(len(a.counted_findings), 'finding')}</div>"
        f'<div class="meta known">{esc(knowledge(a))}</div></div>'
    ]
    for p in PILLARS:
        ps = s.pillars[p]
        cards.append(
            f'<div class="card status-{ps.status}"><div class="name">{p}</div>'
            f'<div class="value">{ps.risk:.1f}</div>{_bar(ps.risk, ps.status)}'
            f'<div class="meta">{plural(ps.findings, "finding")}</div></div>'
        )
    return f'<div class="scores">{"".join(cards)}</div>'


def _bar(value: float, kind: str, top: float = 100.0) -> str:
    """A small horizontal bar."""
    width = 0.0 if top <= 0 else max(0.0, min(100.0, 100.0 * value / top))
    css = "gain" if kind == "gain" else f"risk-{kind}"
    return f'<span class="bar {css}"><span style="width:{width:.1f}%"></span></span>'


def _graph(v: View) -> str:
    """The dependency picture with its legend, or a note saying why there is none."""
    if not v.svg:
        graph = v.a.graph
        why = (
            "this assessment carries no dependency graph."
            if graph is None or not graph.nodes
            else f"the dependency graph has {len(graph.nodes)} nodes, more than "
            f"{MAX_PICTURE_NODES} can be drawn legibly. Export it with "
            f"<code>riskengine graph {esc(v.a.profile)} -f dot</code> to explore it."
        )
        return f'<h3>Dependency picture</h3><p class="unavailable">No picture: {why}</p>'

    swatches = "".join(
        f'<span><span class="sw" style="background:{RISK_FILL[band]};'
        f'border-color:{RISK_STROKE[band]}"></span>{text}</span>'
        for band, text in (
            ("none", "no finding"),
            ("green", "risk below 25"),
            ("amber", "25 to 50"),
            ("red", "50 and above"),
        )
    )
    return (
        "<h3>Dependency picture</h3>"
        f'<div class="legend">{swatches}<span><span class="ln"></span>'
        "dependency that carries a finding</span>"
        "<span>Arrows point from what is depended on to what depends on it; hover for details."
        "</span></div>"
        f'<div class="graph-wrap">{v.svg}</div>'
    )


def _findings(v: View, options: FormatOptions) -> str:
    """Findings grouped by pillar, highest risk first."""
    a = v.a
    if not a.findings:
        return '<h3>Findings</h3><p class="none">No findings: every rule that ran passed.</p>'
    rows = []
    for pillar, findings in by_pillar(a.findings).items():
        if not findings:
            continue
        ps = a.score.pillars[pillar]
        rows.append(
            f'<tr class="group"><th colspan="4">{pillar} · risk {ps.risk:.1f} '
            f'<span class="pill {ps.status}">{ps.status}</span></th></tr>'
        )
        rows.extend(_finding_row(f, v, options) for f in findings)
    return (
        f"<h3>Findings ({len(a.findings)})</h3>"
        '<table class="report findings"><thead><tr><th class="num">Risk</th><th>Severity</th>'
        "<th>Finding</th><th>Evidence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _finding_row(f: Finding, v: View, options: FormatOptions) -> str:
    """One finding: risk, severity, message with rule, evidence locations and graph nodes."""
    classes = ["finding"]
    if f.accepted:
        classes.append("accepted")
    if is_failing(f, options):
        classes.append("fails")
    note = acceptance_note(f)
    status = "red" if f.risk >= 50 else "amber" if f.risk >= 25 else "green"
    return (
        f'<tr class="{" ".join(classes)}" data-finding="{esc(f.identity)}">'
        f'<td class="num">{f.risk:.1f}{_bar(f.risk, status)}</td>'
        f'<td><span class="sev {f.severity}">{f.severity}</span></td>'
        f"<td>{esc(f.message)}"
        f'<div class="rule">{esc(f.rule)} {esc(f.slug)} · {esc(f.title)}</div>'
        + (f'<div class="note">{esc(note)}</div>' if note else "")
        + f'</td><td class="evidence">{_evidence(f, v)}</td></tr>'
    )


def _evidence(f: Finding, v: View) -> str:
    """Pointers with their line in the profile, and graph nodes by name."""
    parts = []
    for pointer in f.evidence.pointers:
        pos = v.a.position(pointer)
        where = f" line {pos[0]}" if pos else ""
        parts.append(f'<code>{esc(pointer)}</code><span class="rule">{where}</span>')
    shown = f.evidence.nodes[:MAX_CHIPS]
    chips = "".join(
        f'<span class="chip" title="{esc(n)}">{esc(v.labels.get(n, n))}</span>' for n in shown
    )
    hidden = len(f.evidence.nodes) - len(shown)
    if hidden:
        chips += f'<span class="rule"> and {hidden} more</span>'
    if chips:
        parts.append(f"<div>{chips}</div>")
    return "<br>".join(parts)


def _questions(a: Assessment, options: FormatOptions) -> str:
    """The most revealing open questions: facts the rules needed that the profile leaves out."""
    shown = a.questions[: options.top]
    if not shown:
        return ""
    items = "".join(
        f'<li><code>{esc(q.pointer)}</code> {esc(q.question)} <span class="rule">asked by '
        f"{esc(asking(q))}"
        + (f"; could reveal {q.reveals:+.1f}" if q.reveals else "")
        + "</span></li>"
        for q in shown
    )
    rest = len(a.questions) - len(shown)
    more = f'<p class="rule">{plural(rest, "more open question")} not shown.</p>' if rest else ""
    return (
        '<h3>Open questions</h3><p class="rule">Facts the rules asked for that the profile does '
        f'not state: they are treated as unknown, not assumed.</p><ul class="questions">{items}'
        f"</ul>{more}"
    )


def _recommendations(a: Assessment, options: FormatOptions) -> str:
    """Ranked recommendations: the top ones in a table, the rest folded away."""
    if not a.recommendations:
        return ""
    top = max(1, options.top)
    best = max((r.gain for r in a.recommendations), default=0.0)
    head = (
        '<table class="report recommendations"><thead><tr><th class="num">#</th><th>Action</th>'
        '<th class="num">Gain</th><th class="num">Removes</th><th>Effort</th>'
        "<th>What it removes</th></tr></thead><tbody>"
    )
    first = "".join(_rec_row(a, r, best) for r in a.recommendations[:top])
    out = (
        f"<h3>What to do first</h3>{head}{first}</tbody></table>"
        f'<p class="rule">{esc(GAIN_NOTE)}.</p>'
    )
    rest = a.recommendations[top:]
    if rest:
        more = "".join(_rec_row(a, r, best) for r in rest)
        out += (
            f"<details><summary>{plural(len(rest), 'more recommendation')}</summary>"
            f"{head}{more}</tbody></table></details>"
        )
    return out


def _removes(a: Assessment, r: RankedRecommendation) -> str:
    """The risk an action takes away, rule by rule, each rule named by its title."""
    items = []
    for rule, risk in r.removes.items():
        info = a.rule(rule)
        title = f" {esc(info.title)}" if info and info.title else ""
        items.append(f'<span class="removes"><b>{risk:.1f}</b> {esc(rule)}{title}</span>')
    return "<br>".join(items)


def _rec_row(a: Assessment, r: RankedRecommendation, best: float) -> str:
    """One recommendation in words, with the profile changes behind a disclosure."""
    changes = "".join(f"<li><code>{esc(_change(c))}</code></li>" for c in r.changes)
    patch = (
        f'<details class="changes"><summary>{plural(len(r.changes), "profile change")}'
        f'</summary><ul class="changes">{changes}</ul></details>'
        if changes
        else ""
    )
    return (
        f'<tr class="recommendation"><td class="num">{r.rank}</td>'
        f"<td>{esc(r.action)}{patch}"
        + f'</td><td class="num">{gain_text(r)}{_bar(r.gain, "gain", best)}</td>'
        f'<td class="num">{r.risk_removed:.1f}</td>'
        f'<td><span class="effort">{r.effort}</span></td>'
        f"<td>{_removes(a, r)}</td></tr>"
    )


def _change(c: Change) -> str:
    """A profile change as one line."""
    value = json.dumps(c.value, ensure_ascii=False, sort_keys=True)
    return f"{c.op} {c.path}" + ("" if c.op == "remove" and c.value is None else f" = {value}")


def _passed(a: Assessment, options: FormatOptions) -> str:
    """Rules that found nothing (when asked for)."""
    if not (options.show_passed and a.passed):
        return ""
    return (
        f"<details><summary>Passed rules ({len(a.passed)})</summary>"
        f"<p>{esc(', '.join(a.passed))}</p></details>"
    )


def _errors(a: Assessment) -> str:
    """Rules that failed to run."""
    if not a.errors:
        return ""
    items = "".join(f"<li>{esc(e.rule)} ({esc(e.plugin)}): {esc(e.error)}</li>" for e in a.errors)
    title = "<strong>Rules that failed and were skipped</strong>"
    return f'<div class="errors">{title}<ul>{items}</ul></div>'


def _footer(options: FormatOptions) -> str:
    """How to read the numbers."""
    threshold = (
        f"risk above {options.fail_above:g}"
        if options.fail_above is not None
        else "severity high or critical"
    )
    return (
        f"<footer>Generated by riskengine {esc(__version__)}. Risk runs from 0 (safe) to 100; "
        "scores are green below 25 and red from 50. A finding fails the check at "
        f"{esc(threshold)}. Gain is the drop in overall risk measured by applying a "
        "recommendation's changes and assessing again.</footer>"
    )
