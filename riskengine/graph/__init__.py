"""The dependency graph: its model, how it is built from a profile, its snapshot and exports."""

from __future__ import annotations

from riskengine.graph.build import build_graph, populate
from riskengine.graph.model import FLOW_RELATIONS, GraphBuilder, ProjectGraph
from riskengine.profile.entities import node_id

__all__ = ["FLOW_RELATIONS", "GraphBuilder", "ProjectGraph", "build_graph", "node_id", "populate"]
