"""Markdown report sized for a pull-request comment: summary, scores, actions, then findings.

A comment holds at most `LIMIT` characters, so the report is built to fit whatever the input:
findings fold away per profile in ``<details>``; when everything does not fit, each profile
keeps its highest-risk findings (shared out evenly), profiles beyond the room are listed in the
overview only, and a note at the top says what was left out and how to get all of it.

Profile text is escaped for Markdown and for the HTML GitHub renders, and cannot ping people
(``@`` mentions), typeset formulas (``$...$``) or become links (bare URLs).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

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
from riskengine.output.safetext import visible

LIMIT = 65_536
"""Most characters a GitHub comment holds (counted here in UTF-16 units, the stricter count)."""
NOTE_ROOM = 700
"""Room kept for the note that says what was left out."""
TEXT_LIMIT = 1_000
"""Longest piece of profile text quoted; longer ones end with an ellipsis."""
OVERVIEW_SHARE = 0.4
"""Most of the comment the overview of many profiles may take."""
STATUS_MARK = {"green": "🟢", "amber": "🟠", "red": "🔴"}
ZWSP = "\u200b"
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")
_MENTION = re.compile(r"@(?=\w)")
_SCHEME = re.compile(r"(?<![\w.+-])([A-Za-z][\w+.-]*):(?=//)")
_WWW = re.compile(r"(?i)\b(www)\.")


def size(text: str) -> int:
    """Length in UTF-16 code units (an emoji counts 2), as browsers and GitHub's API count."""
    return len(text.encode("utf-16-le")) // 2


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """The whole comment: summary, overview of many profiles, then a section per profile."""
    worst_first = sorted(assessments, key=lambda a: -a.score.overall)
    heading = "###" if len(assessments) > 1 else "##"
    head = [_summary(assessments, options), ""]
    overview, listed = _overview(worst_first, options)
    plans = [
        _Section(a, _core(a, options, heading), _tail(a, options), _finding_rows(a, options))
        for a in worst_first
    ]
    budget = LIMIT - size("\n".join(head)) - size(overview) - NOTE_ROOM
    shown = _fit(plans, budget)
    body = [s.text(options) for s in shown]
    note = _cut_note(plans, shown, listed)
    parts = [*head, *([note, ""] if note else []), *([overview] if overview else []), *body]
    text = "\n".join(parts).rstrip() + "\n"
    return text if size(text) <= LIMIT else _hard_cut(text)


def md(text: str, limit: int = TEXT_LIMIT) -> str:
    """Escape text for Markdown (and the HTML GitHub renders inside it), on one line.

    Mentions, formulas and autolinks are defused with a zero-width space or a ``<span>``, so
    the text reads the same but pings no one and links nowhere.
    """
    flat = visible(" ".join(str(text).split()))
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    escaped = _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    escaped = _MENTION.sub("@" + ZWSP, escaped)
    escaped = _SCHEME.sub("\\1" + ZWSP + ":", escaped)
    escaped = _WWW.sub("\\1" + ZWSP + ".", escaped)
    return escaped.replace("$", "<span>$</span>")


def code(text: str) -> str:
    """An inline code span, or escaped text when the value holds a backtick or a pipe."""
    text = visible(text)
    plain = text.strip() == text and text and len(text) <= TEXT_LIMIT
    return f"`{text}`" if plain and "`" not in text and "|" not in text else md(text)


@dataclass
class _Section:
    """One profile's section: the part always shown and the finding rows shown if room allows."""

    a: Assessment
    core: list[str]
    tail: list[str]
    rows: list[tuple[Finding, str]]
    """Finding rows, highest risk first (the order they are given room in)."""
    kept: list[tuple[Finding, str]] = field(default_factory=list)

    def text(self, options: FormatOptions) -> str:
        """The section as shown."""
        findings = _findings(self.a, self.kept, len(self.rows), options)
        return "\n".join([*self.core, *findings, *self.tail])


def _fit(plans: list[_Section], budget: int) -> list[_Section]:
    """The sections that fit in `budget`, each with as many of its findings as room allows."""
    shown: list[_Section] = []
    for plan in plans:
        cost = size("\n".join([*plan.core, *plan.tail])) + 2 + size(_FINDINGS_FRAME)
        if cost > budget:
            break
        budget -= cost
        shown.append(plan)
    progress = True
    while progress:  # rounds: every section gets its next finding before any gets two more
        progress = False
        for plan in shown:
            if len(plan.kept) < len(plan.rows):
                row = plan.rows[len(plan.kept)]
                cost = size(row[1]) + 1
                if cost <= budget:
                    budget -= cost
                    plan.kept.append(row)
                    progress = True
    return shown


_FINDINGS_FRAME = (
    "<details><summary>Findings (0000 of 0000 shown)</summary>\n\n"
    "| | Risk | Severity | Pillar | Rule | Finding | Where |\n|---|---:|---|---|---|---|---|\n\n"
    "❌ fails the check (severity high or critical; risk above 100.0).\n"
    "_Only the highest risks are shown: see the full report._\n\n</details>\n"
)
"""The most a findings block adds around its rows."""


def _cut_note(plans: list[_Section], shown: list[_Section], listed: int) -> str:
    """What was left out to fit, and how to see everything; empty when nothing was."""
    hidden_findings = sum(len(p.rows) for p in plans) - sum(len(p.kept) for p in shown)
    left_out = len(plans) - len(shown)
    if not hidden_findings and not left_out and listed == len(plans):
        return ""
    parts = []
    if hidden_findings:
        parts.append(f"{plural(hidden_findings, 'finding')} (the lowest risks of each profile)")
    if left_out:
        parts.append(f"the sections of {plural(left_out, 'profile')} (lowest overall risk)")
    if listed < len(plans):
        parts.append(f"{len(plans) - listed} of {len(plans)} rows of the overview")
    return (
        f"> ✂️ **Shortened to fit a pull-request comment ({LIMIT:,} characters)**: left out "
        f"{', '.join(parts)}. For everything, run `riskengine score` with `-f html -o report.html` "
        "(or `-f json`) on the same profiles."
    )


