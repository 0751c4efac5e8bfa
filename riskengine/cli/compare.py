"""``riskengine compare OLD NEW``: what changed between two versions of a profile."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from riskengine.cli.common import (
    EngineOptions,
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
    """Compare OLD and NEW versions of a profile: score deltas, findings resolved, new, kept,
    and how the objectives' measured results moved."""
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


def comparison_json(comparison: Comparison) -> str:
    """The comparison as indented JSON."""
    return json.dumps(comparison.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
