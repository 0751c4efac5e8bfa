"""SARIF: schema-valid, one result per finding, regions on the right line of the profile."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from riskengine.assessment import Assessment, RuleFailure, RuleInfo
from riskengine.output import sarif
from riskengine.output.common import rule_infos
from riskengine.output.options import FormatOptions
from tests.output.helpers import HEALTHY, TROUBLED, assess, crm001_engine, options

SCHEMA_ENV = "RISKENGINE_SARIF_SCHEMA"
EXAMPLES = ("profiles/troubled-rollout.yaml", "profiles/healthy-rollout.yaml")


@pytest.fixture(scope="module")
def fixture_log() -> tuple[dict[str, Any], list[Assessment], dict[str, str]]:
    assessments, sources = assess(crm001_engine(), TROUBLED, HEALTHY)
    return json.loads(sarif.render(assessments, options())), assessments, sources


@pytest.fixture(scope="module")
def example_log() -> tuple[dict[str, Any], dict[str, str]]:
    assessments, sources = assess(crm001_engine(), *EXAMPLES)
    return json.loads(sarif.render(assessments, options())), sources


def validate(log: dict[str, Any]) -> None:
    """Validate against the official SARIF 2.1.0 schema when its path is configured."""
    path = os.environ.get(SCHEMA_ENV)
    if not path:
        return
    import jsonschema

    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)


def test_validates_against_the_official_schema(
    fixture_log: tuple[dict[str, Any], list[Assessment], dict[str, str]],
    example_log: tuple[dict[str, Any], dict[str, str]],
) -> None:
    if not os.environ.get(SCHEMA_ENV):
        if os.environ.get("CI"):
            pytest.fail(f"{SCHEMA_ENV} must point at the SARIF 2.1.0 schema in CI")
        pytest.skip(f"set {SCHEMA_ENV} to the SARIF 2.1.0 JSON Schema to validate")
    validate(fixture_log[0])
    validate(example_log[0])


def test_schema_validation_catches_a_broken_log(
    fixture_log: tuple[dict[str, Any], list[Assessment], dict[str, str]],
) -> None:
    if not os.environ.get(SCHEMA_ENV):
        pytest.skip(f"{SCHEMA_ENV} not set")
    import jsonschema

    broken = json.loads(json.dumps(fixture_log[0]))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_structure(fixture_log: tuple[dict[str, Any], list[Assessment], dict[str, str]]) -> None:
    log, assessments, _ = fixture_log
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == sum(len(a.findings) for a in assessments)
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids))
    for result in results:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert 0 <= result["rank"] <= 100
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["index"] in (0, 1)
    fingerprints = [r["partialFingerprints"]["riskengine/identity/v1"] for r in results]
    assert len(fingerprints) == len(set(fingerprints))
    assert [a["location"]["uri"] for a in run["artifacts"]] == [TROUBLED, HEALTHY]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_rule_metadata_and_help_come_from_the_rule() -> None:
    from riskengine.rules.weak_sponsorship import WeakSponsorship

    assessments, _sources = assess(crm001_engine(), TROUBLED)
    log = json.loads(sarif.render(assessments, options()))
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["id"] == WeakSponsorship.id
    assert rule["name"] == WeakSponsorship.slug
    assert rule["shortDescription"]["text"] == WeakSponsorship.title
    assert rule["fullDescription"]["text"] == WeakSponsorship.checks.strip()
    assert WeakSponsorship.why.strip() in rule["help"]["text"]
    assert WeakSponsorship.fix.strip() in rule["help"]["markdown"]
    effort = WeakSponsorship.effort.strip()
    assert f"**Effort of its actions**\n\n{effort}" in rule["help"]["markdown"]
    assert f"Effort of its actions: {effort}" in rule["help"]["text"]
    assert rule["properties"]["pillar"] == "people"


def test_help_leaves_out_an_effort_the_rule_does_not_document() -> None:
    assessments, _sources = assess(crm001_engine(), TROUBLED)
    bare = RuleInfo(id="CRM001", why="Risky.", fix="Fix it.")
    undocumented = [a.model_copy(update={"rules": (bare,)}) for a in assessments]
    log = json.loads(sarif.render(undocumented, options()))
    help_ = log["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    assert help_["text"] == "Why it is risky: Risky.\n\nWhat to do: Fix it."
    assert "Effort" not in help_["markdown"]


def test_levels_follow_the_threshold(
    fixture_log: tuple[dict[str, Any], list[Assessment], dict[str, str]],
) -> None:
    _, assessments, _sources = fixture_log
    log = json.loads(sarif.render(assessments, options(fail_above=40.0)))
    levels = {r["properties"]["risk"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels[67.5] == "error"
    assert levels[45.0] == "error"
    assert levels[22.5] == "warning"


def test_accepted_findings_are_suppressed(
    fixture_log: tuple[dict[str, Any], list[Assessment], dict[str, str]],
) -> None:
    results = fixture_log[0]["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["partialFingerprints"]["riskengine/identity/v1"] for r in suppressed] == [
        "CRM001/sponsor/side"
    ]
    assert suppressed[0]["suppressions"][0]["status"] == "accepted"
    assert suppressed[0]["level"] != "error"


def _line_of(text: str, prefix: str, after: str) -> tuple[int, int]:
    """1-based line and column of the first line starting (after indentation) with `prefix`
    below the line starting with `after`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    for i in range(start + 1, len(lines)):
        stripped = lines[i].lstrip()
        if stripped.startswith(prefix):
            return i + 1, len(lines[i]) - len(stripped) + 1
    raise AssertionError(f"{prefix!r} not found under {after!r}")


