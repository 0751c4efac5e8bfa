"""Shared building blocks of the profile model: base config, identifiers and closed vocabularies."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator
from typing_extensions import Self

from riskengine.modeldocs import DocumentedModelMeta
from riskengine.profile.frozen import freeze_fields

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64),
]
"""An entity identifier: a letter, then letters, digits, '_', '-' or '.'."""

Level = Literal["none", "low", "medium", "high"]
"""A four-step scale used for burden and value."""

LEVEL_ORDER: dict[str, int] = {"none": 0, "low": 1, "medium": 2, "high": 3}

Engagement = Literal["absent", "passive", "supportive", "champion"]
ENGAGEMENT_ORDER: dict[str, int] = {"absent": 0, "passive": 1, "supportive": 2, "champion": 3}

Trend = Literal["fading", "steady", "rising"]

Cadence = Literal["never", "kickoff_only", "quarterly", "monthly", "weekly"]
CADENCE_ORDER: dict[str, int] = {
    "never": 0,
    "kickoff_only": 1,
    "quarterly": 2,
    "monthly": 3,
    "weekly": 4,
}

Dedication = Literal["none", "part_time", "full_time"]
DEDICATION_ORDER: dict[str, int] = {"none": 0, "part_time": 1, "full_time": 2}


class ProfileModel(BaseModel, metaclass=DocumentedModelMeta):
    """Base for every profile model: immutable, strict about unknown keys, documented fields.

    A fact left out is unknown, and so is one written as ``null`` (`without_blanks` removes those
    before validation): they stay out of ``model_fields_set``, which is how the engine tells a
    stated fact from a default.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        str_strip_whitespace=True,
        # NaN and infinity are never facts about a program, and break every comparison
        allow_inf_nan=False,
    )

    entity_kind: ClassVar[str | None] = None
    """Set on entity models: their kind (``department``); see `riskengine.profile.declare`."""
    entity_group: ClassVar[str | None] = None
    """Heading reports group this kind under, when not its section's name."""
    label_field: ClassVar[str | None] = "name"
    """Field holding an entity's display name (empty falls back to its id)."""
    item_key: ClassVar[str | None] = None
    """Set on models kept in lists: the field that identifies an item whatever its position."""

    @model_validator(mode="after")
    def _freeze_containers(self) -> Any:
        # frozen=True stops assignment only; the maps and lists held must not change either
        freeze_fields(self)
        return self

    @classmethod
    def model_construct(  # type: ignore[override]
        cls, _fields_set: set[str] | None = None, **values: Any
    ) -> Self:
        """Build without validation (for trusted data); the containers are frozen all the same."""
        model = super().model_construct(_fields_set, **values)
        freeze_fields(model)
        return model


def without_blanks(value: Any) -> Any:
    """Raw profile data with every ``null`` left out, so a fact written as ``null`` is exactly as
    unknown as one left out. Run once over the whole document before validation."""
    if isinstance(value, dict):
        if any(v is None or isinstance(v, dict | list) for v in value.values()):
            return {k: without_blanks(v) for k, v in value.items() if v is not None}
        return value
    if isinstance(value, list):
        return [without_blanks(v) for v in value]
    return value


# Upper bounds of numeric facts: far beyond any real program, small enough that no rule's
# arithmetic can overflow or lose all precision on them.
MAX_PEOPLE = 10_000_000
"""Employees, seats, headcount or role members."""
MAX_COUNT = 1_000_000
"""Features, change requests, projects, stakeholder groups."""
MAX_RECORDS = 10**12
"""Records in one data source."""
MAX_MONTHS = 1200.0
"""A century, in months."""
MAX_WEEKS = 5200.0
"""A century, in weeks."""
MAX_HOURS = 10_000.0
"""Hours of training per user."""
HOURS_PER_MONTH = 744.0
"""Every hour of the longest month."""
MAX_MEASURE = 1e12
"""Magnitude of a metric's baseline, target or actual value."""
