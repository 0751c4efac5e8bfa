"""Terminal report: scores, findings grouped by pillar, and the top recommendations."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from riskengine.assessment import Assessment
from riskengine.findings import PILLARS, Finding
from riskengine.formats import FormatOptions

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
STATUS_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}


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
    )
    for i, assessment in enumerate(assessments):
        if i:
            console.print()
        _render_one(console, assessment, options)
    return buffer.getvalue()


def _render_one(console: Console, a: Assessment, options: FormatOptions) -> None:
    score = a.score
    head = Text.assemble(
        (f"{a.profile}", "bold"),
        f"  ({a.organization})  overall risk ",
        (f"{score.overall:.1f} {score.status.upper()}", STATUS_STYLE[score.status]),
    )
    console.print(head)
    pillars = "   ".join(
        f"{p} {score.pillars[p].risk:.1f} ({score.pillars[p].findings})" for p in PILLARS
    )
    console.print(f"pillars: {pillars}")
    if a.findings:
        console.print(_findings_table(a.findings))
    else:
        console.print("No findings.")
    if a.recommendations:
        console.print(_recommendations_table(a, options.top))
    if options.show_passed and a.passed:
        console.print(f"passed: {', '.join(a.passed)}")
    for failure in a.errors:
        console.print(
            Text(f"error in rule {failure.rule} ({failure.plugin}): {failure.error}", "red")
        )


def _findings_table(findings: Sequence[Finding]) -> Table:
    table = Table(title="Findings", title_justify="left", expand=False, show_lines=False)
    for col, just in (("pillar", "left"), ("risk", "right"), ("severity", "left")):
        table.add_column(col, justify=just, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("rule", no_wrap=True)
    table.add_column("finding")
    for pillar in PILLARS:
        for f in (f for f in findings if f.pillar == pillar):
            message = f.message + (_acceptance_note(f) if f.acceptance else "")
            table.add_row(
                pillar,
                f"{f.risk:.1f}",
                Text(f.severity, SEVERITY_STYLE[f.severity]),
                f"{f.rule} {f.slug}",
                message,
            )
    return table


def _acceptance_note(f: Finding) -> str:
    assert f.acceptance is not None
    if f.acceptance.expired:
        return f" [acceptance by {f.acceptance.owner} expired {f.acceptance.expires}]"
    return f" [accepted by {f.acceptance.owner} until {f.acceptance.expires}]"


def _recommendations_table(a: Assessment, top: int) -> Table:
    table = Table(title="What to do first", title_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("gain", justify="right", no_wrap=True)
    table.add_column("effort", no_wrap=True)
    table.add_column("action")
    table.add_column("addresses")
    for rec in a.recommendations[:top]:
        table.add_row(
            str(rec.rank), f"{rec.gain:.1f}", rec.effort, rec.action, ", ".join(rec.rules)
        )
    return table
