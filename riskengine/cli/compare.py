"""``riskengine compare OLD NEW``: what changed between two versions of a profile."""

from __future__ import annotations

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
    terminal_width,
    use_color,
    write_output,
)

if TYPE_CHECKING:
    from riskengine.comparison import Comparison


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
    from riskengine.output.comparison_table import render_comparison

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
        else render_comparison(
            comparison,
            color=use_color(color, output),
            width=terminal_width(output),
            metrics=True,
        )
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
