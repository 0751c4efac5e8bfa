"""Open questions: the facts rules asked for that the profile leaves unknown, most revealing first.

A question is asked at the highest unknown step of a fact's pointer (``/sponsor`` when the
profile says nothing of a sponsor, rather than five questions about one). Each question is
measured like a recommendation: the engine answers it with the riskiest value its field
declares (`riskengine.profile.declare.Fact`), re-assesses, and the rise in overall risk is how
much the answer could reveal. Only the `MEASURED` questions most rules ask are measured, so a
profile with thousands of unknowns still assesses quickly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from riskengine.assessment import Question
from riskengine.errors import ProfileError
from riskengine.evaluation import Evaluation, Evaluator
from riskengine.findings import Change
from riskengine.patching import apply_changes, pointer, pointer_parts
from riskengine.profile import Profile
from riskengine.profile.facts import describe, fact_marker, known_prefix
from riskengine.scoring import overall_of, total_risk

MEASURED = 40
"""How many questions are measured: those asked by the most rules (then by pointer). The rest
keep ``reveals`` empty and follow the measured ones; reports say how many were measured."""


def open_questions(
    evaluator: Evaluator,
    evaluation: Evaluation,
    weights: Mapping[Any, float],
    *,
    measure: bool,
) -> tuple[Question, ...]:
    """The open questions of an evaluation; measured and sorted by what they could reveal."""
    groups = _group(evaluation)
    base = overall_of(evaluation.scores, weights)
    base_total = total_risk(evaluation.findings)
    chosen = sorted(groups, key=lambda at: (-len(groups[at][1]), at))[:MEASURED]
    probed = set(chosen) if measure else set()
    questions = []
    for at, (leaves, rules) in groups.items():
        reveals = total = None
        if at in probed:
            change = _probe(evaluation.profile, at, leaves)
            if change is not None:
                reveals, total = _measure(evaluator, evaluation, change, weights, base, base_total)
        questions.append(
            Question(
                pointer=at,
                rules=tuple(sorted(rules)),
                question=_text(evaluation.profile, at),
                reveals=reveals,
                risk_revealed=total,
            )
        )
    questions.sort(key=_order)
    return tuple(questions)


def _group(evaluation: Evaluation) -> dict[str, tuple[list[list[str]], set[str]]]:
    """Unanswered facts grouped under their highest unknown step."""
    groups: dict[str, tuple[list[list[str]], set[str]]] = {}
    for at, (known, rules) in evaluation.asked.items():
        if known:
            continue
        parts = pointer_parts(at)
        head = pointer(*parts[: known_prefix(evaluation.profile, parts) + 1])
        leaves, asking = groups.setdefault(head, ([], set()))
        leaves.append(parts)
        asking.update(rules)
    return groups


def _text(profile: Profile, at: str) -> str:
    """The question: what the field means, as the model documents it."""
    return describe(type(profile), pointer_parts(at))


def _probe(profile: Profile, at: str, leaves: list[list[str]]) -> Change | None:
    """The riskiest answer to a question, as a change: its own marker, or its facts' markers."""
    parts = pointer_parts(at)
    marker = fact_marker(type(profile), parts)
    if marker is not None:
        return Change(op="set", path=at, value=marker.risky)
    value: dict[str, Any] = {}
    for leaf in leaves:
        leaf_marker = fact_marker(type(profile), leaf)
        if leaf_marker is None or len(leaf) <= len(parts):
            continue
        node = value
        rest = leaf[len(parts) :]
        if any(p.isdigit() for p in rest):
            continue  # a list item cannot be described without inventing the list
        for step in rest[:-1]:
            node = node.setdefault(step, {})
        node[rest[-1]] = leaf_marker.risky
    return Change(op="set", path=at, value=value) if value else None


def _measure(
    evaluator: Evaluator,
    evaluation: Evaluation,
    change: Change,
    weights: Mapping[Any, float],
    base: float,
    base_total: float,
) -> tuple[float | None, float | None]:
    """Rise in overall and total risk when the question gets its riskiest answer."""
    try:
        changed = apply_changes(evaluation.profile, [change])
        after = evaluator.reevaluate(evaluation, changed, [change])
    except ProfileError:
        return None, None
    rise = round(overall_of(after.scores, weights) - base, 1)
    return rise, round(total_risk(after.findings) - base_total, 1)


def _order(q: Question) -> tuple[float, float, int, str]:
    measured = q.reveals is not None
    return (
        -(q.reveals or 0.0) if measured else 1.0,
        -(q.risk_revealed or 0.0),
        -len(q.rules),
        q.pointer,
    )
