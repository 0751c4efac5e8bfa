"""Engine.assess_many: input order, the same results however the work is spread, failed sources."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from riskengine.batch import BatchResult, ProfileText, assess_many
from riskengine.batch.inputs import expand_inputs
from riskengine.batch.work import Digest
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.output.jsonl import line
from riskengine.output.options import FormatOptions
from tests.helpers import PROFILES

TODAY = dt.date(2026, 1, 15)
EXAMPLES = sorted(str(p) for p in PROFILES.glob("*.yaml"))
BROKEN = "organization: {name: Broken}\nsponsor: {engagement: lukewarm}\n"


def test_results_come_in_input_order_with_the_single_assessments(engine: Engine) -> None:
    sources = EXAMPLES[:4]
    results = list(engine.assess_many(sources, today=TODAY, rank=False))
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.label for r in results] == sources
    assert [r.unwrap() for r in results] == [
        engine.assess(s, today=TODAY, rank=False) for s in sources
    ]


def test_worker_processes_give_the_same_results_in_the_same_order(engine: Engine) -> None:
    sources = [*EXAMPLES[:5], "missing.yaml", EXAMPLES[5]]
    here = list(engine.assess_many(sources, today=TODAY))
    pooled = list(engine.assess_many(sources, jobs=2, today=TODAY))
    assert pooled == here
    assert [r.ok for r in pooled] == [True] * 5 + [False, True]


@pytest.mark.parametrize("jobs", [1, 2])
def test_reports_rendered_where_they_are_made_match_the_assessments(
    engine: Engine, jobs: int
) -> None:
    sources = [*EXAMPLES[:3], "missing.yaml", EXAMPLES[3]]
    render = functools.partial(line, options=FormatOptions(date=TODAY))
    rendered = list(assess_many(engine, sources, jobs=jobs, today=TODAY, render=render))
    whole = list(engine.assess_many(sources, today=TODAY))
    assert [r.ok for r in rendered] == [True, True, True, False, True]
    for digested, full in zip(rendered, whole, strict=True):
        assert digested.assessment is None and digested.problems == full.problems
        if full.assessment is None:
            continue
        assert digested.digest == Digest.of(full.assessment, render(full.assessment))
        with pytest.raises(ValueError, match="digest"):
            digested.unwrap()


def test_a_source_that_fails_to_load_carries_its_located_problems(engine: Engine) -> None:
    sources = [EXAMPLES[0], ProfileText(BROKEN, label="broken.yaml"), EXAMPLES[1]]
    results = list(engine.assess_many(sources, today=TODAY, rank=False))
    assert [r.ok for r in results] == [True, False, True]
    failed = results[1]
    assert failed.assessment is None and failed.label == "broken.yaml"
    assert [str(p) for p in failed.problems] == [
        "broken.yaml:2:23: sponsor.engagement: 'lukewarm' is not one of 'absent', 'passive', "
        "'supportive' or 'champion'"
    ]
    assert isinstance(failed.error, ProfileError)
    with pytest.raises(ProfileError, match=r"sponsor\.engagement"):
        failed.unwrap()
    assert results[0].error is None


def test_every_kind_of_source_is_accepted(engine: Engine) -> None:
    path = Path(EXAMPLES[0])
    text = path.read_text(encoding="utf-8")
    profile = engine.load(path)
    as_text = ProfileText(text, label=str(path), fmt="yaml")
    sources = [path, as_text, profile, {"organization": {"name": "M"}}]
    results = list(engine.assess_many(sources, today=TODAY, rank=False))
    assert [r.label for r in results] == [str(path), str(path), profile.organization.name, "M"]
    # the text read elsewhere is the same assessment as the file, source positions included
    assert results[0].assessment == results[1].assessment
    assert results[0].unwrap().positions


def test_the_batch_is_lazy_and_bounded(engine: Engine) -> None:
    pulled = itertools.count()

    def endless() -> Iterator[str]:
        for _ in pulled:
            yield EXAMPLES[0]

    here = engine.assess_many(endless(), today=TODAY, rank=False)
    assert next(here).ok
    assert next(pulled) == 1  # one source taken for the one result asked for
    pooled = engine.assess_many(endless(), jobs=2, today=TODAY, rank=False)
    first: BatchResult = next(pooled)
    assert first.ok and first.index == 0
    # at most a few sources per worker are handed out ahead of the reader
    assert next(pulled) - 2 <= 2 * 4 + 1
    pooled.close()  # type: ignore[attr-defined]


def test_jobs_and_client_are_checked(engine: Engine) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        engine.assess_many(EXAMPLES, jobs=0)
    with pytest.raises(ValueError, match="either"):
        engine.assess_many(EXAMPLES, jobs=2, client=object())


def test_inputs_expand_directories_globs_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/z.yaml", "b/a.json", "m.yml", "notes.txt", ".hidden/x.yaml", "top.yaml"):
        (tmp_path / name).write_text("organization: {name: X}\n", encoding="utf-8")

    class Stdin:
        reads = 0

        def read(self) -> str:
            Stdin.reads += 1
            return "organization: {name: From stdin}\n"

    inputs = expand_inputs(
        [str(tmp_path / "b"), str(tmp_path / "*.y*ml"), "-", str(tmp_path / "b/a.json"), "-"],
        stdin=Stdin(),  # type: ignore[arg-type]
    )
    assert inputs.problems == []
    assert inputs.sources == [
        str(tmp_path / "b/a.json"),
        str(tmp_path / "b/z.yaml"),
        str(tmp_path / "m.yml"),
        str(tmp_path / "top.yaml"),
        ProfileText("organization: {name: From stdin}\n", label="<stdin>"),
    ]
    assert Stdin.reads == 1
    recursive = expand_inputs([str(tmp_path / "**" / "*.yaml")]).sources
    assert recursive == [str(tmp_path / "b/z.yaml"), str(tmp_path / "top.yaml")]


def test_inputs_that_name_nothing_are_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    inputs = expand_inputs([str(tmp_path / "empty"), str(tmp_path / "*.yaml"), "plain.yaml"])
    assert [p.message for p in inputs.problems] == [
        "no profiles (*.yaml, *.yml, *.json) in directory",
        "no file matches this pattern",
    ]
    assert inputs.sources == ["plain.yaml"]  # a plain name is read, and reported, later
