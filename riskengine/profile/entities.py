"""What the profile model declares about entities and references, read once from the model.

Validation of references, the dependency graph's nodes and edges, the patcher's checks, display
names and stable identities all derive from the markers in `riskengine.profile.declare` through
the functions here; nothing else lists entity kinds or reference fields.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from riskengine.profile.base import ProfileModel
from riskengine.profile.declare import Link, Ref

Loc = tuple[str | int, ...]
ANY_ITEM = "*"


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity: the section holding it and how it is named."""

    name: str
    """Kind name, as in graph node ids (``data_source``)."""
    section: str
    """Top-level profile section (``data_sources``)."""
    model: type[ProfileModel]
    singleton: bool
    """A section holding one optional entity (the sponsor) rather than a map of them."""
    title: str
    """Readable kind name (``Data source``)."""
    group: str
    """Heading under which reports group entities of this kind (``Data sources``)."""


@dataclass(frozen=True)
class Site:
    """A field of an entity's model (possibly nested) that refers to or links other entities."""

    owner: tuple[str, ...]
    """Field names from the entity to the model holding the field; ``*`` is every list item."""
    field: str
    refs: tuple[Ref, ...] = ()
    links: tuple[Link, ...] = ()


def model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model class inside an annotation (Optional, list, Annotated) and whether it is a list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return model_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found, many = model_of(arg)
            if found is not None:
                return found, many
        return None, False
    if origin is list:
        found, _ = model_of(typing.get_args(annotation)[0])
        return found, found is not None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _entity_model(annotation: Any) -> tuple[type[ProfileModel] | None, bool]:
    """The entity model of a root field: a map of entities, or a singleton entity."""
    origin = typing.get_origin(annotation)
    if origin is dict:
        found, _ = model_of(typing.get_args(annotation)[1])
        if isinstance(found, type) and issubclass(found, ProfileModel) and found.entity_kind:
            return found, False
        return None, False
    found, many = model_of(annotation)
    if not many and isinstance(found, type) and issubclass(found, ProfileModel):
        return (found, True) if found.entity_kind else (None, False)
    return None, False


