"""``riskengine graph``: export a profile's dependency graph."""

from __future__ import annotations

import click

from riskengine.cli.common import Choice, EngineOptions, fail, handle_errors, write_output

GRAPH_FORMATS = ("dot", "mermaid", "graphml", "json")


@click.command("graph")
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=Choice(GRAPH_FORMATS),
    default="dot",
    show_default=True,
    help="Graphviz DOT, Mermaid flowchart, GraphML, or node-link JSON.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.pass_obj
@handle_errors
def graph_command(
    options: EngineOptions, profile: str, fmt: str, output: str | None, force: bool
) -> None:
    """Export the dependency graph of PROFILE: who staffs, feeds, performs and supports what.

    Edges point from what is depended on to what depends on it; nodes carry their kind, id and
    display name, edges their relation. Plugins that enrich the graph are included.
    """
    from pathlib import Path

    from riskengine.graph.export import export_graph

    if output and output != "-" and Path(output).exists() and not force:
        fail(f"{output} exists; use --force to replace it")
    engine = options.engine()
    snap = engine.graph(engine.load(profile))
    write_output(export_graph(snap, fmt), output, force=force)
