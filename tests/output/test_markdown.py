"""Markdown for pull-request comments: summary, pillar table, actions, findings folded away,
always within a comment's size, and profile text that pings no one and links nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from riskengine.output import markdown
from tests.output.helpers import (
    HEALTHY,
    HOSTILE,
    ROOT,
    TODAY,
    TROUBLED,
    ChainPlugin,
    assess,
    crm001_engine,
    options,
)
from tests.output.hostile_text import (
    assert_no_hostile_raw,
    assert_terminal_safe,
    hostile_assessment,
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
    order = ["| Pillar | Risk |", "### What to do first", "<details><summary>Findings (4)"]
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


@pytest.fixture(scope="module")
def troubled_rollout(engine: Engine) -> Assessment:
    path = ROOT / "profiles" / "troubled-rollout.yaml"
    return engine.assess(engine.load(path), label="profiles/troubled-rollout.yaml", today=TODAY)


def copies(a: Assessment, count: int) -> list[Assessment]:
    return [
        a.model_copy(update={"profile": f"team-{i}/troubled-rollout.yaml"}) for i in range(count)
    ]


def test_ten_troubled_profiles_fit_a_comment_with_a_note(troubled_rollout: Assessment) -> None:
    text = markdown.render(copies(troubled_rollout, 10), options())
    assert len(text) <= markdown.LIMIT and markdown.size(text) <= markdown.LIMIT
    assert "Shortened to fit a pull-request comment" in text.split("\n\n")[1]
    assert "-f html -o report.html" in text
    assert text.count("<details><summary>Findings (") == 10, "every profile keeps its section"
    shown = [int(n) for n in re.findall(r"Findings \((\d+) of \d+ shown\)", text)]
    assert len(shown) == 10 and max(shown) - min(shown) <= 1, "room is shared out evenly"
    assert text.count("<details>") == text.count("</details>")


def test_two_hundred_profiles_fit_and_the_overview_is_worst_first(
    engine: Engine, troubled_rollout: Assessment
) -> None:
    others = [
        engine.assess(engine.load(path), label=path.name, today=TODAY, rank=False)
        for path in sorted((ROOT / "profiles").glob("*.yaml"))
    ]
    many = [
        a.model_copy(update={"profile": f"unit-{i:03d}/{a.profile}"})
        for i, a in enumerate([*others, troubled_rollout] * 10)
    ][:200]
    assert len(many) == 200
    text = markdown.render(many, options())
    assert markdown.size(text) <= markdown.LIMIT
    assert "Shortened to fit" in text
    overview = [float(m) for m in re.findall(r"^\| `[^`]+` \| (\d+\.\d) \|", text, re.M)]
    assert len(overview) > 20 and overview == sorted(overview, reverse=True)
    assert text.count("<details>") == text.count("</details>")


def test_a_report_that_fits_is_not_cut(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    text = markdown.render(assessments, options())
    assert "Shortened" not in text and "shown)" not in text


def test_hostile_text_pings_no_one_and_links_nowhere(engine: Engine, tmp_path: Path) -> None:
    a = hostile_assessment(engine, tmp_path)
    text = markdown.render([a], options(top=10))
    assert_terminal_safe(text)
    assert_no_hostile_raw(text)
    for raw in ("@here", "@acme/everyone", "$x^2$", "https://evil.example", "www.evil.example"):
        assert raw not in text, f"{raw} would act in a pull-request comment"
    assert "@\u200bhere" in text and "<span>$</span>x^2<span>$</span>" in text
    assert "https\u200b://evil.example" in text
    assert "\\[/\\]" in text, "markup-like text is escaped outside code spans"


def test_huge_profile_text_is_cut_to_fit(troubled_rollout: Assessment) -> None:
    long = troubled_rollout.model_copy(update={"organization": "Acme " * 50_000})
    text = markdown.render([long], options())
    assert markdown.size(text) <= markdown.LIMIT
    assert "…" in text.splitlines()[0]
