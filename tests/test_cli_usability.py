"""The small things a CI user expects: options in any position, aligned listings, a schema for
editors, and pre-commit hooks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from riskengine.cli import hoist_global_options, main
from riskengine.profile.template import SCHEMA_FILE
from tests.helpers import PROFILES, ROOT, needs_acme_pack

SMALL = str(PROFILES / "small-firm.yaml")
ACME_DEMO = ROOT / "examples" / "riskengine-acme-pack" / "profiles" / "acme-demo.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_global_options_work_after_the_command(tmp_path: Path) -> None:
    before = run("-p", "no:builtin-rules", "score", SMALL, "-f", "json", "--no-rank")
    after = run("score", SMALL, "-f", "json", "--no-rank", "-p", "no:builtin-rules")
    assert before[0] == after[0] == 0
    assert before[1] == after[1]
    config = tmp_path / "riskengine.toml"
    config.write_text("select = ['nonsense']\n", encoding="utf-8")
    assert run("rules", "list", "--config", str(config))[0] == 2
    assert run("rules", "list", f"--config={config}")[0] == 2
    code, _, err = run("validate", str(ACME_DEMO), "-p", "no:acme", "--no-plugin-autoload")
    assert code == 0 and "ignored, the plugin 'acme' is blocked" in err


def test_hoisting_leaves_command_options_and_arguments_alone() -> None:
    assert hoist_global_options(["score", "a.yaml", "-p", "no:x", "-f", "json"]) == [
        "-p",
        "no:x",
        "score",
        "a.yaml",
        "-f",
        "json",
    ]
    assert hoist_global_options(["-p", "score", "rules", "list"]) == [
        "-p",
        "score",
        "rules",
        "list",
    ]
    assert hoist_global_options(["score", "--", "-p"]) == ["score", "--", "-p"]
    assert hoist_global_options(["--version"]) == ["--version"]


def test_rules_list_has_one_header_and_aligned_columns() -> None:
    code, out, _ = run("rules", "list")
    assert code == 0
    lines = out.splitlines()
    header = lines[0]
    assert header.split() == ["ID", "SLUG", "SEVERITY", "AREA", "TITLE"]
    starts = [header.index(name) for name in ("SLUG", "SEVERITY", "AREA", "TITLE")]
    rows = [line for line in lines if re.match(r"CRM\d{3} ", line)]
    assert len(rows) == int(lines[-1].split()[0]) > 40
    for row in rows:
        for start in starts:
            assert row[start - 2 : start] == "  " and row[start] != " ", row
    assert lines.count("PEOPLE") == 1 and lines[-1] == f"{len(rows)} rules, {len(rows)} selected"


def test_schema_has_an_id_allows_a_schema_key_and_writes_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / SCHEMA_FILE
    code, _, _ = run("schema", "-o", str(target))
    assert code == 0
    schema: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:riskengine:profile:1"
    assert schema["title"] == "riskengine project profile"
    profile = {"$schema": f"./{SCHEMA_FILE}", "organization": {"name": "A"}}
    jsonschema.Draft202012Validator(schema).validate(profile)
    assert run("schema", "-o", str(target))[0] == 2  # never overwritten without --force


@needs_acme_pack
def test_schema_includes_installed_plugin_sections() -> None:
    code, out, _ = run("-p", "acme", "schema")
    assert code == 0
    schema = json.loads(out)
    validator = jsonschema.Draft202012Validator(schema)
    demo = json.loads(
        json.dumps(yaml.safe_load(ACME_DEMO.read_text(encoding="utf-8")), default=str)
    )
    validator.validate(demo)
    demo["extensions"]["acme"]["edition"] = "platinum"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(demo)
    plain = json.loads(run("schema")[1])
    assert "AcmeSection" not in plain["$defs"]


def test_init_points_editors_at_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    code, _, err = run("init", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == (
        f"# yaml-language-server: $schema={SCHEMA_FILE}"
    )
    assert f"riskengine schema -o {SCHEMA_FILE}" in err


PRE_COMMIT_KEYS = {
    "id", "name", "entry", "language", "files", "exclude", "types", "types_or", "exclude_types",
    "always_run", "fail_fast", "verbose", "pass_filenames", "require_serial", "description",
    "language_version", "minimum_pre_commit_version", "args", "stages", "additional_dependencies",
    "alias", "log_file",
}  # fmt: skip


def test_pre_commit_hooks_are_well_formed_and_run() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["riskengine-validate", "riskengine-score"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook) <= PRE_COMMIT_KEYS
        assert hook["language"] == "python"
        assert re.search(hook["files"], "profiles/small-firm.yaml")
        assert not re.search(hook["files"], ".github/workflows/ci.yaml")
        program, *args = hook["entry"].split()
        assert program == "riskengine"
        result = subprocess.run(
            [sys.executable, "-m", "riskengine", *args, SMALL],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'riskengine = "riskengine.cli:main"' in pyproject


def test_readme_documents_shell_completion() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "_RISKENGINE_COMPLETE=bash_source riskengine" in readme
    assert "_RISKENGINE_COMPLETE=zsh_source riskengine" in readme


def test_shell_completion_offers_commands_and_options_after_global_ones() -> None:
    def complete(words: str, index: int) -> str:
        env = {
            **os.environ,
            "COMP_WORDS": words,
            "COMP_CWORD": str(index),
            "_RISKENGINE_COMPLETE": "bash_complete",
        }
        code = "from riskengine.cli import main; main(prog_name='riskengine')"
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT
        )
        return result.stdout

    assert "plain,score" in complete("riskengine sc", 1).splitlines()
    assert "plain,--format" in complete("riskengine score x.yaml -p no:acme --fo", 5).splitlines()
