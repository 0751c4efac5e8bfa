"""One interview: which question comes next, what an answer changes, and going back.

The next question is always worked out from what the active rules ask of the profile as it
stands: the engine evaluates it, and every fact a rule asked for that is still unknown is a
candidate (asked at its highest unknown step, so a sponsor nobody mentioned is one question, not
six). Entity sections the rules read but could not ask about yet (no data fields listed) are
candidates too, as are the fields of the plugin sections rules read. Candidates come in the
order of the assessment cycle (`riskengine.interview.order`), or, when resuming a profile, most
revealing first.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from riskengine.errors import ProfileError
from riskengine.interview.answers import BadAnswer, new_entities, new_items
from riskengine.interview.catalog import ASKABLE, EXTENSIONS, Spec, spec_at
from riskengine.interview.order import sort_key, step_of
from riskengine.interview.wording import about, answer_hint, question_text
from riskengine.loading import load_profile
from riskengine.patching import pointer, pointer_parts
from riskengine.profile import Profile
from riskengine.profile.entities import entity_kinds, kinds_by_section
from riskengine.profile.facts import resolve

if TYPE_CHECKING:
    from riskengine.assessment import Assessment
    from riskengine.engine import Engine
    from riskengine.evaluation import Evaluation


WHY_FROM_AT_MOST = 2
"""A fact asked by more rules than this is explained by how many ask, not by one's reason."""


@dataclass(frozen=True)
class Question:
    """One question as put to the person: where the answer goes and how to give it."""

    pointer: str
    spec: Spec
    text: str
    """The question in plain words, with the entity it is about."""
    hint: str
    """How to answer (the choices, or the kind of value)."""
    step: str
    """The step of the assessment cycle the question belongs to."""
    options: tuple[str, ...] = ()
    """What an answer may name: the choices, or the ids of the entities it may refer to."""
    rules: tuple[str, ...] = ()
    """Rules that asked for the fact."""
    why: str = ""
    """Why it matters, in the words of the first rule that asked."""


@dataclass
class _Turn:
    """What the interview looked like before one question was answered or passed over."""

    pointer: str
    data: dict[str, Any]
    answered: bool


