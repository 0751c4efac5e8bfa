"""The result of a profile whose worker process had to be stopped, or ended on its own.

Such a profile has no assessment to report, yet it must not vanish from the batch nor pass for
a healthy one: it becomes an incomplete assessment with no findings whose failure says what
happened, naming the rule that was running when the worker's stack shows one.
"""

from __future__ import annotations

import inspect
import re
import signal
from collections.abc import Mapping
from typing import TYPE_CHECKING

from riskengine.assessment import Assessment, RuleFailure
from riskengine.batch.work import BatchResult, Source, label_of

if TYPE_CHECKING:
    from riskengine.engine import Engine

WHOLE_PROFILE = "*"
"""The `RuleFailure.rule` of a stopped profile when no single rule can be blamed."""

_FRAME = re.compile(r'^\s*File "(?P<file>.*)", line (?P<line>\d+) in ')


def stopped_result(
    engine: Engine, index: int, source: Source, reason: str, stack: str = ""
) -> BatchResult:
    """An incomplete, finding-less assessment of `source` (at `index`), failed for `reason`.

    `stack` is the worker's traceback as `faulthandler` wrote it (most recent call first), used
    to name the rule that was running.
    """
    label = _name_of(source)
    rule, plugin = running_rule(engine, stack)
    what = "the assessment" if rule == WHOLE_PROFILE else "this rule"
    error = f"{what} {reason}; nothing of this profile is assessed"
    failure = RuleFailure(rule=rule, plugin=plugin, error=error)
    assessment = Assessment(
        profile=label,
        organization=label,
        score=engine.score((), assessed=0.0),
        findings=(),
        errors=(failure,),
        config=engine.config.source,
    )
    return BatchResult(index, label, assessment=assessment)


def running_rule(engine: Engine, stack: str) -> tuple[str, str]:
    """The id and plugin of the one active rule whose ``evaluate`` is on `stack`, innermost
    first; `WHOLE_PROFILE` and no plugin when none (or several equally) match."""
    frames = [(m["file"], int(m["line"])) for m in map(_FRAME.match, stack.splitlines()) if m]
    if not frames:
        return WHOLE_PROFILE, ""
    rules = engine.evaluator.rules
    lines_of = {active.id: _code_lines(type(active.rule).evaluate) for active in rules}
    for frame in frames:
        matching = [active for active in rules if frame in lines_of[active.id]]
        if len(matching) == 1:
            return matching[0].id, matching[0].plugin
    return WHOLE_PROFILE, ""


def _code_lines(function: object) -> set[tuple[str, int]]:
    """(file, line) of every line a function's code (and the code it nests) runs."""
    code = getattr(inspect.unwrap(function), "__code__", None)  # type: ignore[arg-type]
    found: set[tuple[str, int]] = set()
    pending = [code] if code is not None else []
    while pending:
        current = pending.pop()
        found.update((current.co_filename, line) for _, _, line in current.co_lines() if line)
        pending.extend(c for c in current.co_consts if hasattr(c, "co_lines"))
    return found


def ended_reason(exitcode: int | None) -> str:
    """Why a worker process ended by itself, in words (``killed by signal SIGSEGV``)."""
    if exitcode is None:
        return "ended its worker process"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"ended its worker process (killed by {name})"
    return f"ended its worker process (exit status {exitcode})"


def limit_reason(seconds: float) -> str:
    """Why a profile was stopped at its time limit."""
    return (
        f"did not finish within the per-profile time limit of {seconds:g} s "
        "(profile_timeout, --profile-timeout), so its worker process was stopped"
    )


def _name_of(source: Source) -> str:
    """The label the source's assessment would have had: the organization's name for data."""
    if isinstance(source, Mapping):
        organization = source.get("organization")
        name = organization.get("name") if isinstance(organization, Mapping) else None
        if isinstance(name, str) and name:
            return name
    return label_of(source)
