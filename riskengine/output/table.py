"""Terminal report: scores, findings grouped by pillar, and the top recommendations.

Colour comes only from ``options.color`` (the CLI turns it off for ``NO_COLOR`` and when output
is not a terminal); without colour the output is plain ASCII apart from the profile's own text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from riskengine.assessment import Assessment
from riskengine.findings import Finding, Pillar
from riskengine.formats import FormatOptions
from riskengine.output.common import (
    acceptance_note,
    by_pillar,
    failing_count,
    plural,
    position,
    source_of,
)

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
STATUS_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}
PLAIN_BOX = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """Render every assessment, one after another."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        width=options.width or 110,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for i, assessment in enumerate(assessments):
        if i:
            console.print()
        _render_one(console, assessment, options)
    text = buffer.getvalue()
    if options.color:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _render_one(console: Console, a: Assessment, options: FormatOptions) -> None:
    """Header, pillar sections, recommendations, passed rules and rule errors of one profile."""
    console.print(_header(a, options))
    rule_width = max((len(f"{f.rule} {f.slug}") for f in a.findings), default=10)
    text = source_of(a, options)
    for pillar, findings in by_pillar(a.findings).items():
        console.print()
        console.print(_pillar_line(a, pillar))
        if findings:
            console.print(_findings_table(findings, text, rule_width, options))
    if a.recommendations and options.top:
        console.print()
        console.print(_recommendations_table(a, options))
    if options.show_passed and a.passed:
        console.print()
        console.print(f"passed: {', '.join(a.passed)}")
    for failure in a.errors:
        message = f"error in rule {failure.rule} ({failure.plugin}): {failure.error}"
        console.print(Text(message, "red"))


def _header(a: Assessment, options: FormatOptions) -> Text:
    """Profile and organization, then overall risk and counts."""
    score = a.score
    counted = len(a.counted_findings)
    failing = failing_count([a], options)
    return Text.assemble(
        (a.profile, "bold"),
        f"  ({a.organization})\noverall risk ",
        (f"{score.overall:.1f} {score.status.upper()}", STATUS_STYLE[score.status]),
        f"  {plural(counted, 'finding')}, {failing} failing",
    )


def _pillar_line(a: Assessment, pillar: Pillar) -> Text:
    """One pillar's heading: name, risk, status and finding count."""
    s = a.score.pillars[pillar]
    count = plural(s.findings, "finding") if s.findings else "no findings"
    return Text.assemble(
        (f"{pillar.upper():<13}", "bold"),
        (f"{s.risk:5.1f} {s.status:<6}", STATUS_STYLE[s.status]),
        f"  {count}",
    )


def _findings_table(
    findings: Sequence[Finding], text: str | None, rule_width: int, options: FormatOptions
) -> Table:
    """The findings of one pillar, highest risk first, with where the evidence is."""
    table = Table(box=_box(options), show_header=False, show_edge=False, pad_edge=False)
    table.add_column("risk", justify="right", no_wrap=True, width=5)
    table.add_column("severity", no_wrap=True, width=8)
    table.add_column("rule", no_wrap=True, width=rule_width)
    table.add_column("finding", ratio=1)
    for f in findings:
        style = "dim" if f.accepted else SEVERITY_STYLE[f.severity]
        table.add_row(
            Text(f"{f.risk:.1f}", style),
            Text(f.severity, style),
            f"{f.rule} {f.slug}",
            _finding_text(f, text),
        )
    return table


def _finding_text(f: Finding, text: str | None) -> Text:
    """The message, then the evidence location and any acceptance, dimmed."""
    out = Text(f.message, "dim" if f.accepted else "")
    details = []
    if f.evidence.pointers:
        pointer = f.evidence.pointers[0]
        pos = position(text, pointer)
        details.append(pointer + (f" (line {pos[0]})" if pos else ""))
    note = acceptance_note(f)
    if note:
        details.append(note)
    if details:
        out.append("\n" + "; ".join(details), "dim")
    return out


def _recommendations_table(a: Assessment, options: FormatOptions) -> Table:
    """The top recommendations: measured gain and risk removed, effort, action, rules addressed."""
    table = Table(
        title="What to do first",
        title_justify="left",
        title_style="bold",
        box=_box(options),
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("gain", justify="right", no_wrap=True)
    # total risk removed still ranks actions when the overall score is saturated near 100
    table.add_column("removes", justify="right", no_wrap=True)
    table.add_column("effort", no_wrap=True)
    table.add_column("action", ratio=1)
    table.add_column("addresses", no_wrap=True)
    for rec in a.recommendations[: options.top]:
        table.add_row(
            str(rec.rank),
            Text(f"{rec.gain:.1f}", "green" if rec.gain > 0 else ""),
            f"{rec.risk_removed:.1f}",
            rec.effort,
            rec.action,
            ", ".join(rec.rules),
        )
    rest = len(a.recommendations) - min(options.top, len(a.recommendations))
    if rest:
        table.caption = f"{plural(rest, 'more recommendation')} (use --top to see more)"
        table.caption_justify = "left"
    return table


def _box(options: FormatOptions) -> box.Box:
    """Unicode rules in a colour terminal, ASCII otherwise."""
    return box.SIMPLE_HEAD if options.color else PLAIN_BOX
