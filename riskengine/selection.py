"""Checks that every rule a configuration or a profile names exists.

A selector that matches no rule would silently switch a gate off (``--select CRM999`` runs
nothing and reports green), and an acceptance naming an unknown rule would silently accept
nothing, so both are errors that name the bad value and the nearest valid one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from riskengine.config import Config, matches
from riskengine.errors import Problem
from riskengine.findings import PILLARS, SEVERITIES
from riskengine.loading import source_of
from riskengine.profile import Profile
from riskengine.suggest import closest, did_you_mean


@dataclass(frozen=True)
class RuleFacts:
    """What selectors can name about one registered rule."""

    rule_id: str
    slug: str
    pillar: str
    severity: str

    def selected_by(self, selector: str) -> bool:
        """Whether `selector` names this rule."""
        return matches(
            selector,
            rule_id=self.rule_id,
            slug=self.slug,
            pillar=self.pillar,
            severity=self.severity,
        )


def config_problems(config: Config, rules: Sequence[RuleFacts]) -> list[Problem]:
    """Unknown rules in the severity and settings tables, and selectors that match no rule."""
    names = [r.rule_id for r in rules] + [r.slug for r in rules]
    problems = [
        Problem(config.origin(section), f"unknown rule {key!r}{_hint(key, names)}", path=section)
        for section, table in (("severity", config.severity), ("rules", config.rules))
        for key in table
        if key not in names
    ]
    vocabulary = [*names, *PILLARS, *SEVERITIES]
    for section, selectors in (("select", config.select), ("ignore", config.ignore)):
        for selector in selectors:
            if not any(r.selected_by(selector) for r in rules):
                message = _unmatched(selector, vocabulary, bool(rules))
                problems.append(Problem(config.origin(section), message, path=section))
    return problems


def acceptance_problems(profile: Profile, rules: Iterable[RuleFacts], label: str) -> list[Problem]:
    """Accepted risks naming a rule that no plugin registered, placed at their line and column."""
    known = [name for r in rules for name in (r.rule_id, r.slug)]
    source = source_of(profile)
    problems = []
    for index, accepted in enumerate(profile.accepted_risks):
        if accepted.rule in known:
            continue
        pos = (
            source.position(("accepted_risks", str(index), "rule"), at_key=False)
            if source
            else None
        )
        line, column = pos if pos else (None, None)
        problems.append(
            Problem(
                source.label if source else label,
                f"unknown rule {accepted.rule!r}{_hint(accepted.rule, known)}",
                path=f"accepted_risks[{index}].rule",
                line=line,
                column=column,
            )
        )
    return problems


def _hint(word: str, names: Sequence[str]) -> str:
    return did_you_mean(word, names) or " (see `riskengine rules list`)"


def _unmatched(selector: str, vocabulary: Sequence[str], any_rules: bool) -> str:
    """Why a selector is refused, with the nearest word it could have meant."""
    if not any_rules:
        return f"{selector!r} matches no rule: no rules are registered"
    for kind, words in (("pillar", PILLARS), ("severity", SEVERITIES)):
        if selector.lower() in words:
            return f"{selector!r} matches no rule: no registered rule has that {kind}"
    message = f"{selector!r} matches no rule id, id prefix, slug, pillar or severity"
    hint = did_you_mean(selector, vocabulary)
    if hint:
        return message + hint
    nearest = closest(selector, vocabulary, cutoff=0.0)
    return (
        message
        + (f"; the nearest is {nearest!r}" if nearest else "")
        + (" (see `riskengine rules list`)")
    )
