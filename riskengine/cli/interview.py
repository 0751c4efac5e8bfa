"""``riskengine interview``: build a profile by answering the questions the rules ask."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from riskengine.cli.common import EngineOptions, fail, handle_errors, use_color, write_output

if TYPE_CHECKING:
    from riskengine.engine import Engine
    from riskengine.interview.run import Prompter
    from riskengine.interview.session import Interview

DEFAULT_OUTPUT = "crm-profile.yaml"


@click.command("interview")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Profile to write (default: crm-profile.yaml, or the --from profile); - for stdout.",
)
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False),
    help="Resume a profile: ask only its open questions, most revealing first.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.pass_obj
@handle_errors
def interview_command(
    options: EngineOptions, output: str | None, source: str | None, force: bool
) -> None:
    """Ask, in plain words, for the facts the active rules need and write them as a profile.

    In a terminal, choices are picked with the arrow keys and Ctrl-B goes back. Otherwise one
    answer is read per line: an empty line means "don't know", a line holding only < goes back,
    and the end of input stops. Either way the answers so far are saved when the interview stops.
    """
    path = output or _default_output(source)
    if path != "-" and Path(path).exists() and not force:
        fail(f"{path} exists; use --force to replace it")
    from riskengine.interview.run import conduct
    from riskengine.interview.session import Interview

    engine = options.engine()
    interview = Interview(engine) if source is None else _resumed(engine, source)
    to_stderr = path == "-"
    prompter = _prompter(to_stderr)
    conduct(interview, prompter)
    if not interview.complete:
        fail("stopped before the organization's name was given; nothing was written")
    _save(interview, path, force=force, to_stderr=to_stderr)


def _default_output(source: str | None) -> str:
    """Where the profile goes without -o: over the resumed profile (a YAML one), or the default."""
    if source is None:
        return DEFAULT_OUTPUT
    resumed = Path(source)
    return source if resumed.suffix in (".yaml", ".yml") else str(resumed.with_suffix(".yaml"))


def _resumed(engine: Engine, source: str) -> Interview:
    """An interview over the profile at `source`, asking its open questions most revealing first."""
    from riskengine.interview.session import Interview

    profile = engine.load(source)
    questions = engine.assess(profile, label=source).questions
    data = profile.model_dump(mode="python", exclude_unset=True)
    return Interview(engine, data, resume=tuple(q.pointer for q in questions))


def _prompter(to_stderr: bool) -> Prompter:
    """A terminal UI when a person sits at one, plain lines otherwise."""
    if sys.stdin.isatty() and sys.stdout.isatty() and not to_stderr:
        from riskengine.interview.terminal import TerminalPrompter

        return TerminalPrompter(use_color("auto"))
    from riskengine.interview.lines import LinePrompter

    return LinePrompter(sys.stdin, lambda text: click.echo(text, err=to_stderr))


def _save(interview: Interview, path: str, *, force: bool, to_stderr: bool) -> None:
    """Write the profile, then summarise its assessment."""
    from riskengine.interview.emit import profile_yaml
    from riskengine.interview.report import summary

    text = profile_yaml(interview.data, interview.engine.evaluator.extension_models)
    write_output(text, path, force=force)
    shown = None if path == "-" else path
    if shown is not None:
        click.echo(f"\nwrote {path}", err=to_stderr)
    assessment = interview.engine.assess(interview.profile(), label=shown)
    for line in summary(assessment, shown):
        click.echo(line, err=to_stderr)
