"""``riskengine whatif``: how changes to a profile would move its risk."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from riskengine.cli.common import (
    EngineOptions,
    fail,
    handle_errors,
    output_options,
    table_or_json,
    terminal_width,
    use_color,
    write_output,
)

if TYPE_CHECKING:
    from riskengine.findings import Change


@click.command("whatif")
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="PATH=VALUE",
    help="Set a value, e.g. --set sponsor.engagement=champion (VALUE is YAML).",
)
@click.option(
    "--add",
    "adds",
    multiple=True,
    metavar="PATH=VALUE",
    help="Append to a list, e.g. --add phases.p1.pilot.roles=sales_rep.",
)
@click.option(
    "--remove",
    "removes",
    multiple=True,
    metavar="PATH[=VALUE]",
    help="Remove a key, or VALUE from the list at PATH.",
)
@click.option(
    "--apply",
    "apply_ranks",
    multiple=True,
    type=click.IntRange(1),
    help="Also apply the recommendation ranked N (repeatable).",
)
@table_or_json
@output_options
@click.pass_obj
@handle_errors
def whatif_command(
    options: EngineOptions,
    profile: str,
    sets: tuple[str, ...],
    adds: tuple[str, ...],
    removes: tuple[str, ...],
    apply_ranks: tuple[int, ...],
    fmt: str,
    output: str | None,
    force: bool,
    color: str,
) -> None:
    """Show PROFILE's risk before and after changes, and which findings appear or disappear."""
    from riskengine.output.comparison_table import change_lines, render_comparison

    engine = options.engine()
    loaded = engine.load(profile)
    changes = parse_changes(sets, adds, removes)
    if apply_ranks:
        ranked = engine.assess(loaded, label=profile).recommendations
        for rank in apply_ranks:
            if rank > len(ranked):
                fail(f"--apply {rank}: the profile has only {len(ranked)} recommendations")
            chosen = ranked[rank - 1]
            if chosen.estimated:
                fail(
                    f"--apply {rank}: {chosen.action!r} is work no profile change can describe "
                    "(its gain is estimated); record its outcome in the profile once it is done"
                )
            changes.extend(chosen.changes)
    if not changes:
        fail("nothing to change: give --set, --add, --remove or --apply")
    result = engine.whatif(loaded, changes, label=profile)
    if fmt == "json":
        text = json.dumps(_json_payload(profile, result), indent=2, ensure_ascii=False) + "\n"
    else:
        table = render_comparison(
            result.comparison, color=use_color(color, output), width=terminal_width(output)
        )
        text = change_lines(result.changes) + table
    write_output(text, output, force=force)


def parse_changes(
    sets: tuple[str, ...], adds: tuple[str, ...], removes: tuple[str, ...]
) -> list[Change]:
    """Turn ``PATH=VALUE`` options into changes (dotted paths become JSON pointers)."""
    from riskengine.findings import Change

    changes = [Change(op="set", path=_pointer(p), value=v) for p, v in map(_split, sets)]
    changes += [Change(op="add", path=_pointer(p), value=v) for p, v in map(_split, adds)]
    for item in removes:
        path, value = _split(item) if "=" in item else (item, None)
        changes.append(Change(op="remove", path=_pointer(path), value=value))
    return changes


def _split(item: str) -> tuple[str, Any]:
    import yaml

    if "=" not in item:
        fail(f"expected PATH=VALUE, got {item!r}")
    path, raw = item.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return path.strip(), value


def _pointer(dotted: str) -> str:
    from riskengine.patching import pointer

    parts = [p for p in dotted.strip().strip(".").split(".") if p]
    if not parts:
        fail(f"empty path {dotted!r}")
    return pointer(*parts)


def _json_payload(label: str, result: Any) -> dict[str, Any]:
    return {
        "profile": label,
        "changes": [c.model_dump(mode="json") for c in result.changes],
        "before": result.before.score.model_dump(mode="json"),
        "after": result.after.score.model_dump(mode="json"),
        "comparison": result.comparison.model_dump(mode="json"),
    }
