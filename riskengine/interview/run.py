"""Putting questions to a person until the rules need nothing more or the person stops."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from riskengine.interview.answers import BadAnswer
from riskengine.interview.report import progress_line
from riskengine.interview.session import Interview, Question

PROGRESS_EVERY = 5
"""Show the assessed share and top risks after this many questions."""


class Signal(enum.Enum):
    """A reply that is no answer."""

    DONT_KNOW = "don't know"
    BACK = "back"
    STOP = "stop"


@dataclass(frozen=True)
class Answer:
    """A reply that answers: the value parsed from what was typed or chosen."""

    value: Any


Reply = Answer | Signal
Check = Callable[[Any], None]
"""Raises `BadAnswer` when a value would not leave a valid profile."""


class Prompter(Protocol):
    """How questions reach a person: lines on a pipe, or a terminal UI."""

    def ask(self, question: Question, number: int, check: Check) -> Reply:
        """Put `question` and return the reply; `check` validates a parsed value."""

    def say(self, text: str) -> None:
        """Tell the person something between questions."""


def conduct(interview: Interview, prompter: Prompter) -> bool:
    """Ask until nothing is left to ask (True) or the person stops (False)."""
    step = ""
    while (question := interview.next_question()) is not None:
        if question.step != step:
            step = question.step
            prompter.say(f"\n== {step} ==")
        reply = prompter.ask(question, interview.asked + 1, partial(interview.check, question))
        if reply is Signal.STOP:
            return False
        if reply is Signal.BACK:
            if not interview.back():
                prompter.say("This is the first question.")
            step = ""
            continue
        if not _settle(interview, question, reply, prompter):
            continue
        if interview.complete and interview.asked % PROGRESS_EVERY == 0:
            prompter.say(progress_line(interview.assessment()))
    prompter.say("\nNo more questions: the rules have every answer they can use.")
    return True


def _settle(interview: Interview, question: Question, reply: Reply, prompter: Prompter) -> bool:
    """Record a reply; False when the question must be asked again."""
    if isinstance(reply, Answer):
        try:
            interview.answer(question, reply.value)
        except BadAnswer as exc:
            prompter.say(f"  {exc}")
            return False
        return True
    if question.spec.required:
        prompter.say("  This one needs an answer.")
        return False
    interview.pass_over(question)
    return True
