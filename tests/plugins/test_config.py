"""Configuration: selectors, severity overrides, rule settings, files, command-line overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.config import Config, find_config
from riskengine.engine import Engine
from riskengine.errors import ConfigError
from riskengine.rules import BUILTIN_RULES
from tests.helpers import PROFILES

TROUBLED = str(PROFILES / "troubled-rollout.yaml")


def active(config: Config) -> set[str]:
    return set(Engine(load_entrypoints=False, config=config).active_rule_ids)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("CRM004", {"CRM004"}),
        ("CRM00", {f"CRM00{i}" for i in range(1, 10)}),
        ("poor-training", {"CRM004"}),
        (
            "technology",
            {r.id for r in BUILTIN_RULES if r.pillar == "technology"} | {"CRM005", "CRM017"},
        ),
        ("HIGH", {r.id for r in BUILTIN_RULES if r.severity == "high"}),
    ],
    ids=["id", "prefix", "slug", "pillar", "severity"],
)
def test_select_by_each_selector_kind(selector: str, expected: set[str]) -> None:
    assert active(Config(select=(selector,))) == expected


def test_ignore_applies_after_select() -> None:
    people = {r.id for r in BUILTIN_RULES if r.pillar == "people"}
    assert {"CRM001", "CRM015", "CRM002"} <= people
    selected = active(Config(select=("people",), ignore=("CRM001", "no-champions")))
    assert selected == people - {"CRM001", "CRM015"}


def test_severity_override_changes_risk_and_selection() -> None:
    base = Engine(load_entrypoints=False).assess(TROUBLED, rank=False)
    raised = Engine(load_entrypoints=False, config=Config(severity={"CRM006": "critical"}))
    after = raised.assess(TROUBLED, rank=False)
    before_risk = {f.identity: f.risk for f in base.findings if f.rule == "CRM006"}
    for f in (f for f in after.findings if f.rule == "CRM006"):
        assert f.severity == "critical" and f.risk > before_risk[f.identity]
    assert "CRM006" in active(
        Config(severity={"unbalanced-value": "critical"}, select=("critical",))
    )


def test_rule_settings_from_config() -> None:
    strict = Config(rules={"CRM004": {"min_hours_per_user": 10}})
    engine = Engine(load_entrypoints=False, config=strict)
    found = [
        f
        for f in engine.assess(PROFILES / "healthy-rollout.yaml", rank=False).findings
        if f.rule == "CRM004"
    ]
    assert found and "at least 10 are needed" in found[0].message


def test_bad_rule_settings_and_unknown_rules_are_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"rules\.CRM004\.min_hours_per_user"):
        Engine(load_entrypoints=False, config=Config(rules={"CRM004": {"min_hours_per_user": -1}}))
    with pytest.raises(ConfigError, match=r"rules\.CRM004\.colour"):
        Engine(load_entrypoints=False, config=Config(rules={"CRM004": {"colour": 1}}))
    with pytest.raises(ConfigError, match="unknown rule 'CRM999'"):
        Engine(load_entrypoints=False, config=Config(severity={"CRM999": "low"}))


def test_unknown_key_in_file_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "riskengine.toml").write_text('selectt = ["CRM001"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"riskengine\.toml: selectt: unknown key"):
        find_config(start=tmp_path)


def test_pyproject_section_is_found_upward(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.riskengine]\nignore = ["CRM022"]\nfail-above = 40\n', encoding="utf-8"
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = find_config(start=nested)
    assert config is not None
    assert config.ignore == ("CRM022",) and config.fail_above == 40


def test_pyproject_without_section_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(start=tmp_path) is None


def test_cli_reads_the_file_and_options_override_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "riskengine.toml").write_text(
        'select = ["CRM001"]\nfail_above = 99.9\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    from_file = runner.invoke(main, ["score", TROUBLED, "-f", "json", "--no-rank"])
    assert from_file.exit_code == 0
    assert {f["rule"] for f in json.loads(from_file.stdout)["findings"]} == {"CRM001"}
    overridden = runner.invoke(
        main,
        ["score", TROUBLED, "-f", "json", "--no-rank", "--select", "CRM002", "--fail-above", "10"],
    )
    assert overridden.exit_code == 1
    assert {f["rule"] for f in json.loads(overridden.stdout)["findings"]} == {"CRM002"}


def test_bad_config_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("select = [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(bad), "score", TROUBLED])
    assert result.exit_code == 2 and "invalid TOML" in result.stderr
    missing = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), "rules", "list"])
    assert missing.exit_code == 2 and "configuration file not found" in missing.stderr
