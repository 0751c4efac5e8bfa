"""Turn a `Profile` into graph nodes and edges (see `riskengine.graph` for the edge direction)."""

from __future__ import annotations

from riskengine.graph import GraphBuilder, node_id
from riskengine.profile import Profile


def populate(builder: GraphBuilder, profile: Profile) -> None:
    """Add every entity of `profile` as a node, then every reference as an edge."""
    _add_nodes(builder, profile)
    _add_people_edges(builder, profile)
    _add_process_edges(builder, profile)
    _add_program_edges(builder, profile)


def _add_nodes(b: GraphBuilder, p: Profile) -> None:
    """Nodes carry only their kind and id: rules read attributes from the profile, which lets
    the engine reuse a graph whenever a change leaves the structure as it was."""
    if p.sponsor is not None:
        b.add_node("sponsor", "sponsor")
    if p.steering_committee is not None:
        b.add_node("steering_committee", "steering_committee")
    for kind, table in (
        ("department", p.departments),
        ("role", p.roles),
        ("process", p.processes),
        ("data_source", p.data_sources),
        ("field", p.fields),
        ("objective", p.objectives),
        ("phase", p.phases),
    ):
        for key in table:
            b.add_node(kind, key)


def _add_people_edges(b: GraphBuilder, p: Profile) -> None:
    chaired = p.steering_committee is not None and p.steering_committee.chaired_by_sponsor
    if p.sponsor is not None and chaired:
        b.add_edge("sponsor", "steering_committee", "chairs")
    if p.steering_committee is not None:
        for member in p.steering_committee.members:
            b.add_edge("steering_committee", node_id("department", member.department), "represents")
    for key, dep in p.departments.items():
        for tool in dep.tools:
            b.add_edge(node_id("data_source", tool), node_id("department", key), "serves")
    for key, role in p.roles.items():
        if role.department is None:
            continue
        dep_node, role_node = node_id("department", role.department), node_id("role", key)
        b.add_edge(dep_node, role_node, "staffs")
        if role.involved_in_planning:
            b.add_edge(role_node, dep_node, "represents")


def _add_process_edges(b: GraphBuilder, p: Profile) -> None:
    for key, proc in p.processes.items():
        pid = node_id("process", key)
        if proc.owner is not None:
            b.add_edge(node_id("role", proc.owner), pid, "owns")
        for role in proc.performed_by:
            b.add_edge(node_id("role", role), pid, "performs")
        for field_id in proc.needs_fields:
            b.add_edge(node_id("field", field_id), pid, "feeds")
        for objective_id in proc.supports:
            b.add_edge(pid, node_id("objective", objective_id), "supports")
        for dep_id in proc.benefits:
            b.add_edge(pid, node_id("department", dep_id), "benefits")
        for dep_id in proc.burdens:
            b.add_edge(pid, node_id("department", dep_id), "burdens")
        for src_id in proc.needs_sources:
            b.add_edge(node_id("data_source", src_id), pid, "feeds")
    for key, source in p.data_sources.items():
        if source.owner is not None:
            b.add_edge(node_id("role", source.owner), node_id("data_source", key), "maintains")
    for key, fld in p.fields.items():
        fid = node_id("field", key)
        if fld.source is not None:
            b.add_edge(node_id("data_source", fld.source), fid, "feeds")
        if fld.entered_by is not None:
            b.add_edge(node_id("department", fld.entered_by), fid, "enters")


def _add_program_edges(b: GraphBuilder, p: Profile) -> None:
    for key, obj in p.objectives.items():
        if obj.owner is not None:
            b.add_edge(node_id("role", obj.owner), node_id("objective", key), "accountable_for")
    for key, phase in p.phases.items():
        ph = node_id("phase", key)
        for proc in phase.processes:
            b.add_edge(ph, node_id("process", proc), "delivers")
        for objective_id in phase.objectives:
            b.add_edge(ph, node_id("objective", objective_id), "advances")
        for prior in phase.after:
            b.add_edge(node_id("phase", prior), ph, "precedes")
        if phase.pilot is not None:
            for role in phase.pilot.roles:
                b.add_edge(node_id("role", role), ph, "pilots")
