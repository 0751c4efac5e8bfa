"""Terminal report: scores, findings grouped by pillar, and the top recommendations.

Colour comes only from ``options.color`` (the CLI turns it off for ``NO_COLOR`` and when output
is not a terminal); the report's own words are plain ASCII, and profile text passes through
`visible`, so no escape sequence from a profile reaches the terminal. Lines fit
``options.width`` (80 columns when not given): narrow terminals get the message under each
finding's heading instead of beside it. Columns are laid out here rather than by a table widget:
a report of a large profile has hundreds of rows, and plain wrapping keeps it as quick to render
as the JSON report.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from riskengine.assessment import Assessment, RankedRecommendation
from riskengine.findings import Finding, Pillar
from riskengine.output.common import (
    GAIN_NOTE,
    acceptance_note,
    by_pillar,
    failing_count,
    gain_text,
    knowledge,
    plural,
    question_line,
    removes_text,
    run_notes,
)
from riskengine.output.options import FormatOptions
from riskengine.output.safetext import visible

SGR = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
    "bold red": "1;31",
    "bold green": "1;32",
    "bold yellow": "1;33",
}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
STATUS_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}
GAP = "   "
DEFAULT_WIDTH = 80
"""Width when the caller does not know the terminal's (the width of a classic terminal)."""
MIN_TEXT = 40
"""Narrowest message column worth putting beside a finding's heading; below it, text goes under."""
STACK_INDENT = 7
"""Indent of a finding's text under its heading in the narrow layout."""
MIN_WIDTH = 40
"""Narrowest layout drawn; the pillar headings need this much."""


class Painter:
    """Applies terminal styles when colour is on, and nothing otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        """`text` in `style` (a key of `SGR`), or as it is."""
        if not self.color or not style or not text:
            return text
        return f"\x1b[{SGR[style]}m{text}\x1b[0m"


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """Render every assessment, one after another."""
    paint = Painter(options.color)
    width = max(MIN_WIDTH, options.width or DEFAULT_WIDTH)
    lines: list[str] = []
    for i, assessment in enumerate(assessments):
        if i:
            lines.append("")
        lines.extend(_render_one(assessment, options, paint, width))
    return "".join(line.rstrip() + "\n" for line in lines)


def _render_one(a: Assessment, options: FormatOptions, paint: Painter, width: int) -> list[str]:
    """Header, pillar sections, recommendations, passed rules and rule errors of one profile."""
    lines = _header(a, options, paint, width)
    lines += [paint(visible(note), "red") for note in run_notes(a)]
    rule_width = max((len(_rule_label(f)) for f in a.findings), default=10)
    for pillar, findings in by_pillar(a.findings).items():
        lines += ["", _pillar_line(a, pillar, paint)]
        for f in findings:
            lines += _finding_rows(a, f, rule_width, paint, width)
    if a.recommendations and options.top:
        lines += ["", *_recommendations(a, options, paint, width)]
    if a.questions and options.top:
        lines += ["", *_questions(a, options, paint, width)]
    if options.show_passed and a.passed:
        lines += ["", *_wrap(f"passed: {', '.join(a.passed)}", width)]
    for failure in a.errors:
        message = f"error in rule {failure.rule} ({failure.plugin}): {failure.error}"
        lines += [paint(line, "red") for line in _wrap(message, width)]
    return lines


def _wrap(text: str, width: int) -> list[str]:
    """`text` made visible and word-wrapped to `width` (words longer than a line are cut)."""
    return textwrap.wrap(visible(text), max(width, 10), break_on_hyphens=False) or [""]


def _rule_label(f: Finding) -> str:
    """``CRM001 weak-sponsorship``."""
    return visible(f"{f.rule} {f.slug}")


def _header(a: Assessment, options: FormatOptions, paint: Painter, width: int) -> list[str]:
    """Profile and organization, then overall risk and counts, then how much is known."""
    score = a.score
    failing = failing_count([a], options)
    status = f"{score.overall:.1f} {score.status.upper()}"
    counts = f"{plural(len(a.counted_findings), 'finding')}, {failing} failing"
    known = f"({knowledge(a, separator=', ')})"
    risk_line = f"overall risk {status}  {counts}"
    painted = risk_line.replace(status, paint(status, STATUS_STYLE[score.status]), 1)
    names = [paint(line, "bold") for line in _wrap(f"{a.profile}  ({a.organization})", width)]
    if len(risk_line) + 2 + len(known) <= width:
        return [*names, f"{painted}  {known}"]
    if len(risk_line) > width:
        first = f"overall risk {paint(status, STATUS_STYLE[score.status])}"
        return [*names, first, counts, known]
    return [*names, painted, known]


def _pillar_line(a: Assessment, pillar: Pillar, paint: Painter) -> str:
    """One pillar's heading: name, risk, status and finding count."""
    s = a.score.pillars[pillar]
    count = plural(s.findings, "finding") if s.findings else "no findings"
    risk = paint(f"{s.risk:5.1f} {s.status:<6}", STATUS_STYLE[s.status])
    return f"{paint(f'{pillar.upper():<13}', 'bold')}{risk}  {count}"


