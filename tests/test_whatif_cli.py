"""`whatif` speaks JSON pointers, refuses typos instead of inventing entities, and saves results:
to a new file, or into the user's own YAML with comments and layout kept."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.findings import Change
from riskengine.loading import load_profile
from riskengine.patching import apply_changes
from tests.helpers import PROFILES

HEALTHY = PROFILES / "healthy-rollout.yaml"
TROUBLED = PROFILES / "troubled-rollout.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def changes_of(*args: str) -> list[dict[str, object]]:
    code, out, err = run("whatif", str(HEALTHY), *args, "-f", "json")
    assert code == 0, err
    changes: list[dict[str, object]] = json.loads(out)["changes"]
    return changes


def test_pointers_and_dotted_paths_name_the_same_change() -> None:
    pointer = changes_of("--set", "/sponsor/engagement=passive")
    dotted = changes_of("--set", "sponsor.engagement=passive")
    assert pointer == dotted == [{"op": "set", "path": "/sponsor/engagement", "value": "passive"}]


def test_a_pointer_copied_from_a_report_works_with_escapes(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "organization: {name: A}\ndepartments: {sales: {}}\n"
        "roles: {rep: {department: sales, count: 3}}\n",
        encoding="utf-8",
    )
    code, out, err = run("whatif", str(profile), "--set", "/roles/rep/count=30", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["changes"][0]["path"] == "/roles/rep/count"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--set", "/departments/salez/burden=high"),
            "--set: /departments/salez: no 'salez' in /departments (did you mean 'sales'?); "
            "to create it, use --add /departments/salez=...",
        ),
        (
            ("--set", "departments.sales.burdn=high"),
            "has no field 'burdn' (did you mean 'burden'?)",
        ),
        (("--set", "/sponsr/engagement=passive"), "no section 'sponsr' (did you mean 'sponsor'?)"),
        (("--remove", "/roles/sales_rp"), "no 'sales_rp' in /roles (did you mean 'sales_rep'?)"),
        (
            ("--add", "/departments/sales={side: sales}"),
            "'sales' already exists; change it with --set",
        ),
        (("--add", "/sponsor/engagement=passive"), "--add needs a list, or a new entity id"),
        (("--set", "/phases/p1_sales/processes/9=x"), "no item '9' in a list of"),
    ],
    ids=[
        "entity-typo",
        "field-typo",
        "section-typo",
        "remove-typo",
        "add-existing",
        "add-scalar",
        "index",
    ],
)
def test_mistyped_paths_are_errors_with_suggestions(args: tuple[str, str], expected: str) -> None:
    code, out, err = run("whatif", str(HEALTHY), *args)
    assert code == 2
    assert expected in err, err
    assert "Traceback" not in err and out == ""


def test_add_creates_an_entity_that_set_would_refuse() -> None:
    changes = changes_of("--add", "/departments/legal={side: other, burden: low}")
    assert changes == [
        {
            "op": "set",
            "path": "/departments/legal",
            "value": {"side": "other", "burden": "low"},
        }
    ]
    # adds come first, so a --set may change the entity an --add creates
    assert (
        changes_of(
            "--set",
            "/departments/legal/burden=high",
            "--add",
            "/departments/legal={side: other}",
        )[1]["path"]
        == "/departments/legal/burden"
    )


@pytest.mark.parametrize(
    "value",
    ["1" + "0" * 30, "9" * 5000, ".inf", "[1, 100000000000000000000]"],
    ids=["30", "5000", "inf", "nested"],
)
def test_absurd_numbers_are_clean_errors(value: str) -> None:
    code, out, err = run("whatif", str(HEALTHY), "--set", f"organization.crm_seats={value}")
    assert code == 2 and out == ""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "number" in err


def test_write_saves_the_changed_profile_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "after.yaml"
    args = ("whatif", str(HEALTHY), "--set", "/sponsor/engagement=passive", "--write", str(target))
    code, _, err = run(*args)
    assert code == 0, err
    assert f"wrote the changed profile to {target}" in err
    expected = apply_changes(
        load_profile(HEALTHY), [Change(path="/sponsor/engagement", value="passive")]
    )
    assert load_profile(target) == expected
    # only stated facts are written: nothing the profile leaves unknown becomes a default
    assert "schema_version" not in target.read_text(encoding="utf-8")
    target.write_text("mine", encoding="utf-8")
    code, _, err = run(*args)
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run(*args, "--force")[0] == 0
    as_json = tmp_path / "after.json"
    assert (
        run("whatif", str(HEALTHY), "--set", "sponsor.trend=rising", "--write", str(as_json))[0]
        == 0
    )
    assert json.loads(as_json.read_text(encoding="utf-8"))["sponsor"]["trend"] == "rising"


def _top_changing_rank(path: Path) -> tuple[int, list[Change]]:
    assessment = Engine(load_entrypoints=False).assess(path)
    top = next(r for r in assessment.recommendations if not r.estimated)
    return top.rank, list(top.changes)


def test_in_place_applies_a_recommendation_keeping_comments_and_layout(tmp_path: Path) -> None:
    original = TROUBLED.read_text(encoding="utf-8")
    target = tmp_path / "mine.yaml"
    target.write_text(original, encoding="utf-8")
    rank, changes = _top_changing_rank(target)
    code, _, err = run("whatif", str(target), "--apply", str(rank), "--in-place", "-f", "json")
    assert code == 0, err
    backup = tmp_path / "mine.yaml.orig"
    assert f"the original is kept as {backup}" in err
    assert backup.read_text(encoding="utf-8") == original
    edited = target.read_text(encoding="utf-8")
    assert load_profile(target) == apply_changes(load_profile(TROUBLED), changes)
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in edited.splitlines() for line in comments)
    diff = [
        line
        for line in difflib.unified_diff(
            original.splitlines(), edited.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 0 < len(diff) <= 4 * len(changes), diff


def test_in_place_keeps_an_earlier_backup_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text(
        "# our program\norganization: {name: A, crm_seats: 40}  # seats\n", encoding="utf-8"
    )
    args = ("whatif", str(target), "--set", "organization.crm_seats=80", "--in-place", "-f", "json")
    assert run(*args)[0] == 0
    assert target.read_text(encoding="utf-8") == (
        "# our program\norganization: {name: A, crm_seats: 80}  # seats\n"
    )
    code, _, err = run(*args[:3], "organization.crm_seats=90", *args[4:])
    assert code == 2 and "mine.yaml.orig exists" in err
    assert "crm_seats: 80" in target.read_text(encoding="utf-8")
    code, _, err = run(*args[:3], "organization.crm_seats=90", *args[4:], "--force")
    assert code == 0 and "no copy kept" in err
    assert "crm_seats: 90" in target.read_text(encoding="utf-8")
    assert "crm_seats: 40" in (tmp_path / "mine.yaml.orig").read_text(encoding="utf-8")


def test_in_place_edits_json_profiles_and_refuses_with_write(tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    target.write_text('{"organization": {"name": "A"}}', encoding="utf-8")
    code, _, err = run("whatif", str(target), "--set", "sponsor.engagement=passive", "--in-place")
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["sponsor"] == {"engagement": "passive"}
    code, _, err = run(
        "whatif", str(target), "--set", "sponsor.trend=rising", "--in-place", "--write", "x.yaml"
    )
    assert code == 2 and "not both" in err