def test_regions_point_at_the_evidence_in_the_example_profiles(
    example_log: tuple[dict[str, Any], dict[str, str]],
) -> None:
    log, sources = example_log
    results = log["runs"][0]["results"]
    assert results, "the troubled example should have CRM001 findings"
    text = sources["profiles/troubled-rollout.yaml"]
    for result in results:
        loc = result["locations"][0]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == EXAMPLES[0]
        pointer = loc["logicalLocations"][0]["fullyQualifiedName"]
        assert pointer.startswith("/sponsor/")
        expected = _line_of(text, pointer.split("/")[-1] + ":", "sponsor:")
        region = loc["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == expected
    engagement = next(
        r
        for r in results
        if r["partialFingerprints"]["riskengine/identity/v1"].endswith("/sponsor/engagement")
    )
    line = engagement["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert text.splitlines()[line - 1].strip().startswith("engagement:")


def test_region_of_a_list_item_and_a_missing_field() -> None:
    import yaml

    from riskengine.loading import SourceMap

    text = "a:\n  items:\n    - x: 1\n    - x: 2\n"
    source = SourceMap("mem", node=yaml.compose(text))
    assert source.position(["a", "items", "1", "x"]) == (4, 7)
    assert source.position(["a", "nothing", "here"]) == (2, 3), "inside the nearest parent"
    assert SourceMap("mem", text='{"a": {"b": 1}}').position(["a", "b"]) == (1, 8)


def test_without_source_there_is_no_region(
    fixture_log: tuple[dict[str, Any], list[Assessment], dict[str, str]],
) -> None:
    _, assessments, _ = fixture_log
    unplaced = [a.model_copy(update={"positions": {}}) for a in assessments]
    log = json.loads(sarif.render(unplaced, FormatOptions()))
    validate(log)
    for result in log["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert "region" not in physical
        assert physical["artifactLocation"]["uri"]


def test_absolute_and_windows_paths_become_file_uris() -> None:
    assert sarif.artifact_uri("/srv/p r/x.yaml") == "file:///srv/p%20r/x.yaml"
    assert sarif.artifact_uri("C:\\work\\x.yaml") == "file:///C:/work/x.yaml"
    assert sarif.artifact_uri("profiles/a b.yaml") == "profiles/a%20b.yaml"


def test_rule_errors_are_notifications(
    fixture_log: tuple[dict[str, Any], list[Assessment], dict[str, str]],
) -> None:
    _, assessments, _sources = fixture_log
    broken = assessments[1].model_copy(
        update={"errors": (RuleFailure(rule="CRM999", plugin="vendor", error="boom"),)}
    )
    log = json.loads(sarif.render([assessments[0], broken], options()))
    validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "boom" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert "CRM999" in rule_infos([broken])


def test_plugin_rules_carry_their_documentation() -> None:
    from tests.output.helpers import ChainPlugin

    engine = crm001_engine(ChainPlugin(), select=("CRM001", "TST900"))
    assessments, _ = assess(engine, TROUBLED)
    log = json.loads(sarif.render(assessments, options()))
    validate(log)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    plugin_rule = rules["TST900"]
    assert plugin_rule["fullDescription"]["text"].startswith("Whether each department")
    assert "design workshops" in plugin_rule["help"]["text"]
