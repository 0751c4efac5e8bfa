"""GitHub Actions workflow commands: one annotation per finding, at its line in the profile.

Printed in a workflow step, each ``::error``/``::warning``/``::notice`` line becomes an
annotation on the profile's file in the pull request (high and critical findings are errors,
medium ones warnings, low ones notices). Accepted findings are left out, as they are from
the score. Values are escaped as the runner expects: ``%``, CR and LF everywhere, and also
``:`` and ``,`` inside properties, so no profile text can end a command early or start another.
"""

from __future__ import annotations

from collections.abc import Sequence

from riskengine.assessment import Assessment
from riskengine.findings import Finding
from riskengine.output.common import knowledge, ordered, plural
from riskengine.output.options import FormatOptions
from riskengine.output.safetext import visible

SEVERITY_COMMAND = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """Workflow commands for every counted finding, then one summary notice per profile."""
    lines = []
    for a in assessments:
        lines += [_annotation(a, f) for f in ordered(a.counted_findings)]
        lines += [_rule_failure(a, e.rule, e.plugin, e.error) for e in a.errors]
        lines.append(_summary(a))
    return "".join(line + "\n" for line in lines)


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF percent-encoded, other controls made visible."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(encoded)


def escape_property(text: str) -> str:
    """A property value: like a message, plus ``:`` and ``,``, which end properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """``::name key=value,...::message``, leaving out properties that are None.

    Line breaks in `message` stay line breaks in the annotation; callers pass profile text
    through `visible` first, so a name cannot add lines that look like the report's own.
    """
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _annotation(a: Assessment, f: Finding) -> str:
    """One finding at the line and column of its main evidence."""
    pointer = f.evidence.pointers[0] if f.evidence.pointers else None
    pos = a.position(pointer) if pointer else None
    where = f" ({pointer})" if pointer else ""
    return command(
        SEVERITY_COMMAND[f.severity],
        visible(f"{f.message}{where} [risk {f.risk:.1f}, {f.severity}]"),
        file=a.profile,
        line=pos[0] if pos else None,
        col=pos[1] if pos else None,
        title=f"{f.rule} {f.slug}: {f.title}" if f.title else f"{f.rule} {f.slug}",
    )


def _rule_failure(a: Assessment, rule: str, plugin: str, error: str) -> str:
    """A rule that failed to run: its findings are missing from the result."""
    return command(
        "error",
        visible(f"rule {rule} ({plugin}) failed and was skipped: {error}"),
        file=a.profile,
        title=f"{rule} failed",
    )


def _summary(a: Assessment) -> str:
    """The profile's overall result as a notice on its file."""
    s = a.score
    return command(
        "notice",
        f"overall risk {s.overall:.1f} ({s.status}), "
        f"{plural(len(a.counted_findings), 'finding')}; {knowledge(a, separator=', ')}",
        file=a.profile,
        title=f"riskengine: {a.organization}",
    )
