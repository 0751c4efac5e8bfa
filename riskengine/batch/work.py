"""One unit of batch work: a source in, a `BatchResult` out; the same code runs in every worker."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from riskengine.assessment import Assessment, RuleFailure
from riskengine.errors import Problem, ProfileError
from riskengine.loading import load_profile_text
from riskengine.profile import Profile

if TYPE_CHECKING:
    from riskengine.engine import Engine


@dataclass(frozen=True)
class ProfileText:
    """A profile's YAML or JSON text, read elsewhere (standard input, a request, another host).

    `fmt` is ``"yaml"``, ``"json"``, or None to tell them apart by the text itself.
    """

    text: str
    label: str = "<stdin>"
    fmt: str | None = None

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> ProfileText:
        """Read a file now (for a worker that cannot see this machine's files).

        Raises:
            ProfileError: the file cannot be read, in the words `Engine.load` would use.
        """
        label = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ProfileError([Problem(label, f"cannot read profile: {reason}")]) from None
        suffix = Path(path).suffix.lower()
        fmt = "json" if suffix == ".json" else "yaml" if suffix in {".yaml", ".yml"} else None
        return cls(text, label, fmt)


Source = Profile | ProfileText | str | os.PathLike[str] | Mapping[str, Any]
"""What a batch assesses: a `Profile`, a profile's text, a file path, or a mapping."""


Render = Callable[[Assessment], str]
"""Turns one assessment into its report text (a JSON line, say)."""


@dataclass(frozen=True)
class BatchSettings:
    """What every assessment of one batch shares, fixed once so that workers agree."""

    today: dt.date
    rank: bool = True
    render: Render | None = None
    """Render each assessment where it is made (a worker process, a cluster node) and send
    back only its `Digest`: the text, not the assessment, travels to the consumer."""


@dataclass(frozen=True)
class Digest:
    """What a consumer streaming reports needs of one assessment: the report text, and the
    figures behind the exit status and the messages on stderr."""

    profile: str
    overall: float
    incomplete: bool
    errors: tuple[RuleFailure, ...] = ()
    report: str = ""

    @classmethod
    def of(cls, assessment: Assessment, report: str = "") -> Digest:
        """The digest of `assessment`, carrying `report` (its rendered text)."""
        return cls(
            profile=assessment.profile,
            overall=assessment.score.overall,
            incomplete=assessment.incomplete,
            errors=tuple(assessment.errors),
            report=report,
        )


@dataclass(frozen=True)
class BatchResult:
    """The outcome for one source of a batch: its assessment, or why it could not be assessed.

    Either `problems` is set or the source was assessed. A source that cannot be read or does
    not validate gives `problems` (each placed at file:line:column as `Engine.load` reports
    them); `error` turns them back into the `ProfileError` a single `Engine.assess` would
    raise. An assessed source carries its `assessment`, or only its `digest` in a batch whose
    settings render reports where they are made.
    """

    index: int
    """Position of the source in the input, from 0."""
    label: str
    """The file name, ``<stdin>``, or the organization's name for in-memory profiles."""
    assessment: Assessment | None = None
    problems: tuple[Problem, ...] = ()
    digest: Digest | None = None

    @property
    def ok(self) -> bool:
        """Whether the source was assessed."""
        return not self.problems

    @property
    def error(self) -> ProfileError | None:
        """The load error as an exception, or None when the source was assessed."""
        return ProfileError(list(self.problems)) if self.problems else None

    def unwrap(self) -> Assessment:
        """The assessment, or raise the `ProfileError` that kept the source from being assessed."""
        if self.assessment is not None:
            return self.assessment
        if self.problems:
            raise ProfileError(list(self.problems))
        raise ValueError("the batch rendered this assessment where it was made: see `digest`")


def label_of(source: Source) -> str:
    """How a source is named in reports and error messages before it is loaded."""
    if isinstance(source, ProfileText):
        return source.label
    if isinstance(source, Profile):
        return source.organization.name
    if isinstance(source, Mapping):
        return "<dict>"
    return str(source)


def assess_source(
    engine: Engine, index: int, source: Source, settings: BatchSettings
) -> BatchResult:
    """Load and assess one source; a load failure becomes the result's `problems`."""
    label = label_of(source)
    try:
        profile = _load(engine, source, label)
    except ProfileError as exc:
        return BatchResult(index, label, problems=tuple(exc.problems))
    named = None if isinstance(source, (Profile, Mapping)) else label
    assessment = engine.assess(profile, label=named, today=settings.today, rank=settings.rank)
    return finished(BatchResult(index, assessment.profile, assessment=assessment), settings)


def finished(result: BatchResult, settings: BatchSettings) -> BatchResult:
    """`result` as the batch hands it on: reduced to its digest when the settings render."""
    if settings.render is None or result.assessment is None:
        return result
    digest = Digest.of(result.assessment, settings.render(result.assessment))
    return BatchResult(result.index, result.label, digest=digest)


def _load(engine: Engine, source: Source, label: str) -> Profile:
    if isinstance(source, Profile):
        return source
    if isinstance(source, ProfileText):
        profile = load_profile_text(source.text, label=label, fmt=source.fmt)
        engine.extensions_of(profile, label=label)
        return profile
    return engine.load(source)