def _title(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


@cache
def entity_kinds(root: type[BaseModel]) -> dict[str, EntityKind]:
    """Every entity kind of the root model `root`, by kind name, in the order of its sections."""
    kinds: dict[str, EntityKind] = {}
    for section, info in root.model_fields.items():
        model, singleton = _entity_model(info.annotation)
        if model is None or model.entity_kind is None:
            continue
        name = model.entity_kind
        group = model.entity_group or (_title(name) if singleton else _title(section))
        kinds[name] = EntityKind(name, section, model, singleton, _title(name), group)
    return kinds


@cache
def sites(model: type[BaseModel]) -> tuple[Site, ...]:
    """Every referring or linking field of `model`, nested models included."""
    out: list[Site] = []
    for name, info in model.model_fields.items():
        refs = tuple(m for m in info.metadata if isinstance(m, Ref))
        links = tuple(m for m in info.metadata if isinstance(m, Link))
        if refs or links:
            out.append(Site((), name, refs, links))
            continue
        nested, many = model_of(info.annotation)
        if nested is not None:
            prefix = (name, ANY_ITEM) if many else (name,)
            out.extend(Site(prefix + s.owner, s.field, s.refs, s.links) for s in sites(nested))
    return tuple(out)


@cache
def graph_fields(model: type[BaseModel]) -> frozenset[str]:
    """Top-level fields of `model` whose value can change references or graph edges."""
    names: set[str] = set()
    for site in sites(model):
        names.add(site.owner[0] if site.owner else site.field)
        if not site.owner:
            names.update(r.when for r in site.refs if r.when)
    return frozenset(names)


@cache
def reference_fields(model: type[BaseModel]) -> frozenset[str]:
    """Top-level fields of `model` holding (or containing) ids of other entities."""
    return frozenset(s.owner[0] if s.owner else s.field for s in sites(model) if s.refs)


def node_id(kind: str, ref: str) -> str:
    """The graph node id of an entity, for example ``department:sales``."""
    return f"{kind}:{ref}"


def entity_node(kind: EntityKind, key: str) -> str:
    """The node id of an entity (a singleton's node id is its kind)."""
    return kind.name if kind.singleton else node_id(kind.name, key)


def entities(profile: BaseModel) -> Iterator[tuple[EntityKind, str, ProfileModel]]:
    """Every entity of a profile: (kind, key, model), in section order then key order as given."""
    for kind in entity_kinds(profile.__class__).values():
        value = getattr(profile, kind.section)
        if kind.singleton:
            if isinstance(value, BaseModel):
                yield kind, kind.name, value  # type: ignore[misc]
        else:
            for key, entity in value.items():
                yield kind, key, entity


def _owners(model: Any, path: tuple[str, ...], loc: Loc) -> Iterator[tuple[Loc, Any]]:
    """The models at `path` below `model` (``*`` expands list items), with their locations."""
    if not path:
        yield loc, model
        return
    head, rest = path[0], path[1:]
    if head == ANY_ITEM:
        for i, item in enumerate(model):
            yield from _owners(item, rest, (*loc, i))
        return
    value = getattr(model, head)
    if isinstance(value, BaseModel | list):  # None is unknown, False is "there is none"
        yield from _owners(value, rest, (*loc, head))


def _ids(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, list):
        for i, ref in enumerate(value):
            yield (*loc, i), ref
    elif value is not None:
        yield loc, value


def _holders(
    profile: BaseModel, sections: frozenset[str] | None = None
) -> Iterator[tuple[Loc, BaseModel]]:
    """Every entity, and every other section of the root, with its location (only those in
    `sections` when given)."""
    kinds = entity_kinds(profile.__class__).values()
    for kind in kinds:
        if sections is not None and kind.section not in sections:
            continue
        value = getattr(profile, kind.section)
        if kind.singleton:
            if isinstance(value, BaseModel):
                yield (kind.section,), value
        else:
            for key, entity in value.items():
                yield (kind.section, key), entity
    entity_sections = {k.section for k in kinds}
    for name in profile.__class__.model_fields:
        if name in entity_sections or (sections is not None and name not in sections):
            continue
        value = getattr(profile, name)
        if isinstance(value, BaseModel):
            yield (name,), value


def references(
    profile: BaseModel, sections: frozenset[str] | None = None
) -> Iterator[tuple[Loc, str, str]]:
    """Every (location, kind, id) where the profile refers to another entity (only from
    `sections` when given)."""
    for base, entity in _holders(profile, sections):
        for site in sites(type(entity)):
            if not site.refs:
                continue
            for loc, owner in _owners(entity, site.owner, base):
                for at, ref in _ids(getattr(owner, site.field), (*loc, site.field)):
                    yield at, site.refs[0].kind, ref


def edges(profile: BaseModel) -> Iterator[tuple[str, str, str]]:
    """Every dependency-graph edge the declarations derive: (source node, target node, relation)."""
    for kind, key, entity in entities(profile):
        yield from entity_edges(profile, kind, key, entity)


def entity_edges(
    profile: BaseModel, kind: EntityKind, key: str, entity: BaseModel
) -> Iterator[tuple[str, str, str]]:
    """The edges one entity's declared references derive (see `edges`)."""
    kinds = entity_kinds(profile.__class__)
    holder = entity_node(kind, key)
    for site in sites(type(entity)):
        for _, owner in _owners(entity, site.owner, ()):
            yield from _site_edges(profile, kinds, holder, owner, site)


def _site_edges(
    profile: BaseModel, kinds: dict[str, EntityKind], holder: str, owner: Any, site: Site
) -> Iterator[tuple[str, str, str]]:
    value = getattr(owner, site.field)
    for ref in site.refs:
        if ref.relation is None or (ref.when and not getattr(owner, ref.when)):
            continue
        for _, target_id in _ids(value, ()):
            other = entity_node(kinds[ref.kind], target_id)
            yield (other, holder, ref.relation) if ref.inward else (holder, other, ref.relation)
    for link in site.links:
        if value and isinstance(getattr(profile, kinds[link.kind].section), BaseModel):
            yield link.kind, holder, link.relation


def label(profile: BaseModel, kind: str, ref: str) -> str:
    """The display name of an entity: its declared label field, else its id (or kind title)."""
    info = entity_kinds(profile.__class__).get(kind)
    if info is None:
        return ref
    value = getattr(profile, info.section)
    entity = value if info.singleton else value.get(ref)
    field = info.model.label_field
    text = ""
    if isinstance(entity, BaseModel) and field:
        text = str(getattr(entity, field) or "")
    return text or (info.title if info.singleton else ref)


@cache
def kinds_by_section(root: type[BaseModel]) -> dict[str, EntityKind]:
    """Entity kinds of `root` by the section that holds them."""
    return {k.section: k for k in entity_kinds(root).values()}


def _entity_at(profile: BaseModel, parts: list[str]) -> tuple[EntityKind | None, Any, int]:
    """The entity kind a pointer enters, the entity (or None) and where its fields start."""
    kind = kinds_by_section(profile.__class__).get(parts[0]) if parts else None
    if kind is None:
        return None, None, 0
    value = getattr(profile, kind.section)
    if kind.singleton:
        return kind, value if isinstance(value, BaseModel) else None, 1
    entity = value.get(parts[1]) if len(parts) > 1 else None
    return kind, entity, 2


def may_change_references(profile: BaseModel, parts: list[str]) -> bool:
    """Whether a change at pointer `parts` could leave an id pointing at no entity."""
    kind, entity, start = _entity_at(profile, parts)
    if kind is None:
        return _section_refers(profile, parts)
    if entity is None or len(parts) <= start:
        return True  # an entity is created, replaced or removed
    return parts[start] in reference_fields(kind.model)


def _section_refers(profile: BaseModel, parts: list[str]) -> bool:
    """Whether a change inside a section that is no entity can touch one of its references."""
    info = profile.__class__.model_fields.get(parts[0]) if parts else None
    section, _ = model_of(info.annotation) if info is not None else (None, False)
    if section is None:
        return False
    refs = reference_fields(section)
    return bool(refs) and (len(parts) < 2 or parts[1] in refs)


def may_change_graph(profile: BaseModel, parts: list[str]) -> bool:
    """Whether a change at pointer `parts` could alter the declared graph's nodes or edges."""
    kind, entity, start = _entity_at(profile, parts)
    if kind is None:
        return False
    if entity is None or len(parts) <= start:
        return True
    return parts[start] in graph_fields(kind.model)


def stable_pointer(profile: BaseModel, parts: list[str]) -> list[str]:
    """`parts` with list indexes replaced by the item's key (its declared key field or its value).

    Finding identities built from these survive reordering of the lists they point into.
    """
    out: list[str] = []
    node: Any = profile
    for part in parts:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            key = getattr(node, "item_key", None) if isinstance(node, ProfileModel) else None
            out.append(f"[{getattr(node, key)}]" if key else f"[{node}]")
            continue
        out.append(part)
        if isinstance(node, BaseModel):
            node = getattr(node, part, None)
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            node = None
    return out