@dataclass
class Interview:
    """The state of one interview: the profile data gathered so far and the questions settled.

    Args:
        engine: the engine whose active rules decide what is asked.
        data: the profile to start from (a mapping as loaded from a file), or nothing.
        resume: the open questions of `data` in the order to ask them (most revealing first);
            when given, only the questions the rules ask are put, in that order.
    """

    engine: Engine
    data: dict[str, Any] = field(default_factory=dict)
    resume: tuple[str, ...] | None = None
    _settled: set[str] = field(default_factory=set)
    _turns: list[_Turn] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.data = copy.deepcopy(dict(self.data))

    @property
    def answered(self) -> int:
        """How many questions got an answer (not "don't know")."""
        return sum(turn.answered for turn in self._turns)

    @property
    def asked(self) -> int:
        """How many questions were put and settled, answered or not."""
        return len(self._turns)

    def profile(self) -> Profile:
        """The profile the answers so far describe."""
        return load_profile(self.data)

    def assessment(self) -> Assessment:
        """A quick assessment (no ranking) of the profile so far."""
        return self.engine.assess(self.profile(), rank=False)

    def next_question(self) -> Question | None:
        """The question to ask now, or None when the rules need nothing more."""
        missing = next(_required(Profile, self.data, ()), None)
        if missing is not None:
            return self._question(missing, ())
        profile = self.profile()
        evaluation = self.engine.evaluate(profile)
        candidates = self._candidates(profile, evaluation)
        usable = [at for at in candidates if at not in self._settled and self._askable(at)]
        if not usable:
            return None
        chosen = min(usable, key=self._rank)
        return self._question(pointer_parts(chosen), tuple(sorted(candidates[chosen])))

    @property
    def complete(self) -> bool:
        """Whether every field the profile cannot do without has an answer."""
        return next(_required(Profile, self.data, ()), None) is None

    def check(self, question: Question, value: Any) -> None:
        """Raise `BadAnswer` unless `value` would leave a valid profile."""
        self._with(question, value)

    def answer(self, question: Question, value: Any) -> None:
        """Record `value` (as `riskengine.interview.answers.parse` gives it) as the answer.

        Raises:
            BadAnswer: the profile would not be valid with it; the message says why.
        """
        changed = self._with(question, value)
        self._turns.append(_Turn(question.pointer, self.data, answered=True))
        self.data = changed
        self._settled.add(question.pointer)

    def pass_over(self, question: Question) -> None:
        """ "Don't know": the fact stays unknown and the question is not asked again."""
        self._turns.append(_Turn(question.pointer, self.data, answered=False))
        self._settled.add(question.pointer)

    def back(self) -> bool:
        """Undo the last reply (answer or pass) so its question comes again; False if none."""
        if not self._turns:
            return False
        turn = self._turns.pop()
        self.data = turn.data
        self._settled.discard(turn.pointer)
        return True

    def _with(self, question: Question, value: Any) -> dict[str, Any]:
        """The profile data with `value` answering `question`, checked to be valid."""
        changed = copy.deepcopy(self.data)
        _set(changed, pointer_parts(question.pointer), self._converted(question, value))
        self._check(changed)
        return changed

    def _candidates(self, profile: Profile, evaluation: Evaluation) -> dict[str, set[str]]:
        """Every unsettled question the rules need answered, with the rules asking."""
        out: dict[str, set[str]] = {}
        for at, (known, rules) in evaluation.asked.items():
            head = None if known else self._head(profile, pointer_parts(at))
            if head is not None:
                out.setdefault(head, set()).update(rules)
        if self.resume is not None:
            return out
        for rid, run in evaluation.runs.items():
            for at in self._unasked_reads(profile, run.sections):
                out.setdefault(at, set()).add(rid)
        return out

    def _unasked_reads(self, profile: Profile, reads: frozenset[str]) -> Iterator[str]:
        """Entity sections read but still unknown, and the fields of plugin sections read."""
        kinds = kinds_by_section(Profile)
        for section in sorted(reads & set(kinds)):
            if not kinds[section].singleton and not resolve(profile, [section])[0]:
                yield pointer(section)
        if EXTENSIONS in reads:
            for name, model in self.engine.evaluator.extension_models.items():
                for field_name in model.model_fields:
                    if not resolve(profile, [EXTENSIONS, name, field_name])[0]:
                        yield pointer(EXTENSIONS, name, field_name)

    def _head(self, profile: Profile, parts: list[str]) -> str | None:
        """Where an unknown fact is asked: its highest unknown step that is a question itself."""
        for i in range(1, len(parts) + 1):
            if resolve(profile, parts[:i])[0]:
                continue
            spec = self._spec(parts[:i])
            if spec is None:
                return None
            if spec.kind != "section":
                return pointer(*parts[:i])
        return None

    def _spec(self, parts: list[str]) -> Spec | None:
        return spec_at(Profile, self.engine.evaluator.extension_models, parts)

    def _question(self, parts: list[str] | tuple[str, ...], rules: tuple[str, ...]) -> Question:
        parts = list(parts)
        spec = self._spec(parts)
        if spec is None:  # only a required field of the model itself can get here
            raise LookupError(f"no field at {pointer(*parts)}")
        options = spec.choices or self._ids(spec.target, parts)
        return Question(
            pointer=pointer(*parts),
            spec=spec,
            text=question_text(spec, about(Profile, self.data, parts)),
            hint=answer_hint(spec, options),
            step=step_of(parts[0]),
            options=options,
            rules=rules,
            why=self._why(rules),
        )

    def _ids(self, kind: str | None, parts: list[str]) -> tuple[str, ...]:
        """Ids of the entities of `kind` an answer may name (an entity never names itself)."""
        info = entity_kinds(Profile).get(kind) if kind else None
        if info is None:
            return ()
        ids = self.data.get(info.section)
        own = parts[1] if len(parts) > 1 and parts[0] == info.section else None
        return tuple(i for i in ids if i != own) if isinstance(ids, dict) else ()

    def _why(self, rules: Sequence[str]) -> str:
        """Why a fact matters: the reason of the rule asking, or how many rules ask."""
        if len(rules) > WHY_FROM_AT_MOST:
            return f"{len(rules)} rules use it: {', '.join(rules[:4])}, ..."
        registered = self.engine.registry.rules
        for rid in rules:
            if rid in registered:
                cls = registered[rid].rule
                return f"{cls.id} {cls.slug}: {cls.why}"
        return ""

    def _askable(self, at: str) -> bool:
        """Whether the question at `at` can be put now: a reference needs entities to name."""
        parts = pointer_parts(at)
        spec = self._spec(parts)
        if spec is None or spec.kind not in ASKABLE:
            return False
        names_entities = spec.kind in ("ref", "refs") or (spec.kind == "items" and spec.target)
        return not names_entities or bool(self._ids(spec.target, parts))

    def _rank(self, at: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
        order = sort_key(Profile, self.data, pointer_parts(at))
        return (self._resume_rank(at), order, at)

    def _resume_rank(self, at: str) -> tuple[int, ...]:
        """Position of the open question covering `at` (questions not listed come after)."""
        if self.resume is None:
            return ()
        for i, open_at in enumerate(self.resume):
            if at == open_at or at.startswith(open_at + "/"):
                return (i,)
        return (len(self.resume),)

    def _converted(self, question: Question, value: Any) -> Any:
        """The profile data an answer becomes (names become entities or list items)."""
        spec = question.spec
        if spec.kind == "entities" and spec.model is not None:
            kind = spec.model.entity_kind or "item"  # type: ignore[attr-defined]
            return new_entities(spec.model, value, set(), kind)
        if spec.kind == "items" and spec.model is not None:
            return new_items(spec.model, value)
        return value

    def _check(self, data: Mapping[str, Any]) -> None:
        """Raise `BadAnswer` unless `data` is a valid profile, plugin sections included."""
        try:
            self.engine.extensions_of(load_profile(data))
        except ProfileError as exc:
            problems = "; ".join(_problem_text(p.path, p.message) for p in exc.problems)
            raise BadAnswer(problems) from None


def _problem_text(path: str, message: str) -> str:
    return f"{path}: {message}" if path else message


def _required(model: Any, data: Mapping[str, Any], at: tuple[str, ...]) -> Iterator[list[str]]:
    """Pointers (as parts) of required fields `data` does not give yet."""
    for name, info in model.model_fields.items():
        if not info.is_required():
            continue
        value = data.get(name)
        nested = spec_at(model, {}, [name])
        if nested is not None and nested.kind == "section" and nested.model is not None:
            yield from _required(
                nested.model, value if isinstance(value, dict) else {}, (*at, name)
            )
        elif value in (None, ""):
            yield [*at, name]


def _set(data: dict[str, Any], parts: list[str], value: Any) -> None:
    """Put `value` at `parts`, creating the sections on the way."""
    node: Any = data
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[int(part)]
            continue
        child = node.get(part)
        if not isinstance(child, dict | list):
            child = node[part] = {}
        node = child
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value
