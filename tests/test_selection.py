"""A mistyped selector or accepted rule is an error naming the nearest valid word, never a green
report from a gate that silently ran nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.config import Config
from riskengine.engine import Engine
from riskengine.errors import ConfigError, ProfileError
from riskengine.suggest import closest, did_you_mean
from tests.helpers import PROFILES

SMALL = str(PROFILES / "small-firm.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("selector", "suggestion"),
    [
        ("CRM999", "did you mean 'CRM0"),
        ("nonsense", "the nearest is '"),
        ("poor_trainig", "'poor-training'"),
    ],
)
@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_selector_matching_no_rule_exits_2_with_a_suggestion(
    option: str, selector: str, suggestion: str
) -> None:
    code, out, err = run("score", SMALL, option, selector, "--no-rank")
    assert code == 2
    assert out == ""
    assert f"--{option[2:]}: " in err and repr(selector) in err and suggestion in err
    assert "GREEN" not in out + err and "Traceback" not in err


def test_a_selector_in_the_configuration_file_is_checked_too(tmp_path: Path) -> None:
    config = tmp_path / "riskengine.toml"
    config.write_text('select = ["nonsense"]\n', encoding="utf-8")
    code, _, err = run("--config", str(config), "score", SMALL, "--no-rank")
    assert code == 2
    assert err.startswith(f"{config}: select: 'nonsense' matches no rule")


def test_valid_selectors_of_every_kind_still_run_in_any_case() -> None:
    for selector in ("crm0", "CRM004", "POOR-TRAINING", "People", "HIGH"):
        assert run("score", SMALL, "--select", selector, "--no-rank", "-f", "json")[0] == 0


def test_a_vocabulary_word_no_rule_has_is_an_error_too() -> None:
    with pytest.raises(ConfigError, match="no registered rule has that severity"):
        Engine(load_entrypoints=False, config=Config(select=("critical",)))


def test_unknown_rules_in_severity_and_settings_tables_are_suggested() -> None:
    with pytest.raises(ConfigError, match=r"unknown rule 'crm004' \(did you mean 'CRM004'\?\)"):
        Engine(load_entrypoints=False, config=Config(severity={"crm004": "high"}))


def test_an_unknown_config_key_is_suggested(tmp_path: Path) -> None:
    config = tmp_path / "riskengine.toml"
    config.write_text("selcet = ['CRM001']\n", encoding="utf-8")
    code, _, err = run("--config", str(config), "rules", "list")
    assert code == 2 and "unknown key (did you mean 'select'?)" in err


def test_an_accepted_risk_naming_an_unknown_rule_is_located(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "organization: {name: A}\n"
        "accepted_risks:\n"
        "  - rule: CRM999\n"
        "    reason: later\n"
        "    owner: me\n"
        "    expires: 2030-01-01\n"
        "  - {rule: crm004, reason: later, owner: me, expires: 2030-01-01}\n",
        encoding="utf-8",
    )
    for command in ("score", "validate"):
        code, _, err = run(command, str(profile))
        assert code == 2
        lines = err.strip().splitlines()
        assert lines[0].startswith(f"{profile}:3:11: accepted_risks[0].rule: unknown rule 'CRM999'")
        assert lines[1] == (
            f"{profile}:7:12: accepted_risks[1].rule: "
            "unknown rule 'crm004' (did you mean 'CRM004'?)"
        )


def test_accepting_by_slug_or_id_stays_valid(engine: Engine) -> None:
    data = {
        "organization": {"name": "A"},
        "accepted_risks": [
            {"rule": r, "reason": "x", "owner": "y", "expires": "2030-01-01"}
            for r in ("CRM004", "poor-training")
        ],
    }
    assert engine.load(data).accepted_risks[1].rule == "poor-training"
    with pytest.raises(ProfileError, match="accepted_risks"):
        engine.load({**data, "accepted_risks": [{**data["accepted_risks"][0], "rule": "X1"}]})


def test_closest_ignores_case_and_separators_and_refuses_far_words() -> None:
    assert closest("crm004", ["CRM004", "CRM005"]) == "CRM004"
    assert closest("poor_training", ["poor-training"]) == "poor-training"
    assert closest("zzz", ["people", "process"]) is None
    assert closest("zzz", ["people"], cutoff=0.0) == "people"
    assert did_you_mean("engagment", ["engagement", "trend"]) == " (did you mean 'engagement'?)"
    assert did_you_mean("trend", ["trend"]) == ""
