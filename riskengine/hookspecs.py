"""The hooks a riskengine plugin can implement.

A plugin is any module or object with functions marked ``@riskengine.hookimpl`` whose names match
the specifications below. Registration hooks receive a ``register`` callback rather than returning
values, so the host can validate each item, reject clashes naming both plugins, and remember which
plugin supplied what.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pydantic import BaseModel

    from riskengine.graph import GraphBuilder
    from riskengine.output.options import Formatter
    from riskengine.profile import Profile
    from riskengine.rule import Rule

PROJECT_NAME = "riskengine"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marker for plugin functions: ``@riskengine.hookimpl def register_rules(register): ...``."""


@hookspec
def register_rules(register: Callable[[type[Rule[Any]]], None]) -> None:
    """Register rule classes.

    Call ``register(RuleClass)`` once per rule. Each class is checked for complete metadata and an
    ``evaluate`` method; a rule id already registered by another plugin is an error naming both.
    """


@hookspec
def register_profile_extensions(register: Callable[[str, type[BaseModel]], None]) -> None:
    """Register a pydantic model validating one section of ``extensions:`` in profiles.

    Call ``register("vendorname", VendorSection)``. A profile's ``extensions.vendorname`` is then
    validated with that model and handed to rules as ``ctx.extension("vendorname")``; a section
    no plugin registered is an error.
    """


@hookspec
def enrich_graph(builder: GraphBuilder, profile: Profile) -> None:
    """Add nodes and edges to the dependency graph of `profile` before it is frozen.

    Use ``builder.add_node(kind, ref, **attrs)`` and ``builder.add_edge(source, target, relation)``;
    edges point from what is depended on to what depends on it.
    """


@hookspec
def register_formats(register: Callable[[str, Formatter], None]) -> None:
    """Register output formats for reports.

    Call ``register("name", formatter)`` where ``formatter(assessments, options)`` returns the
    report as text (see `riskengine.output.options.Formatter`). A name registered twice is an error.
    """
