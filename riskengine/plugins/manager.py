"""The plugin-manager factory: a fresh `pluggy.PluginManager` per call, never a shared one."""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
from collections.abc import Iterable, Sequence

import pluggy

from riskengine import hookspecs
from riskengine.errors import PluginError, describe

ENTRY_POINT_GROUP = "riskengine"
DISABLE_AUTOLOAD_ENV = "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD"
LOAD_PLUGINS_ENV = "RISKENGINE_LOAD_PLUGINS"
"""Comma-separated plugins to load even when autoload is off (like ``-p NAME``)."""
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("builtin-rules", "riskengine.plugins.builtin_rules"),
    ("builtin-formats", "riskengine.plugins.builtin_formats"),
)


def autoload_disabled() -> bool:
    """Whether the environment switches off entry-point autoloading."""
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "").strip().lower() not in ("", "0", "false", "no")


def load_from_env() -> tuple[str, ...]:
    """The plugin names listed in ``RISKENGINE_LOAD_PLUGINS``."""
    return tuple(n.strip() for n in os.environ.get(LOAD_PLUGINS_ENV, "").split(",") if n.strip())


def make_plugin_manager(
    plugins: Sequence[object] = (),
    *,
    load_entrypoints: bool = True,
    block: Iterable[str] = (),
    builtins: bool = True,
    load: Iterable[str] = (),
    broken: list[tuple[str, str]] | None = None,
) -> pluggy.PluginManager:
    """Create a plugin manager holding the built-ins, `plugins`, and installed packages' plugins.

    Args:
        plugins: extra plugin objects (modules or instances) to register. A plugin is named by
            its ``riskengine_plugin_name`` or ``__name__`` attribute, else by its class name.
        load_entrypoints: load plugins from the ``riskengine`` entry-point group, unless the
            ``RISKENGINE_DISABLE_PLUGIN_AUTOLOAD`` environment variable is set.
        block: plugin names that must not be registered (as ``-p no:NAME`` does).
        builtins: register the built-in rules and formats.
        load: plugins to load even when autoload is off (as ``-p NAME`` does), together with
            those in ``RISKENGINE_LOAD_PLUGINS``: an entry-point name or the distribution that
            provides it (case-insensitive, ``-`` same as ``_``), else an importable module name.
        broken: when given, an installed entry point that cannot be imported is appended here
            as (name, reason) and skipped, instead of raising.

    Raises:
        PluginError: a plugin fails pluggy's validation (an argument its hookspec lacks, an
            unknown hook), two plugins share a name, or a name in `load` matches nothing.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for blocked in block:
        pm.set_blocked(blocked)
    if builtins:
        for builtin_name, module in BUILTIN_PLUGINS:
            if not pm.is_blocked(builtin_name):
                _register(pm, importlib.import_module(module), builtin_name)
    for plugin in plugins:
        if pm.is_registered(plugin):
            continue
        name = _name_of(pm, plugin)
        if pm.is_blocked(name):
            continue
        if pm.has_plugin(name):
            raise PluginError(
                f"two plugins are named {name!r}; give one another riskengine_plugin_name"
            )
        _register(pm, plugin, name)
    if load_entrypoints and not autoload_disabled():
        for ep in _installed():
            _load_entry_point(pm, ep, broken)
    _load_listed(pm, [*load, *load_from_env()], broken)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise _invalid(pm.get_name(exc.plugin) or repr(exc.plugin), exc) from exc
    return pm


def _name_of(pm: pluggy.PluginManager, plugin: object) -> str:
    """The name to register `plugin` under: its own, else its class name made unique."""
    label = getattr(plugin, "riskengine_plugin_name", None) or getattr(plugin, "__name__", None)
    if label:
        return str(label)
    # pluggy's default is str(id(plugin)), which no error message or -p no:NAME can use
    base = type(plugin).__name__
    name, count = base, 1
    while pm.has_plugin(name):
        count += 1
        name = f"{base}-{count}"
    return name


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register `plugin` as `name`, reporting pluggy's validation errors as PluginError."""
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise _invalid(name, exc) from exc


