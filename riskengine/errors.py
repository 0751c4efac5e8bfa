"""Exceptions raised by riskengine; every one is a `RiskEngineError`."""

from __future__ import annotations

from dataclasses import dataclass


class RiskEngineError(Exception):
    """Base class of every error riskengine raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, placed as precisely as the input allows."""

    source: str
    """File name, or a short label such as ``<dict>`` for in-memory input."""
    message: str
    """What is wrong, in one line."""
    path: str = ""
    """Dotted field path inside the document, empty for whole-file problems."""
    line: int | None = None
    """1-based line, when known."""
    column: int | None = None
    """1-based column, when known."""

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InputError(RiskEngineError):
    """Bad input: a profile or configuration that cannot be read or does not validate.

    ``problems`` lists every problem found; ``str(error)`` gives one line per problem, each in the
    ``file:line:column: field.path: message`` form compilers use.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ProfileError(InputError):
    """A project profile that cannot be read or is not valid."""


class ConfigError(InputError):
    """A riskengine configuration (file or options) that is not valid."""


class PluginError(RiskEngineError):
    """A plugin that registers something invalid, or two plugins that clash."""


class EnrichmentError(PluginError):
    """A plugin's graph enricher that raised; no rule can be judged on a half-built graph."""


class RuleError(RiskEngineError):
    """A rule that raised or returned something that is not a valid finding."""


class RiskEngineWarning(UserWarning):
    """Something riskengine went on without, such as the extension section of a blocked plugin."""


def describe(exc: BaseException) -> str:
    """``TypeName: message`` of an exception, on one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
