"""What the plugins registered, collected once into plain, picklable data."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pluggy
from pydantic import BaseModel

from riskengine.errors import EnrichmentError, PluginError, describe
from riskengine.rule import Rule, rule_problems

if TYPE_CHECKING:
    from riskengine.graph import GraphBuilder
    from riskengine.profile import Profile

NAME_PATTERN = "lowercase letters, digits, '-' or '_', starting with a letter"


@dataclass(frozen=True)
class RuleEntry:
    """A rule class and the plugin that registered it."""

    rule: type[Rule[Any]]
    plugin: str


@dataclass(frozen=True)
class Registered:
    """Any other registered item (a format, an extension model, a graph enricher) and its plugin."""

    item: Any
    plugin: str


@dataclass(frozen=True)
class Enricher:
    """A plugin's ``enrich_graph`` function, called with only the arguments it declares.

    pluggy lets a hookimpl take any subset of the hook's arguments; the names are read once,
    when the plugins are collected, so a graph build pays nothing to select them.
    """

    function: Callable[..., object]
    argnames: tuple[str, ...] = ("builder", "profile")
    """Positional parameters, passed positionally in this order (as pluggy does)."""
    kwargnames: tuple[str, ...] = ()
    """Parameters with defaults, passed by keyword when the hook offers them (as pluggy does)."""
    plugin: str = ""
    """The plugin that registered it, named when it fails."""

    def __call__(self, builder: GraphBuilder, profile: Profile) -> None:
        """Call the function as ``enrich_graph(builder=builder, profile=profile)`` would.

        Raises:
            EnrichmentError: the function raised (or called ``sys.exit()``).
        """
        offered = {"builder": builder, "profile": profile}
        try:
            _call_selected(self.function, self.argnames, self.kwargnames, offered)
        except (Exception, SystemExit) as exc:
            raise EnrichmentError(
                f"plugin {self.plugin!r}: hook enrich_graph raised {describe(exc)}"
            ) from exc


@dataclass
class Registry:
    """Everything the plugins registered, by kind, in registration order."""

    rules: dict[str, RuleEntry] = field(default_factory=dict)
    formats: dict[str, Registered] = field(default_factory=dict)
    extensions: dict[str, Registered] = field(default_factory=dict)
    enrichers: list[Registered] = field(default_factory=list)
    plugins: list[tuple[str, str | None]] = field(default_factory=list)
    """(plugin name, distribution version) for every registered plugin."""

    def by_plugin(self) -> dict[str, list[str]]:
        """What each plugin registered, as readable labels."""
        out: dict[str, list[str]] = {name: [] for name, _ in self.plugins}
        for rid, entry in self.rules.items():
            out.setdefault(entry.plugin, []).append(f"rule {rid}")
        for name, reg in self.formats.items():
            out.setdefault(reg.plugin, []).append(f"format {name}")
        for name, reg in self.extensions.items():
            out.setdefault(reg.plugin, []).append(f"extension {name}")
        for reg in self.enrichers:
            out.setdefault(reg.plugin, []).append("graph-enrichment")
        return out


def collect(pm: pluggy.PluginManager) -> Registry:
    """Call every registration hook of `pm`, plugin by plugin, and validate what comes back.

    Raises:
        PluginError: a plugin registers something invalid or clashing, implements a hook as a
            wrapper, or its registration hook raises; the message names the plugin and hook.
    """
    registry = Registry(plugins=_plugin_versions(pm))
    for impl in pm.hook.register_rules.get_hookimpls():
        _call_registration(impl, "register_rules", _rule_registrar(registry, impl.plugin_name))
    for impl in pm.hook.register_formats.get_hookimpls():
        register = _named_registrar(registry.formats, "format", impl.plugin_name)
        _call_registration(impl, "register_formats", register)
    for impl in pm.hook.register_profile_extensions.get_hookimpls():
        register = _named_registrar(registry.extensions, "profile extension", impl.plugin_name)
        _call_registration(impl, "register_profile_extensions", register)
    for impl in pm.hook.enrich_graph.get_hookimpls():
        _refuse_wrapper(impl, "enrich_graph", "graph enrichers")
        enricher = Enricher(
            impl.function, tuple(impl.argnames), tuple(impl.kwargnames), impl.plugin_name
        )
        registry.enrichers.append(Registered(enricher, impl.plugin_name))
    return registry


def _call_registration(impl: pluggy.HookImpl, hook: str, register: Callable[..., None]) -> None:
    """Call one registration hookimpl as pluggy would, turning its failures into PluginError."""
    _refuse_wrapper(impl, hook, "registration hooks")
    try:
        _call_selected(impl.function, impl.argnames, impl.kwargnames, {"register": register})
    except PluginError:
        raise
    # SystemExit too: a plugin calling sys.exit() would otherwise end the host with no word of
    # which plugin did it; KeyboardInterrupt (and other BaseExceptions) still propagate.
    except (Exception, SystemExit) as exc:
        raise PluginError(
            f"plugin {impl.plugin_name!r}: hook {hook} raised {type(exc).__name__}: {exc}"
        ) from exc


def _refuse_wrapper(impl: pluggy.HookImpl, hook: str, what: str) -> None:
    """Reject wrapper hookimpls: riskengine calls these hooks one by one, not via pluggy."""
    if impl.hookwrapper or impl.wrapper:
        flag = "hookwrapper=True" if impl.hookwrapper else "wrapper=True"
        raise PluginError(
            f"plugin {impl.plugin_name!r}: hook {hook} is a wrapper; "
            f"riskengine calls {what} directly, drop {flag}"
        )


def _call_selected(
    function: Callable[..., object],
    argnames: Sequence[str],
    kwargnames: Sequence[str],
    offered: Mapping[str, Any],
) -> None:
    """Call `function` with the offered hook arguments it declares, the way pluggy's call loop does.

    Positional parameters are all offered (pluggy checked them against the hookspec when the
    plugin was registered); parameters with defaults get a value only if the hook has one.
    """
    args = [offered[name] for name in argnames]
    kwargs = {name: offered[name] for name in kwargnames if name in offered}
    function(*args, **kwargs)


def _rule_registrar(registry: Registry, plugin: str) -> Callable[[type[Rule[Any]]], None]:
    def register(rule: type[Rule[Any]]) -> None:
        if not (isinstance(rule, type) and issubclass(rule, Rule)):
            raise PluginError(
                f"plugin {plugin!r} registered {rule!r}, which is not a Rule subclass"
            )
        problems = rule_problems(rule)
        if problems:
            raise PluginError(f"plugin {plugin!r}: rule {rule.__name__}: " + "; ".join(problems))
        clash = registry.rules.get(rule.id)
        if clash is not None:
            raise PluginError(
                f"rule id {rule.id} is registered twice: by plugin {clash.plugin!r} "
                f"({clash.rule.__name__}) and by plugin {plugin!r} ({rule.__name__})"
            )
        slug_clash = next((e for e in registry.rules.values() if e.rule.slug == rule.slug), None)
        if slug_clash is not None:
            raise PluginError(
                f"rule slug {rule.slug!r} is used twice: {slug_clash.rule.id} from plugin "
                f"{slug_clash.plugin!r} and {rule.id} from plugin {plugin!r}"
            )
        registry.rules[rule.id] = RuleEntry(rule, plugin)

    return register


def _named_registrar(
    table: dict[str, Registered], what: str, plugin: str
) -> Callable[[str, Any], None]:
    def register(name: str, item: Any) -> None:
        if not isinstance(name, str) or not name or not name[0].isalpha():
            raise PluginError(f"plugin {plugin!r} registered a {what} with a bad name {name!r}")
        if what == "profile extension" and not (
            isinstance(item, type) and issubclass(item, BaseModel)
        ):
            raise PluginError(f"plugin {plugin!r}: {what} {name!r} must be a pydantic model class")
        if what == "format" and not callable(item):
            raise PluginError(f"plugin {plugin!r}: {what} {name!r} is not callable")
        clash = table.get(name)
        if clash is not None:
            raise PluginError(
                f"{what} {name!r} is registered twice: by plugin {clash.plugin!r} "
                f"and by plugin {plugin!r}"
            )
        table[name] = Registered(item, plugin)

    return register


def _plugin_versions(pm: pluggy.PluginManager) -> list[tuple[str, str | None]]:
    versions: dict[str, str | None] = {}
    for plugin, dist in pm.list_plugin_distinfo():
        name = pm.get_name(plugin)
        if name is not None:
            versions[name] = str(dist.version)
    names = [name for name, plugin in pm.list_name_plugin() if plugin is not None]
    return [(name, versions.get(name)) for name in names]
