"""The built-in report formats, registered through the same hook a vendor plugin would use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from riskengine.hookspecs import hookimpl

if TYPE_CHECKING:
    from riskengine.assessment import Assessment
    from riskengine.output.options import FormatOptions, Formatter

BUILTIN_FORMATS: dict[str, str] = {
    "table": "riskengine.output.table",
    "json": "riskengine.output.json_format",
    "jsonl": "riskengine.output.jsonl",
    "markdown": "riskengine.output.markdown",
    "sarif": "riskengine.output.sarif",
    "junit": "riskengine.output.junit",
    "html": "riskengine.output.html",
    "github": "riskengine.output.github",
}


@dataclass(frozen=True)
class LazyFormatter:
    """Imports its module on first use, so choosing one format never loads the others."""

    module: str

    def __call__(self, assessments: Sequence[Assessment], options: FormatOptions) -> str:
        render: Callable[[Sequence[Assessment], FormatOptions], str]
        render = importlib.import_module(self.module).render
        return render(assessments, options)


@hookimpl
def register_formats(register: Callable[[str, Formatter], None]) -> None:
    """Register every built-in format."""
    for name, module in BUILTIN_FORMATS.items():
        register(name, LazyFormatter(module))
