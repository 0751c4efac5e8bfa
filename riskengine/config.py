"""Engine configuration: which rules run, severity overrides, rule settings, pillar weights.

`Config` is what an engine runs with; `find_config` reads it from ``riskengine.toml`` or
``[tool.riskengine]`` in ``pyproject.toml``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from riskengine.errors import ConfigError, Problem
from riskengine.findings import PILLARS, SEVERITIES, Pillar, Severity
from riskengine.limits import Limits
from riskengine.modeldocs import DocumentedModelMeta
from riskengine.suggest import did_you_mean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


Weight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
"""A pillar weight: finite and not negative (zero leaves the pillar out of the overall risk)."""


class Config(BaseModel, metaclass=DocumentedModelMeta):
    """How an `Engine` runs, as read from ``[tool.riskengine]`` or ``riskengine.toml``.

    Selectors in `select` and `ignore` may be a rule id (``CRM004``), an id prefix (``CRM0``),
    a slug (``poor-training``), a pillar (``people``) or a severity (``high``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    select: tuple[str, ...] = ()
    """Rules to run; empty runs every rule."""
    ignore: tuple[str, ...] = ()
    """Rules to skip, applied after `select`."""
    severity: dict[str, Severity] = Field(default_factory=dict)
    """Severity overrides by rule id or slug."""
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Rule settings by rule id or slug (see `riskengine rules show ID`)."""
    pillar_weights: dict[Pillar, Weight] = Field(default_factory=dict)
    """Relative weight of each pillar in the overall score (default 1 each)."""
    fail_above: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    """Overall risk above which `riskengine score` exits with status 1."""
    timeout: float | None = Field(default=None, gt=0, le=86_400, allow_inf_nan=False)
    """Seconds one rule may run on one profile before it is stopped and reported as failed
    (enforced where the engine runs in a process's main thread on a POSIX system)."""
    profile_timeout: float | None = Field(default=None, gt=0, le=86_400, allow_inf_nan=False)
    """Seconds one profile's whole assessment may take in a batch before its worker process is
    stopped and the profile reported as incomplete (works whatever the rules do)."""
    limits: Limits = Field(default_factory=Limits)
    """Bounds on profile input (see `riskengine.limits.Limits`)."""

    _source: str | None = PrivateAttr(default=None)

    @property
    def source(self) -> str | None:
        """The file this configuration was read from, or None when it was built in code."""
        return self._source

    def from_file(self, path: str | None) -> Config:
        """This configuration, noting that it came from `path`."""
        self._source = path
        return self

    @model_validator(mode="after")
    def _some_pillar_counts(self) -> Config:
        weights = self.pillar_weights
        if set(weights) >= set(PILLARS) and not any(weights.values()):
            # every pillar weighted zero would make every overall risk 0: a green that means nothing
            raise ValueError("pillar_weights: at least one pillar needs a weight above 0")
        return self

    _origins: dict[str, str] = PrivateAttr(default_factory=dict)
    """Where each key was set (a file name, or a command-line option), for error messages."""

    def origin(self, key: str) -> str:
        """Where `key` was set: a file name, a command-line option, or ``configuration``."""
        return self._origins.get(key, "configuration")

    def with_origins(self, origins: dict[str, str]) -> Config:
        """A copy that remembers where its keys were set (see `origin`)."""
        copy = self.model_copy()
        copy._origins = {**self._origins, **origins}
        return copy

    def overridden(self, values: dict[str, Any], origins: dict[str, str]) -> Config:
        """A copy with `values` replacing this configuration's keys, set where `origins` say."""
        merged = validate_config({**self.model_dump(), **values}, "command line")
        return merged.with_origins({**self._origins, **origins}).from_file(self._source)


def matches(selector: str, *, rule_id: str, slug: str, pillar: str, severity: str) -> bool:
    """Whether a select/ignore selector names a rule (case does not matter)."""
    word = selector.lower()
    if word in PILLARS:
        return pillar == word
    if word in SEVERITIES:
        return severity == word
    return rule_id.startswith(selector.upper()) or slug == word


def is_selected(config: Config, *, rule_id: str, slug: str, pillar: str, severity: str) -> bool:
    """Whether a rule runs under `config`."""
    facts = {"rule_id": rule_id, "slug": slug, "pillar": pillar, "severity": severity}
    if config.select and not any(matches(s, **facts) for s in config.select):
        return False
    return not any(matches(s, **facts) for s in config.ignore)


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
    return validate_config(data, str(path), prefix).from_file(str(path))


def validate_config(data: dict[str, Any], label: str, prefix: str = "") -> Config:
    """A `Config` from raw settings; every problem is a `ConfigError` naming `label` and the key."""
    normalized = {k.replace("-", "_"): v for k, v in data.items()}
    try:
        config = Config.model_validate(normalized)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            where = (prefix + ".".join(str(p) for p in err["loc"])).rstrip(".")
            msg = str(err["msg"])
            if err["type"] == "extra_forbidden":
                msg = "unknown key" + did_you_mean(str(err["loc"][-1]), Config.model_fields)
            problems.append(Problem(label, msg, path=where))
        raise ConfigError(problems) from None
    return config.with_origins({key: label for key in normalized})
