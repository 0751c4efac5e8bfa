"""Render a rule's self-documentation as Markdown (used by ``rules show`` and the docs)."""

from __future__ import annotations

from typing import Any

from riskengine.rule import Rule

UNDOCUMENTED_EFFORT = (
    "Not documented: the rule's author has not said what its actions involve or why they cost "
    "what they do. Reports still show each action's effort (low, medium or high)."
)


def render_rule_doc(rule: type[Rule[Any]], plugin: str = "") -> str:
    """The whole documentation of one rule, from its metadata."""
    lines = [
        f"# {rule.id} {rule.slug}: {rule.title}",
        "",
        f"pillar: {rule.pillar}   default severity: {rule.severity}"
        + (f"   plugin: {plugin}" if plugin else ""),
        "",
        "## What it checks",
        rule.checks.strip(),
        "",
        "## Why it is risky",
        rule.why.strip(),
        "",
        "## What to do",
        rule.fix.strip(),
        "",
        "## Effort of its actions",
        rule.effort.strip() or UNDOCUMENTED_EFFORT,
        "",
    ]
    settings = rule.settings_model.model_fields
    if settings:
        lines += ["## Settings", ""]
        for name, info in settings.items():
            lines.append(
                f"- `{name}` (default {info.default!r}): {info.description or ''}".rstrip()
            )
        lines.append("")
    lines += [
        "## Risky example",
        "```yaml",
        rule.risky_example.rstrip(),
        "```",
        "",
        "## Healthy example",
        "```yaml",
        rule.healthy_example.rstrip(),
        "```",
    ]
    return "\n".join(lines)
