"""The ``riskengine`` command line: a thin click layer over the public API.

Subcommands live in their own modules and are imported only when invoked, so ``riskengine
--version`` or ``riskengine validate`` never pays for what ``score`` needs.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

import click

from riskengine import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "score": ("riskengine.cli.score", "Assess profiles and report their risks."),
    "validate": ("riskengine.cli.score", "Check that profiles are valid, without assessing."),
    "rules": ("riskengine.cli.rules", "List the rules, or show one rule's documentation."),
    "schema": ("riskengine.cli.rules", "Print the JSON Schema of the profile format."),
    "whatif": ("riskengine.cli.whatif", "Show how changes to a profile would move its risk."),
    "compare": ("riskengine.cli.compare", "Compare two versions of a profile, phase to phase."),
    "plugins": ("riskengine.cli.plugins", "List plugins and what each registered."),
    "graph": ("riskengine.cli.graph", "Export a profile's dependency graph."),
    "init": ("riskengine.cli.init", "Write a commented starter profile."),
    "interview": ("riskengine.cli.interview", "Build a profile by answering the rules' questions."),
    "portfolio": ("riskengine.cli.portfolio", "Summarise many programs: spread, pitfalls, ranks."),
}


GLOBAL_OPTIONS_WITH_VALUE = ("-p", "--config")
GLOBAL_FLAGS = ("--no-plugin-autoload",)


def hoist_global_options(args: list[str]) -> list[str]:
    """Move global options written after the command (``score x.yaml -p no:acme``) before it.

    Everything after ``--`` stays where it is, and so does every other option.
    """
    position = _command_position(args)
    if position is None:
        return args
    moved: list[str] = []
    rest: list[str] = []
    tail = args[position + 1 :]
    index = 0
    while index < len(tail):
        arg = tail[index]
        if arg == "--":
            rest += tail[index:]
            break
        if arg in GLOBAL_OPTIONS_WITH_VALUE and index + 1 < len(tail):
            moved += tail[index : index + 2]
            index += 2
            continue
        attached = arg.startswith("--config=") or (arg.startswith("-p") and arg[2:3] != "-")
        (moved if arg in GLOBAL_FLAGS or attached else rest).append(arg)
        index += 1
    return [*moved, *args[: position + 1], *rest]


def _command_position(args: list[str]) -> int | None:
    """Index of the command name, skipping global options and their values."""
    index = 0
    while index < len(args):
        if args[index] in GLOBAL_OPTIONS_WITH_VALUE:
            index += 2
        elif args[index] in COMMANDS:
            return index
        else:
            index += 1
    return None


class LazyGroup(click.Group):
    """A group whose subcommands are imported when first used; global options may follow them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse with global options accepted anywhere before ``--``."""
        return super().parse_args(ctx, hoist_global_options(list(args)))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        from riskengine.gcpause import collector_paused

        # the command's modules define classes that live until the end: no collection to run
        with collector_paused(lasting=True):
            module = importlib.import_module(entry[0])
        command: click.Command = getattr(module, cmd_name + "_command")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, showing riskengine's warnings as one plain line each on stderr."""
        from riskengine.errors import RiskEngineWarning

        with warnings.catch_warnings():
            warnings.simplefilter("always", RiskEngineWarning)
            warnings.showwarning = _show_warning(warnings.showwarning)
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="riskengine")
@click.option(
    "-p",
    "plugin_opts",
    multiple=True,
    metavar="NAME|no:NAME",
    help="Load a plugin even with autoload off, by entry-point, distribution or module name "
    "(-p acme), or block one by name (-p no:builtin-rules). Repeatable; "
    "RISKENGINE_LOAD_PLUGINS=a,b also loads.",
)
@click.option(
    "--no-plugin-autoload",
    is_flag=True,
    help="Do not load plugins from installed packages (also RISKENGINE_DISABLE_PLUGIN_AUTOLOAD=1).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: riskengine.toml or [tool.riskengine] in pyproject.toml, "
    "searched upward from the current directory).",
)
@click.pass_context
def main(
    ctx: click.Context,
    plugin_opts: tuple[str, ...],
    no_plugin_autoload: bool,
    config_path: str | None,
) -> None:
    """Assess CRM implementation profiles for known pitfalls and rank what to fix first.

    Exit status: 0 fine, 1 a score is above --fail-above, 2 bad input or usage,
    3 an assessment is incomplete (a rule or plugin failed; see score --allow-errors).
    """
    from riskengine.cli.common import EngineOptions

    ctx.obj = EngineOptions.from_cli(plugin_opts, no_plugin_autoload, config_path)


def _show_warning(fallback: Callable[..., None]) -> Callable[..., None]:
    """A `warnings.showwarning` printing riskengine's warnings plainly, others as before."""
    from riskengine.errors import RiskEngineWarning

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, RiskEngineWarning):
            click.echo(f"riskengine: warning: {message}", err=True)
        else:
            fallback(message, category, *args, **kwargs)

    return show


def run(*args: Any) -> None:
    """Entry point used by tests that want the real exit code."""
    main.main(args=list(args), prog_name="riskengine")
