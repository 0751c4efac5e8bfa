"""The pluggy hooks that hand riskengine this pack's rule, extension and graph enrichment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import riskengine
from acme_riskpack.extension import AcmeSection
from acme_riskpack.rules import EditionOverrun
from riskengine.graph import GraphBuilder, node_id
from riskengine.profile import Profile


@riskengine.hookimpl
def register_rules(register: Callable[[type[Any]], None]) -> None:
    """Register ACME001."""
    register(EditionOverrun)


@riskengine.hookimpl
def register_profile_extensions(register: Callable[[str, type[Any]], None]) -> None:
    """Validate ``extensions.acme`` with `AcmeSection`."""
    register("acme", AcmeSection)


@riskengine.hookimpl
def enrich_graph(builder: GraphBuilder, profile: Profile) -> None:
    """Put a connector node between each connected source and the processes that need it."""
    section = AcmeSection.model_validate(profile.extensions.get("acme", {}))
    for source in section.connectors:
        if source not in profile.data_sources:
            continue
        connector = builder.add_node("acme_connector", source)
        builder.add_edge(node_id("data_source", source), connector, "feeds")
        for key, process in profile.processes.items():
            if source in process.needs_sources:
                builder.add_edge(connector, node_id("process", key), "feeds")
