"""The interactive interview in a real pseudo-terminal: arrow keys, "don't know", going back."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from riskengine.loading import load_profile
from tests.helpers import ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07|\r")
DOWN, ENTER, BACK, STOP = "\x1b[B", "\r", "\x02", "\x03"
WAIT = 30.0


class Terminal:
    """A child process on a pseudo-terminal, read as plain text (escape sequences removed)."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        main, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD": "1",
        }
        self.process = subprocess.Popen(
            args, stdin=child, stdout=child, stderr=child, cwd=cwd, env=env, start_new_session=True
        )
        os.close(child)
        self.fd = main
        self.text = ""
        self.seen = 0

    def expect(self, wanted: str) -> None:
        """Read until `wanted` appears after what was already matched."""
        deadline = time.monotonic() + WAIT
        while wanted not in self.text[self.seen :]:
            left = deadline - time.monotonic()
            assert left > 0, f"{wanted!r} never appeared; screen so far:\n{self.text[-2000:]}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                assert chunk, f"the program ended before {wanted!r}:\n{self.text[-2000:]}"
                self.text += ANSI.sub("", chunk.decode("utf-8", "replace"))
        self.seen = self.text.index(wanted, self.seen) + len(wanted)

    def send(self, keys: str) -> None:
        time.sleep(0.15)  # let the prompt finish drawing before it reads keys
        os.write(self.fd, keys.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
            os.close(self.fd)


def test_interactive_interview(tmp_path: Path) -> None:
    term = Terminal([sys.executable, "-m", "riskengine", "interview", "-o", "p.yaml"], tmp_path)
    try:
        steps = [
            ("Company name", "Kestrel" + ENTER),
            ("Industry the company works in", DOWN + ENTER),  # the second choice: retail
            ("How many people will use the CRM", "300" + ENTER),
            ("software-as-a-service", ENTER),  # first choice: yes
            ("sensitivity of customer data", DOWN + DOWN + ENTER),  # don't know
            ("Where the program is", DOWN + ENTER),  # implementing
            ("The go-live date", "2027-03-01" + ENTER),
            ("how many months since go-live", ENTER),  # nothing typed: don't know
            ("One or two sentences", BACK),  # back to the months live
            ("how many months since go-live", "2" + ENTER),
            ("One or two sentences", "One view of every customer" + ENTER),
            ("What started the program", ENTER),  # strategy
            ("customers that matter most", DOWN + ENTER),  # no
            ("Measurable objectives", "More repeat orders" + ENTER),
            ("How progress is measured", "repeat rate" + ENTER),
        ]
        for question, keys in steps:
            term.expect(question)
            term.send(keys)
        term.expect("Value before the program started")
        term.send(STOP)
        term.expect("wrote p.yaml")
        term.expect("full report: riskengine score p.yaml")
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            os.killpg(term.process.pid, signal.SIGKILL)
    profile = load_profile(tmp_path / "p.yaml")
    organization = profile.organization
    assert (organization.name, organization.industry, organization.crm_seats) == (
        "Kestrel",
        "retail",
        300,
    )
    assert organization.saas is True
    assert "data_sensitivity_reviewed" not in organization.model_fields_set
    assert profile.lifecycle.stage == "implementing"
    assert profile.lifecycle.go_live == dt.date(2027, 3, 1)
    assert profile.lifecycle.months_live == 2
    assert profile.strategy.vision == "One view of every customer"
    assert profile.strategy.motive == "strategy"
    assert profile.strategy.target_customers_defined is False
    objective = profile.objectives["more_repeat_orders"]
    assert [m.name for m in objective.metrics] == ["repeat rate"]
    assert objective.metrics[0].baseline is None
