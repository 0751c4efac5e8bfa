"""``riskengine rules list|show`` and ``riskengine schema``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from riskengine.cli.common import (
    Choice,
    EngineOptions,
    fail,
    handle_errors,
    table_or_json,
    write_output,
)

if TYPE_CHECKING:
    from riskengine.plugins.registry import RuleEntry

PILLARS = ("people", "process", "technology", "expectations")
PILLAR_CHOICE = Choice(PILLARS)
BUILTIN_PLUGIN = "builtin-rules"


@click.group("rules")
def rules_command() -> None:
    """List the rules, or show one rule's documentation."""


@rules_command.command("list")
@click.option("--pillar", type=PILLAR_CHOICE, multiple=True, help="Only rules of this pillar.")
@table_or_json
@click.pass_obj
@handle_errors
def list_rules(options: EngineOptions, pillar: tuple[str, ...], fmt: str) -> None:
    """List every registered rule with its id, slug, pillar, severity and plugin."""
    engine = options.engine()
    entries = [e for e in engine.rules if not pillar or e.rule.pillar in pillar]
    active = set(engine.active_rule_ids)
    if fmt == "json":
        rows = [
            {
                "id": e.rule.id,
                "slug": e.rule.slug,
                "title": e.rule.title,
                "pillar": e.rule.pillar,
                "severity": e.rule.severity,
                "area": e.rule.area,
                "plugin": e.plugin,
                "selected": e.rule.id in active,
            }
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(_grouped(entries, active), nl=False)


def _grouped(entries: list[RuleEntry], active: set[str]) -> str:
    """One header row, then the rules under a heading per pillar, in columns aligned throughout.

    The plugin is named after the title for rules that are not built in, and rules the
    configuration leaves out are marked.
    """
    header = ("ID", "SLUG", "SEVERITY", "AREA", "TITLE")
    rows = {e.rule.id: _row(e, active) for e in entries}
    widths = [max(len(r[i]) for r in [header, *rows.values()]) for i in range(len(header) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)) + "  " + cells[-1]

    lines = [line(header)]
    for pillar in PILLARS:
        mine = sorted(
            (e for e in entries if e.rule.pillar == pillar),
            key=lambda e: (e.rule.area or "other", e.rule.id),
        )
        if mine:
            lines += ["", pillar.upper(), *(line(rows[e.rule.id]) for e in mine)]
    selected = sum(1 for e in entries if e.rule.id in active)
    lines += ["", f"{len(entries)} rules, {selected} selected"]
    return "\n".join(lines) + "\n"


def _row(entry: RuleEntry, active: set[str]) -> tuple[str, ...]:
    rule = entry.rule
    title = rule.title
    if entry.plugin != BUILTIN_PLUGIN:
        title += f" [{entry.plugin}]"
    if rule.id not in active:
        title += " (not selected)"
    return (rule.id, rule.slug, rule.severity, rule.area or "other", title)


@rules_command.command("show")
@click.argument("rule_id")
@click.pass_obj
@handle_errors
def show_rule(options: EngineOptions, rule_id: str) -> None:
    """Show the full documentation of RULE_ID (an id such as CRM001, or a slug)."""
    from riskengine.ruledoc import render_rule_doc

    engine = options.engine()
    for entry in engine.rules:
        if rule_id.upper() == entry.rule.id or rule_id == entry.rule.slug:
            click.echo(render_rule_doc(entry.rule, entry.plugin))
            return
    fail(f"unknown rule {rule_id!r} (see `riskengine rules list`)")


@click.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.pass_obj
@handle_errors
def schema_command(options: EngineOptions, output: str | None, force: bool) -> None:
    """Print the JSON Schema of the profile format, with the sections of installed plugins.

    Editors use it to complete and check profiles: write it with -o profile.schema.json and
    point the profile at it (`riskengine init` adds the line that does).
    """
    from riskengine.schema import profile_schema

    engine = options.engine()
    models = {name: entry.item for name, entry in engine.registry.extensions.items()}
    write_output(json.dumps(profile_schema(models), indent=2) + "\n", output, force=force)
