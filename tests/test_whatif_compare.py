"""What-if and phase comparison, from the command line and from Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import riskengine
from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.findings import Change
from tests.helpers import PROFILES, overlay, profile_data

TROUBLED = str(PROFILES / "troubled-rollout.yaml")
EXAMPLES = sorted(PROFILES.glob("*.yaml"))


def _write(tmp_path: Path, name: str, data: dict[str, object]) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_whatif_json_reports_before_after_and_resolved_findings(tmp_path: Path) -> None:
    profile = _write(
        tmp_path, "p.yaml", overlay(profile_data(), {"sponsor": {"budget_authority": False}})
    )
    code, out, err = run("whatif", profile, "--set", "sponsor.budget_authority=true", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["changes"] == [{"op": "set", "path": "/sponsor/budget_authority", "value": True}]
    assert data["after"]["overall"] < data["before"]["overall"]
    resolved = data["comparison"]["resolved"]
    assert [r["identity"] for r in resolved] == ["CRM001/sponsor/budget_authority"]
    assert data["comparison"]["overall"]["delta"] == round(
        data["after"]["overall"] - data["before"]["overall"], 1
    )


def test_whatif_table_shows_the_change_and_the_delta() -> None:
    code, out, _ = run("whatif", TROUBLED, "--set", "sponsor.side=sales", "--color", "never")
    assert code == 0
    assert "set /sponsor/side = 'sales'" in out
    assert "Resolved findings (1)" in out
    assert "(before) ->" in out and "overall risk" in out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_applying_the_top_recommendation_never_raises_risk(path: Path) -> None:
    code, out, _ = run("score", str(path), "-f", "json")
    recs = json.loads(out)["recommendations"]
    if not recs:
        assert run("whatif", str(path), "--apply", "1")[0] == 2
        return
    estimated = [r for r in recs if r["estimated"]]
    if estimated:
        code, _, err = run("whatif", str(path), "--apply", str(estimated[0]["rank"]))
        assert code == 2 and "estimated" in err
    changing = [r for r in recs if not r["estimated"]]
    if not changing:
        return
    top = changing[0]
    code, out, err = run("whatif", str(path), "--apply", str(top["rank"]), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["after"]["overall"] <= data["before"]["overall"]
    assert round(data["before"]["overall"] - data["after"]["overall"], 1) == top["gain"]


def test_whatif_errors_exit_2_without_traceback() -> None:
    code, out, err = run("whatif", TROUBLED, "--set", "sponsor.mood=great")
    assert code == 2 and "/sponsor has no field 'mood'" in err and "Traceback" not in err + out
    assert run("whatif", TROUBLED, "--set", "sponsor.engagement=sleepy")[0] == 2
    assert run("whatif", TROUBLED, "--set", "no-equals-sign")[0] == 2
    assert run("whatif", TROUBLED)[0] == 2
    assert run("whatif", TROUBLED, "--apply", "999")[0] == 2


def test_whatif_add_and_remove() -> None:
    code, out, err = run(
        "whatif",
        str(PROFILES / "healthy-rollout.yaml"),
        "--remove",
        "phases.p2_service.pilot",
        "--add",
        "phases.p3_marketing.processes=service_cases",
        "-f",
        "json",
    )
    assert code == 0, err
    ops = [c["op"] for c in json.loads(out)["changes"]]
    assert ops == ["add", "remove"]


def test_compare_matches_findings_by_identity(tmp_path: Path) -> None:
    phase1 = overlay(profile_data(), {"sponsor": {"budget_authority": False, "side": "it"}})
    phase2 = overlay(profile_data(), {"sponsor": {"side": "it", "communicates": "never"}})
    old, new = _write(tmp_path, "p1.yaml", phase1), _write(tmp_path, "p2.yaml", phase2)
    code, out, err = run("compare", old, new, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [f["identity"] for f in data["resolved"]] == ["CRM001/sponsor/budget_authority"]
    assert [f["identity"] for f in data["new"]] == ["CRM001/sponsor/communicates"]
    assert [f["identity"] for f in data["persisting"]] == ["CRM001/sponsor/side"]
    assert set(data["pillars"]) == {"people", "process", "technology", "expectations"}
    code, table, _ = run("compare", old, new, "--color", "never")
    assert code == 0
    assert "Resolved findings (1)" in table and "New findings (1)" in table
    assert "Persisting findings (1)" in table


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_compare_with_itself_changes_nothing(path: Path) -> None:
    code, out, _ = run("compare", str(path), str(path), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["overall"]["delta"] == 0
    assert not data["resolved"] and not data["new"]


def test_compare_troubled_against_healthy() -> None:
    code, out, _ = run("compare", TROUBLED, str(PROFILES / "healthy-rollout.yaml"), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["overall"]["delta"] < 0
    assert data["resolved"]


def test_compare_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organization: {}\n", encoding="utf-8")
    code, _, err = run("compare", TROUBLED, str(bad))
    assert code == 2 and "organization.name" in err


def test_python_api(engine: Engine) -> None:
    profile = engine.load(PROFILES / "troubled-rollout.yaml")
    changes = [
        Change(path="/sponsor/engagement", value="champion"),
        Change(path="/sponsor/trend", value="steady"),
    ]
    result = engine.whatif(profile, changes)
    assert result.after.score.overall <= result.before.score.overall
    assert result.after.score.total < result.before.score.total
    assert any(c.identity == "CRM001/sponsor/engagement" for c in result.comparison.resolved)
    comparison = riskengine.compare(result.before, result.after)
    assert comparison == result.comparison
    assessment = riskengine.assess(PROFILES / "small-firm.yaml", engine=engine)
    assert assessment.profile == str(PROFILES / "small-firm.yaml")
