"""Terminal report: scores, findings grouped by pillar, and the top recommendations.

Colour comes only from ``options.color`` (the CLI turns it off for ``NO_COLOR`` and when output
is not a terminal); without colour the output is plain ASCII apart from the profile's own text.
Columns are laid out here rather than by a table widget: a report of a large profile has
hundreds of rows, and plain wrapping keeps it as quick to render as the JSON report.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from riskengine.assessment import Assessment
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
DEFAULT_WIDTH = 110


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
    width = options.width or DEFAULT_WIDTH
    lines: list[str] = []
    for i, assessment in enumerate(assessments):
        if i:
            lines.append("")
        lines.extend(_render_one(assessment, options, paint, width))
    return "".join(line.rstrip() + "\n" for line in lines)


def _render_one(a: Assessment, options: FormatOptions, paint: Painter, width: int) -> list[str]:
    """Header, pillar sections, recommendations, passed rules and rule errors of one profile."""
    lines = _header(a, options, paint) + [paint(note, "red") for note in run_notes(a)]
    rule_width = max((len(f"{f.rule} {f.slug}") for f in a.findings), default=10)
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
    """Word-wrapped lines of `text` (each of its own lines wrapped separately)."""
    out: list[str] = []
    for part in text.split("\n"):
        out += textwrap.wrap(part, max(width, 10), break_on_hyphens=False) or [""]
    return out


def _header(a: Assessment, options: FormatOptions, paint: Painter) -> list[str]:
    """Profile and organization, then overall risk and counts."""
    score = a.score
    failing = failing_count([a], options)
    status = paint(f"{score.overall:.1f} {score.status.upper()}", STATUS_STYLE[score.status])
    return [
        f"{paint(a.profile, 'bold')}  ({a.organization})",
        f"overall risk {status}  {plural(len(a.counted_findings), 'finding')}, {failing} failing"
        f"  ({knowledge(a)})",
    ]


def _pillar_line(a: Assessment, pillar: Pillar, paint: Painter) -> str:
    """One pillar's heading: name, risk, status and finding count."""
    s = a.score.pillars[pillar]
    count = plural(s.findings, "finding") if s.findings else "no findings"
    risk = paint(f"{s.risk:5.1f} {s.status:<6}", STATUS_STYLE[s.status])
    return f"{paint(f'{pillar.upper():<13}', 'bold')}{risk}  {count}"


def _finding_rows(
    a: Assessment, f: Finding, rule_width: int, paint: Painter, width: int
) -> list[str]:
    """One finding: risk, severity, rule, then its message and where the evidence is."""
    style = "dim" if f.accepted else SEVERITY_STYLE[f.severity]
    lead = (
        paint(f"{f.risk:5.1f}", style)
        + GAP
        + paint(f"{f.severity:<8}", style)
        + GAP
        + f"{f.rule} {f.slug}".ljust(rule_width)
        + GAP
    )
    indent = 5 + 8 + rule_width + 3 * len(GAP)
    room = width - indent
    text = _wrap(f.message, room)
    body = [paint(line, "dim" if f.accepted else "") for line in text]
    details = _details(a, f)
    if details:
        body += [paint(line, "dim") for line in _wrap(details, room)]
    return [lead + body[0]] + [" " * indent + line for line in body[1:]]


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
    # total risk removed still ranks actions when the overall score is saturated near 100
    heads = ("#", "gain", "removes", "effort", "action", "addresses")
    rows = [
        (
            str(r.rank),
            gain_text(r),
            f"{r.risk_removed:.1f}",
            r.effort,
            r.action,
            ", ".join(r.rules),
        )
        for r in recs
    ]
    fixed = [max(len(heads[i]), *(len(row[i]) for row in rows)) for i in (0, 1, 2, 3, 5)]
    action_width = max(10, width - sum(fixed) - len(GAP) * 5)
    w = [fixed[0], fixed[1], fixed[2], fixed[3], action_width, fixed[4]]
    right = {0, 1, 2}

    def line(cells: Sequence[str], styles: Sequence[str] = ("",) * 6) -> str:
        parts = [
            paint(c.rjust(w[i]) if i in right else c.ljust(w[i]), styles[i])
            for i, c in enumerate(cells)
        ]
        return GAP.join(parts)

    out = [paint("What to do first", "bold"), line(heads), "-" * (sum(w) + len(GAP) * 5)]
    for r, row in zip(recs, rows, strict=True):
        action = _wrap(row[4], action_width)
        gain_style = "green" if r.gain > 0 else ""
        out.append(line([*row[:4], action[0], row[5]], ("", gain_style, "", "", "", "")))
        out += [line(["", "", "", "", more, ""]) for more in action[1:]]
        if r.removes:
            detail = _wrap(f"removes {removes_text(r)}", action_width)
            out += [line(["", "", "", "", paint(more, "dim"), ""]) for more in detail]
    rest = len(a.recommendations) - len(recs)
    if rest:
        out.append(f"{plural(rest, 'more recommendation')} (use --top to see more)")
    out += _wrap(GAIN_NOTE, width)
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
        out.append(f"{plural(rest, 'more open question')} (use --top to see more)")
    return out
