"""``--fail-above``: exit 1 always says on stderr which profile, which risk, which threshold."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.cli.batch import Tally
from riskengine.plugins.builtin_formats import BUILTIN_FORMATS
from tests.helpers import PROFILES

TROUBLED = str(PROFILES / "troubled-rollout.yaml")
HEALTHY = str(PROFILES / "healthy-rollout.yaml")
QUICK = ("--no-rank", "--today", "2026-01-15")
REASON = f"riskengine: {TROUBLED}: overall risk 80.9 is above --fail-above 50"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", sorted(BUILTIN_FORMATS))
def test_exit_1_names_the_profile_risk_and_threshold_in_every_format(fmt: str) -> None:
    code, out, err = run("score", TROUBLED, *QUICK, "-f", fmt, "--fail-above", "50")
    assert code == 1
    assert err.splitlines() == [REASON]
    assert "is above --fail-above" not in out


def test_the_reason_is_given_when_the_reports_go_to_files(tmp_path: Path) -> None:
    outputs = ("-o", f"{tmp_path}/r.json", "-o", f"{tmp_path}/r.html", "-o", f"{tmp_path}/r.md")
    code, out, err = run("score", TROUBLED, *QUICK, *outputs, "--fail-above", "50")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [REASON]
    for report in tmp_path.iterdir():
        assert "is above --fail-above" not in report.read_text(encoding="utf-8")


def test_below_the_threshold_exits_0_and_says_nothing() -> None:
    code, _, err = run("score", HEALTHY, *QUICK, "--fail-above", "50")
    assert (code, err) == (0, "")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_names_each_profile_above_and_counts_them(tmp_path: Path, jobs: str) -> None:
    for name in ("troubled-rollout", "healthy-rollout", "big-bang-cutover"):
        shutil.copy(PROFILES / f"{name}.yaml", tmp_path)
    code, _, err = run(
        "score", str(tmp_path), *QUICK, "-f", "jsonl", "--jobs", jobs, "--fail-above", "50"
    )
    assert code == 1
    assert err.splitlines() == [
        f"riskengine: {tmp_path / 'big-bang-cutover.yaml'}: overall risk 53.1 is above "
        "--fail-above 50",
        f"riskengine: {tmp_path / 'troubled-rollout.yaml'}: overall risk 80.9 is above "
        "--fail-above 50",
        "riskengine: 2 of 3 profiles are above --fail-above 50",
    ]


def test_standard_input_and_globs_are_named_too(tmp_path: Path) -> None:
    shutil.copy(PROFILES / "troubled-rollout.yaml", tmp_path)
    stdin = Path(TROUBLED).read_text(encoding="utf-8")
    code, _, err = run(
        "score", "-", f"{tmp_path}/*.yaml", *QUICK, "--fail-above", "50", stdin=stdin
    )
    assert code == 1
    assert "riskengine: <stdin>: overall risk 80.9 is above --fail-above 50" in err
    assert f"{tmp_path / 'troubled-rollout.yaml'}: overall risk 80.9" in err


def test_a_threshold_from_the_configuration_names_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "riskengine.toml").write_text("fail_above = 40\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("score", TROUBLED, *QUICK, "-f", "json")
    assert code == 1
    assert f"overall risk 80.9 is above fail_above 40 (set in {tmp_path / 'riskengine.toml'})" in (
        err
    )


def test_bad_input_outranks_the_gate_but_the_gate_is_still_reported(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("organization: {name: [x\n", encoding="utf-8")
    code, _, err = run(
        "score", TROUBLED, str(tmp_path / "broken.yaml"), *QUICK, "--fail-above", "50"
    )
    assert code == 2
    assert "broken.yaml:" in err and REASON in err


def test_a_risk_just_above_the_threshold_is_shown_with_the_decimals_that_prove_it() -> None:
    tally = Tally(fail_above=50, above=[("x.yaml", 50.04), ("y.yaml", 62.0)], assessed=2)
    assert tally.threshold_failures("--fail-above 50") == [
        "riskengine: x.yaml: overall risk 50.04 is above --fail-above 50",
        "riskengine: y.yaml: overall risk 62.0 is above --fail-above 50",
        "riskengine: 2 of 2 profiles are above --fail-above 50",
    ]


def test_compare_gates_say_why_too(tmp_path: Path) -> None:
    code, _, err = run("compare", HEALTHY, TROUBLED, "--fail-on-new", "--fail-above-delta", "5")
    assert code == 1
    assert "new finding" in err and "more than --fail-above-delta 5" in err
