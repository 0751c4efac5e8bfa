"""No rule input is unaskable: every fact a built-in rule reads has a question that reaches it.

The facts are collected the way the engine sees them: every rule runs over every example profile
and over a profile stating only a name, and each pointer a rule asked for (and each section it
read) must be something the interview can ask, or create by asking (an entity, a list item).
An interview driven to the end with automatic answers must then put every one of those facts
as a question of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from riskengine.engine import Engine
from riskengine.interview.answers import BadAnswer, parse
from riskengine.interview.catalog import ASKABLE, spec_at
from riskengine.interview.session import Interview, Question
from riskengine.loading import load_profile
from riskengine.patching import pointer_parts
from riskengine.profile import Profile
from riskengine.profile.entities import kinds_by_section
from tests.helpers import PROFILES

NOT_SECTIONS = {"graph", "extensions", "*", "accepted_risks"}
"""Reads that are not profile facts: the graph, plugin sections (asked separately, see
test_session), whole-profile reads, and acceptances (the team's decisions, not facts)."""


def _profiles(engine: Engine) -> Iterator[Profile]:
    for path in sorted(PROFILES.glob("*.yaml")):
        yield engine.load(path)
    yield load_profile({"organization": {"name": "Only a name"}})


def _facts(engine: Engine) -> tuple[set[str], set[str]]:
    """Every pointer a built-in rule asked for, and every section one read."""
    asked: set[str] = set()
    read: set[str] = set()
    for profile in _profiles(engine):
        evaluation = engine.evaluate(profile)
        asked |= set(evaluation.asked)
        for run in evaluation.runs.values():
            read |= set(run.sections)
    return asked, read - NOT_SECTIONS


def pattern(at: str) -> str:
    """A pointer with entity ids as ``*`` and list positions as ``#``."""
    parts = pointer_parts(at)
    sections = kinds_by_section(Profile)
    out = []
    for i, part in enumerate(parts):
        if i == 1 and parts[0] in sections and not sections[parts[0]].singleton:
            out.append("*")
        else:
            out.append("#" if part.isdigit() else part)
    return "/" + "/".join(out)


def test_rules_ask_a_broad_set_of_facts(engine: Engine) -> None:
    asked, read = _facts(engine)
    # guards the collection itself: a broken walk would make the tests below pass vacuously
    assert len({pattern(a) for a in asked}) > 150
    assert {"sponsor", "departments", "fields", "training"} <= read


def test_every_fact_asked_can_be_asked(engine: Engine) -> None:
    asked, _ = _facts(engine)
    unaskable = []
    for at in sorted(asked):
        parts = pointer_parts(at)
        leaf = spec_at(Profile, {}, parts)
        if leaf is None or leaf.kind not in ASKABLE:
            unaskable.append(at)
            continue
        # every step on the way is a question, a section of questions, or created by one
        for i in range(1, len(parts)):
            step = spec_at(Profile, {}, parts[:i])
            if step is None:
                unaskable.append(at)
                break
    assert not unaskable, unaskable


def test_every_section_read_has_questions(engine: Engine) -> None:
    _, read = _facts(engine)
    for section in sorted(read):
        spec = spec_at(Profile, {}, [section])
        assert spec is not None, section
        if spec.kind == "section":
            assert spec.model is not None
            fields = [spec_at(Profile, {}, [section, f]) for f in spec.model.model_fields]
            assert any(f is not None and f.kind in ASKABLE for f in fields), section
        else:
            assert spec.kind in ASKABLE, section


def automatic(question: Question, pick: int, stage: str) -> Any:
    """An answer for any question: the `pick`-th option, the riskiest declared answer (even
    `pick`) or the healthiest (odd), a number, a date, two new names."""
    spec = question.spec
    if question.pointer == "/lifecycle/stage":
        return stage
    if spec.kind in ("choice", "ref"):
        return question.options[pick % len(question.options)]
    if spec.kind in ("choices", "refs") or (spec.kind == "items" and spec.target):
        return list(question.options[: pick + 1])
    if spec.fact is not None:
        return spec.fact.healthy if pick % 2 else spec.fact.risky
    samples = {
        "bool": "yes" if pick % 2 else "no",
        "exists": "yes",
        "int": "40",
        "float": "6",
        "date": "2024-01-15",
        "text": "Something said",
        "texts": "one; two",
        "entities": "First one, Second one",
        "items": "first, second",
    }
    return parse(spec, samples[spec.kind], question.options)


def drive(engine: Engine, pick: int, stage: str) -> set[str]:
    """Answer every question automatically; the patterns of the questions put."""
    interview = Interview(engine)
    put: set[str] = set()
    for _ in range(2000):
        question = interview.next_question()
        if question is None:
            return put
        put.add(pattern(question.pointer))
        if question.pointer == "/organization/name":
            interview.answer(question, "Automatic")
            continue
        try:
            interview.answer(question, automatic(question, pick, stage))
        except BadAnswer:  # phases that would follow each other in a loop
            interview.pass_over(question)
    raise AssertionError("the interview did not end")


@pytest.fixture(scope="module")
def reached() -> set[str]:
    engine = Engine(load_entrypoints=False)
    put: set[str] = set()
    for stage in ("planning", "implementing", "live"):
        for pick in (0, 1):
            put |= drive(engine, pick, stage)
    return put


def test_an_interview_reaches_every_fact_the_rules_ask(engine: Engine, reached: set[str]) -> None:
    asked, read = _facts(engine)
    wanted = {pattern(a) for a in asked} | {"/" + s for s in read if spec_at(Profile, {}, [s])}
    covered = reached | {p.rsplit("/", 1)[0] for p in reached}
    missing = sorted(p for p in wanted if p not in covered and not _section_of_questions(p))
    assert not missing, missing


def _section_of_questions(at: str) -> bool:
    spec = spec_at(Profile, {}, [p for p in at.split("/")[1:] if p not in "*#"])
    return spec is not None and spec.kind == "section"
