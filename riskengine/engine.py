"""The `Engine`: plugins -> rules -> findings -> scores -> ranked recommendations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from riskengine.assessment import Assessment, PillarScore, Score
from riskengine.config import Config, is_selected
from riskengine.context import Context
from riskengine.errors import ConfigError, Problem, ProfileError
from riskengine.evaluation import ActiveRule, Evaluation, evaluate
from riskengine.findings import PILLARS, Change, Finding
from riskengine.graph import ProjectGraph, build_graph
from riskengine.loading import PathOrData, load_profile, validation_problems
from riskengine.plugins.manager import make_plugin_manager
from riskengine.plugins.registry import Registry, RuleEntry, collect
from riskengine.profile import Profile
from riskengine.scoring import overall_risk, pillar_risks, status_of, total_risk

if TYPE_CHECKING:
    from riskengine.whatif import WhatIf


class Engine:
    """Runs the registered rules over profiles and scores the result.

    An engine is built once, then only read: it is safe to share between threads and can be
    pickled into worker processes. Two engines never share plugins or configuration.

    Args:
        plugins: plugin objects (modules or instances with ``@hookimpl`` functions) to add.
        load_entrypoints: also load plugins installed under the ``riskengine`` entry-point group.
        block: names of plugins not to load (``builtin-rules`` switches off the built-in rules).
        config: which rules run, overrides, settings and weights; defaults to everything.

    Raises:
        PluginError: two plugins register the same rule id or format, or a rule is incomplete.
        ConfigError: the configuration names an unknown rule or gives invalid settings.
    """

    def __init__(
        self,
        plugins: Sequence[object] = (),
        *,
        load_entrypoints: bool = True,
        block: Iterable[str] = (),
        config: Config | None = None,
    ) -> None:
        pm = make_plugin_manager(plugins, load_entrypoints=load_entrypoints, block=block)
        self.registry: Registry = collect(pm)
        self.config = config or Config()
        self._active = tuple(self._activate())
        enrichers = tuple(_enricher(r.item) for r in self.registry.enrichers)
        self._graph_factory = partial(build_graph, enrichers=enrichers)

    @property
    def rules(self) -> tuple[RuleEntry, ...]:
        """Every registered rule, sorted by id, whether or not the configuration selects it."""
        return tuple(self.registry.rules[rid] for rid in sorted(self.registry.rules))

    @property
    def active_rule_ids(self) -> tuple[str, ...]:
        """Ids of the rules this engine runs, sorted."""
        return tuple(type(a.rule).id for a in self._active)

    def load(self, source: PathOrData) -> Profile:
        """Load a profile and validate its plugin extensions (errors carry file positions)."""
        profile = load_profile(source)
        label = str(source) if not isinstance(source, dict) else "<dict>"
        self.extensions_of(profile, label=label)
        return profile

    def extensions_of(self, profile: Profile, *, label: str = "<profile>") -> dict[str, BaseModel]:
        """Validate the ``extensions`` section against the models plugins registered."""
        out: dict[str, BaseModel] = {}
        problems: list[Problem] = []
        for name, data in profile.extensions.items():
            reg = self.registry.extensions.get(name)
            if reg is None:
                known = ", ".join(sorted(self.registry.extensions)) or "none registered"
                msg = f"no installed plugin provides extension {name!r} (known: {known})"
                problems.append(Problem(label, msg, path=f"extensions.{name}"))
                continue
            try:
                out[name] = reg.item.model_validate(data)
            except ValidationError as exc:
                problems.extend(_prefixed(validation_problems(exc, text=None, label=label), name))
        if problems:
            raise ProfileError(problems)
        return out

    def context(
        self,
        profile: Profile,
        *,
        today: dt.date | None = None,
        reuse_graph: ProjectGraph | None = None,
        graph: ProjectGraph | None = None,
        extensions: Mapping[str, BaseModel] | None = None,
    ) -> Context:
        """The context rules read for `profile`.

        `reuse_graph` is returned by the graph builder if its structure matches; `graph` is used
        as it is, for callers that know the profile's graph structure has not changed.
        """
        return Context(
            profile,
            extensions=self.extensions_of(profile) if extensions is None else extensions,
            today=today,
            graph_factory=self._graph_factory,
            reuse_graph=reuse_graph,
            graph=graph,
        )

    def evaluate(
        self,
        profile: Profile,
        *,
        today: dt.date | None = None,
        previous: Evaluation | None = None,
        touched: Iterable[str] = (),
        graph_changed: bool = True,
    ) -> Evaluation:
        """Run the active rules; with `previous`, reuse the rules a change cannot affect.

        `touched` names the top-level sections the change edits; pass ``graph_changed=False``
        only when it cannot alter the graph's structure, so the previous graph is reused as is.
        """
        reuse = previous.graph if previous is not None else None
        same = not graph_changed and not self.registry.enrichers and reuse is not None
        sections = tuple(touched)
        # extensions are validated once per ranking run unless a change edits them
        known = previous.extensions if previous and "extensions" not in sections else None
        ctx = self.context(
            profile,
            today=today,
            reuse_graph=reuse,
            graph=reuse if same else None,
            extensions=known,
        )
        return evaluate(
            self._active, ctx, previous=previous, touched=sections, graph_changed=not same
        )

    def assess(
        self,
        profile: Profile | PathOrData,
        *,
        label: str | None = None,
        today: dt.date | None = None,
        rank: bool = True,
    ) -> Assessment:
        """Assess a profile (or a path or mapping to load one from).

        Args:
            profile: a `Profile`, a file path, or a mapping.
            label: name for the profile in reports; defaults to the path or the organization.
            today: the date acceptances expire against; defaults to today.
            rank: measure and rank recommendations (set False for a faster, score-only run).
        """
        if not isinstance(profile, Profile):
            label = label or (str(profile) if not isinstance(profile, dict) else None)
            profile = self.load(profile)
        ctx = self.context(profile, today=today)
        evaluation = evaluate(self._active, ctx)
        recommendations: tuple[Any, ...] = ()
        failures = evaluation.failures
        if rank:
            from riskengine.ranking import rank_recommendations

            recommendations, extra = rank_recommendations(self, ctx, evaluation)
            failures += extra
        return Assessment(
            profile=label or profile.organization.name,
            organization=profile.organization.name,
            score=self.score(evaluation.findings),
            findings=evaluation.findings,
            recommendations=recommendations,
            passed=self._passed(evaluation),
            errors=failures,
        )

    def whatif(
        self,
        profile: Profile,
        changes: Sequence[Change],
        *,
        today: dt.date | None = None,
        label: str | None = None,
    ) -> WhatIf:
        """Assess `profile` before and after `changes`; see `riskengine.whatif.WhatIf`."""
        from riskengine.whatif import run_whatif

        return run_whatif(self, profile, changes, today=today, label=label)

    def score(self, findings: Sequence[Finding]) -> Score:
        """Pillar and overall scores of a set of findings under this engine's weights."""
        pillars = pillar_risks(findings)
        counts = {p: sum(1 for f in findings if f.pillar == p and not f.accepted) for p in PILLARS}
        overall = overall_risk(findings, self.config.pillar_weights)
        return Score(
            overall=overall,
            status=status_of(overall),
            total=total_risk(findings),
            pillars={
                p: PillarScore(risk=pillars[p], status=status_of(pillars[p]), findings=counts[p])
                for p in PILLARS
            },
        )

    def _passed(self, evaluation: Evaluation) -> tuple[str, ...]:
        return tuple(sorted(rid for rid, fs in evaluation.by_rule.items() if not fs))

    def _activate(self) -> Iterable[ActiveRule]:
        self._check_config_names()
        for entry in self.rules:
            cls = entry.rule
            key = _config_key(self.config.severity, cls.id, cls.slug)
            severity = self.config.severity[key] if key else None
            facts = {
                "rule_id": cls.id,
                "slug": cls.slug,
                "pillar": cls.pillar,
                "severity": severity or cls.severity,
            }
            if is_selected(self.config, **facts):
                yield ActiveRule(cls(self._settings_for(cls)), entry.plugin, severity)

    def _settings_for(self, cls: type[Any]) -> Any:
        key = _config_key(self.config.rules, cls.id, cls.slug)
        raw = self.config.rules.get(key, {}) if key else {}
        try:
            return cls.settings_model.model_validate(raw)
        except ValidationError as exc:
            problems = validation_problems(exc, text=None, label="config")
            raise ConfigError(_prefixed(problems, f"rules.{key}", root="")) from None

    def _check_config_names(self) -> None:
        known = {e.rule.id for e in self.registry.rules.values()}
        known |= {e.rule.slug for e in self.registry.rules.values()}
        problems = [
            Problem("config", f"unknown rule {key!r}", path=f"{section}.{key}")
            for section, table in (("severity", self.config.severity), ("rules", self.config.rules))
            for key in table
            if key not in known
        ]
        if problems:
            raise ConfigError(problems)


def _config_key(table: dict[str, Any], rule_id: str, slug: str) -> str | None:
    if rule_id in table:
        return rule_id
    return slug if slug in table else None


def _enricher(func: Any) -> Any:
    """Wrap a plugin's ``enrich_graph`` so it is called with only the arguments it declares."""
    import inspect

    names = set(inspect.signature(func).parameters)
    return partial(_call_enricher, func, "builder" in names, "profile" in names)


def _call_enricher(
    func: Any, wants_builder: bool, wants_profile: bool, builder: Any, profile: Profile
) -> None:
    kwargs: dict[str, Any] = {}
    if wants_builder:
        kwargs["builder"] = builder
    if wants_profile:
        kwargs["profile"] = profile
    func(**kwargs)


def _prefixed(problems: list[Problem], prefix: str, root: str = "extensions.") -> list[Problem]:
    return [
        Problem(p.source, p.message, path=f"{root}{prefix}.{p.path}".rstrip(".")) for p in problems
    ]
