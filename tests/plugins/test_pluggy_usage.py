"""Hookimpls are called the way pluggy defines them; naming, validation and the load allow-list."""

from __future__ import annotations

import importlib.util
import pickle
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import riskengine
from riskengine.cli import main
from riskengine.cli.common import EngineOptions
from riskengine.errors import PluginError
from riskengine.graph import GraphBuilder
from riskengine.loading import load_profile
from riskengine.plugins.manager import LOAD_PLUGINS_ENV, make_plugin_manager
from riskengine.plugins.registry import Enricher, Registry, collect
from riskengine.profile import Profile
from riskengine.rule import Rule
from tests.helpers import profile_data

ACME_INSTALLED = importlib.util.find_spec("acme_riskpack") is not None
needs_acme = pytest.mark.skipif(
    not ACME_INSTALLED, reason="needs pip install ./examples/riskengine-acme-pack"
)


def registry_of(*plugins: object, load: tuple[str, ...] = ()) -> Registry:
    """What `plugins` register, with no built-ins and no autoloaded packages."""
    pm = make_plugin_manager(plugins, load_entrypoints=False, builtins=False, load=load)
    return collect(pm)


def plugin_names(*plugins: object, **options: Any) -> list[str]:
    """The names a fresh plugin manager registered `plugins` under."""
    pm = make_plugin_manager(plugins, load_entrypoints=False, builtins=False, **options)
    return [name for name, plugin in pm.list_name_plugin() if plugin is not None]


def a_profile() -> Profile:
    return load_profile(profile_data("small-firm"))


def test_hookimpl_without_arguments_is_called() -> None:
    calls: list[str] = []

    class Quiet:
        riskengine_plugin_name = "quiet"

        @riskengine.hookimpl
        def register_rules(self) -> None:
            calls.append("register_rules")

        @riskengine.hookimpl
        def register_formats(self) -> None:
            calls.append("register_formats")

    registry = registry_of(Quiet())
    assert calls == ["register_rules", "register_formats"]
    assert registry.rules == {} and registry.formats == {}


@pytest.mark.parametrize("flag", ["wrapper", "hookwrapper"])
def test_wrapper_registration_hook_is_refused(flag: str) -> None:
    class Wrapping:
        riskengine_plugin_name = "wrapping"

        @riskengine.hookimpl(wrapper=flag == "wrapper", hookwrapper=flag == "hookwrapper")
        def register_rules(
            self, register: Callable[[type[Rule[Any]]], None]
        ) -> Generator[None, object, None]:
            yield

    with pytest.raises(
        PluginError, match="plugin 'wrapping': hook register_rules is a wrapper"
    ) as e:
        registry_of(Wrapping())
    assert f"drop {flag}=True" in str(e.value)


def test_wrapper_enricher_is_refused() -> None:
    class Wrapping:
        riskengine_plugin_name = "wrapping-graph"

        @riskengine.hookimpl(wrapper=True)
        def enrich_graph(self, builder: GraphBuilder) -> Generator[None, object, None]:
            yield

    with pytest.raises(PluginError, match="plugin 'wrapping-graph': hook enrich_graph is a wrap"):
        registry_of(Wrapping())


@pytest.mark.parametrize("error", [ValueError("no licence key"), SystemExit(3)])
def test_raising_registration_hook_is_a_plugin_error(error: BaseException) -> None:
    class Raising:
        riskengine_plugin_name = "raising"

        @riskengine.hookimpl
        def register_profile_extensions(self, register: Callable[[str, Any], None]) -> None:
            raise error

    with pytest.raises(
        PluginError, match="plugin 'raising': hook register_profile_extensions"
    ) as e:
        registry_of(Raising())
    assert e.value.__cause__ is error
    assert type(error).__name__ in str(e.value)


def test_keyboard_interrupt_and_plugin_error_pass_through() -> None:
    own = PluginError("plugin 'picky': my own message")

    class Picky:
        riskengine_plugin_name = "picky"

        @riskengine.hookimpl
        def register_rules(self) -> None:
            raise own

    with pytest.raises(PluginError) as e:
        registry_of(Picky())
    assert e.value is own

    class Interrupted:
        @riskengine.hookimpl
        def register_formats(self) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        registry_of(Interrupted())


def enrich_graph(builder: GraphBuilder) -> None:
    """A module-level enricher taking only `builder`, so its `Enricher` pickles."""
    builder.add_node("hub", "only-builder")


def test_enricher_passes_only_the_arguments_declared() -> None:
    seen: list[Profile] = []

    class ProfileOnly:
        riskengine_plugin_name = "profile-only"

        @riskengine.hookimpl
        def enrich_graph(self, profile: Profile) -> None:
            seen.append(profile)

    class BuilderOnly:
        riskengine_plugin_name = "builder-only"
        enrich_graph = riskengine.hookimpl(staticmethod(enrich_graph))

    registry = registry_of(ProfileOnly(), BuilderOnly())
    assert [entry.plugin for entry in registry.enrichers] == ["profile-only", "builder-only"]
    assert all(isinstance(entry.item, Enricher) for entry in registry.enrichers)
    builder, profile = GraphBuilder(), a_profile()
    for entry in registry.enrichers:
        entry.item(builder, profile)
    assert seen == [profile]
    assert builder.has_node("hub:only-builder")
    by_builder = registry.enrichers[1].item
    assert by_builder.argnames == ("builder",)
    assert pickle.loads(pickle.dumps(by_builder)) == by_builder


