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
    from riskengine.engine import Engine
    from riskengine.findings import Change
    from riskengine.profile import Profile


@click.command("whatif")
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="PATH=VALUE",
    help="Set a value: --set /sponsor/engagement=champion (a JSON pointer, or sponsor.engagement; "
    "VALUE is YAML). The path must exist or be a field of the profile model.",
)
@click.option(
    "--add",
    "adds",
    multiple=True,
    metavar="PATH=VALUE",
    help="Append to a list (--add /phases/p1/pilot/roles=sales_rep), or create an entity "
    "(--add '/departments/marketing={side: marketing}').",
)
@click.option(
    "--remove",
    "removes",
    multiple=True,
    metavar="PATH[=VALUE]",
    help="Remove a key (it becomes unknown), or VALUE from the list at PATH.",
)
@click.option(
    "--apply",
    "apply_ranks",
    multiple=True,
    type=click.IntRange(1),
    help="Also apply the recommendation ranked N (repeatable).",
)
@click.option(
    "--write",
    "write_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Save the changed profile to FILE (YAML, or JSON when FILE ends in .json).",
)
@click.option(
    "--in-place",
    is_flag=True,
    help="Apply the changes to PROFILE itself, keeping its comments and layout; the original "
    "is kept as PROFILE.orig unless --force.",
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
    write_path: str | None,
    in_place: bool,
    fmt: str,
    output: str | None,
    force: bool,
    color: str,
) -> None:
    """Show PROFILE's risk before and after changes, and which findings appear or disappear.

    With --write or --in-place the changed profile is also saved.
    """
    from riskengine.output.comparison_table import change_lines, render_comparison

    if write_path and in_place:
        fail("give --write FILE or --in-place, not both")
    engine = options.engine()
    loaded = engine.load(profile)
    changes = checked_changes(loaded, parse_changes(sets, adds, removes))
    if apply_ranks:
        changes.extend(_recommended(engine, loaded, profile, apply_ranks))
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
    if write_path or in_place:
        from riskengine.cli.saving import save_changed_profile, update_in_place

        if write_path:
            save_changed_profile(loaded, changes, write_path, force=force)
        else:
            update_in_place(loaded, changes, profile, keep_original=not force)


def _recommended(
    engine: Engine, loaded: Profile, label: str, ranks: tuple[int, ...]
) -> list[Change]:
    """The changes of the recommendations ranked `ranks`; exit 2 for one that has none."""
    ranked = engine.assess(loaded, label=label).recommendations
    changes: list[Change] = []
    for rank in ranks:
        if rank > len(ranked):
            fail(f"--apply {rank}: the profile has only {len(ranked)} recommendations")
        chosen = ranked[rank - 1]
        if chosen.estimated:
            fail(
                f"--apply {rank}: {chosen.action!r} is work no profile change can describe "
                "(its gain is estimated); record its outcome in the profile once it is done"
            )
        changes.extend(chosen.changes)
    return changes


def parse_changes(
    sets: tuple[str, ...], adds: tuple[str, ...], removes: tuple[str, ...]
) -> list[Change]:
    """Turn ``PATH=VALUE`` options into changes: adds, then sets, then removes.

    Paths are JSON pointers or dotted paths; values are YAML.
    """
    from riskengine.changes import to_pointer
    from riskengine.findings import Change

    # adds first: an entity an --add creates may then be changed by a --set
    changes = [Change(op="add", path=to_pointer(p), value=v) for p, v in map(_split, adds)]
    changes += [Change(op="set", path=to_pointer(p), value=v) for p, v in map(_split, sets)]
    for item in removes:
        path, value = _split(item) if "=" in item else (item, None)
        changes.append(Change(op="remove", path=to_pointer(path), value=value))
    return changes


def checked_changes(profile: Profile, changes: list[Change]) -> list[Change]:
    """Each change checked against the profile as the changes before it leave it."""
    from riskengine.changes import checked_change
    from riskengine.patching import apply_changes

    out = []
    for change in changes:
        change = checked_change(profile, change)
        profile = apply_changes(profile, [change])
        out.append(change)
    return out


def _split(item: str) -> tuple[str, Any]:
    from riskengine.errors import ProfileError
    from riskengine.loading import parse_value

    if "=" not in item:
        fail(f"expected PATH=VALUE, got {item!r}")
    path, raw = item.split("=", 1)
    try:
        value = parse_value(raw, label=path.strip()) if raw.strip() else ""
    except ProfileError as exc:
        fail(str(exc))
    return path.strip(), value


def _json_payload(label: str, result: Any) -> dict[str, Any]:
    return {
        "profile": label,
        "changes": [c.model_dump(mode="json") for c in result.changes],
        "before": result.before.score.model_dump(mode="json"),
        "after": result.after.score.model_dump(mode="json"),
        "comparison": result.comparison.model_dump(mode="json"),
    }
