"""Update a dependency graph after a change by redoing only the entities the change touches.

A graph built from declarations knows which edges each entity contributed (`ProjectGraph.holders`).
A change inside one entity (``/roles/rep/department``), or one that adds or removes an entity,
alters only that entity's node and edges: the updated graph takes every other node's adjacency
from the old graph unchanged and records exactly what it added and removed, so re-evaluation
knows which graph readers to re-run without comparing two whole graphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from riskengine.graph.model import Edge, Holders, ProjectGraph
from riskengine.profile import Profile
from riskengine.profile.entities import EntityKind, entity_edges, entity_node, kinds_by_section


def updated_graph(
    old: ProjectGraph, profile: Profile, paths: Sequence[list[str]]
) -> ProjectGraph | None:
    """The graph of `profile` made from `old`, the graph before changes at `paths`.

    Returns `old` itself when nothing in it changes, and None when an update cannot be exact
    (a whole section replaced, a graph with plugin enrichment, a pair of nodes two entities
    link),
    for the caller to build the graph afresh.
    """
    if old.holders is None:
        return None
    touched = _touched_entities(profile, paths)
    if touched is None:
        return None
    nodes, succ, pred = old.adjacency
    holders = old.holders
    added_nodes: dict[str, dict[str, Any]] = {}
    removed_nodes: set[str] = set()
    before: dict[tuple[str, str], str] = {}  # each pair's relation, as the adjacency holds it
    after: dict[tuple[str, str], str] = {}
    new_holders: Holders = {}
    for node, (kind, key) in touched.items():
        entity = _entity(profile, kind, key)
        now = tuple(entity_edges(profile, kind, key, entity)) if entity is not None else ()
        if entity is None and node in nodes:
            removed_nodes.add(node)
        elif entity is not None and node not in nodes:
            added_nodes[node] = {"kind": kind.name, "ref": key}
        if not (_merge(before, holders.get(node, ())) and _merge(after, now)):
            return None
        new_holders[node] = now
    removed = {(u, v, r) for (u, v), r in before.items() if after.get((u, v)) != r}
    added = {(u, v, r) for (u, v), r in after.items() if before.get((u, v)) != r}
    if not (added_nodes or removed_nodes or added or removed):
        return old
    if _claimed_elsewhere(old, before, after):
        return None
    if not _detached(succ, pred, removed_nodes, removed):
        return None  # another entity still points at one that is gone
    delta_nodes = {(n, a["kind"]) for n, a in added_nodes.items()}
    delta_nodes |= {(n, nodes[n]["kind"]) for n in removed_nodes}
    succ, pred = _rewired(succ, pred, removed, added, removed_nodes, added_nodes)
    new_nodes = {n: a for n, a in nodes.items() if n not in removed_nodes}
    new_nodes.update(added_nodes)
    if any(u not in new_nodes or v not in new_nodes for u, v, _ in added):
        return None  # an edge to an entity that is not there: only a fresh build can say
    kept = {n: e for n, e in holders.items() if n not in removed_nodes}
    kept.update({n: e for n, e in new_holders.items() if n not in removed_nodes})
    graph = ProjectGraph.from_adjacency(
        new_nodes,
        succ,
        pred,
        enricher_reads=old.enricher_reads,
        holders=kept,
        changed_from=(old, (frozenset(delta_nodes), frozenset(added | removed))),
    )
    moved = {n for n, _ in delta_nodes}
    graph.keep_answers(
        old,
        outgoing=moved | {u for u, _, _ in added | removed},
        incoming=moved | {v for _, v, _ in added | removed},
    )
    return graph


def _touched_entities(
    profile: Profile, paths: Sequence[list[str]]
) -> dict[str, tuple[EntityKind, str]] | None:
    """The entities whose declarations changes at `paths` can alter, by node (None: a whole
    entity section changed, which can alter links to it from every entity)."""
    kinds = kinds_by_section(type(profile))
    touched: dict[str, tuple[EntityKind, str]] = {}
    for parts in paths:
        if len(parts) < 2 and (not parts or parts[0] in kinds):
            return None  # the whole profile, or a whole entity section
        kind = kinds.get(parts[0])
        if kind is None:
            continue  # no entity there: no declared node or edge
        key = kind.name if kind.singleton else parts[1]
        touched[entity_node(kind, key)] = (kind, key)
    return touched


def _entity(profile: Profile, kind: EntityKind, key: str) -> BaseModel | None:
    """The entity `key` of `kind` in `profile`, or None when it is not there."""
    value = getattr(profile, kind.section)
    if kind.singleton:
        return value if isinstance(value, BaseModel) else None
    entity = value.get(key)
    return entity if isinstance(entity, BaseModel) else None


def _merge(pairs: dict[tuple[str, str], str], contributed: tuple[Edge, ...]) -> bool:
    """Add one entity's edges to `pairs` as the adjacency keeps them (the last relation
    declared for a pair); False when another entity already declared one of its pairs."""
    own: dict[tuple[str, str], str] = {}
    for u, v, relation in contributed:
        own[(u, v)] = relation
    if any(pair in pairs for pair in own):
        return False
    pairs.update(own)
    return True


def _claimed_elsewhere(
    old: ProjectGraph, before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]
) -> bool:
    """Whether an entity the change left alone declares a pair the changed entities declare(d):
    which relation the adjacency keeps then depends on the order a fresh build adds them in."""
    declared = old.declared_pairs
    return any(declared.get(pair, 0) - (pair in before) > 0 for pair in before.keys() | after)


def _detached(
    succ: dict[str, dict[str, Any]],
    pred: dict[str, dict[str, Any]],
    gone: set[str],
    removed: set[Edge],
) -> bool:
    """Whether every edge at a node that is gone is among the edges removed."""
    ends = {(u, v) for u, v, _ in removed}
    for node in gone:
        if any((node, v) not in ends for v in succ.get(node, {})):
            return False
        if any((u, node) not in ends for u in pred.get(node, {})):
            return False
    return True


def _rewired(
    succ: dict[str, dict[str, Any]],
    pred: dict[str, dict[str, Any]],
    removed: set[Edge],
    added: set[Edge],
    removed_nodes: set[str],
    added_nodes: dict[str, dict[str, Any]],
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """New adjacency dicts: the old ones shared, except where an edge or node changed."""
    succ, pred = dict(succ), dict(pred)
    own_succ: set[str] = set()
    own_pred: set[str] = set()

    def out_of(node: str) -> dict[str, Any]:
        if node not in own_succ:
            succ[node] = dict(succ.get(node, {}))
            own_succ.add(node)
        return succ[node]

    def into(node: str) -> dict[str, Any]:
        if node not in own_pred:
            pred[node] = dict(pred.get(node, {}))
            own_pred.add(node)
        return pred[node]

    for u, v, _ in removed:
        if v in succ.get(u, {}):
            out_of(u).pop(v, None)
            into(v).pop(u, None)
    for node in added_nodes:
        out_of(node)
        into(node)
    for u, v, relation in sorted(added):
        data = {"relation": relation}
        out_of(u)[v] = data
        into(v)[u] = data
    for node in removed_nodes:
        succ.pop(node, None)
        pred.pop(node, None)
    return succ, pred
