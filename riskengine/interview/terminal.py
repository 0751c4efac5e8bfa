"""Questions in a terminal: arrow-key choices, answers checked as they are typed, going back.

Only ``riskengine interview`` in a terminal imports this module (and prompt_toolkit with it).
"""

from __future__ import annotations

from typing import Any

import click
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.shortcuts import choice
from prompt_toolkit.validation import ValidationError, Validator

from riskengine.interview.answers import BadAnswer, parse
from riskengine.interview.run import Answer, Check, Reply, Signal
from riskengine.interview.session import Question

TOOLBAR = " Enter on an empty answer: don't know · Ctrl-B: back · Ctrl-C: stop and save "
PICKED = ("bool", "exists", "choice", "ref")
"""Kinds answered by picking one option with the arrow keys."""
BACK_MARK = "\x02"
"""What a typed prompt returns when the person goes back (Ctrl-B cannot be typed as text)."""


class TerminalPrompter:
    """Asks with prompt_toolkit; `color` decides whether hints are dimmed."""

    def __init__(self, color: bool) -> None:
        self._color = color
        self._session: PromptSession[str] = PromptSession()

    def say(self, text: str) -> None:
        """Write one message."""
        click.echo(text)

    def ask(self, question: Question, number: int, check: Check) -> Reply:
        """Put the question until it gets a valid reply."""
        title = f"\n[{number}] {question.text}"
        click.echo(click.style(title, bold=True) if self._color else title)
        if question.why:
            click.echo(self._dim(f"    why it matters: {question.why}"))
        while True:
            try:
                reply = self._reply(question, check)
                if isinstance(reply, Answer):
                    check(reply.value)
            except (KeyboardInterrupt, EOFError):
                return Signal.STOP
            except BadAnswer as exc:
                click.echo(f"    {exc}")
                continue
            return reply

    def _reply(self, question: Question, check: Check) -> Reply:
        if question.spec.kind in PICKED:
            return self._pick(question)
        return self._type(question, check)

    def _dim(self, text: str) -> str:
        return click.style(text, dim=True) if self._color else text

    def _pick(self, question: Question) -> Reply:
        options: list[tuple[Any, str]] = [(Answer(v), label) for v, label in _options(question)]
        options.append((Signal.DONT_KNOW, "don't know"))
        picked: Reply = choice(
            "",
            options=options,
            key_bindings=_back_keys(Signal.BACK, "c-b", "left"),
            bottom_toolbar=TOOLBAR,
        )
        return picked

    def _type(self, question: Question, check: Check) -> Reply:
        completer = WordCompleter(list(question.options)) if question.options else None
        text = self._session.prompt(
            f"  {question.hint}\n  > ",
            validator=_Typed(question, check),
            validate_while_typing=True,
            completer=completer,
            complete_while_typing=True,
            key_bindings=_back_keys(BACK_MARK, "c-b"),
            bottom_toolbar=TOOLBAR,
        )
        if text == BACK_MARK:
            return Signal.BACK
        if not text.strip():
            return Signal.DONT_KNOW
        return Answer(parse(question.spec, text, question.options))


def _options(question: Question) -> list[tuple[Any, str]]:
    """The values a picked answer can take, with their labels."""
    kind = question.spec.kind
    if kind == "bool":
        return [(True, "yes"), (False, "no")]
    if kind == "exists":
        return [({}, "yes"), (False, "no, there is none")]
    return [(option, option.replace("_", " ")) for option in question.options]


def _back_keys(result: Any, *keys: str) -> KeyBindings:
    bindings = KeyBindings()
    for key in keys:

        @bindings.add(key)
        def _back(event: KeyPressEvent) -> None:
            event.app.exit(result=result)

    return bindings


class _Typed(Validator):
    """Checks a typed answer as it is typed: it must parse and leave a valid profile."""

    def __init__(self, question: Question, check: Check) -> None:
        self._question = question
        self._check = check

    def validate(self, document: Document) -> None:
        text = document.text.strip()
        if not text:
            return
        try:
            self._check(parse(self._question.spec, text, self._question.options))
        except BadAnswer as exc:
            raise ValidationError(message=str(exc), cursor_position=len(document.text)) from None