def _finding_rows(
    a: Assessment, f: Finding, rule_width: int, paint: Painter, width: int
) -> list[str]:
    """One finding: risk, severity, rule, then its message and where the evidence is.

    The message sits beside the heading when the line leaves room for it, else under it.
    """
    style = "dim" if f.accepted else SEVERITY_STYLE[f.severity]
    label = _rule_label(f)
    beside = 5 + 8 + rule_width + 3 * len(GAP)
    stacked = width - beside < MIN_TEXT
    gap = "  " if stacked else GAP
    lead = paint(f"{f.risk:5.1f}", style) + gap + paint(f"{f.severity:<8}", style) + gap
    indent = STACK_INDENT if stacked else beside
    room = width - indent
    body = [paint(line, "dim" if f.accepted else "") for line in _wrap(f.message, room)]
    details = _details(a, f)
    if details:
        body += [paint(line, "dim") for line in _wrap(details, room)]
    pad = " " * indent
    if stacked and 5 + 8 + 2 * len(gap) + len(label) > width:
        return [lead.rstrip(), pad + label, *(pad + line for line in body)]
    if stacked:
        return [lead + label, *(pad + line for line in body)]
    return [lead + label.ljust(rule_width) + GAP + body[0], *(pad + line for line in body[1:])]


def _details(a: Assessment, f: Finding) -> str:
    """The evidence location and any acceptance of a finding."""
    details = []
    if f.evidence.pointers:
        pointer = f.evidence.pointers[0]
        pos = a.position(pointer)
        details.append(pointer + (f" (line {pos[0]})" if pos else ""))
    note = acceptance_note(f)
    if note:
        details.append(note)
    return "; ".join(details)


def _recommendations(
    a: Assessment, options: FormatOptions, paint: Painter, width: int
) -> list[str]:
    """The top recommendations: measured gain and risk removed, effort, action, rules addressed."""
    recs = a.recommendations[: options.top]
    out = [paint("What to do first", "bold")]
    out += _rec_columns(recs, paint, width) or _rec_list(recs, paint, width)
    rest = len(a.recommendations) - len(recs)
    if rest:
        out += _wrap(f"{plural(rest, 'more recommendation')} (use --top to see more)", width)
    out += _wrap(GAIN_NOTE, width)
    return out


REC_HEADS = ("#", "gain", "removes", "effort", "action", "addresses")


def _rec_cells(r: RankedRecommendation) -> tuple[str, ...]:
    """The cells of one recommendation's row, in `REC_HEADS` order."""
    # total risk removed still ranks actions when the overall score is saturated near 100
    return (
        str(r.rank),
        gain_text(r),
        f"{r.risk_removed:.1f}",
        r.effort,
        r.action,
        visible(", ".join(r.rules)),
    )


def _rec_columns(
    recs: Sequence[RankedRecommendation], paint: Painter, width: int
) -> list[str] | None:
    """Recommendations as a table, or None when the action column would be too narrow."""
    rows = [_rec_cells(r) for r in recs]
    fixed = [max(len(REC_HEADS[i]), *(len(row[i]) for row in rows)) for i in (0, 1, 2, 3, 5)]
    action_width = width - sum(fixed) - len(GAP) * 5
    if action_width < MIN_TEXT:
        return None
    w = [fixed[0], fixed[1], fixed[2], fixed[3], action_width, fixed[4]]
    right = {0, 1, 2}

    def line(cells: Sequence[str], styles: Sequence[str] = ("",) * 6) -> str:
        parts = [
            paint(c.rjust(w[i]) if i in right else c.ljust(w[i]), styles[i])
            for i, c in enumerate(cells)
        ]
        return GAP.join(parts)

    out = [line(REC_HEADS), "-" * (sum(w) + len(GAP) * 5)]
    for r, row in zip(recs, rows, strict=True):
        action = _wrap(row[4], action_width)
        gain_style = "green" if r.gain > 0 else ""
        out.append(line([*row[:4], action[0], row[5]], ("", gain_style, "", "", "", "")))
        out += [line(["", "", "", "", more, ""]) for more in action[1:]]
        if r.removes:
            detail = _wrap(f"removes {removes_text(r)}", action_width)
            out += [line(["", "", "", "", paint(more, "dim"), ""]) for more in detail]
    return out


def _rec_list(recs: Sequence[RankedRecommendation], paint: Painter, width: int) -> list[str]:
    """Recommendations as a numbered list, for terminals too narrow for the table."""
    out: list[str] = []
    number = max((len(str(r.rank)) for r in recs), default=1) + 2
    pad = " " * number
    for r in recs:
        action = _wrap(r.action, width - number)
        out.append(f"{r.rank}.".rjust(number - 1) + " " + action[0])
        out += [pad + line for line in action[1:]]
        figures = f"gain {gain_text(r)}, effort {r.effort}, addresses {', '.join(r.rules)}"
        out += [pad + line for line in _wrap(figures, width - number)]
        removed = f"removes {r.risk_removed:.1f}" + (f": {removes_text(r)}" if r.removes else "")
        out += [pad + paint(line, "dim") for line in _wrap(removed, width - number)]
    return out


def _questions(a: Assessment, options: FormatOptions, paint: Painter, width: int) -> list[str]:
    """The most revealing open questions: what the profile leaves unknown."""
    shown = a.questions[: options.top]
    out = [paint("Open questions (unknown, not assumed)", "bold")]
    for q in shown:
        lines = _wrap(question_line(q), width - 2)
        out += ["- " + lines[0], *("  " + line for line in lines[1:])]
    rest = len(a.questions) - len(shown)
    if rest:
        out += _wrap(f"{plural(rest, 'more open question')} (use --top to see more)", width)
    return out
