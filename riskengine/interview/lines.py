"""Questions over plain lines, for a pipe or a script: one answer per line.

An empty line means "don't know", a line holding only ``<`` goes back one question, and the end
of input stops the interview (everything not yet asked stays unknown). A line that is no answer
to the question is reported and the question is asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from riskengine.interview.answers import BadAnswer, parse
from riskengine.interview.run import Answer, Check, Reply, Signal
from riskengine.interview.session import Question

BACK = "<"


class LinePrompter:
    """Reads answers from `lines` and writes questions through `write`."""

    def __init__(self, lines: TextIO, write: Callable[[str], None]) -> None:
        self._lines = lines
        self._write = write

    def say(self, text: str) -> None:
        """Write one message."""
        self._write(text)

    def ask(self, question: Question, number: int, check: Check) -> Reply:
        """Put the question and read lines until one answers it."""
        self._write(f"[{number}] {question.text}")
        self._write(f"    {question.pointer} · {question.hint} · empty: don't know · {BACK}: back")
        if question.why:
            self._write(f"    why it matters: {question.why}")
        while True:
            line = self._lines.readline()
            if not line:
                return Signal.STOP
            text = line.strip()
            if not text:
                return Signal.DONT_KNOW
            if text == BACK:
                return Signal.BACK
            try:
                value = parse(question.spec, text, question.options)
                check(value)
            except BadAnswer as exc:
                self._write(f"    {exc}; try again")
                continue
            return Answer(value)
