"""``riskengine score`` on batches: directories, globs, stdin, JSON lines, --jobs, load failures."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.cli.batch import PROGRESS_FROM, _progress
from tests.helpers import PROFILES

BROKEN = "organization: {name: Broken}\nsponsor: {engagement: lukewarm}\n"
TODAY = ("--today", "2026-01-15")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Six example profiles, two of them one directory down."""
    examples = sorted(PROFILES.glob("*.yaml"))[:6]
    (tmp_path / "later").mkdir()
    for i, path in enumerate(examples):
        shutil.copy(path, tmp_path / ("later" if i % 3 == 2 else "") / path.name)
    return tmp_path


def test_jsonl_in_two_processes_gives_the_same_lines(folder: Path) -> None:
    code, one, err = run("score", str(folder), "-f", "jsonl", *TODAY)
    assert code == 0, err
    code, two, err = run("score", str(folder), "-f", "jsonl", "--jobs", "2", *TODAY)
    assert code == 0, err
    assert two == one
    lines = one.splitlines()
    labels = [json.loads(line)["profile"] for line in lines]
    assert labels == sorted(str(p) for p in folder.rglob("*.yaml"))
    assert all(json.loads(line)["recommendations"] for line in lines[:1])


def test_jsonl_lines_are_the_json_report_on_one_line(folder: Path) -> None:
    path = str(sorted(folder.glob("*.yaml"))[0])
    _, line, _ = run("score", path, "-f", "jsonl", *TODAY)
    _, report, _ = run("score", path, "-f", "json", *TODAY)
    assert line.count("\n") == 1
    assert json.loads(line) == json.loads(report)


def test_a_broken_file_exits_2_and_the_others_are_reported(folder: Path) -> None:
    (folder / "b-broken.yaml").write_text(BROKEN, encoding="utf-8")
    good = sorted(str(p) for p in folder.rglob("*.yaml") if p.name != "b-broken.yaml")
    code, out, err = run("score", str(folder), "-f", "jsonl", "--jobs", "2", *TODAY)
    assert code == 2
    assert f"{folder / 'b-broken.yaml'}:2:23: sponsor.engagement:" in err
    assert [json.loads(line)["profile"] for line in out.splitlines()] == good
    # other formats too: one report of the good profiles, the same as without the broken one
    code, report, err = run("score", str(folder), "-f", "json", "--no-rank", *TODAY)
    assert code == 2 and "b-broken.yaml:2:23" in err
    (folder / "b-broken.yaml").unlink()
    assert run("score", str(folder), "-f", "json", "--no-rank", *TODAY) == (0, report, "")


def test_load_failures_come_before_fail_above(folder: Path) -> None:
    assert run("score", str(folder), "--no-rank", "--fail-above", "1")[0] == 1
    code, _, err = run("score", str(folder), "missing.yaml", "--no-rank", "--fail-above", "1")
    assert code == 2
    assert "missing.yaml: cannot read profile" in err


def test_globs_are_expanded_and_stdin_is_read(folder: Path) -> None:
    text = sorted(folder.glob("*.yaml"))[0].read_text(encoding="utf-8")
    pattern = str(folder / "**" / "*.yaml")
    code, out, err = run("score", pattern, "-", "-f", "jsonl", "--no-rank", *TODAY, stdin=text)
    assert code == 0, err
    labels = [json.loads(line)["profile"] for line in out.splitlines()]
    assert labels == [*sorted(str(p) for p in folder.rglob("*.yaml")), "<stdin>"]
    code, _, err = run("score", str(folder / "nothing-*.yaml"))
    assert code == 2
    assert "nothing-*.yaml: no file matches this pattern" in err


def test_jsonl_to_a_file_is_written_whole_and_not_over_a_users_file(folder: Path) -> None:
    target = folder / "out.jsonl"
    code, out, err = run("score", str(folder), "-f", "jsonl", "--no-rank", "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 6
    code, _, err = run("score", str(folder), "-f", "jsonl", "-o", str(target))
    assert code == 2 and "use --force" in err


@pytest.mark.parametrize(
    ("value", "message"), [("0", "at least 1"), ("many", "a number or 'auto'")]
)
def test_jobs_must_be_a_count_or_auto(value: str, message: str) -> None:
    code, _, err = run("score", str(PROFILES), "--jobs", value)
    assert code == 2
    assert message in err


def test_jobs_and_dask_do_not_mix() -> None:
    code, _, err = run("score", str(PROFILES), "--jobs", "2", "--dask", "tcp://nowhere:1")
    assert code == 2
    assert "--jobs and --dask exclude each other" in err


def test_no_progress_bar_when_stderr_is_not_a_terminal(folder: Path) -> None:
    for i in range(25):
        shutil.copy(sorted(folder.glob("*.yaml"))[0], folder / f"copy-{i:02}.yaml")
    code, _, err = run("score", str(folder), "-f", "jsonl", "--no-rank")
    assert code == 0
    assert err == ""


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TERM", "xterm")
    with _progress(PROGRESS_FROM) as (echo, advance):
        echo("a.yaml:1:1: a problem")
        for _ in range(PROGRESS_FROM):
            advance()
    shown = terminal.getvalue()
    assert "a.yaml:1:1: a problem" in shown
    assert f"{PROGRESS_FROM}/{PROGRESS_FROM}" in shown
    terminal.truncate(0)
    with _progress(PROGRESS_FROM - 1) as (echo, advance):  # a short batch shows no bar
        advance()
    assert terminal.getvalue().strip("\x00") == ""
