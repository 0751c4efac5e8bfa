"""Reports written to files: atomic, umask-respecting, and kind to links, pipes and devices."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.cli.files import WriteRefused, write_file
from tests.helpers import PROFILES

SMALL = str(PROFILES / "small-firm.yaml")


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_file("x", str(tmp_path / "r.txt"), force=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.txt").stat().st_mode) == 0o644


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    with pytest.raises(WriteRefused, match="--force"):
        write_file("new", str(path), force=False)
    write_file("new", str(path), force=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"], "no temporary file is left"


def test_a_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_file("new", str(link), force=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_hard_links_all_see_the_new_report(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("old old old", encoding="utf-8")
    second = tmp_path / "b.txt"
    os.link(first, second)
    write_file("new", str(first), force=True)
    assert second.read_text(encoding="utf-8") == "new"
    assert first.stat().st_ino == second.stat().st_ino


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_file("through the pipe", str(fifo), force=False)
    reader.join(timeout=10)
    assert got == ["through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_is_written_to_not_replaced() -> None:
    write_file("nothing", os.devnull, force=True)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "no" / "such" / "dir" / "r.json"
    result = runner.invoke(main, ["score", SMALL, "-f", "json", "-o", str(missing)])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = runner.invoke(main, ["score", SMALL, "-o", str(locked / "r.txt")])
        if os.geteuid() != 0:  # root writes anywhere
            assert result.exit_code == 2 and "cannot write" in result.stderr
    finally:
        locked.chmod(0o700)
    result = runner.invoke(main, ["score", SMALL, "-o", str(tmp_path)])
    assert result.exit_code == 2


def test_a_full_disk_on_stdout_is_a_clean_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "riskengine", "score", SMALL],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "cannot write" in done.stderr
