"""The read-only view every rule evaluates: profile, dependency graph, extensions, today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from pydantic import BaseModel

from riskengine.profile import Profile

if TYPE_CHECKING:
    from riskengine.graph import ProjectGraph


class Context:
    """Everything a rule may read. Rules must not modify it.

    The graph is built on first use, so rules that only read the profile cost nothing extra.
    """

    def __init__(
        self,
        profile: Profile,
        *,
        extensions: Mapping[str, BaseModel] | None = None,
        today: dt.date | None = None,
        graph_factory: Callable[..., ProjectGraph] | None = None,
        reuse_graph: ProjectGraph | None = None,
        graph: ProjectGraph | None = None,
    ) -> None:
        self.profile = profile
        self.extensions: Mapping[str, BaseModel] = MappingProxyType(dict(extensions or {}))
        self.today = today or dt.date.today()
        self._graph_factory = graph_factory
        self._reuse_graph = reuse_graph
        if graph is not None:  # a graph known to match the profile: skip building one
            self.__dict__["graph"] = graph

    @cached_property
    def graph(self) -> ProjectGraph:
        """The dependency graph of the profile (built once, on first access)."""
        if self._graph_factory is not None:
            return self._graph_factory(self.profile, reuse=self._reuse_graph)
        from riskengine.graph import build_graph

        return build_graph(self.profile, reuse=self._reuse_graph)

    @property
    def built_graph(self) -> ProjectGraph | None:
        """The graph if a rule has already asked for it, else None (never builds it)."""
        graph: ProjectGraph | None = self.__dict__.get("graph")
        return graph

    @property
    def seats(self) -> int:
        """Number of CRM users, the main measure of how big the rollout is."""
        return self.profile.organization.crm_seats

    def extension(self, name: str) -> BaseModel | None:
        """The validated extension section registered under `name`, if the profile has one."""
        return self.extensions.get(name)
