"""``riskengine compare OLD NEW``: what changed between two versions of a profile."""

from __future__ import annotations

import io
import json
import sys
from typing import TYPE_CHECKING

import click

from riskengine.cli.common import (
    EXIT_FAIL,
    EngineOptions,
    finite,
    handle_errors,
    output_options,
    table_or_json,
    use_color,
    write_output,
)

if TYPE_CHECKING:
    from riskengine.comparison import Comparison, FindingChange, MetricChange


@click.command("compare")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--fail-on-new",
    is_flag=True,
    help="Exit with status 1 when NEW has findings OLD did not (matched by finding identity).",
)
@click.option(
    "--fail-above-delta",
    type=click.FloatRange(0, 100),
    callback=finite,
    metavar="N",
    help="Exit with status 1 when the overall risk rose by more than N points.",
)
@table_or_json
@output_options
@click.pass_obj
@handle_errors
def compare_command(
    options: EngineOptions,
    old: str,
    new: str,
    fail_on_new: bool,
    fail_above_delta: float | None,
    fmt: str,
    output: str | None,
    force: bool,
    color: str,
) -> None:
    """Compare OLD and NEW versions of a profile: score deltas, findings resolved, new, kept,
    and how the objectives' measured results moved.

    As a gate in CI: --fail-on-new and --fail-above-delta exit with status 1 and say why on
    stderr."""
    from riskengine.comparison import compare_assessments

    engine = options.engine()
    old_profile, new_profile = engine.load(old), engine.load(new)
    before = engine.assess(old_profile, label=old, rank=False)
    after = engine.assess(new_profile, label=new, rank=False)
    comparison = compare_assessments(
        before, after, old_profile=old_profile, new_profile=new_profile
    )
    text = (
        comparison_json(comparison)
        if fmt == "json"
        else comparison_table(comparison, color=use_color(color), metrics=True)
    )
    write_output(text, output, force=force)
    reasons = gate_failures(comparison, fail_on_new=fail_on_new, max_delta=fail_above_delta)
    if reasons:
        for reason in reasons:
            click.echo(f"riskengine: compare: {reason}", err=True)
        sys.exit(EXIT_FAIL)


def gate_failures(
    comparison: Comparison, *, fail_on_new: bool, max_delta: float | None
) -> list[str]:
    """Why the comparison fails the gates asked for, one sentence each (empty: it passes)."""
    reasons = []
    if fail_on_new and comparison.new:
        shown = ", ".join(c.identity for c in comparison.new[:5])
        more = f" and {len(comparison.new) - 5} more" if len(comparison.new) > 5 else ""
        reasons.append(
            f"{comparison.new_profile} has {len(comparison.new)} new finding"
            f"{'s' if len(comparison.new) > 1 else ''} that {comparison.old_profile} did not: "
            f"{shown}{more} (--fail-on-new)"
        )
    delta = comparison.overall
    if max_delta is not None and delta.delta > max_delta:
        reasons.append(
            f"overall risk rose by {delta.delta:.1f} ({delta.old:.1f} -> {delta.new:.1f}), "
            f"more than --fail-above-delta {max_delta:g}"
        )
    return reasons


def comparison_json(comparison: Comparison) -> str:
    """The comparison as indented JSON."""
    return json.dumps(comparison.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def comparison_table(comparison: Comparison, *, color: bool, metrics: bool = False) -> str:
    """The comparison as a terminal report.

    Metric movement is shown when there is some, or always with `metrics` (``compare``, which
    compares the profiles themselves, says so when no measured value moved).
    """
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=110, highlight=False
    )
    o = comparison.overall
    console.print(
        f"{comparison.old_profile} -> {comparison.new_profile}: overall risk "
        f"{o.old:.1f} -> {o.new:.1f} ({_signed(o.delta)})",
        soft_wrap=True,  # long file names must not split the figures across lines
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
    if comparison.metrics:
        console.print(_metric_table(comparison.metrics))
    elif metrics:
        console.print("Metric changes: none")
    return buffer.getvalue()


def _metric_table(rows: tuple[MetricChange, ...]) -> object:
    from rich.table import Table

    table = Table(title=f"Metric changes ({len(rows)})", title_justify="left")
    for col in ("objective", "metric", "baseline", "target", "old", "new", "movement"):
        table.add_column(col, justify="right" if col in _NUMERIC else "left")
    for row in rows:
        table.add_row(
            row.objective,
            row.metric + (f" ({row.unit})" if row.unit else ""),
            _number(row.baseline),
            _number(row.target),
            _number(row.old_actual),
            _number(row.new_actual),
            movement(row),
        )
    return table


_NUMERIC = ("baseline", "target", "old", "new")


def movement(row: MetricChange) -> str:
    """How a metric moved, in words: toward or away from its target, not at all, or unknown."""
    if row.toward_target is None:
        return "unknown"
    if row.toward_target:
        return "toward target"
    start = row.old_actual if row.old_actual is not None else row.baseline
    return "no movement" if row.new_actual == start else "away from target"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


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
