"""Where a command's reports go: ``-f FORMAT`` and ``-o``, which may be given several times.

- Without ``-o``, one report goes to standard output in ``-f``'s format (table by default).
- ``-o FORMAT=PATH`` writes that format to PATH (``-`` is standard output); any registered
  format name works, plugin formats included.
- ``-o PATH`` writes ``-f``'s format, or, without ``-f``, the format PATH's extension names.

Every file is checked before any is written, so a refusal leaves nothing half done.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from riskengine.cli.common import EXIT_INPUT, echo_error, fail, resolve_format

EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".sarif": "sarif",
    ".sarif.json": "sarif",
    ".xml": "junit",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".txt": "table",
}
"""Report formats by file extension, for ``-o PATH`` without ``-f`` (the longest match wins)."""

FORMAT_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
"""What the part before ``=`` in ``-o X=PATH`` looks like when it is meant as a format name."""

STDOUT = "-"


@dataclass(frozen=True)
class Report:
    """One report to produce: its format and where it goes (None: standard output)."""

    format: str
    path: str | None = None


def plan_reports(
    formats: Sequence[str], outputs: Sequence[str], available: Sequence[str], default: str
) -> list[Report]:
    """The reports that ``-f`` (`formats`) and ``-o`` (`outputs`) ask for; usage errors exit 2."""
    if len(formats) > 1:
        fail(
            f"-f/--format given {len(formats)} times ({', '.join(formats)}); a run has one -f. "
            "For several reports, give -o once per report: "
            "-o json=report.json -o sarif=report.sarif"
        )
    chosen = resolve_format(formats[0], available) if formats else None
    if not outputs:
        return [Report(chosen or default)]
    reports = [_report(spec, chosen, available, default) for spec in outputs]
    if chosen and all(_names_format(spec, available) for spec in outputs):
        fail(
            f"-f {formats[0]} applies to no report: every -o names its own format; "
            f"drop -f, or add -o {chosen}=- for a report on standard output"
        )
    _refuse_duplicates(outputs, reports)
    return reports


def _report(spec: str, chosen: str | None, available: Sequence[str], default: str) -> Report:
    """The report one ``-o`` value asks for."""
    name, sep, path = spec.partition("=")
    if sep and FORMAT_PREFIX.fullmatch(name):
        if not path:
            fail(f"-o {spec}: give a path after '=' (or - for standard output)")
        resolved = _format_named(name, spec, available)
        return Report(resolved, None if path == STDOUT else path)
    if spec == STDOUT:
        return Report(chosen or default)
    return Report(chosen or _format_of(spec, available, default), spec)


def _names_format(spec: str, available: Sequence[str]) -> bool:
    """Whether an ``-o`` value has the ``FORMAT=PATH`` form."""
    name, sep, _ = spec.partition("=")
    return bool(sep) and FORMAT_PREFIX.fullmatch(name) is not None


def _format_named(name: str, spec: str, available: Sequence[str]) -> str:
    """The format `name` in ``-o NAME=PATH``, or exit 2 with a hint for paths containing '='."""
    from riskengine.suggest import did_you_mean

    by_name = {known.lower(): known for known in available}
    if name.lower() in by_name:
        return by_name[name.lower()]
    fail(
        f"-o {spec}: unknown format {name!r}{did_you_mean(name, available)} "
        f"(available: {', '.join(available)}); a file whose name contains '=' can be "
        f"given as ./{spec}"
    )


def _format_of(path: str, available: Sequence[str], default: str) -> str:
    """The format a file's extension names; a pipe or device takes `default`."""
    lowered = path.lower()
    for extension in sorted(EXTENSIONS, key=len, reverse=True):
        if lowered.endswith(extension) and EXTENSIONS[extension] in available:
            return EXTENSIONS[extension]
    if _is_pipe_or_device(path):
        return default
    by_format: dict[str, list[str]] = {}
    for extension, fmt in EXTENSIONS.items():
        if fmt in available:
            by_format.setdefault(fmt, []).append(extension)
    known = ", ".join(f"{' or '.join(exts)} {fmt}" for fmt, exts in by_format.items())
    fail(
        f"-o {path}: cannot tell the report format from the extension (known: {known}); "
        f"give -f FORMAT, or -o FORMAT={path}"
    )


def _is_pipe_or_device(path: str) -> bool:
    """Whether `path` exists and is neither a regular file nor a directory (``-o >(cmd)``)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _refuse_duplicates(outputs: Sequence[str], reports: Sequence[Report]) -> None:
    """Two reports on standard output, or two into one file, would garble each other."""
    if sum(report.path is None for report in reports) > 1:
        fail("only one report can go to standard output; give the others a file (-o FORMAT=PATH)")
    seen: dict[str, str] = {}
    for spec, report in zip(outputs, reports, strict=True):
        if report.path is None:
            continue
        key = os.path.realpath(report.path)
        if key in seen:
            fail(f"-o {seen[key]} and -o {spec} write the same file")
        seen[key] = spec


def check_targets(reports: Sequence[Report], *, force: bool) -> None:
    """Exit 2 naming every file that could not be written, before anything is assessed."""
    from riskengine.cli.files import WriteRefused, check_target

    refusals = []
    for report in reports:
        if report.path is None:
            continue
        try:
            check_target(report.path, force=force)
        except WriteRefused as exc:
            refusals.append(str(exc))
    for refusal in refusals:
        echo_error(f"riskengine: error: {refusal}")
    if refusals:
        if len(reports) > 1:
            echo_error("riskengine: no report was written")
        sys.exit(EXIT_INPUT)
