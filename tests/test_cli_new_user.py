"""What a new user running the command line in CI meets: failures are said, names are stable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from tests.helpers import PROFILES

TROUBLED = str(PROFILES / "troubled-rollout.yaml")
QUICK = ("--no-rank", "--today", "2026-01-15")
BROKEN_RULE = (
    "import riskengine\n"
    "from riskengine.rule import Rule, RuleSettings\n"
    "class Boom(Rule[RuleSettings]):\n"
    "    id, slug, title, pillar, severity = 'PLG051', 'boom', 'Boom', 'technology', 'low'\n"
    "    checks = why = fix = 'Fails on purpose.'\n"
    "    risky_example = healthy_example = 'organization: {name: X}'\n"
    "    def evaluate(self, ctx):\n"
    "        raise ValueError('broken on purpose')\n"
    "@riskengine.hookimpl\n"
    "def register_rules(register):\n"
    "    register(Boom)\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The global option loading a pack whose one rule always raises."""
    (tmp_path / "boom_pack.py").write_text(BROKEN_RULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "-p", "boom_pack"


@pytest.mark.parametrize("count", [1, 3])
def test_a_failing_rule_is_said_on_stderr_when_reports_go_to_files(
    tmp_path: Path, broken_rule: tuple[str, str], count: int
) -> None:
    outputs = [f"-o{tmp_path / f'r{i}.json'}" for i in range(count)]
    code, out, err = run(*broken_rule, "score", TROUBLED, *QUICK, *outputs)
    assert code == 3
    assert out == ""
    assert "incomplete: rule PLG051 (boom_pack) failed: ValueError: broken on purpose" in err
    for i in range(count):
        assert '"incomplete": true' in (tmp_path / f"r{i}.json").read_text(encoding="utf-8")


def test_allowed_failures_still_gate_and_say_both(broken_rule: tuple[str, str]) -> None:
    code, _, err = run(
        *broken_rule, "score", TROUBLED, *QUICK, "--allow-errors", "--fail-above", "50"
    )
    assert code == 1
    assert "rule PLG051 (boom_pack) failed" in err
    assert f"{TROUBLED}: overall risk 80.9 is above --fail-above 50" in err


def test_plugin_rule_test_names_are_the_same_in_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "quiet_pack.py").write_text(
        BROKEN_RULE.replace("raise ValueError('broken on purpose')", "return []"),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    runs = [
        run("-p", "quiet_pack", "score", TROUBLED, *QUICK, "--show-passed", "-f", "junit")
        for _ in range(2)
    ]
    assert [code for code, _, _ in runs] == [0, 0]
    names = [re.findall(r'<testcase classname="[^"]*" name="([^"]+)"', out) for _, out, _ in runs]
    assert any("PLG051" in name for name in names[0])
    assert names[0] == names[1]
    assert runs[0][1] == runs[1][1]


def test_html_actions_read_in_words_with_the_patch_folded_away(tmp_path: Path) -> None:
    page = tmp_path / "committee.html"
    code, _, err = run("score", TROUBLED, "--today", "2026-01-15", "-o", str(page))
    assert code == 0, err
    rows = re.findall(r'<tr class="recommendation">(.*?)</tr>', page.read_text(encoding="utf-8"))
    assert len(rows) >= 3
    cells = [re.findall(r"<td>(.*?)</td>", row)[0] for row in rows]
    for cell in cells:
        words, _, folded = cell.partition('<details class="changes">')
        assert re.search(r"\b(set|add|remove) /", words) is None, words
        assert "<code>" not in words
        assert not folded or re.search(r"<code>(set|add|remove) /", folded)
    assert sum('<details class="changes">' in cell for cell in cells) >= 3
