"""``riskengine plugins``: which plugins are loaded and what each registered."""

from __future__ import annotations

import json
from typing import Any

import click

from riskengine.cli.common import EngineOptions, handle_errors, table_or_json
from riskengine.plugins.manager import autoload_disabled


@click.command("plugins")
@table_or_json
@click.pass_obj
@handle_errors
def plugins_command(options: EngineOptions, fmt: str) -> None:
    """List loaded plugins with their version and what each registered."""
    engine = options.engine(skip_broken=True)
    registry = engine.registry
    contents = registry.by_plugin()
    rows: list[dict[str, Any]] = [
        {"name": name, "version": version or "", "registered": contents.get(name, [])}
        for name, version in registry.plugins
    ]
    rows += [
        {"name": name, "version": "", "registered": [], "broken": reason}
        for name, reason in engine.broken_plugins
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        version = f" {row['version']}" if row["version"] else ""
        click.echo(f"{row['name']}{version}")
        if "broken" in row:
            click.echo(f"    BROKEN: {row['broken']}")
            continue
        items = list(row["registered"]) or ["(nothing)"]
        for item in _summarize(items):
            click.echo(f"    {item}")
    if options.block:
        click.echo(f"blocked: {', '.join(options.block)}")
    if not options.load_entrypoints or autoload_disabled():
        click.echo("installed plugin packages were not loaded (autoload is off)")


def _summarize(items: list[str]) -> list[str]:
    """Group ``rule CRM001``, ``rule CRM002`` ... into one line per kind."""
    by_kind: dict[str, list[str]] = {}
    for item in items:
        kind, _, name = item.partition(" ")
        by_kind.setdefault(kind, []).append(name)
    return [
        f"{kind}s: {', '.join(names)}" if any(names) else kind for kind, names in by_kind.items()
    ]
