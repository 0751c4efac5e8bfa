"""Input errors say what was written, what was probably meant, and the usual cause."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.messages import field_names, yaml_hint
from riskengine.profile import Profile
from riskengine.profile.people import Sponsor
from tests.helpers import PROFILES, needs_acme_pack

ACME_DEMO = PROFILES.parent / "examples" / "riskengine-acme-pack" / "profiles" / "acme-demo.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def validate(tmp_path: Path, text: str, *options: str) -> tuple[int, str]:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(*options, "validate", str(path))
    return code, err.replace(str(path), "p.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "organization: {name: A}\nsponsr: {}\n",
            "p.yaml:2:1: sponsr: unknown field (did you mean 'sponsor'?)",
        ),
        (
            "organization: {name: A}\nphases: {p1: {pilot: {rols: [x]}}}\n",
            "p.yaml:2:23: phases.p1.pilot.rols: unknown field (did you mean 'roles'?)",
        ),
        (
            "organization: {name: A, industy: retail}\n",
            "p.yaml:1:25: organization.industy: unknown field (did you mean 'industry'?)",
        ),
    ],
    ids=["section", "nested-in-entity", "field"],
)
def test_unknown_keys_suggest_the_field_meant(tmp_path: Path, text: str, expected: str) -> None:
    code, err = validate(tmp_path, text)
    assert code == 2
    assert err.strip() == expected


def test_enum_errors_repeat_the_value_list_the_choices_and_suggest(tmp_path: Path) -> None:
    code, err = validate(tmp_path, "organization: {name: A}\nsponsor: {engagement: champoin}\n")
    assert code == 2
    assert err.strip() == (
        "p.yaml:2:23: sponsor.engagement: 'champoin' is not one of 'absent', 'passive', "
        "'supportive' or 'champion' (did you mean 'champion'?)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "organization:\n  name: A\n industry: retail\n",
            "p.yaml:3:2: invalid YAML: did not find expected key; "
            "hint: check this line's indentation",
        ),
        (
            "organization:\n  name: Acme: the firm\n",
            "p.yaml:2:13: invalid YAML: mapping values are not allowed",
        ),
        (
            "organization: {name: a: b}\n",
            "hint: inside {...}, a value containing ',' or ':' needs quotes",
        ),
        ("organization:\n\tname: A\n", "hint: YAML indents with spaces, not tabs"),
    ],
    ids=["indentation", "colon", "flow-colon", "tab"],
)
def test_yaml_errors_hint_at_the_usual_cause(tmp_path: Path, text: str, expected: str) -> None:
    code, err = validate(tmp_path, text)
    assert code == 2
    assert expected in err and "hint:" in err
    assert len(err.strip().splitlines()) == 1


def test_yaml_hint_is_empty_for_unknown_causes() -> None:
    assert yaml_hint("found undefined alias 'x'") == ""


def test_field_names_follow_maps_lists_and_optional_sections() -> None:
    assert "engagement" in field_names(Profile, ("sponsor",))
    assert field_names(Profile, ("sponsor",)) == tuple(Sponsor.model_fields)
    assert "department" in field_names(Profile, ("steering_committee", "members", 0))
    assert field_names(Profile, ("organization", "name")) == ()


@needs_acme_pack
def test_extension_errors_carry_line_column_and_suggestions(tmp_path: Path) -> None:
    text = ACME_DEMO.read_text(encoding="utf-8").replace("custom_objects:", "custom_objets:")
    text = text.replace("edition: starter", "edition: startr")
    code, err = validate(tmp_path, text, "-p", "acme")
    assert code == 2
    lines = err.strip().splitlines()
    assert any(
        line.startswith("p.yaml:")
        and ": extensions.acme.edition: 'startr' is not one of" in line
        and "(did you mean 'starter'?)" in line
        for line in lines
    ), err
    assert any(
        ": extensions.acme.custom_objets: unknown field (did you mean 'custom_objects'?)" in line
        and line.split(":")[1].isdigit()
        and line.split(":")[2].isdigit()
        for line in lines
    ), err


def test_a_blocked_plugins_section_is_ignored_with_a_warning(tmp_path: Path) -> None:
    code, err = validate(tmp_path, ACME_DEMO.read_text(encoding="utf-8"), "-p", "no:acme")
    assert code == 0
    assert err.strip() == (
        "riskengine: warning: p.yaml: extensions.acme: ignored, the plugin 'acme' is blocked"
    )
    code, err = validate(tmp_path, ACME_DEMO.read_text(encoding="utf-8"))
    assert code == 2 and "no installed plugin provides extension 'acme'" in err


@needs_acme_pack
def test_an_unknown_extension_suggests_the_installed_one() -> None:
    from acme_riskpack import plugin

    engine = Engine(plugins=[plugin], load_entrypoints=False)
    with pytest.raises(ProfileError, match=r"extension 'acme_' \(did you mean 'acme'\?\)"):
        engine.load({"organization": {"name": "A"}, "extensions": {"acme_": {}}})


def test_a_schema_key_is_allowed_and_ignored(tmp_path: Path) -> None:
    code, err = validate(tmp_path, "$schema: ./profile.schema.json\norganization: {name: A}\n")
    assert code == 0, err


def test_formats_and_choices_are_case_insensitive_and_suggested() -> None:
    small = str(PROFILES / "small-firm.yaml")
    code, out, _ = run("score", small, "-f", "JSON", "--no-rank")
    assert code == 0 and out.startswith("{")
    code, _, err = run("score", small, "-f", "jsn", "--no-rank")
    assert code == 2 and "unknown format 'jsn' (did you mean 'json'?)" in err
    code, out, _ = run("rules", "list", "--pillar", "People", "-f", "JSON")
    assert code == 0 and '"pillar": "people"' in out
    code, _, err = run("rules", "list", "--pillar", "peple")
    assert code == 2 and "(did you mean 'people'?)" in err
    assert run("graph", small, "-f", "Mermaid")[0] == 0
