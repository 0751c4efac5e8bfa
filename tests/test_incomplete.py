"""An assessment in which anything failed is never green, and says which configuration it used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.config import Config, find_config
from riskengine.engine import Engine
from riskengine.errors import ConfigError
from riskengine.findings import PILLARS
from riskengine.output.options import FormatOptions
from tests.helpers import PROFILES
from tests.plugins.test_plugins import plugin_of, rule_class

SMALL = str(PROFILES / "small-firm.yaml")
FORMATS = ("table", "json", "markdown", "sarif", "junit", "html")


def _boom(ctx: object) -> None:
    raise OverflowError("integer division result too large for a float")


@pytest.fixture(scope="module")
def broken_run() -> tuple[Engine, list[object]]:
    engine = Engine([plugin_of("shaky", rule_class("PLG020", _boom))], load_entrypoints=False)
    return engine, [engine.assess(SMALL, rank=False)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_incomplete(broken_run: tuple[Engine, list[object]], fmt: str) -> None:
    engine, assessments = broken_run
    text = engine.render(assessments, fmt, FormatOptions())  # type: ignore[arg-type]
    marker = {"json": '"incomplete": true', "sarif": '"incomplete": true'}.get(fmt, "INCOMPLETE")
    if fmt == "junit":
        marker = '<property name="incomplete" value="true" />'
    assert marker in text


def test_a_complete_assessment_is_not_marked(engine: Engine) -> None:
    a = engine.assess(SMALL, rank=False)
    assert not a.incomplete and a.status == a.score.status
    assert "INCOMPLETE" not in engine.render([a], "table")


def test_failures_mark_an_assessment_built_from_data() -> None:
    from riskengine.assessment import Assessment

    a = Engine(load_entrypoints=False).assess(SMALL, rank=False)
    data = a.model_dump()
    data.update(errors=[{"rule": "X1", "plugin": "p", "error": "e"}], incomplete=False)
    assert Assessment.model_validate(data).incomplete


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ("{people = inf}", "finite number"),
        ("{people = nan}", "finite number"),
        ("{people = -1}", "greater than or equal to 0"),
        (
            "{" + ", ".join(f"{p} = 0" for p in PILLARS) + "}",
            "at least one pillar needs a weight above 0",
        ),
    ],
)
def test_pillar_weights_must_be_finite_and_not_negative(
    tmp_path: Path, weights: str, problem: str
) -> None:
    (tmp_path / "riskengine.toml").write_text(f"pillar_weights = {weights}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        find_config(start=tmp_path)


def test_the_configuration_used_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "riskengine.toml"
    config.write_text('ignore = ["CRM0"]\n', encoding="utf-8")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    runner = CliRunner()
    result = runner.invoke(main, ["score", SMALL, "-v", "-f", "json", "--no-rank"])
    assert result.exit_code == 0, result.output
    assert f"configuration: {config}" in result.stderr
    assert json.loads(result.stdout)["config"] == str(config)
    for fmt in ("table", "markdown", "html"):
        shown = runner.invoke(main, ["score", SMALL, "-f", fmt, "--no-rank"])
        # Markdown escapes some characters of the path; its file name stays readable
        assert f"configuration: {config}" in shown.stdout or config.name in shown.stdout, fmt
        assert "configuration" in shown.stdout, fmt


def test_built_in_code_reports_no_configuration() -> None:
    assert Engine(load_entrypoints=False, config=Config()).assess(SMALL, rank=False).config is None


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_fail_above_must_be_a_number(value: str) -> None:
    result = CliRunner().invoke(main, ["score", SMALL, "--fail-above", value])
    assert (result.exit_code == 2 and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    assert "Traceback" not in result.output


def test_whatif_values_are_read_under_the_limits() -> None:
    digits = "9" * 5000
    result = CliRunner().invoke(
        main, ["whatif", SMALL, "--set", f"organization.crm_seats={digits}"]
    )
    assert result.exit_code == 2
    assert "limits.max_int_digits" in result.stderr
