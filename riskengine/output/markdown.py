"""Markdown report sized for a pull-request comment: summary, pillar scores, findings, actions."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from riskengine.assessment import Assessment
from riskengine.findings import PILLARS, Finding
from riskengine.output.common import (
    GAIN_NOTE,
    acceptance_note,
    asking,
    failing_count,
    gain_text,
    is_failing,
    knowledge,
    ordered,
    plural,
    removes_text,
    run_notes,
)
from riskengine.output.options import FormatOptions

STATUS_MARK = {"green": "🟢", "amber": "🟠", "red": "🔴"}
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """The whole comment: one summary line, then a section per profile."""
    lines = [_summary(assessments, options), ""]
    for a in assessments:
        lines += _section(a, options, heading="###" if len(assessments) > 1 else "##")
    return "\n".join(lines).rstrip() + "\n"


def md(text: str) -> str:
    """Escape text for Markdown (and the HTML that GitHub renders inside it), on one line."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def code(text: str) -> str:
    """An inline code span, or escaped text when the value itself holds a backtick."""
    return f"`{text}`" if "`" not in text and text.strip() == text and text else md(text)


def _summary(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """One line a reviewer reads first."""
    worst = max(assessments, key=lambda a: a.score.overall, default=None)
    if worst is None:
        return "**riskengine**: no profiles assessed."
    findings = sum(len(a.counted_findings) for a in assessments)
    failing = failing_count(assessments, options)
    counts = f"{plural(findings, 'finding')}, {failing} failing"
    mark = STATUS_MARK[worst.score.status]
    if len(assessments) == 1:
        return (
            f"{mark} **riskengine**: overall risk **{worst.score.overall:.1f}** "
            f"({worst.score.status}) for {md(worst.organization)}; {counts}."
        )
    return (
        f"{mark} **riskengine** assessed {len(assessments)} profiles: {counts}; highest overall "
        f"risk **{worst.score.overall:.1f}** ({worst.score.status}) in {code(worst.profile)}."
    )


def _section(a: Assessment, options: FormatOptions, heading: str) -> list[str]:
    """Everything about one profile."""
    mark = STATUS_MARK[a.score.status]
    lines = [
        f"{heading} {mark} {code(a.profile)}: {md(a.organization)}, overall risk "
        f"{a.score.overall:.1f} ({a.score.status}), {knowledge(a)}",
        "",
        *(f"> **{md(note)}**\n" for note in run_notes(a)),
        *_pillar_table(a),
        "",
        *_findings(a, options, heading + "#"),
        *_recommendations(a, options, heading + "#"),
        *_questions(a, options, heading + "#"),
        *_errors(a),
        *_passed(a, options),
    ]
    return lines


def _pillar_table(a: Assessment) -> list[str]:
    """Risk, status and finding count of every pillar."""
    rows = ["| Pillar | Risk | Status | Findings |", "|---|---:|---|---:|"]
    for p in PILLARS:
        s = a.score.pillars[p]
        rows.append(f"| {p} | {s.risk:.1f} | {STATUS_MARK[s.status]} {s.status} | {s.findings} |")
    return rows


def _findings(a: Assessment, options: FormatOptions, heading: str) -> list[str]:
    """The findings table, failing ones marked."""
    if not a.findings:
        return ["No findings.", ""]
    lines = [
        f"{heading} Findings",
        "",
        "| | Risk | Severity | Pillar | Rule | Finding | Where |",
        "|---|---:|---|---|---|---|---|",
    ]
    for f in ordered(a.findings):
        mark = "❌" if is_failing(f, options) else ""
        note = acceptance_note(f)
        message = md(f.message) + (f" _({md(note)})_" if note else "")
        lines.append(
            f"| {mark} | {f.risk:.1f} | {f.severity} | {f.pillar} | {f.rule} {md(f.slug)} "
            f"| {message} | {_where(a, f)} |"
        )
    threshold = (
        f"risk above {options.fail_above:g}"
        if options.fail_above is not None
        else "severity high or critical"
    )
    return [*lines, "", f"❌ fails the check ({threshold}).", ""]


def _where(a: Assessment, f: Finding) -> str:
    """The main evidence pointer, with its line in the profile when known."""
    if not f.evidence.pointers:
        return ""
    pointer = f.evidence.pointers[0]
    pos = a.position(pointer)
    return code(pointer) + (f" line {pos[0]}" if pos else "")


def _recommendations(a: Assessment, options: FormatOptions, heading: str) -> list[str]:
    """The top recommendations with measured gain and effort."""
    recs = a.recommendations[: options.top]
    if not recs:
        return []
    lines = [f"{heading} What to do first", ""]
    for rec in recs:
        lines.append(
            f"{rec.rank}. **{md(rec.action)}** (gain {gain_text(rec)}, removes "
            f"{rec.risk_removed:.1f}: {removes_text(rec)}; effort {rec.effort})"
        )
    rest = len(a.recommendations) - len(recs)
    if rest > 0:
        lines.append(f"\n_{plural(rest, 'more recommendation')} in the full report._")
    return [*lines, "", f"_{md(GAIN_NOTE)}._", ""]


def _questions(a: Assessment, options: FormatOptions, heading: str) -> list[str]:
    """The most revealing open questions."""
    shown = a.questions[: options.top]
    if not shown:
        return []
    lines = [f"{heading} Open questions", ""]
    for q in shown:
        reveals = f"; could reveal {q.reveals:+.1f}" if q.reveals else ""
        lines.append(f"- {code(q.pointer)}: {md(q.question)} (asked by {asking(q)}{reveals})")
    rest = len(a.questions) - len(shown)
    if rest > 0:
        lines.append(f"\n_{plural(rest, 'more open question')} in the full report._")
    return [*lines, ""]


def _errors(a: Assessment) -> list[str]:
    """Rules that failed to run."""
    return [
        f"> ⚠️ Rule {e.rule} ({md(e.plugin)}) failed and was skipped: {md(e.error)}\n"
        for e in a.errors
    ]


def _passed(a: Assessment, options: FormatOptions) -> list[str]:
    """Rules that found nothing, folded away."""
    if not (options.show_passed and a.passed):
        return []
    return [
        f"<details><summary>Passed rules ({len(a.passed)})</summary>",
        "",
        ", ".join(a.passed),
        "",
        "</details>",
        "",
    ]
