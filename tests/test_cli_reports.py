"""Several reports from one run: ``-o FORMAT=PATH`` repeated, formats from extensions."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.cli.files import WriteRefused, check_target
from riskengine.cli.reports import EXTENSIONS
from tests.helpers import PROFILES

TROUBLED = str(PROFILES / "troubled-rollout.yaml")
QUICK = ("--no-rank", "--today", "2026-01-15")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def looks_like(fmt: str, text: str) -> bool:
    """Whether `text` is a report of the troubled example in `fmt`."""
    checks = {
        "json": lambda: json.loads(text)["profile"] == TROUBLED,
        "jsonl": lambda: json.loads(text.splitlines()[0])["profile"] == TROUBLED,
        "sarif": lambda: json.loads(text)["version"] == "2.1.0",
        "junit": lambda: text.startswith("<?xml") and "<testsuites" in text,
        "html": lambda: text.lstrip().lower().startswith("<!doctype html"),
        "markdown": lambda: "**riskengine**" in text and "<details>" in text,
        "table": lambda: "overall risk 80.9" in text and not text.lstrip().startswith("{"),
        "github": lambda: text.startswith("::"),
    }
    return checks[fmt]()


def test_several_reports_in_one_run_each_in_its_format(tmp_path: Path) -> None:
    paths = {fmt: tmp_path / f"report-{fmt}" for fmt in ("json", "html", "sarif", "junit")}
    code, out, err = run("score", TROUBLED, *QUICK, *(f"-o{f}={p}" for f, p in paths.items()))
    assert code == 0, err
    assert out == ""
    for fmt, path in paths.items():
        assert looks_like(fmt, path.read_text(encoding="utf-8")), fmt


@pytest.mark.parametrize("extension", [*EXTENSIONS, ".HTML", ".Sarif.Json"])
def test_the_format_is_inferred_from_the_extension(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"report{extension}"
    code, _, err = run("score", TROUBLED, *QUICK, "-o", str(path))
    assert code == 0, err
    expected = EXTENSIONS[extension.lower()]
    assert looks_like(expected, path.read_text(encoding="utf-8")), expected


def test_an_unknown_extension_without_f_is_a_usage_error_naming_the_known_ones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "report.pdf"
    code, _, err = run("score", TROUBLED, *QUICK, "-o", str(path))
    assert code == 2
    assert "cannot tell the report format" in err
    assert ".json json" in err and ".xml junit" in err and "-f FORMAT" in err
    assert not path.exists()


def test_f_with_one_output_file_keeps_its_meaning(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    code, _, err = run("score", TROUBLED, *QUICK, "-f", "json", "-o", str(path))
    assert code == 0, err
    assert looks_like("json", path.read_text(encoding="utf-8"))


def test_one_report_may_still_go_to_standard_output(tmp_path: Path) -> None:
    path = tmp_path / "risks.sarif"
    code, out, err = run("score", TROUBLED, *QUICK, "-o", "table=-", "-o", str(path))
    assert code == 0, err
    assert looks_like("table", out)
    assert looks_like("sarif", path.read_text(encoding="utf-8"))


def test_a_repeated_f_is_a_usage_error_pointing_at_o() -> None:
    code, out, err = run("score", TROUBLED, *QUICK, "-f", "json", "-f", "sarif")
    assert code == 2
    assert out == ""
    assert "-f/--format given 2 times" in err and "-o json=report.json" in err


def test_f_that_applies_to_no_report_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("score", TROUBLED, *QUICK, "-f", "table", "-o", f"json={tmp_path}/r.json")
    assert code == 2
    assert "-f table applies to no report" in err and "-o table=-" in err
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        (("-", "table=-"), "only one report can go to standard output"),
        (("json={d}/r.json", "{d}/r.json"), "write the same file"),
        (("jsn={d}/r.json",), "unknown format 'jsn' (did you mean 'json'?)"),
        (("json=",), "give a path after '='"),
    ],
    ids=["two-stdout", "same-file", "unknown-format", "no-path"],
)
def test_conflicting_or_unknown_outputs_are_usage_errors(
    tmp_path: Path, outputs: tuple[str, ...], message: str
) -> None:
    args = [arg for spec in outputs for arg in ("-o", spec.format(d=tmp_path))]
    code, out, err = run("score", TROUBLED, *QUICK, *args)
    assert code == 2
    assert message in err
    assert out == "" and list(tmp_path.iterdir()) == []


def test_a_path_containing_an_equals_sign_can_be_written_with_a_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("score", TROUBLED, *QUICK, "-o", "./v=2.json")
    assert code == 0, err
    assert looks_like("json", (tmp_path / "v=2.json").read_text(encoding="utf-8"))


def test_every_target_is_checked_before_any_is_written(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("the user's own file\n", encoding="utf-8")
    fresh = tmp_path / "fresh.html"
    elsewhere = tmp_path / "missing" / "r.sarif"
    code, _, err = run(
        "score", TROUBLED, *QUICK, "-o", str(fresh), "-o", str(kept), "-o", str(elsewhere)
    )
    assert code == 2
    assert f"{kept} exists; use --force" in err
    assert "does not exist" in err and "no report was written" in err
    assert not fresh.exists() and not elsewhere.parent.exists()
    assert kept.read_text(encoding="utf-8") == "the user's own file\n"


def test_force_replaces_every_existing_target(tmp_path: Path) -> None:
    paths = [tmp_path / "r.json", tmp_path / "r.md"]
    for path in paths:
        path.write_text("old\n", encoding="utf-8")
    code, _, err = run("score", TROUBLED, *QUICK, "--force", *(f"-o{p}" for p in paths))
    assert code == 0, err
    assert looks_like("json", paths[0].read_text(encoding="utf-8"))
    assert looks_like("markdown", paths[1].read_text(encoding="utf-8"))


def test_jsonl_beside_other_reports_holds_the_same_assessments(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("troubled-rollout", "healthy-rollout"):
        shutil.copy(PROFILES / f"{name}.yaml", folder)
    lines, whole = tmp_path / "r.jsonl", tmp_path / "r.json"
    code, _, err = run("score", str(folder), *QUICK, "-o", str(lines), "-o", str(whole))
    assert code == 0, err
    streamed = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert streamed == json.loads(whole.read_text(encoding="utf-8"))["assessments"]


def test_a_plugin_format_can_be_named_in_o(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "count_format_plugin.py").write_text(
        "import riskengine\n"
        "@riskengine.hookimpl\n"
        "def register_formats(register):\n"
        "    register('counts', lambda assessments, options: "
        "''.join(f'{len(a.findings)}\\n' for a in assessments))\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    target = tmp_path / "findings.count"
    code, _, err = run(
        "-p", "count_format_plugin", "score", TROUBLED, *QUICK, "-o", f"counts={target}"
    )
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == "51\n"


def test_portfolio_writes_several_reports_too(tmp_path: Path) -> None:
    page, data = tmp_path / "p.html", tmp_path / "p.json"
    code, out, err = run("portfolio", str(PROFILES), "-o", str(page), "-o", f"json={data}")
    assert code == 0, err
    assert out == ""
    assert page.read_text(encoding="utf-8").lower().startswith("<!doctype html")
    assert len(json.loads(data.read_text(encoding="utf-8"))["programs"]) == len(
        list(PROFILES.glob("*.yaml"))
    )


def test_portfolio_refuses_a_format_it_does_not_have(tmp_path: Path) -> None:
    code, _, err = run("portfolio", str(PROFILES), "-o", str(tmp_path / "p.sarif"))
    assert code == 2
    assert "cannot tell the report format" in err and ".md markdown" in err


def test_help_and_readme_document_several_reports() -> None:
    _, out, _ = run("score", "--help")
    assert "-o json=report.json -o html=report.html" in " ".join(out.split())
    readme = (PROFILES.parent / "README.md").read_text(encoding="utf-8")
    assert "-o json=report.json -o html=report.html" in readme


def test_check_target_refuses_what_write_file_would(tmp_path: Path) -> None:
    existing = tmp_path / "r.json"
    existing.write_text("{}", encoding="utf-8")
    check_target(str(existing), force=True)
    check_target(str(tmp_path / "new.json"), force=False)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    check_target(str(fifo), force=False)  # written through, never replaced
    refused = {
        str(existing): "exists; use --force",
        str(tmp_path): "is a directory",
        str(tmp_path / "no" / "r.json"): "does not exist",
    }
    for path, message in refused.items():
        with pytest.raises(WriteRefused, match=message):
            check_target(path, force=path != str(existing))
