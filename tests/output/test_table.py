"""Terminal table: grouped by pillar, severity colours only when asked, plain otherwise, every
line within the width, and profile text unable to reach the terminal as escape sequences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.assessment import Assessment
from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.output import table
from tests.output.helpers import HEALTHY, ROOT, TROUBLED, assess, crm001_engine, options
from tests.output.hostile_text import (
    HOSTILE,
    assert_no_hostile_raw,
    assert_terminal_safe,
    hostile_assessment,
)

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
    text = table.render(assessments[:1], options(top=2, width=110))
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


def test_narrow_layout_puts_text_under_each_heading(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _sources = both
    text = table.render(assessments[:1], options(top=2))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert re.search(r"^ 67\.5  high\s+CRM001 weak-sponsorship$", text, re.M)
    assert "\n       The sponsor's engagement is passive and fading.\n" in text
    assert re.search(r"^1\. Agree with the sponsor", text, re.M)
    assert "   gain 7.1, effort medium, addresses CRM001" in text


@pytest.mark.parametrize("width", [40, 50, 80, 100, 140])
def test_no_line_is_wider_than_the_terminal(
    both: tuple[list[Assessment], dict[str, str]], width: int
) -> None:
    assessments, _sources = both
    text = table.render(assessments, options(width=width, show_passed=True))
    assert max(len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_hostile_profile_text_cannot_reach_the_terminal(
    engine: Engine, tmp_path: Path, color: bool
) -> None:
    a = hostile_assessment(engine, tmp_path)
    text = table.render([a], options(color=color, top=10, show_passed=True))
    assert_terminal_safe(text)
    assert_no_hostile_raw(text)
    assert not color or ANSI.search(text), "colour still marks severities"
    for shown in ("\\x1b[2J", "\\x1b]0;pwned\\x07", "\\u202eexe.txt", "nul\\x00byte", "[/]"):
        assert shown in text, f"{shown} is shown as a visible escape"
    assert HOSTILE["markup open"] in text


def test_cli_error_messages_make_control_characters_visible(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('organization: {name: x}\nsponsor: {"\\e[2Jmood\\u202e": 1}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert_terminal_safe(result.stderr)
    assert "sponsor.\\x1b[2Jmood\\u202e: unknown field" in result.stderr
