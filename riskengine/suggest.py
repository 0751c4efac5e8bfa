"""Suggestions for mistyped names: the closest valid word, for "did you mean" hints in errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CLOSE_ENOUGH = 0.6
"""Similarity (difflib ratio) above which a suggestion reads as a likely typo."""


def closest(word: str, choices: Iterable[str], *, cutoff: float = CLOSE_ENOUGH) -> str | None:
    """The choice most similar to `word` (case and ``-``/``_`` ignored), or None if none is close.

    ``cutoff=0`` always names the nearest choice, however far.

    A choice equal to `word` but for case or separators always wins, so ``crm004`` finds
    ``CRM004`` and ``poor_training`` finds ``poor-training``.
    """
    options = sorted(set(choices))
    by_key: dict[str, str] = {}
    for option in options:
        by_key.setdefault(_key(option), option)
    if _key(word) in by_key:
        return by_key[_key(word)]
    found = difflib.get_close_matches(_key(word), list(by_key), n=1, cutoff=cutoff)
    return by_key[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest choice, or an empty string when none is close."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match is not None and match != word else ""


def _key(word: str) -> str:
    return word.casefold().replace("_", "-")
