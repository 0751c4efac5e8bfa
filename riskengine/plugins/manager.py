"""The plugin-manager factory: a fresh `pluggy.PluginManager` per call, never a shared one."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import pluggy

from riskengine import hookspecs

ENTRY_POINT_GROUP = "riskengine"
DISABLE_AUTOLOAD_ENV = "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD"
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("builtin-rules", "riskengine.plugins.builtin_rules"),
    ("builtin-formats", "riskengine.plugins.builtin_formats"),
)


def autoload_disabled() -> bool:
    """Whether the environment switches off entry-point autoloading."""
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "").strip().lower() not in ("", "0", "false", "no")


def make_plugin_manager(
    plugins: Sequence[object] = (),
    *,
    load_entrypoints: bool = True,
    block: Iterable[str] = (),
    builtins: bool = True,
) -> pluggy.PluginManager:
    """Create a plugin manager holding the built-ins, `plugins`, and installed packages' plugins.

    Args:
        plugins: extra plugin objects (modules or instances) to register.
        load_entrypoints: load plugins from the ``riskengine`` entry-point group, unless the
            ``RISKENGINE_DISABLE_PLUGIN_AUTOLOAD`` environment variable is set.
        block: plugin names that must not be registered (as ``-p no:NAME`` does).
        builtins: register the built-in rules and formats.
    """
    import importlib

    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for blocked in block:
        pm.set_blocked(blocked)
    if builtins:
        for builtin_name, module in BUILTIN_PLUGINS:
            if not pm.is_blocked(builtin_name):
                pm.register(importlib.import_module(module), name=builtin_name)
    for plugin in plugins:
        if pm.is_registered(plugin):
            continue
        label = getattr(plugin, "riskengine_plugin_name", None) or getattr(plugin, "__name__", None)
        name = str(label) if label else None
        if name is None or not pm.is_blocked(name):
            pm.register(plugin, name=name)
    if load_entrypoints and not autoload_disabled():
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    pm.check_pending()
    return pm