def _invalid(name: str, exc: pluggy.PluginValidationError) -> PluginError:
    """A PluginError naming the plugin, with pluggy's (multi-line) message on one line."""
    message = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return PluginError(f"plugin {name!r}: {message}")


def _normalized(name: str) -> str:
    """`name` compared case-insensitively, with ``-`` and ``_`` the same (as pip does)."""
    return name.strip().lower().replace("-", "_")


def _dist_name(ep: importlib.metadata.EntryPoint) -> str:
    """The name of the distribution providing `ep`, or "" when unknown."""
    return ep.dist.name if ep.dist is not None else ""


def _named(ep: importlib.metadata.EntryPoint, key: str) -> bool:
    """Whether `ep` or its distribution goes by the normalized name `key`."""
    return key in (_normalized(ep.name), _normalized(_dist_name(ep)))


def _entry_point_label(pm: pluggy.PluginManager, plugin: object) -> str:
    """The entry-point name of a plugin that failed to register, for the error message."""
    module = getattr(plugin, "__name__", None)
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.value == module:
            return ep.name
    return pm.get_name(plugin) or str(module or type(plugin).__name__)


def _installed() -> list[importlib.metadata.EntryPoint]:
    """The installed ``riskengine`` entry points, in a stable order."""
    eps = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    return sorted(eps, key=lambda ep: (ep.name, ep.value))


def _load_entry_point(
    pm: pluggy.PluginManager,
    ep: importlib.metadata.EntryPoint,
    broken: list[tuple[str, str]] | None,
) -> None:
    """Load one entry point; one that cannot be imported is a PluginError (or noted as broken)."""
    if pm.has_plugin(ep.name) or pm.is_blocked(ep.name):
        return
    # pluggy's loader (not ep.load + register) so the distribution is recorded and
    # `riskengine plugins` shows the version
    try:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name=ep.name)
    except pluggy.PluginValidationError as exc:
        raise _invalid(_entry_point_label(pm, exc.plugin), exc) from exc
    # an import error, a syntax error, or sys.exit() while the plugin's module is imported
    except (Exception, SystemExit) as exc:
        reason = f"cannot be loaded ({ep.value}): {describe(exc)}"
        if broken is None:
            raise PluginError(f"plugin {ep.name!r} {reason}") from exc
        broken.append((ep.name, reason))


def _load_listed(
    pm: pluggy.PluginManager, names: Iterable[str], broken: list[tuple[str, str]] | None
) -> None:
    """Load the plugins named in an allow-list (``-p NAME``, ``RISKENGINE_LOAD_PLUGINS``)."""
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not wanted:
        return
    installed = _installed()
    for name in wanted:
        matches = [ep for ep in installed if _named(ep, _normalized(name))]
        for ep in matches:
            _load_entry_point(pm, ep, broken)
        if matches or pm.has_plugin(name) or pm.is_blocked(name):
            continue
        if not _importable(name):
            listing = ", ".join(
                f"{ep.name} (from {_dist_name(ep) or 'unknown distribution'})" for ep in installed
            )
            raise PluginError(
                f"cannot load plugin {name!r}: no {ENTRY_POINT_GROUP!r} entry point or "
                f"distribution has that name and no module of that name can be imported "
                f"(installed {ENTRY_POINT_GROUP} plugins: {listing or 'none'})"
            )
        try:
            module = importlib.import_module(name)
        except (Exception, SystemExit) as exc:
            raise PluginError(
                f"plugin module {name!r} cannot be imported: {describe(exc)}"
            ) from exc
        if not pm.is_registered(module):
            _register(pm, module, name)


def _importable(name: str) -> bool:
    """Whether `name` is a module that can be imported, without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError, TypeError):
        # a missing parent package, or a relative or malformed name
        return False
