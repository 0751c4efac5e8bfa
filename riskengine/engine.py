"""The `Engine`: plugins -> rules -> findings -> scores -> ranked recommendations -> reports."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from riskengine.assessment import Assessment, PillarScore, RuleInfo, Score
from riskengine.config import Config, is_selected
from riskengine.errors import (
    ConfigError,
    PluginError,
    Problem,
    ProfileError,
    RiskEngineError,
    RiskEngineWarning,
    describe,
)
from riskengine.evaluation import ActiveRule, Evaluation, Evaluator
from riskengine.findings import PILLARS, Change, Finding
from riskengine.gcpause import collector_paused
from riskengine.graph.snapshot import GraphSnapshot, snapshot
from riskengine.loading import PathOrData, SourceMap, load_profile, source_of, validation_problems
from riskengine.output.options import FormatOptions
from riskengine.patching import pointer_parts
from riskengine.plugins.manager import make_plugin_manager
from riskengine.plugins.registry import Registry, RuleEntry, collect
from riskengine.profile import Profile
from riskengine.questions import open_questions
from riskengine.scoring import overall_risk, pillar_risks, status_of, total_risk
from riskengine.selection import RuleFacts, acceptance_problems, config_problems
from riskengine.suggest import did_you_mean

if TYPE_CHECKING:
    from pydantic import BaseModel

    from riskengine.batch import BatchResult, Source
    from riskengine.whatif import WhatIf


class Engine:
    """Runs the registered rules over profiles, scores the result and renders reports.

    An engine is built once, then only read: it is safe to share between threads and can be
    pickled into worker processes. Two engines never share plugins or configuration.

    Args:
        plugins: plugin objects (modules or instances with ``@hookimpl`` functions) to add.
        load_entrypoints: also load plugins installed under the ``riskengine`` entry-point group.
        block: names of plugins not to load (``builtin-rules`` switches off the built-in rules).
        load: names of installed plugins to load even when entry-point autoloading is off.
        config: which rules run, overrides, settings and weights; defaults to everything.
        skip_broken: skip installed plugins that cannot be imported (listing them in
            `broken_plugins`) instead of raising PluginError.

    Raises:
        PluginError: two plugins register the same rule id or format, a rule is incomplete, or
            an installed plugin cannot be imported.
        ConfigError: the configuration names an unknown rule or gives invalid settings.
    """

    def __init__(
        self,
        plugins: Sequence[object] = (),
        *,
        load_entrypoints: bool = True,
        block: Iterable[str] = (),
        load: Iterable[str] = (),
        config: Config | None = None,
        skip_broken: bool = False,
    ) -> None:
        block = tuple(block)
        self.broken_plugins: list[tuple[str, str]] = []
        """Installed plugins skipped because they cannot be loaded (with `skip_broken`)."""
        pm = make_plugin_manager(
            plugins,
            load_entrypoints=load_entrypoints,
            block=block,
            load=load,
            broken=self.broken_plugins if skip_broken else None,
        )
        self.registry: Registry = collect(pm)
        self.config = config or Config()
        active = tuple(self._activate())
        self.evaluator = Evaluator(
            rules=active,
            enrichers=tuple(entry.item for entry in self.registry.enrichers),
            extension_models={name: reg.item for name, reg in self.registry.extensions.items()},
            ignored_extensions=frozenset(block) - set(self.registry.extensions),
            timeout=self.config.timeout,
        )
        """The immutable evaluator ranking and what-if analysis run with."""
        self._rule_infos = tuple(_rule_info(a) for a in active)

    @property
    def rules(self) -> tuple[RuleEntry, ...]:
        """Every registered rule, sorted by id, whether or not the configuration selects it."""
        return tuple(self.registry.rules[rid] for rid in sorted(self.registry.rules))

    @property
    def active_rule_ids(self) -> tuple[str, ...]:
        """Ids of the rules this engine runs, sorted."""
        return tuple(a.id for a in self.evaluator.rules)

    @property
    def formats(self) -> tuple[str, ...]:
        """Names of every report format, built-in and from plugins, sorted."""
        return tuple(sorted(self.registry.formats))

    def load(self, source: PathOrData) -> Profile:
        """Load a profile and validate its plugin extensions (errors carry file positions)."""
        profile = load_profile(source, limits=self.config.limits)
        label = str(source) if not isinstance(source, dict) else "<dict>"
        self.evaluator.extensions_of(profile, label=label)
        self._check_acceptances(profile, label)
        for name in sorted(self.evaluator.ignored_extensions & set(profile.extensions)):
            warnings.warn(
                f"{label}: extensions.{name}: ignored, the plugin {name!r} is blocked",
                RiskEngineWarning,
                stacklevel=2,
            )
        return profile

    def extensions_of(self, profile: Profile, *, label: str = "<profile>") -> dict[str, BaseModel]:
        """Validate the ``extensions`` section against the models plugins registered."""
        return self.evaluator.extensions_of(profile, label=label)

    def evaluate(self, profile: Profile, *, today: dt.date | None = None) -> Evaluation:
        """Run the active rules on `profile` without scoring or ranking."""
        return self.evaluator.evaluate(profile, today=today)

    def graph(self, profile: Profile) -> GraphSnapshot:
        """The dependency graph of `profile` as the engine builds it, plugin enrichment included."""
        return snapshot(profile, self.evaluator.graph_of(profile))

    @collector_paused()
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
        evaluation = self.evaluator.evaluate(profile, today=today)
        recommendations: tuple[Any, ...] = ()
        failures = evaluation.failures
        weights = self.config.pillar_weights
        if rank:
            from riskengine.ranking import rank_recommendations

            recommendations, extra = rank_recommendations(self.evaluator, evaluation, weights)
            failures += extra
        questions = open_questions(self.evaluator, evaluation, weights, measure=rank)
        graph = evaluation.graph or self.evaluator.graph_of(profile)
        return Assessment(
            profile=label or profile.organization.name,
            organization=profile.organization.name,
            score=self.score(evaluation.findings, assessed=evaluation.assessed),
            findings=evaluation.findings,
            recommendations=recommendations,
            passed=evaluation.passed,
            errors=failures,
            config=self.config.source,
            questions=questions,
            positions=_positions(source_of(profile), evaluation.findings),
            rules=self._rule_infos,
            graph=snapshot(profile, graph),
        )

    def assess_many(
        self,
        sources: Iterable[Source],
        *,
        jobs: int = 1,
        client: Any = None,
        today: dt.date | None = None,
        rank: bool = True,
    ) -> Iterator[BatchResult]:
        """Assess many profiles, yielding one `BatchResult` per source in input order.

        A source that cannot be read or does not validate does not stop the batch: its result
        has ``ok`` False and carries the located ``problems`` (``result.error`` is the
        `ProfileError` that `assess` would have raised; ``result.unwrap()`` raises it). The
        results are the same, in the same order, however the work is spread. With the
        configuration's ``profile_timeout``, profiles are assessed in worker processes (even
        with `jobs` 1), and one still running at that limit, or whose worker dies, has its
        worker replaced and yields an incomplete assessment saying so.

        Args:
            sources: profiles, file paths, mappings or `riskengine.batch.ProfileText` (text
                read elsewhere, such as standard input). Consumed lazily.
            jobs: worker processes; 1 assesses here. Each worker receives a copy of this
                engine once, when it starts. As with any process pool, a script that asks for
                workers must guard its entry point (``if __name__ == "__main__":``).
            client: a ``distributed.Client`` to assess on a Dask cluster instead (workers need
                riskengine and the same plugin packs installed; files are read here and sent
                as text). Not together with ``jobs`` above 1.
            today: the date acceptances expire against, the same for every source; defaults
                to today.
            rank: measure and rank recommendations.

        Raises:
            ValueError: `jobs` below 1, or both `jobs` above 1 and `client`.
        """
        from riskengine.batch import assess_many

        return assess_many(self, sources, jobs=jobs, client=client, today=today, rank=rank)

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

    def render(
        self,
        assessments: Sequence[Assessment],
        format: str = "table",
        options: FormatOptions | None = None,
    ) -> str:
        """Render `assessments` as one report in `format` (built-in or from a plugin).

        Raises:
            RiskEngineError: no format of that name is registered.
            PluginError: the format's function raised or returned something other than text.
        """
        entry = self.registry.formats.get(format)
        if entry is None:
            known = ", ".join(self.formats)
            hint = did_you_mean(format, self.formats)
            raise RiskEngineError(f"unknown format {format!r}{hint} (available: {known})")
        try:
            text = entry.item(assessments, options or FormatOptions())
        # SystemExit too: a formatter calling sys.exit() must not end the host with no report
        except (Exception, SystemExit) as exc:
            raise PluginError(
                f"plugin {entry.plugin!r}: format {format!r} failed: {describe(exc)}"
            ) from exc
        if not isinstance(text, str):
            raise PluginError(
                f"plugin {entry.plugin!r}: format {format!r} returned "
                f"{type(text).__name__} instead of text"
            )
        return text

    def score(self, findings: Sequence[Finding], *, assessed: float = 1.0) -> Score:
        """Pillar and overall scores of a set of findings under this engine's weights."""
        pillars = pillar_risks(findings)
        counts = {p: sum(1 for f in findings if f.pillar == p and not f.accepted) for p in PILLARS}
        overall = overall_risk(findings, self.config.pillar_weights)
        return Score(
            overall=overall,
            status=status_of(overall),
            total=total_risk(findings),
            assessed=assessed,
            pillars={
                p: PillarScore(risk=pillars[p], status=status_of(pillars[p]), findings=counts[p])
                for p in PILLARS
            },
        )

    def _activate(self) -> Iterator[ActiveRule]:
        self._check_config_names()
        for entry in self.rules:
            cls = entry.rule
            key = _config_key(self.config.severity, cls.id, cls.slug)
            severity = self.config.severity[key] if key else None
            if is_selected(self.config, **vars(self._facts(entry))):
                yield ActiveRule(cls(self._settings_for(cls)), entry.plugin, severity)

    def _facts(self, entry: RuleEntry) -> RuleFacts:
        """What selectors match a rule on: its id, slug, pillar and configured severity."""
        cls = entry.rule
        key = _config_key(self.config.severity, cls.id, cls.slug)
        severity = self.config.severity[key] if key else cls.severity
        return RuleFacts(rule_id=cls.id, slug=cls.slug, pillar=cls.pillar, severity=severity)

    def _settings_for(self, cls: type[Any]) -> Any:
        key = _config_key(self.config.rules, cls.id, cls.slug)
        raw = self.config.rules.get(key, {}) if key else {}
        if not raw:
            return cls.settings_model.defaults()
        try:
            return cls.settings_model.model_validate(raw)
        except ValidationError as exc:
            problems = validation_problems(
                exc, source=None, label=self.config.origin("rules"), model=cls.settings_model
            )
            raise ConfigError(
                [Problem(p.source, p.message, path=f"rules.{key}.{p.path}") for p in problems]
            ) from None

    def _check_config_names(self) -> None:
        problems = config_problems(self.config, [self._facts(e) for e in self.rules])
        if problems:
            raise ConfigError(problems)

    def _check_acceptances(self, profile: Profile, label: str) -> None:
        """Refuse accepted risks that name no registered rule (they would accept nothing)."""
        facts = [self._facts(e) for e in self.rules]
        problems = acceptance_problems(profile, facts, label)
        if problems:
            raise ProfileError(problems)


def _config_key(table: dict[str, Any], rule_id: str, slug: str) -> str | None:
    if rule_id in table:
        return rule_id
    return slug if slug in table else None


def _rule_info(active: ActiveRule) -> RuleInfo:
    """What reports need to know about an active rule."""
    cls = type(active.rule)
    return RuleInfo(
        id=cls.id,
        slug=cls.slug,
        title=cls.title,
        pillar=cls.pillar,
        severity=active.severity or cls.severity,
        area=cls.area,
        checks=cls.checks.strip(),
        why=cls.why.strip(),
        fix=cls.fix.strip(),
        effort=cls.effort.strip(),
        plugin=active.plugin,
    )


def _positions(source: SourceMap | None, findings: Sequence[Finding]) -> dict[str, tuple[int, int]]:
    """Line and column of every evidence pointer, when the profile came from a file."""
    if source is None:
        return {}
    out: dict[str, tuple[int, int]] = {}
    for pointer in sorted({p for f in findings for p in f.evidence.pointers}):
        pos = source.position(pointer_parts(pointer))
        if pos is not None:
            out[pointer] = pos
    return out
