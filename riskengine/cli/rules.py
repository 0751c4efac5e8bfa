"""``riskengine rules list|show`` and ``riskengine schema``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from riskengine.cli.common import Choice, EngineOptions, fail, handle_errors, table_or_json

if TYPE_CHECKING:
    from riskengine.plugins.registry import RuleEntry

PILLAR_CHOICE = Choice(["people", "process", "technology", "expectations"])


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
    """Rules under a heading per pillar, then per area, in aligned columns with a header."""
    rows = [
        (e.rule.id, e.rule.slug, e.rule.severity, e.rule.title, e.plugin, e.rule.id in active)
        for e in entries
    ]
    w_id = max([len("id"), *(len(r[0]) for r in rows)])
    w_slug = max([len("slug"), *(len(r[1]) for r in rows)])
    head = f"  {'id':<{w_id}}  {'slug':<{w_slug}}  {'severity':<8}  title [plugin]"
    lines: list[str] = []
    pillars = ("people", "process", "technology", "expectations")
    for pillar in pillars:
        mine = [e for e in entries if e.rule.pillar == pillar]
        if not mine:
            continue
        lines += ["", f"{pillar.upper()}", head]
        for area in sorted({e.rule.area or "other" for e in mine}):
            lines.append(f" {area}")
            for e in sorted(mine, key=lambda e: e.rule.id):
                if (e.rule.area or "other") != area:
                    continue
                mark = "" if e.rule.id in active else "  (not selected)"
                lines.append(
                    f"  {e.rule.id:<{w_id}}  {e.rule.slug:<{w_slug}}  {e.rule.severity:<8}  "
                    f"{e.rule.title} [{e.plugin}]{mark}"
                )
    total = len(rows)
    lines += ["", f"{total} rules, {sum(1 for r in rows if r[5])} selected"]
    return "\n".join(line for i, line in enumerate(lines) if i or line) + "\n"


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
def schema_command() -> None:
    """Print the JSON Schema of the profile format (for editors and validators)."""
    from riskengine.profile import Profile

    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "riskengine project profile"
    click.echo(json.dumps(schema, indent=2))
