"""``riskengine portfolio``: many programs summarised side by side."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path

import click

from riskengine.cli.batch import batch_options, run_batch
from riskengine.cli.common import (
    Choice,
    EngineOptions,
    color_option,
    fail,
    handle_errors,
    today_option,
    use_color,
    write_output,
)

RENDERERS = {
    "table": "riskengine.output.portfolio_table",
    "json": "riskengine.output.portfolio_json",
    "markdown": "riskengine.output.portfolio_markdown",
    "html": "riskengine.output.portfolio_html",
}


@click.command("portfolio")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=Choice(sorted(RENDERERS)),
    default="table",
    show_default=True,
    help="Report format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--program",
    metavar="PATH",
    help="Also say where this program stands among the others (assessed too if not in PATHS).",
)
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1),
    help="Pitfalls and programs listed (JSON lists them all).",
)
@today_option
@color_option
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Exit as if complete when a rule or plugin failed on some program.",
)
@batch_options
@click.pass_obj
@handle_errors
def portfolio_command(
    options: EngineOptions,
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    force: bool,
    program: str | None,
    top: int,
    today: dt.datetime | None,
    color: str,
    allow_errors: bool,
    jobs: int,
    dask_address: str | None,
) -> None:
    """Summarise the programs in PATHS: how risk is spread, common pitfalls, the riskiest.

    PATHS are profiles, directories, glob patterns or - (standard input), as for `score`.
    A profile that cannot be loaded is reported on stderr and left out; the exit status is
    then 2 (3 when a rule failed on some program, unless --allow-errors).
    """
    from riskengine.output.portfolio_common import PortfolioOptions
    from riskengine.portfolio import build_portfolio

    engine = options.engine()
    if output and Path(output).exists() and not force:
        fail(f"{output} exists; use --force to replace it")
    arguments = (*paths, program) if program else paths
    day = today.date() if today else None
    with run_batch(
        engine, arguments, jobs=jobs, dask_address=dask_address, today=day, rank=False
    ) as batch:
        assessments = list(batch.assessments())
    if not assessments:
        sys.exit(batch.tally.exit_status(allow_errors=allow_errors, fail_above=None) or 2)
    try:
        portfolio = build_portfolio(assessments, focus=program)
    except ValueError as exc:  # the focus program could not be loaded
        fail(str(exc))
    render = importlib.import_module(RENDERERS[fmt]).render
    text = render(portfolio, PortfolioOptions(color=use_color(color, output), top=top))
    write_output(text, output, force=force)
    status = batch.tally.exit_status(allow_errors=allow_errors, fail_above=None)
    if status:
        sys.exit(status)
