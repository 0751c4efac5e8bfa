"""``riskengine score`` and ``riskengine validate``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from riskengine.cli.batch import batch_options, run_batch, write_lines
from riskengine.cli.common import (
    EXIT_INPUT,
    EngineOptions,
    color_option,
    echo_error,
    fail,
    handle_errors,
    resolve_format,
    terminal_width,
    today_option,
    use_color,
    write_output,
)

profiles_argument = click.argument(
    "profiles", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False)
)


@click.command("score")
@click.argument("profiles", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    default="table",
    show_default=True,
    help="Report format: table, json, jsonl, markdown, sarif, junit, html, or one a plugin adds.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=86_400),
    help="Seconds one rule may run on one profile before it is stopped and reported as failed.",
)
@click.option("-v", "--verbose", is_flag=True, help="Say on stderr which configuration is used.")
@today_option
@color_option
@batch_options
@click.pass_obj
@handle_errors
def score_command(
    options: EngineOptions,
    profiles: tuple[str, ...],
    fmt: str,
    output: str | None,
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
    """
    from riskengine.output.options import FormatOptions

    options.overrides.update(
        select=_split_commas(select),
        ignore=_split_commas(ignore),
        fail_above=fail_above,
        timeout=timeout,
    )
    engine = options.engine()
    if verbose:
        click.echo(f"riskengine: configuration: {engine.config.source or 'none found'}", err=True)
    fmt = resolve_format(fmt, engine.formats)
    if output and Path(output).exists() and not force:
        fail(f"{output} exists; use --force to replace it")
    threshold = engine.config.fail_above
    day = today.date() if today else None
    fmt_options = FormatOptions(
        color=use_color(color, output),
        width=terminal_width(output),
        date=day or dt.date.today(),
        show_passed=show_passed,
        fail_above=threshold,
        top=top,
    )
    with run_batch(
        engine, profiles, jobs=jobs, dask_address=dask_address, today=day, rank=not no_rank
    ) as batch:
        if fmt == "jsonl":
            write_lines(batch.assessments(), fmt_options, output, force=force)
        else:
            assessments = list(batch.assessments())
            if assessments:
                write_output(engine.render(assessments, fmt, fmt_options), output, force=force)
    status = batch.tally.exit_status(allow_errors=allow_errors, fail_above=threshold)
    if status:
        sys.exit(status)


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
