"""The ``extensions.acme`` section of a profile."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EDITION_LIMITS: dict[str, int | None] = {"starter": 5, "professional": 25, "enterprise": None}
"""Custom objects each AcmeCRM edition supports through upgrades (None: no limit)."""


class AcmeSection(BaseModel):
    """How the organization runs AcmeCRM."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edition: Literal["starter", "professional", "enterprise"] = "professional"
    """Licensed AcmeCRM edition."""
    custom_objects: int = Field(default=0, ge=0)
    """Custom objects configured on top of the standard data model."""
    connectors: list[str] = Field(default_factory=list)
    """Ids of data sources connected through Acme's connector hub."""
