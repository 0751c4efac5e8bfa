"""`-f github`: workflow-command annotations that a runner parses back into what was meant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from riskengine.output import github
from riskengine.output.safetext import visible
from tests.output.helpers import HEALTHY, TROUBLED, assess, check_golden, crm001_engine, options
from tests.output.hostile_text import (
    HOSTILE_LABEL,
    assert_no_hostile_raw,
    assert_terminal_safe,
    hostile_assessment,
)

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def unescape(text: str) -> str:
    """What the Actions runner does to a value before showing it."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """One workflow command as the runner reads it: name, properties, message."""
    match = COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    props = {}
    for pair in (match.group(2) or "").split(","):
        if pair:
            key, _, value = pair.partition("=")
            props[key] = unescape(value)
    return match.group(1), props, unescape(match.group(3))


@pytest.fixture(scope="module")
def both() -> tuple[list[Assessment], dict[str, str]]:
    return assess(crm001_engine(), TROUBLED, HEALTHY)


def test_golden(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    check_golden("combined.github.txt", github.render(assessments, options()))


def test_one_annotation_per_counted_finding_at_its_line(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _sources = both
    troubled = assessments[0]
    commands = [parse(line) for line in github.render([troubled], options()).splitlines()]
    findings = [c for c in commands if c[1].get("title", "").startswith("CRM001")]
    assert len(findings) == len(troubled.counted_findings) == 3
    for name, props, _message in findings:
        assert props["file"] == TROUBLED
        assert int(props["line"]) >= 1 and int(props["col"]) >= 1
        assert name in ("error", "warning")
    first = findings[0]
    assert first[0] == "error" and first[1]["line"] == "10" and first[1]["col"] == "3"
    assert "The sponsor's engagement is passive and fading." in first[2]
    assert first[1]["title"] == "CRM001 weak-sponsorship: Weak executive sponsorship"
    assert commands[-1][0] == "notice" and "overall risk 28.3 (amber)" in commands[-1][2]


@pytest.mark.parametrize(
    ("severity", "name"),
    [("critical", "error"), ("high", "error"), ("medium", "warning"), ("low", "notice")],
)
def test_severity_decides_the_command(
    both: tuple[list[Assessment], dict[str, str]], severity: str, name: str
) -> None:
    a = both[0][0]
    finding = a.counted_findings[0].model_copy(update={"severity": severity})
    line = github.render([a.model_copy(update={"findings": (finding,)})], options())
    assert line.startswith(f"::{name} ")


def test_escaping_follows_the_runner_rules() -> None:
    assert github.escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = github.command("warning", "x::y", file="dir,1/a:b.yaml", line=3, col=None)
    assert line == "::warning file=dir%2C1/a%3Ab.yaml,line=3::x::y"
    assert parse(line) == ("warning", {"file": "dir,1/a:b.yaml", "line": "3"}, "x::y")


def test_hostile_text_stays_inside_its_annotation(engine: Engine, tmp_path: Path) -> None:
    a = hostile_assessment(engine, tmp_path)
    text = github.render([a], options())
    assert_terminal_safe(text)
    assert_no_hostile_raw(text)
    lines = text.splitlines()
    assert len(lines) == len(a.counted_findings) + len(a.errors) + 1, "no command was injected"
    for line in lines:
        _name, props, message = parse(line)
        assert props["file"] == visible(HOSTILE_LABEL)
        assert "\n" not in message.replace("\\n", "")
    titles = [parse(line)[1]["title"] for line in lines]
    assert any("Mallory" in t for t in titles)
