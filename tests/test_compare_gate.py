"""`compare` as a CI gate: exit 1 on new findings or a rise in risk, always saying why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from riskengine.cli import main
from tests.helpers import PROFILES, overlay, profile_data

HEALTHY = str(PROFILES / "healthy-rollout.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def regressed(tmp_path: Path) -> str:
    """The healthy example after its sponsor stopped showing up: new findings, more risk."""
    data = overlay(profile_data(), {"sponsor": {"engagement": "absent", "trend": "fading"}})
    path = tmp_path / "regressed.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def test_without_gates_a_regression_exits_0(regressed: str) -> None:
    assert run("compare", HEALTHY, regressed, "-f", "json")[0] == 0


def test_fail_on_new_names_the_new_findings(regressed: str) -> None:
    code, out, err = run("compare", HEALTHY, regressed, "--fail-on-new", "-f", "json")
    assert code == 1
    assert out.startswith("{")  # the report is still written
    assert f"{regressed} has " in err and "CRM001/sponsor/engagement" in err
    assert "--fail-on-new" in err


def test_fail_on_new_passes_when_findings_only_go_away(regressed: str) -> None:
    code, _, err = run("compare", regressed, HEALTHY, "--fail-on-new", "-f", "json")
    assert code == 0, err
    assert err == ""


def test_fail_above_delta_compares_the_rise_with_the_threshold(regressed: str) -> None:
    code, out, _ = run("compare", HEALTHY, regressed, "-f", "json")
    rise = json.loads(out)["overall"]["delta"]
    assert rise > 1
    code, _, err = run("compare", HEALTHY, regressed, "--fail-above-delta", str(rise - 0.5))
    assert code == 1
    assert f"overall risk rose by {rise:.1f}" in err and "--fail-above-delta" in err
    assert run("compare", HEALTHY, regressed, "--fail-above-delta", str(rise + 0.5))[0] == 0
    assert run("compare", regressed, HEALTHY, "--fail-above-delta", "0")[0] == 0


def test_both_gates_report_both_reasons(regressed: str) -> None:
    code, _, err = run(
        "compare", HEALTHY, regressed, "--fail-on-new", "--fail-above-delta", "0", "-f", "json"
    )
    assert code == 1
    assert len(err.strip().splitlines()) == 2


@pytest.mark.parametrize("value", ["nan", "-1", "101"])
def test_a_threshold_out_of_range_is_a_usage_error(regressed: str, value: str) -> None:
    assert run("compare", HEALTHY, regressed, "--fail-above-delta", value)[0] == 2