def test_enricher_argument_with_default_gets_the_hook_value() -> None:
    seen: list[object] = []

    def enrich(builder: GraphBuilder, profile: object = None) -> None:
        seen.append(profile)

    profile = a_profile()
    Enricher(enrich, ("builder",), ("profile",))(GraphBuilder(), profile)
    assert seen == [profile]


def test_pluggy_validation_errors_name_the_plugin() -> None:
    class Typo:
        riskengine_plugin_name = "typo"

        @riskengine.hookimpl
        def register_rules(self, regster: Any) -> None: ...

    with pytest.raises(PluginError, match=r"plugin 'typo': .*'regster'.*hookspec"):
        registry_of(Typo())

    class Misspelt:
        riskengine_plugin_name = "misspelt"

        @riskengine.hookimpl
        def register_rule(self, register: Any) -> None: ...

    with pytest.raises(PluginError, match="plugin 'misspelt': unknown hook 'register_rule'"):
        registry_of(Misspelt())


class Anonymous:
    @riskengine.hookimpl
    def register_rules(self) -> None: ...


def test_anonymous_instances_are_named_by_their_class() -> None:
    assert plugin_names(Anonymous(), Anonymous()) == ["Anonymous", "Anonymous-2"]
    assert plugin_names(Anonymous(), block=["Anonymous"]) == []


def test_two_plugins_with_one_name_are_an_error() -> None:
    class One:
        riskengine_plugin_name = "same"

    with pytest.raises(PluginError, match="two plugins are named 'same'"):
        plugin_names(One(), One())


@needs_acme
@pytest.mark.parametrize("name", ["acme", "ACME", "riskengine-acme-pack", "RiskEngine_Acme_Pack"])
def test_allow_list_loads_an_entry_point_with_autoload_off(name: str) -> None:
    registry = registry_of(load=(name,))
    assert ("acme", "1.2.0") in registry.plugins
    assert "ACME001" in registry.rules


@needs_acme
def test_allow_list_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "acme" not in plugin_names()
    monkeypatch.setenv(LOAD_PLUGINS_ENV, " nothing-else-wanted-here , acme")
    with pytest.raises(PluginError, match="nothing-else-wanted-here"):
        plugin_names()
    monkeypatch.setenv(LOAD_PLUGINS_ENV, "acme,")
    assert plugin_names() == ["acme"]


@needs_acme
def test_allow_list_is_harmless_with_autoload_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RISKENGINE_DISABLE_PLUGIN_AUTOLOAD")
    pm = make_plugin_manager(builtins=False, load=["acme", "riskengine-acme-pack"])
    assert [name for name, _ in pm.list_name_plugin()].count("acme") == 1


@needs_acme
def test_blocked_plugin_is_not_loaded_by_the_allow_list() -> None:
    assert plugin_names(load=["acme"], block=["acme"]) == []


def test_unknown_name_lists_the_installed_entry_points() -> None:
    with pytest.raises(PluginError, match="cannot load plugin 'no-such-pack'") as e:
        plugin_names(load=["no-such-pack"])
    if ACME_INSTALLED:
        assert "acme (from riskengine-acme-pack)" in str(e.value)


def test_allow_list_imports_a_module_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "local_rules_plugin.py").write_text(
        "import riskengine\n"
        "@riskengine.hookimpl\n"
        "def register_formats(register):\n"
        "    register('plain', lambda assessments, options: '')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = registry_of(load=("local_rules_plugin",))
    assert registry.formats["plain"].plugin == "local_rules_plugin"


def test_cli_parses_load_and_block() -> None:
    options = EngineOptions.from_cli(("acme", "no:builtin-rules", "x"), True, None)
    assert (options.load, options.block, options.load_entrypoints) == (
        ("acme", "x"),
        ("builtin-rules",),
        False,
    )
    for bad in ("no:", "", " "):
        result = CliRunner().invoke(main, ["-p", bad, "plugins"])
        assert result.exit_code == 2 and "expected NAME or no:NAME" in result.output


@needs_acme
def test_cli_loads_a_named_plugin_with_autoload_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RISKENGINE_DISABLE_PLUGIN_AUTOLOAD")
    monkeypatch.delenv(LOAD_PLUGINS_ENV, raising=False)
    runner = CliRunner()
    without = runner.invoke(main, ["--no-plugin-autoload", "plugins"])
    assert without.exit_code == 0, without.output
    assert "acme" not in without.output
    loaded = runner.invoke(main, ["--no-plugin-autoload", "-p", "acme", "plugins"])
    assert loaded.exit_code == 0, loaded.output
    assert "acme 1.2.0" in loaded.output
    unknown = runner.invoke(main, ["--no-plugin-autoload", "-p", "acme-typo", "plugins"])
    assert unknown.exit_code == 2
    assert "cannot load plugin 'acme-typo'" in unknown.stderr
