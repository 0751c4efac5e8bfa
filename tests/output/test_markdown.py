"""Markdown for pull-request comments: summary line, pillar table, findings, recommendations."""

from __future__ import annotations

import pytest

from riskengine.assessment import Assessment
from riskengine.output import markdown
from tests.output.helpers import (
    HEALTHY,
    HOSTILE,
    TROUBLED,
    ChainPlugin,
    assess,
    crm001_engine,
    options,
)


@pytest.fixture(scope="module")
def both() -> tuple[list[Assessment], dict[str, str]]:
    return assess(crm001_engine(), TROUBLED, HEALTHY)


def test_sections_in_order(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    text = markdown.render(assessments[:1], options())
    first = text.splitlines()[0]
    assert "overall risk **28.3** (amber)" in first
    assert "3 findings, 2 failing" in first
    order = ["| Pillar | Risk |", "### Findings", "### What to do first"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    for pillar in ("people", "process", "technology", "expectations"):
        assert f"| {pillar} |" in text


def test_top_limits_recommendations(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    text = markdown.render(assessments[:1], options(top=1))
    assert "1. **" in text and "2. **" not in text
    assert "2 more recommendations in the full report" in text
    assert "What to do first" not in markdown.render(assessments[:1], options(top=0))


def test_profile_text_cannot_break_the_table_or_inject_html() -> None:
    engine = crm001_engine(ChainPlugin(), select=("CRM001", "TST900"))
    assessments, _sources = assess(engine, HOSTILE)
    text = markdown.render(assessments, options())
    assert "<script>" not in text and "<img" not in text and "<b " not in text
    assert "&lt;script&gt;" in text
    for line in text.splitlines():
        if line.startswith("| ") and "TST900" in line:
            assert line.count(" | ") == 6, "an escaped name must not add table cells"


def test_escape_helpers() -> None:
    assert markdown.md("a|b *c* <d>\n[e](f)") == r"a\|b \*c\* &lt;d&gt; \[e\](f)"
    assert markdown.code("/a/b") == "`/a/b`"
    assert markdown.code("a`b") == r"a\`b"
