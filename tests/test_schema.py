"""`riskengine schema` prints a JSON Schema that accepts the examples and documents every field."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from riskengine.cli import main
from tests.helpers import PROFILES, profile_data


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["--no-plugin-autoload", "schema"])
    assert result.exit_code == 0
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("name", sorted(p.stem for p in PROFILES.glob("*.yaml")))
def test_schema_validates_every_example(schema: dict[str, Any], name: str) -> None:
    data = json.loads(json.dumps(profile_data(name), default=str))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_a_bad_profile(schema: dict[str, Any]) -> None:
    bad = {"organization": {"name": "A"}, "sponsor": {"engagement": "sleepy"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)


def _documented(spec: dict[str, Any], defs: dict[str, Any]) -> bool:
    if spec.get("description"):
        return True
    ref = spec.get("$ref", "")
    return bool(ref) and bool(defs[ref.rsplit("/", 1)[-1]].get("description"))


def test_every_field_is_documented(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    undocumented = [
        f"{name}.{field}"
        for name, model in {"Profile": schema, **defs}.items()
        for field, spec in model.get("properties", {}).items()
        if not _documented(spec, defs)
    ]
    assert not undocumented


def test_schema_covers_the_rest_of_the_program() -> None:
    result = CliRunner().invoke(main, ["--no-plugin-autoload", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    sections = set(schema["properties"])
    for name in (
        "testing",
        "test_cycles",
        "cutover",
        "integrations",
        "change_management",
        "governance",
        "risks",
        "support",
        "security",
        "lifecycle",
    ):
        assert name in sections, name
    assert "hypercare_weeks" in json.dumps(schema["$defs"]["Cutover"])
