"""What the plugins registered, collected once into plain, picklable data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pluggy
from pydantic import BaseModel

from riskengine.errors import PluginError
from riskengine.rule import Rule, rule_problems

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
    """Call every registration hook of `pm`, plugin by plugin, and validate what comes back."""
    registry = Registry(plugins=_plugin_versions(pm))
    for impl in pm.hook.register_rules.get_hookimpls():
        impl.function(register=_rule_registrar(registry, impl.plugin_name))
    for impl in pm.hook.register_formats.get_hookimpls():
        impl.function(register=_named_registrar(registry.formats, "format", impl.plugin_name))
    for impl in pm.hook.register_profile_extensions.get_hookimpls():
        register = _named_registrar(registry.extensions, "profile extension", impl.plugin_name)
        impl.function(register=register)
    for impl in pm.hook.enrich_graph.get_hookimpls():
        registry.enrichers.append(Registered(impl.function, impl.plugin_name))
    return registry


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
