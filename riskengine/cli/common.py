"""Helpers shared by CLI commands: engine building, exit codes, atomic file writes."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from riskengine.config import Config
    from riskengine.engine import Engine

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_RULE_ERROR = 0, 1, 2, 3
DEFAULT_WIDTH = 80
"""Width of terminal reports that do not go to a terminal (unless ``COLUMNS`` says otherwise)."""

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class EngineOptions:
    """Global options that decide which plugins and configuration an engine gets."""

    block: tuple[str, ...] = ()
    load_entrypoints: bool = True
    config_path: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    load: tuple[str, ...] = ()
    """Plugins to load even when autoload is off (``-p NAME``)."""

    @classmethod
    def from_cli(
        cls, plugin_opts: tuple[str, ...], no_autoload: bool, config_path: str | None
    ) -> EngineOptions:
        """Parse ``-p NAME`` (load) and ``-p no:NAME`` (block); an empty name is a usage error."""
        block: list[str] = []
        load: list[str] = []
        for opt in plugin_opts:
            blocked = opt.startswith("no:")
            name = (opt[3:] if blocked else opt).strip()
            if not name:
                raise click.BadParameter(
                    f"expected NAME or no:NAME, got {opt!r}", param_hint="'-p'"
                )
            (block if blocked else load).append(name)
        return cls(tuple(block), not no_autoload, config_path, load=tuple(load))

    def config(self) -> Config:
        """The configuration from file (if any) with command-line overrides applied."""
        from riskengine.config import Config, find_config

        found = find_config(self.config_path) or Config()
        given = {k: v for k, v in self.overrides.items() if v not in (None, (), [])}
        origins = {key: "--" + key.replace("_", "-") for key in given}
        return found.overridden(given, origins) if given else found

    def engine(self, *, skip_broken: bool = False) -> Engine:
        """Build the engine these options describe."""
        from riskengine.gcpause import collector_paused

        # importing the engine and the rules builds a few hundred classes that all live until
        # the end: collections during that time walk every one of them and free nothing
        with collector_paused(lasting=True):
            from riskengine.engine import Engine

            return Engine(
                load_entrypoints=self.load_entrypoints,
                block=self.block,
                load=self.load,
                config=self.config(),
                skip_broken=skip_broken,
            )


class Choice(click.Choice):  # type: ignore[type-arg]  # not generic before click 8.2
    """A case-insensitive choice whose error names the closest valid word."""

    def __init__(self, choices: Sequence[str]) -> None:
        super().__init__(list(choices), case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The choice `value` names, whatever its case; otherwise a usage error with a hint."""
        from riskengine.suggest import did_you_mean

        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            hint = did_you_mean(str(value), [str(c) for c in self.choices])
            if not hint:
                raise
            self.fail(str(exc.message).rstrip(".") + hint, param, ctx)


def finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A click callback refusing NaN, which every range check lets through."""
    if value is not None and math.isnan(value):
        raise click.BadParameter("must be a number, not NaN")
    return value


def resolve_format(value: str, available: Sequence[str]) -> str:
    """The report format `value` names (any case), or exit 2 naming the closest one."""
    from riskengine.suggest import did_you_mean

    by_name = {name.lower(): name for name in available}
    if value.lower() in by_name:
        return by_name[value.lower()]
    hint = did_you_mean(value, available)
    fail(f"unknown format {value!r}{hint} (available: {', '.join(available)})")


def table_or_json(func: F) -> F:
    """The ``-f/--format table|json`` option shared by commands with two output forms."""
    option = click.option(
        "-f",
        "--format",
        "fmt",
        type=Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    )
    return option(func)


color_option = click.option(
    "--color",
    type=Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in table output (NO_COLOR is honoured).",
)
today_option = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date that accepted risks expire against (default: today).",
)


def time_limit_options(func: F) -> F:
    """The ``--timeout`` (one rule) and ``--profile-timeout`` (one profile) options."""
    seconds = click.FloatRange(min=0, min_open=True, max=86_400)
    for option in reversed(
        [
            click.option(
                "--timeout",
                type=seconds,
                help="Seconds one rule may run on one profile before it is stopped and reported "
                "as failed.",
            ),
            click.option(
                "--profile-timeout",
                type=seconds,
                help="Seconds one profile's assessment may take; past that its worker process "
                "is stopped and the profile reported as incomplete (assesses in worker "
                "processes).",
            ),
        ]
    ):
        func = option(func)
    return func


def output_options(func: F) -> F:
    """The ``-o/--output``, ``--force`` and ``--color`` options of commands that write reports."""
    for option in reversed(
        [
            click.option(
                "-o", "--output", type=click.Path(dir_okay=False), help="Write to a file."
            ),
            click.option("--force", is_flag=True, help="Replace the output file if it exists."),
            color_option,
        ]
    ):
        func = option(func)
    return func


def handle_errors(func: F) -> F:
    """Print riskengine errors as plain lines on stderr and exit 2, never with a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from riskengine.errors import RiskEngineError

        try:
            return func(*args, **kwargs)
        except RiskEngineError as exc:
            echo_error(str(exc))
            sys.exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]


def fail(message: str) -> NoReturn:
    """Report a usage or input problem and exit 2."""
    echo_error(f"riskengine: error: {message}")
    sys.exit(EXIT_INPUT)


def echo_error(message: str) -> None:
    """Print lines on stderr with control characters from the input made visible."""
    from riskengine.output.safetext import visible_lines

    click.echo(visible_lines(message), err=True)


def write_output(text: str | Iterable[str], path: str | None, *, force: bool) -> None:
    """Write to stdout, or to `path` safely (see `riskengine.cli.files`); problems exit 2.

    Text given in parts (a stream of JSON lines, say) reaches stdout part by part, each as
    soon as it exists.
    """
    if path is None or path == "-":
        # the formatter already chose colour (--color, NO_COLOR, TTY); click must not strip it
        try:
            for part in [text] if isinstance(text, str) else text:
                click.echo(part, nl=False, color=True)
                sys.stdout.flush()  # for a reader downstream of a stream
        except OSError as exc:  # a full disk or a closed pipe behind stdout
            fail(f"cannot write the report: {exc.strerror or exc}")
        return
    from riskengine.cli.files import WriteRefused, write_file

    try:
        write_file(text, path, force=force)
    except WriteRefused as exc:
        fail(str(exc))


def use_color(choice: str, output: str | None = None) -> bool:
    """Whether to colour output: ``always``, ``never``, or ``auto``.

    ``auto`` colours a terminal and never a file (`output`); ``NO_COLOR`` turns colour off and
    ``FORCE_COLOR`` on (for CI logs that render colour), the first winning when both are set.
    """
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if not _to_stdout(output):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def terminal_width(output: str | None = None) -> int:
    """Columns that terminal reports fit in.

    The console's width (rich reads ``COLUMNS``, then asks the terminal) when writing to a
    terminal or when ``COLUMNS`` is set; 80 otherwise, so piped output does not depend on the
    terminal a pipeline happens to run in.
    """
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() or (_to_stdout(output) and sys.stdout.isatty()):
        from rich.console import Console

        return Console(file=sys.stdout).width
    return DEFAULT_WIDTH


def _to_stdout(output: str | None) -> bool:
    """Whether a report goes to standard output rather than a file."""
    return output is None or output == "-"
