"""Find and read ``riskengine.toml``, or ``[tool.riskengine]`` in ``pyproject.toml``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from riskengine.config import Config
from riskengine.errors import ConfigError, Problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAMES = ("riskengine.toml", "pyproject.toml")


def find_config(explicit: str | None = None, start: Path | None = None) -> Config | None:
    """Load the configuration named by `explicit`, or the nearest one above `start` (cwd)."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError([Problem(explicit, "configuration file not found")])
        return read_config(path)
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                config = read_config(candidate, required=name != "pyproject.toml")
                if config is not None:
                    return config
    return None


def read_config(path: Path, *, required: bool = True) -> Config | None:
    """Read one file; a ``pyproject.toml`` without ``[tool.riskengine]`` yields None."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), f"cannot read configuration: {exc}")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(str(path), f"invalid TOML: {exc}")]) from None
    prefix = ""
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("riskengine")
        if section is None:
            return None if not required else Config()
        data, prefix = section, "tool.riskengine."
    return _validate(data, str(path), prefix)


def _validate(data: dict[str, Any], label: str, prefix: str) -> Config:
    normalized = {k.replace("-", "_"): v for k, v in data.items()}
    try:
        return Config.model_validate(normalized)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            where = prefix + ".".join(str(p) for p in err["loc"])
            msg = "unknown key" if err["type"] == "extra_forbidden" else str(err["msg"])
            problems.append(Problem(label, msg, path=where))
        raise ConfigError(problems) from None
