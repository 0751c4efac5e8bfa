"""``riskengine portfolio``: many programs summarised side by side."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from riskengine.cli.batch import batch_options, run_batch
from riskengine.cli.common import (
    EngineOptions,
    color_option,
    echo_error,
    fail,
    handle_errors,
    time_limit_options,
    today_option,
    use_color,
    write_output,
)
from riskengine.cli.reports import check_targets, plan_reports

if TYPE_CHECKING:
    from riskengine.portfolio import Program

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
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="Report format: table (default), json, markdown or html. Give it once; several "
    "reports are several -o.",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT=]PATH",
    help="Write a report to PATH (- is standard output). Repeatable: -o json=p.json "
    "-o html=p.html. A bare PATH takes -f's format, else its extension's (.json, .md, .html, "
    ".txt).",
)
@click.option("--force", is_flag=True, help="Replace output files that exist.")
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
    help="Exit as if complete when a rule or plugin failed on some program (the report still "
    "lists it as incomplete).",
)
@time_limit_options
@batch_options
@click.pass_obj
@handle_errors
def portfolio_command(
    options: EngineOptions,
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    force: bool,
    program: str | None,
    top: int,
    today: dt.datetime | None,
    color: str,
    allow_errors: bool,
    timeout: float | None,
    profile_timeout: float | None,
    jobs: int,
    dask_address: str | None,
) -> None:
    """Summarise the programs in PATHS: how risk is spread, common pitfalls, the riskiest.

    PATHS are profiles, directories, glob patterns or - (standard input), as for `score`.
    A profile that cannot be loaded is reported on stderr and left out; the exit status is
    then 2. A program whose assessment is incomplete (a rule failed, or it was stopped at
    --profile-timeout) is listed as incomplete and left out of the figures; stderr names it and
    the exit status is 3, unless --allow-errors.
    """
    from riskengine.output.portfolio_common import PortfolioOptions
    from riskengine.portfolio import build_portfolio

    options.overrides.update(timeout=timeout, profile_timeout=profile_timeout)
    engine = options.engine()
    reports = plan_reports(formats, outputs, sorted(RENDERERS), default="table")
    check_targets(reports, force=force)
    arguments = (*paths, program) if program else paths
    day = today.date() if today else None
    with run_batch(
        engine, arguments, jobs=jobs, dask_address=dask_address, today=day, rank=False
    ) as batch:
        assessments = list(batch.assessments())
    if not assessments:
        sys.exit(batch.tally.exit_status(allow_errors=allow_errors) or 2)
    try:
        portfolio = build_portfolio(assessments, focus=program)
    except ValueError as exc:  # the focus program could not be loaded
        fail(str(exc))
    texts = [
        importlib.import_module(RENDERERS[report.format]).render(
            portfolio, PortfolioOptions(color=use_color(color, report.path), top=top)
        )
        for report in reports
    ]
    for report, text in zip(reports, texts, strict=True):
        write_output(text, report.path, force=force)
    if portfolio.incomplete:
        echo_error(_left_out(portfolio.incomplete))
    status = batch.tally.exit_status(allow_errors=allow_errors)
    if status:
        sys.exit(status)


def _left_out(incomplete: Sequence[Program]) -> str:
    """The stderr line naming the incomplete programs the figures leave out."""
    count = f"{len(incomplete)} program{'s' if len(incomplete) > 1 else ''}"
    names = ", ".join(p.profile for p in incomplete)
    return f"riskengine: {count} incomplete, left out of the portfolio's figures: {names}"
