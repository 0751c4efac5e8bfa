"""Markers that declare, on the profile model itself, what is an entity and what refers to one.

A section of the profile is an *entity section* when its model class names a ``kind``
(``departments: dict[Id, Department]`` with ``Department.kind = "department"``); a singleton such
as the sponsor is an entity of its own kind. A field that holds the id (or ids) of another entity
carries a `Ref` in its ``Annotated`` metadata, which also says which dependency-graph edge the
reference makes. Everything that needs to know about entities and references (validation, the
graph, the patcher, display names, exports) derives from these markers through
`riskengine.profile.schema`, so adding a section is one edit to the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Tag


@dataclass(frozen=True)
class Ref:
    """The field holds the id of an entity of `kind` (or a list of such ids).

    Args:
        kind: the entity kind referred to (``"role"``, ``"department"``, ...).
        relation: the dependency-graph relation the reference creates; None for none.
        inward: the edge points from the referred entity to the holder (what is depended on
            comes first); False points from the holder to the referred entity.
        when: the name of a boolean field of the same model that must be true for the edge.
    """

    kind: str
    relation: str | None = None
    inward: bool = True
    when: str | None = None


@dataclass(frozen=True)
class Link:
    """A boolean field that, when true, links the singleton entity `kind` to the holder.

    ``chaired_by_sponsor: Annotated[bool, Link("sponsor", "chairs")]`` on the steering committee
    adds the edge ``sponsor -> steering_committee`` (relation ``chairs``) when the sponsor exists.
    """

    kind: str
    relation: str


@dataclass(frozen=True)
class Fact:
    """A fact rules judge, with the answers that worry and reassure most.

    ``engagement: Annotated[Engagement | None, Fact(risky="absent", healthy="champion")] = None``.
    Left out, the fact is unknown. The engine asks the riskiest answer to learn how much an open
    question could reveal, and property tests check that the healthiest answer never raises risk
    and the riskiest never lowers it.
    """

    risky: Any
    healthy: Any


TAG_PREFIX = "is-"
"""Union branches are tagged ``is-...``; error locations leave these tags out."""


def _branch(value: Any) -> str:
    if value is None:
        return "is-unknown"
    return "is-none" if value is False else "is-given"


def none_or(model: Any) -> Any:
    """The type of a section that may be stated (`model`), stated absent (``false``) or unknown.

    Tagged so that a mistake inside the section is reported once, at the section's own fields.
    """
    choices = Union[  # noqa: UP007 - built at run time from `model`
        Annotated[model, Tag("is-given")],
        Annotated[Literal[False], Tag("is-none")],
        Annotated[None, Tag("is-unknown")],
    ]
    return Annotated[choices, Discriminator(_branch)]
