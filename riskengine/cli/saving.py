"""Saving a changed profile: to a new file (``whatif --write``) or over itself (``--in-place``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from riskengine.cli.common import fail
from riskengine.findings import Change
from riskengine.profile import Profile

BACKUP_SUFFIX = ".orig"


def save_changed_profile(
    profile: Profile, changes: Sequence[Change], path: str, *, force: bool
) -> None:
    """Write `profile` with `changes` applied to `path`, stating only what the profile states."""
    import yaml

    from riskengine.patching import apply_changes

    data = stated_data(apply_changes(profile, changes))
    if path.lower().endswith(".json"):
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    _write(text, path, force=force)
    click.echo(f"riskengine: wrote the changed profile to {path}", err=True)


def stated_data(profile: Profile) -> dict[str, Any]:
    """The profile as plain data, leaving out every fact it leaves unknown."""
    data: dict[str, Any] = profile.model_dump(mode="json", exclude_unset=True)
    return data


def update_in_place(
    profile: Profile, changes: Sequence[Change], path: str, *, keep_original: bool
) -> None:
    """Apply `changes` to the file `path` itself, keeping its comments and layout.

    The edited text must load as exactly the profile `apply_changes` gives, or nothing is written.
    """
    from riskengine.errors import ProfileError
    from riskengine.loading import load_profile_text
    from riskengine.patching import apply_changes
    from riskengine.yamledit import edit_profile_text

    if path == "-":
        fail("--in-place needs a profile file, not standard input")
    original = Path(path).read_text(encoding="utf-8")
    edited = edit_profile_text(original, changes, label=path)
    try:
        faithful = load_profile_text(edited, label=path) == apply_changes(profile, changes)
    except ProfileError:
        faithful = False
    if not faithful:
        fail(f"cannot edit {path} in place faithfully; save the result with --write FILE instead")
    backup = path + BACKUP_SUFFIX
    if keep_original:
        if Path(backup).exists():
            fail(
                f"{backup} exists from an earlier edit; remove it, or give --force to keep no copy"
            )
        _write(original, backup, force=False)
    _write(edited, path, force=True)
    kept = f"the original is kept as {backup}" if keep_original else "no copy kept (--force)"
    click.echo(f"riskengine: updated {path}; {kept}", err=True)


def _write(text: str, path: str, *, force: bool) -> None:
    from riskengine.cli.files import WriteRefused, write_file

    try:
        write_file(text, path, force=force)
    except WriteRefused as exc:
        fail(str(exc))
