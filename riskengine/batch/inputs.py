"""Turn command-line inputs (files, directories, globs, ``-``) into the sources of a batch."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from riskengine.batch.work import ProfileText, Source
from riskengine.errors import Problem

PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
"""Files a directory contributes; a file named on its own is read whatever its name."""

STDIN = "-"
GLOB_CHARACTERS = frozenset("*?[")


@dataclass
class Inputs:
    """The sources found, and the inputs that named nothing (a glob without matches...)."""

    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def expand_inputs(arguments: Iterable[str], stdin: TextIO | None = None) -> Inputs:
    """Expand `arguments` in order; each file appears once, where (and as) it is first named.

    - a directory gives its ``*.yaml``, ``*.yml`` and ``*.json`` files, recursively, sorted;
    - a name with ``*``, ``?`` or ``[`` that is not an existing file is a glob (``**`` recurses),
      expanded here for shells that do not; its matches are sorted;
    - ``-`` is the profile on standard input, read once;
    - any other name is a file, read later (a missing one is reported by the batch).
    """
    found = Inputs()
    seen: set[str] = set()
    for argument in arguments:
        if argument == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                text = (stdin or sys.stdin).read()
                found.sources.append(ProfileText(text, label="<stdin>"))
            continue
        for path in _paths_of(argument, found.problems):
            key = os.path.realpath(path)  # one file named two ways is still assessed once
            if key not in seen:
                seen.add(key)
                found.sources.append(path)
    return found


def _paths_of(argument: str, problems: list[Problem]) -> Iterator[str]:
    """The files one argument names; an argument naming none adds a problem."""
    path = Path(argument)
    if path.is_dir():
        files = _profiles_under(path)
        if not files:
            problems.append(Problem(argument, "no profiles (*.yaml, *.yml, *.json) in directory"))
        yield from files
    elif not path.exists() and GLOB_CHARACTERS & set(argument):
        matches = sorted(glob.glob(argument, recursive=True))
        if not matches:
            problems.append(Problem(argument, "no file matches this pattern"))
        for match in matches:
            yield from _profiles_under(Path(match)) if Path(match).is_dir() else [match]
    else:
        yield argument


def _profiles_under(directory: Path) -> list[str]:
    """Profile files below `directory`, at any depth, in a stable (sorted) order; hidden files
    and directories are left out."""
    return sorted(
        str(path)
        for path in directory.rglob("*")
        if path.suffix.lower() in PROFILE_SUFFIXES
        and not _hidden(path.relative_to(directory))
        and path.is_file()
    )


def _hidden(relative: Path) -> bool:
    """Inside a hidden directory, or hidden itself (``.git/``, ``.venv/``, editor backups)."""
    return any(part.startswith(".") for part in relative.parts)
