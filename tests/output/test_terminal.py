"""Terminal reports as a user sees them: width from the terminal, colour and Unicode only where
they belong, and profile text shown literally by ``score``, ``compare`` and ``whatif``."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.output import table
from tests.output.helpers import ROOT, options
from tests.output.hostile_text import (
    HOSTILE_FILE_NAME,
    OWN_SGR,
    assert_no_hostile_raw,
    assert_terminal_safe,
    write_hostile,
)

TROUBLED_ROLLOUT = "profiles/troubled-rollout.yaml"
HEALTHY_ROLLOUT = "profiles/healthy-rollout.yaml"
COLOUR_ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")


def run_in_terminal(args: list[str], columns: int, timeout: float = 120.0) -> str:
    """Run the CLI on a pseudo-terminal `columns` wide and return what it shows."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in COLOUR_ENV}
    env.update(PYTHONPATH=str(ROOT), TERM="xterm-256color")
    proc = subprocess.Popen(
        [sys.executable, "-m", "riskengine", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: the terminal's other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=max(1.0, deadline - time.monotonic())) == 0
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def words(text: str) -> set[str]:
    """Whitespace-separated words with surrounding punctuation removed."""
    return {w.strip(",;:().") for w in text.split()} - {""}


def strings_in(value: Any) -> Iterator[str]:
    """Every string (keys included) inside JSON-like data."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from strings_in(v)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)


def test_score_at_80_columns_in_a_terminal(engine: Engine) -> None:
    shown = run_in_terminal(["score", TROUBLED_ROLLOUT], columns=80)
    assert OWN_SGR.search(shown), "a terminal gets colour"
    plain = OWN_SGR.sub("", shown)
    lines = plain.splitlines()
    assert len(lines) > 100
    too_long = [line for line in lines if len(line) > 80]
    assert too_long == []

    # a word cut in two would leave pieces that appear nowhere in the unwrapped report
    assessment = engine.assess(engine.load(ROOT / TROUBLED_ROLLOUT), label=TROUBLED_ROLLOUT)
    unwrapped = table.render([assessment], options(width=1_000_000))
    known = words(unwrapped) | words(" ".join(strings_in(assessment.model_dump(mode="json"))))
    unknown = sorted(words(plain) - known)
    assert unknown == [], f"words split or invented: {unknown[:20]}"


def cli(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI (standard output is not a terminal) and return its output."""
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def _clean_terminal_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in COLOUR_ENV:
        monkeypatch.delenv(name, raising=False)


def widest(text: str) -> int:
    return max(len(line) for line in OWN_SGR.sub("", text).splitlines())


def test_piped_score_is_80_columns_unless_columns_says_otherwise() -> None:
    path = str(ROOT / TROUBLED_ROLLOUT)
    assert widest(cli("score", path, "--no-rank")) <= 80
    wide = cli("score", path, "--no-rank", env={"COLUMNS": "130"})
    assert 100 < widest(wide) <= 130
    assert widest(cli("score", path, "--no-rank", env={"COLUMNS": "60"})) <= 60


def test_force_color_colours_a_pipe_and_no_color_wins() -> None:
    path = str(ROOT / TROUBLED_ROLLOUT)
    assert OWN_SGR.search(cli("score", path, "--no-rank", env={"FORCE_COLOR": "1"}))
    both = {"FORCE_COLOR": "1", "NO_COLOR": "1"}
    assert not OWN_SGR.search(cli("score", path, "--no-rank", env=both))


def test_report_written_to_a_file_has_no_colour(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    cli(
        "score", str(ROOT / TROUBLED_ROLLOUT), "--no-rank", "-o", str(out), env={"FORCE_COLOR": "1"}
    )
    assert not OWN_SGR.search(out.read_text(encoding="utf-8"))


COMPARISONS = [
    ("compare", TROUBLED_ROLLOUT, HEALTHY_ROLLOUT),
    ("whatif", TROUBLED_ROLLOUT, "--set", "sponsor.side=sales"),
]


@pytest.mark.parametrize("args", COMPARISONS, ids=["compare", "whatif"])
@pytest.mark.parametrize(
    "env", [{}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}], ids=["piped", "no-color"]
)
def test_compare_and_whatif_are_ascii_and_fit_when_plain(
    args: tuple[str, ...], env: dict[str, str]
) -> None:
    command, *rest = args
    paths = [str(ROOT / a) if a.startswith("profiles/") else a for a in rest]
    text = cli(command, *paths, env=env)
    assert text.isascii(), "no Unicode box lines when plain"
    assert "\x1b" not in text
    assert widest(text) <= 80
    assert re.search(r"^\| pillar +\| +old \|", text, re.M)


@pytest.mark.parametrize("args", COMPARISONS, ids=["compare", "whatif"])
def test_compare_and_whatif_use_the_terminal_width_and_colour_when_asked(
    args: tuple[str, ...],
) -> None:
    command, *rest = args
    paths = [str(ROOT / a) if a.startswith("profiles/") else a for a in rest]
    text = cli(command, *paths, env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert OWN_SGR.search(text)
    assert "━" in text or "│" in text, "Unicode box lines on a colour terminal"
    assert widest(text) <= 120


@pytest.mark.parametrize("color", ["never", "always"])
def test_compare_shows_hostile_names_literally(tmp_path: Path, color: str) -> None:
    old = write_hostile(tmp_path)
    new = write_hostile(tmp_path, "fixed[red].yaml")
    data = new.read_text(encoding="utf-8").replace("engagement: passive", "engagement: champion")
    new.write_text(data, encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(old), str(new), "--color", color])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert HOSTILE_FILE_NAME in text and "fixed[red].yaml" in text, "markup is never interpreted"
    assert "Resolved findings" in text
    assert_terminal_safe(text)
    assert_no_hostile_raw(text)


def test_whatif_shows_hostile_names_and_values_literally(tmp_path: Path) -> None:
    profile = write_hostile(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "whatif",
            str(profile),
            "--set",
            "sponsor.name=[red]\x1b]0;x\x07[/]",
            "--set",
            "sponsor.engagement=champion",
        ],
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "[red]\\x1b]0;x\\x07[/]" in text
    assert HOSTILE_FILE_NAME in text
    assert_terminal_safe(text)
    assert_no_hostile_raw(text)
