"""The JSON Schema of the profile format, with the sections installed plugins add."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from riskengine.profile import Profile

SCHEMA_ID = "urn:riskengine:profile:1"
"""Identifies the profile format (version 1) whatever the plugins installed add to it."""
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def profile_schema(extension_models: Mapping[str, type[BaseModel]] | None = None) -> dict[str, Any]:
    """The JSON Schema of a profile; `extension_models` describe ``extensions.NAME`` sections.

    A top-level ``$schema`` key (an editor's pointer to this schema) is allowed, as the loader
    ignores it.
    """
    root: type[BaseModel] = Profile
    if extension_models:
        fields: dict[str, Any] = {
            name: (model | None, Field(default=None, description=model.__doc__))
            for name, model in sorted(extension_models.items())
        }
        sections = create_model("Extensions", __config__=ConfigDict(extra="forbid"), **fields)
        root = create_model(
            "Profile",
            __base__=Profile,
            __doc__=Profile.__doc__,
            extensions=(
                sections,
                Field(
                    default=None,
                    description="Sections owned by plugins, validated by each plugin's model.",
                ),
            ),
        )
    schema = root.model_json_schema()
    schema["properties"] = {
        "$schema": {"type": "string", "description": "Where editors find this schema; ignored."},
        **schema["properties"],
    }
    schema["title"] = "riskengine project profile"
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **schema}
