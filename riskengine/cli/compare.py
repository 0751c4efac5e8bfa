"""``riskengine compare OLD NEW``: what changed between two versions of a profile."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import click

from riskengine.cli.common import (
    EngineOptions,
    handle_errors,
    output_options,
    table_or_json,
    use_color,
    write_output,
)

if TYPE_CHECKING:
    from riskengine.comparison import Comparison, FindingChange


@click.command("compare")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@table_or_json
@output_options
@click.pass_obj
@handle_errors
def compare_command(
    options: EngineOptions,
    old: str,
    new: str,
    fmt: str,
    output: str | None,
    force: bool,
    color: str,
) -> None:
    """Compare OLD and NEW versions of a profile: score deltas and findings resolved, new, kept."""
    from riskengine.comparison import compare_assessments

    engine = options.engine()
    before = engine.assess(engine.load(old), label=old, rank=False)
    after = engine.assess(engine.load(new), label=new, rank=False)
    comparison = compare_assessments(before, after)
    text = (
        comparison_json(comparison)
        if fmt == "json"
        else comparison_table(comparison, color=use_color(color))
    )
    write_output(text, output, force=force)


def comparison_json(comparison: Comparison) -> str:
    """The comparison as indented JSON."""
    return json.dumps(comparison.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def comparison_table(comparison: Comparison, *, color: bool) -> str:
    """The comparison as a terminal report."""
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=110, highlight=False
    )
    o = comparison.overall
    console.print(
        f"{comparison.old_profile} -> {comparison.new_profile}: overall risk "
        f"{o.old:.1f} -> {o.new:.1f} ({_signed(o.delta)})"
    )
    scores = Table(title="Pillars", title_justify="left")
    for col in ("pillar", "old", "new", "change"):
        scores.add_column(col, justify="left" if col == "pillar" else "right")
    for pillar, d in comparison.pillars.items():
        scores.add_row(pillar, f"{d.old:.1f}", f"{d.new:.1f}", _signed(d.delta))
    console.print(scores)
    for title, rows in (
        ("Resolved", comparison.resolved),
        ("New", comparison.new),
        ("Persisting", comparison.persisting),
    ):
        if rows:
            console.print(_finding_table(title, rows))
        else:
            console.print(f"{title} findings: none")
    return buffer.getvalue()


def _finding_table(title: str, rows: tuple[FindingChange, ...]) -> object:
    from rich.table import Table

    table = Table(title=f"{title} findings ({len(rows)})", title_justify="left")
    for col in ("rule", "old", "new", "finding"):
        table.add_column(col, justify="right" if col in ("old", "new") else "left")
    for row in rows:
        table.add_row(row.rule, _risk(row.old_risk), _risk(row.new_risk), row.message)
    return table


def _risk(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _signed(value: float) -> str:
    return f"{value:+.1f}"
