"""Terminal table: grouped by pillar, severity colours only when asked, plain otherwise."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from riskengine.assessment import Assessment
from riskengine.cli import main
from riskengine.output import table
from tests.output.helpers import HEALTHY, ROOT, TROUBLED, assess, crm001_engine, options

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def both() -> tuple[list[Assessment], dict[str, str]]:
    return assess(crm001_engine(), TROUBLED, HEALTHY)


def test_plain_output_has_no_escapes_and_is_ascii_apart_from_profile_text(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _sources = both
    text = table.render(assessments, options())
    assert not ANSI.search(text)
    assert text.isascii()
    assert all(line == line.rstrip() for line in text.splitlines())


def test_colour_marks_severity(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    text = table.render(assessments, options(color=True))
    assert "\x1b[31mhigh" in text
    assert "\x1b[33mmedium" in text


def test_grouped_by_pillar_with_locations_and_top_recommendations(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _sources = both
    text = table.render(assessments[:1], options(top=2))
    heads = [text.index(p.upper()) for p in ("people", "process", "technology", "expectations")]
    assert heads == sorted(heads)
    assert "/sponsor/engagement (line 10)" in text
    assert "What to do first" in text
    assert "1 more recommendation" in text
    assert re.search(r"^1\s+7\.1\s+67\.5\s+medium\s+Agree", text, re.M)


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_is_plain_when_not_a_terminal_and_honours_no_color() -> None:
    path = str(ROOT / TROUBLED)
    assert not ANSI.search(run("score", path, "--select", "CRM001"))
    assert not ANSI.search(run("score", path, "--select", "CRM001", env={"NO_COLOR": "1"}))


def test_cli_color_always_keeps_colour_in_a_pipe() -> None:
    forced = run("score", str(ROOT / TROUBLED), "--select", "CRM001", "--color", "always")
    assert ANSI.search(forced)
