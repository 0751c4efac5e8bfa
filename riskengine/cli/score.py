"""``riskengine score`` and ``riskengine validate``."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from riskengine.cli.batch import batch_options, run_batch
from riskengine.cli.common import (
    EXIT_INPUT,
    EngineOptions,
    color_option,
    echo_error,
    handle_errors,
    terminal_width,
    time_limit_options,
    today_option,
    use_color,
    write_output,
)
from riskengine.cli.reports import Report, check_targets, plan_reports

if TYPE_CHECKING:
    from riskengine.assessment import Assessment
    from riskengine.batch.work import Render
    from riskengine.config import Config
    from riskengine.engine import Engine
    from riskengine.output.options import FormatOptions

profiles_argument = click.argument(
    "profiles", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False)
)


@click.command("score")
@click.argument("profiles", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="Report format: table (default), json, jsonl, markdown, github, sarif, junit, html, "
    "or one a plugin adds. Give it once; several reports are several -o.",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT=]PATH",
    help="Write a report to PATH (- is standard output) instead of printing it. Repeatable: "
    "-o json=report.json -o html=report.html. A bare PATH takes -f's format, else its "
    "extension's (.json, .jsonl, .sarif, .xml junit, .html, .md markdown, .txt table).",
)
@click.option("--force", is_flag=True, help="Replace output files that exist.")
@click.option(
    "--fail-above",
    type=click.FloatRange(0, 100),
    help="Exit with status 1 when an overall risk is above this.",
)
@click.option(
    "--select",
    multiple=True,
    help="Run only these rules: ids, id prefixes, slugs, pillars or severities (comma-separated).",
)
@click.option("--ignore", multiple=True, help="Skip these rules (same selectors as --select).")
@click.option("--show-passed", is_flag=True, help="Also list the rules each profile passes.")
@click.option(
    "--top",
    default=5,
    show_default=True,
    type=click.IntRange(0),
    help="Recommendations shown in table, markdown and html reports.",
)
@click.option("--no-rank", is_flag=True, help="Skip measuring and ranking recommendations.")
@click.option(
    "--strict", is_flag=True, hidden=True, help="Kept for compatibility: failures exit 3 anyway."
)
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Exit as if complete when a rule or plugin failed (the report still says incomplete).",
)
@time_limit_options
@click.option("-v", "--verbose", is_flag=True, help="Say on stderr which configuration is used.")
@today_option
@color_option
@batch_options
@click.pass_obj
@handle_errors
def score_command(
    options: EngineOptions,
    profiles: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    force: bool,
    fail_above: float | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    show_passed: bool,
    top: int,
    no_rank: bool,
    strict: bool,
    allow_errors: bool,
    timeout: float | None,
    profile_timeout: float | None,
    verbose: bool,
    today: dt.datetime | None,
    color: str,
    jobs: int,
    dask_address: str | None,
) -> None:
    """Assess PROFILES and print one report covering all of them.

    PROFILES are YAML or JSON files, directories (searched for *.yaml, *.yml and *.json),
    glob patterns, or - for standard input. A profile that cannot be loaded is reported on
    stderr and the others are still assessed; the exit status is then 2.

    \b
    Several reports from one run, each its own -o:
      riskengine score profiles/ -o table=- -o sarif=risks.sarif -o html=risks.html
    With --fail-above, stderr names each profile above the threshold and its risk.
    """
    from riskengine.output.options import FormatOptions

    options.overrides.update(
        select=_split_commas(select),
        ignore=_split_commas(ignore),
        fail_above=fail_above,
        timeout=timeout,
        profile_timeout=profile_timeout,
    )
    engine = options.engine()
    if verbose:
        click.echo(f"riskengine: configuration: {engine.config.source or 'none found'}", err=True)
    reports = plan_reports(formats, outputs, engine.formats, default="table")
    check_targets(reports, force=force)
    threshold = engine.config.fail_above
    day = today.date() if today else None
    fmt_options = FormatOptions(
        date=day or dt.date.today(),
        show_passed=show_passed,
        fail_above=threshold,
        top=top,
    )
    # JSON lines stream: each is rendered where its profile is assessed (in the workers)
    streamed = len(reports) == 1 and reports[0].format == "jsonl"
    with run_batch(
        engine,
        profiles,
        jobs=jobs,
        dask_address=dask_address,
        today=day,
        rank=not no_rank,
        fail_above=threshold,
        render=_json_lines(fmt_options) if streamed else None,
    ) as batch:
        if streamed:
            write_output(batch.reports(), reports[0].path, force=force)
        else:
            assessments = list(batch.assessments())
            if assessments:
                _write_reports(engine, assessments, reports, fmt_options, color, force=force)
    if batch.tally.above:
        for line in batch.tally.threshold_failures(_threshold_name(engine.config)):
            echo_error(line)
    status = batch.tally.exit_status(allow_errors=allow_errors)
    if status:
        sys.exit(status)


def _json_lines(options: FormatOptions) -> Render:
    """Renders one assessment as its JSON line (picklable, for worker processes)."""
    from riskengine.output.jsonl import line

    return functools.partial(line, options=options)


def _write_reports(
    engine: Engine,
    assessments: Sequence[Assessment],
    reports: Sequence[Report],
    options: FormatOptions,
    color: str,
    *,
    force: bool,
) -> None:
    """Render every report first (a failing formatter then leaves no file), then write each."""
    texts = [
        engine.render(
            assessments,
            report.format,
            replace(
                options,
                color=use_color(color, report.path),
                width=terminal_width(report.path),
            ),
        )
        for report in reports
    ]
    for report, text in zip(reports, texts, strict=True):
        write_output(text, report.path, force=force)


def _threshold_name(config: Config) -> str:
    """How to name the --fail-above threshold in messages, with where it was set."""
    value = f"{config.fail_above or 0:g}"
    origin = config.origin("fail_above")
    if origin == "--fail-above":
        return f"--fail-above {value}"
    return f"fail_above {value} (set in {origin})"


def _split_commas(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept ``--select A,B`` as well as ``--select A --select B``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.command("validate")
@profiles_argument
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_obj
def validate_command(options: EngineOptions, profiles: tuple[str, ...], quiet: bool) -> None:
    """Check that PROFILES are valid; print every problem with its file, line and column."""
    from riskengine.errors import RiskEngineError

    engine = None
    bad = False
    for path in profiles:
        try:
            engine = engine or options.engine()
            engine.load(path)
        except RiskEngineError as exc:
            echo_error(str(exc))
            bad = True
            continue
        if not quiet:
            click.echo(f"{path}: ok")
    if bad:
        sys.exit(EXIT_INPUT)