def _hard_cut(text: str) -> str:
    """Last resort, should the estimates above ever fall short: cut at the limit, say so."""
    tail = "\n\n> ✂️ **Cut at the comment limit.** Run `riskengine score -f html` for everything.\n"
    room = LIMIT - size(tail)
    while size(text) > room:
        text = text[: room - (size(text) - len(text)) - 1]
    return text + tail


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


def _overview(worst_first: Sequence[Assessment], options: FormatOptions) -> tuple[str, int]:
    """A table of every profile, worst first (only with several), and how many rows it lists."""
    if len(worst_first) < 2:
        return "", len(worst_first)
    lines = ["| Profile | Overall | Status | Findings | Failing |", "|---|---:|---|---:|---:|"]
    room = int(LIMIT * OVERVIEW_SHARE)
    used = size("\n".join(lines))
    listed = 0
    for a in worst_first:
        row = (
            f"| {code(a.profile)} | {a.score.overall:.1f} | {STATUS_MARK[a.score.status]} "
            f"{a.score.status} | {len(a.counted_findings)} | {failing_count([a], options)} |"
        )
        if used + size(row) + 1 > room:
            break
        lines.append(row)
        used += size(row) + 1
        listed += 1
    if listed < len(worst_first):
        lines += ["", f"_{len(worst_first) - listed} more profiles, each at lower risk._"]
    return "\n".join([*lines, ""]), listed


def _core(a: Assessment, options: FormatOptions, heading: str) -> list[str]:
    """What is always shown of a profile first: scores, actions, open questions."""
    mark = STATUS_MARK[a.score.status]
    return [
        f"{heading} {mark} {code(a.profile)}: {md(a.organization)}, overall risk "
        f"{a.score.overall:.1f} ({a.score.status}), {knowledge(a)}",
        "",
        *(f"> **{md(note)}**\n" for note in run_notes(a)),
        *_pillar_table(a),
        "",
        *_recommendations(a, options, heading + "#"),
        *_questions(a, options, heading + "#"),
    ]


def _tail(a: Assessment, options: FormatOptions) -> list[str]:
    """What follows a profile's findings: rule failures and passed rules."""
    return [*_errors(a), *_passed(a, options)]


def _pillar_table(a: Assessment) -> list[str]:
    """Risk, status and finding count of every pillar."""
    rows = ["| Pillar | Risk | Status | Findings |", "|---|---:|---|---:|"]
    for p in PILLARS:
        s = a.score.pillars[p]
        rows.append(f"| {p} | {s.risk:.1f} | {STATUS_MARK[s.status]} {s.status} | {s.findings} |")
    return rows


def _finding_rows(a: Assessment, options: FormatOptions) -> list[tuple[Finding, str]]:
    """Every finding as a table row, highest risk first (accepted ones last)."""
    rows = []
    for f in sorted(ordered(a.findings), key=lambda f: (f.accepted, -f.risk)):
        mark = "❌" if is_failing(f, options) else ""
        note = acceptance_note(f)
        message = md(f.message) + (f" _({md(note)})_" if note else "")
        rows.append(
            (
                f,
                f"| {mark} | {f.risk:.1f} | {f.severity} | {f.pillar} | {md(f.rule)} "
                f"{md(f.slug)} | {message} | {_where(a, f)} |",
            )
        )
    return rows


def _findings(
    a: Assessment, kept: list[tuple[Finding, str]], total: int, options: FormatOptions
) -> list[str]:
    """The findings table folded in ``<details>``, in report order, failing ones marked."""
    if not total:
        return ["No findings.", ""]
    order = {id(f): i for i, f in enumerate(ordered(a.findings))}
    rows = [row for _, row in sorted(kept, key=lambda fr: order[id(fr[0])])]
    shown = f"{len(kept)} of {total} shown" if len(kept) < total else str(total)
    threshold = (
        f"risk above {options.fail_above:g}"
        if options.fail_above is not None
        else "severity high or critical"
    )
    lines = [f"<details><summary>Findings ({shown})</summary>", ""]
    if rows:
        lines += [
            "| | Risk | Severity | Pillar | Rule | Finding | Where |",
            "|---|---:|---|---|---|---|---|",
            *rows,
            "",
            f"❌ fails the check ({threshold}).",
        ]
    if len(kept) < total:
        lines.append("_Only the highest risks are shown: see the full report._")
    return [*lines, "", "</details>", ""]


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
            f"{rec.risk_removed:.1f}: {md(removes_text(rec))}; effort {rec.effort})"
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
        lines.append(f"- {code(q.pointer)}: {md(q.question)} (asked by {md(asking(q))}{reveals})")
    rest = len(a.questions) - len(shown)
    if rest > 0:
        lines.append(f"\n_{plural(rest, 'more open question')} in the full report._")
    return [*lines, ""]


def _errors(a: Assessment) -> list[str]:
    """Rules that failed to run."""
    return [
        f"> ⚠️ Rule {md(e.rule)} ({md(e.plugin)}) failed and was skipped: {md(e.error)}\n"
        for e in a.errors
    ]


def _passed(a: Assessment, options: FormatOptions) -> list[str]:
    """Rules that found nothing, folded away."""
    if not (options.show_passed and a.passed):
        return []
    return [
        f"<details><summary>Passed rules ({len(a.passed)})</summary>",
        "",
        md(", ".join(a.passed), limit=LIMIT // 4),
        "",
        "</details>",
        "",
    ]
