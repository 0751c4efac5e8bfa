"""The command line: exit codes, JSON shape, errors without tracebacks, safe file writing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine import __version__
from riskengine.cli import main
from tests.helpers import PROFILES

EXAMPLES = sorted(PROFILES.glob("*.yaml"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert __version__ in out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_score_every_example(path: Path) -> None:
    code, out, err = run("score", str(path), "--color", "never")
    assert code == 0, err
    assert "overall risk" in out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_score_json_has_the_documented_keys(path: Path) -> None:
    code, out, _ = run("score", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"schema_version", "profile", "score", "findings", "recommendations"} <= set(data)
    assert {"overall", "status", "pillars"} <= set(data["score"])
    assert set(data["score"]["pillars"]) == {"people", "process", "technology", "expectations"}
    for finding in data["findings"]:
        keys = {"rule", "slug", "title", "pillar", "severity", "risk", "message", "evidence"}
        assert keys <= set(finding)
    for i, rec in enumerate(data["recommendations"], start=1):
        assert rec["rank"] == i
        assert {"action", "effort", "addresses", "gain", "leverage", "changes"} <= set(rec)


def test_several_profiles_make_one_json_report() -> None:
    code, out, _ = run("score", *map(str, EXAMPLES[:2]), "-f", "json", "--no-rank")
    assert code == 0
    data = json.loads(out)
    assert [a["profile"] for a in data["assessments"]] == [str(p) for p in EXAMPLES[:2]]


def test_fail_above_exits_1_only_when_exceeded() -> None:
    troubled = str(PROFILES / "troubled-rollout.yaml")
    healthy = str(PROFILES / "healthy-rollout.yaml")
    assert run("score", troubled, "--fail-above", "50", "--no-rank")[0] == 1
    assert run("score", healthy, "--fail-above", "50", "--no-rank")[0] == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("organization: {name: A}\nsponsor: {engagement: sleepy}\n", ":2:23: sponsor.engagement:"),
        ("organization:\n  industry: retail\n", ":2:3: organization.name: Field required"),
        ("organization: {name: A}\nroles: {r: {department: x}}\n", ":2:25: roles.r.department:"),
        ("organization:\n  name: [x\n", ":3:1: invalid YAML"),
    ],
    ids=["enum", "missing", "reference", "syntax"],
)
def test_bad_profiles_exit_2_with_one_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ("score", "validate"):
        code, out, err = run(command, str(path))
        assert code == 2
        assert err.startswith(str(path) + expected)
        assert len(err.strip().splitlines()) == 1
        assert "Traceback" not in err + out


def test_validate_reports_ok() -> None:
    code, out, _ = run("validate", *map(str, EXAMPLES))
    assert code == 0
    assert out.count(": ok") == len(EXAMPLES)


def test_unknown_format_and_usage_errors_exit_2() -> None:
    profile = str(EXAMPLES[0])
    code, _, err = run("score", profile, "--format", "nope")
    assert code == 2
    assert "unknown format 'nope'" in err
    assert run("score")[0] == 2
    assert run("score", profile, "--fail-above", "200")[0] == 2
    assert run("-p", "no:", "rules", "list")[0] == 2
    assert run("-p", "no-such-pack", "rules", "list")[0] == 2


def test_output_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("keep me", encoding="utf-8")
    profile = str(PROFILES / "small-firm.yaml")
    code, _, err = run("score", profile, "-f", "json", "-o", str(target))
    assert code == 2
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run("score", profile, "-f", "json", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["organization"]
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_rules_list_and_show() -> None:
    code, out, _ = run("rules", "list")
    assert code == 0
    assert "CRM001" in out and "weak-sponsorship" in out
    code, out, _ = run("rules", "show", "crm001")
    assert code == 0
    for heading in (
        "What it checks",
        "Why it is risky",
        "What to do",
        "Effort of its actions",
        "Risky example",
    ):
        assert f"## {heading}" in out
    assert "**low**" in out and "**medium**" in out
    assert run("rules", "show", "weak-sponsorship")[0] == 0
    code, _, err = run("rules", "show", "CRM999")
    assert code == 2 and "unknown rule" in err


def test_rules_list_filters_by_pillar() -> None:
    code, out, _ = run("rules", "list", "--pillar", "technology", "-f", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows and {r["pillar"] for r in rows} == {"technology"}


def test_blocking_builtin_rules_leaves_no_rules() -> None:
    code, out, _ = run("-p", "no:builtin-rules", "rules", "list")
    assert code == 0
    assert "CRM001" not in out


def test_cli_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from riskengine.cli import main\n"
        "try:\n    main.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('networkx', 'pydantic', 'rich', 'yaml') if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "heavy="


def test_init_writes_a_valid_starter_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    assert run("init", str(target))[0] == 0
    assert run("validate", str(target))[0] == 0
    target.write_text("organization: {name: Edited}\n", encoding="utf-8")
    code, _, err = run("init", str(target))
    assert code == 2 and "--force" in err
    assert "Edited" in target.read_text(encoding="utf-8")
    assert run("init", str(target), "--force")[0] == 0
    assert "Your organization" in target.read_text(encoding="utf-8")
