"""Loading profiles: formats, and errors that name file, line, column and field path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riskengine.errors import ProfileError
from riskengine.loading import dotted, load_profile, load_profile_text
from tests.helpers import PROFILES, profile_data


def _error(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    return str(info.value)


def test_every_example_profile_loads() -> None:
    for path in sorted(PROFILES.glob("*.yaml")):
        profile = load_profile(path)
        assert profile.organization.name


def test_yaml_and_json_give_the_same_profile(tmp_path: Path) -> None:
    data = profile_data("small-firm")
    json_path = tmp_path / "p.json"
    json_path.write_text(json.dumps(data), encoding="utf-8")
    assert load_profile(json_path) == load_profile(PROFILES / "small-firm.yaml")
    assert load_profile(data) == load_profile(json_path)


def test_format_is_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "profile"
    path.write_text('{"organization": {"name": "Sniffed"}}', encoding="utf-8")
    assert load_profile(path).organization.name == "Sniffed"


def test_wrong_enum_value_points_at_the_value(tmp_path: Path) -> None:
    text = "organization:\n  name: Acme\nsponsor:\n  engagement: sleepy\n"
    msg = _error(tmp_path, "p.yaml", text)
    assert msg.startswith(f"{tmp_path / 'p.yaml'}:4:15: sponsor.engagement: 'sleepy' is not one of")
    assert "'champion'" in msg
    assert "\n" not in msg


def test_missing_required_field_points_at_its_parent(tmp_path: Path) -> None:
    text = "organization:\n  industry: retail\n"
    msg = _error(tmp_path, "p.yaml", text)
    assert msg == f"{tmp_path / 'p.yaml'}:2:3: organization.name: Field required"


def test_unknown_reference_names_the_id_and_where_it_is_used(tmp_path: Path) -> None:
    text = (
        "organization: {name: Acme}\n"
        "departments:\n  sales: {}\n"
        "roles:\n  rep:\n    department: salez\n"
    )
    msg = _error(tmp_path, "p.yaml", text)
    assert msg == (
        f"{tmp_path / 'p.yaml'}:6:17: roles.rep.department: unknown department 'salez' "
        "(did you mean 'sales'?)"
    )


def test_unknown_reference_in_a_list_gives_the_index(tmp_path: Path) -> None:
    text = (
        "organization: {name: Acme}\n"
        "roles: {rep: {}}\n"
        "processes:\n  quoting:\n    performed_by: [rep, ghost]\n"
    )
    msg = _error(tmp_path, "p.yaml", text)
    assert msg.startswith(f"{tmp_path / 'p.yaml'}:5:25: processes.quoting.performed_by[1]:")
    assert "unknown role 'ghost'" in msg


def test_invalid_yaml_syntax(tmp_path: Path) -> None:
    msg = _error(tmp_path, "p.yaml", "organization:\n  name: [unclosed\n")
    assert msg.startswith(f"{tmp_path / 'p.yaml'}:3:1: invalid YAML:")


def test_invalid_json_syntax(tmp_path: Path) -> None:
    msg = _error(tmp_path, "p.json", '{"organization": {"name": "A",}}')
    assert msg.startswith(f"{tmp_path / 'p.json'}:1:31: invalid JSON:")


def test_json_validation_errors_have_positions(tmp_path: Path) -> None:
    text = '{\n  "organization": {"name": "A", "crm_seats": -3}\n}'
    msg = _error(tmp_path, "p.json", text)
    assert msg.startswith(f"{tmp_path / 'p.json'}:2:46: organization.crm_seats:")


def test_unknown_field_points_at_the_key(tmp_path: Path) -> None:
    msg = _error(tmp_path, "p.yaml", "organization:\n  name: A\n  colour: red\n")
    assert msg.startswith(f"{tmp_path / 'p.yaml'}:3:3: organization.colour: unknown field")


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    text = "organization: {name: A}\nroles:\n  rep: {}\n  rep: {count: 3}\n"
    msg = _error(tmp_path, "p.yaml", text)
    assert "duplicate key 'rep'" in msg
    assert ":4:3:" in msg


def test_every_problem_is_reported(tmp_path: Path) -> None:
    text = "organization: {name: A, crm_seats: -1}\nsponsor: {engagement: x, trend: y}\n"
    msg = _error(tmp_path, "p.yaml", text)
    assert len(msg.splitlines()) == 3


def test_yaml_tags_that_build_objects_are_refused(tmp_path: Path) -> None:
    msg = _error(tmp_path, "p.yaml", "organization: !!python/object:os.system {name: A}\n")
    assert "invalid YAML" in msg


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert "must be a mapping" in _error(tmp_path, "p.yaml", "- a\n- b\n")


def test_missing_file() -> None:
    with pytest.raises(ProfileError, match="cannot read profile"):
        load_profile("/nonexistent/profile.yaml")


def test_dict_input_errors_have_paths_but_no_lines() -> None:
    with pytest.raises(ProfileError) as info:
        load_profile({"organization": {"name": "A"}, "sponsor": {"side": "moon"}})
    assert str(info.value).startswith("<dict>: sponsor.side: 'moon' is not one of")


def test_text_loader_labels_errors() -> None:
    with pytest.raises(ProfileError, match=r"^mem:2:3: organization\.name"):
        load_profile_text("organization:\n  employees: 3\n", label="mem")


def test_dotted_paths() -> None:
    assert (
        dotted(("steering_committee", "members", 2, "role")) == "steering_committee.members[2].role"
    )
