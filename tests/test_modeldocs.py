"""Attribute docstrings read by `DocumentedModelMeta` match pydantic's own reading of them."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, Field

from riskengine.config import Config
from riskengine.limits import Limits
from riskengine.modeldocs import DocumentedModelMeta, class_docstrings
from riskengine.profile import Profile
from riskengine.profile.base import ProfileModel
from riskengine.rule import RuleSettings

DOCS = ConfigDict(use_attribute_docstrings=True)


class Fast(BaseModel, metaclass=DocumentedModelMeta):
    model_config = DOCS


class Plain(BaseModel):
    model_config = DOCS


def _descriptions(model: type[BaseModel]) -> dict[str, str | None]:
    return {name: field.description for name, field in model.model_fields.items()}


def _pair() -> tuple[type[BaseModel], type[BaseModel]]:
    """The same awkward class body under both metaclasses."""

    class Awkward(Fast):
        kind: ClassVar[str] = "x"
        """A class variable: never a field."""
        count: int = Field(default=3, ge=0)
        """How many.

        Indented second paragraph."""
        named: str = Field(default="", description="stated, so the docstring is ignored")
        """Ignored."""
        text: str = """
first line of a string that starts
at column zero
"""
        """A default written over several lines."""
        bare: int | None = None
        plain: int = 0  # a comment, then the docstring
        """After a comment."""

        def method(self) -> int:
            """Not a field's docstring."""
            return 1

    class AwkwardPlain(Plain):
        kind: ClassVar[str] = "x"
        """A class variable: never a field."""
        count: int = Field(default=3, ge=0)
        """How many.

        Indented second paragraph."""
        named: str = Field(default="", description="stated, so the docstring is ignored")
        """Ignored."""
        text: str = """
first line of a string that starts
at column zero
"""
        """A default written over several lines."""
        bare: int | None = None
        plain: int = 0  # a comment, then the docstring
        """After a comment."""

        def method(self) -> int:
            """Not a field's docstring."""
            return 1

    return Awkward, AwkwardPlain


def test_descriptions_match_pydantic_on_an_awkward_class() -> None:
    fast, plain = _pair()
    assert _descriptions(fast) == _descriptions(plain)
    assert fast.model_fields["count"].description == "How many.\n\nIndented second paragraph."
    assert fast.model_fields["named"].description == "stated, so the docstring is ignored"
    assert fast.model_fields["bare"].description is None
    assert fast.model_json_schema() == {**plain.model_json_schema(), "title": "Awkward"}


class MultiLineHeader(
    Fast,
):
    first: int = 1
    """The first."""


def test_a_header_over_several_lines_is_read_whole() -> None:
    assert MultiLineHeader.model_fields["first"].description == "The first."
    # the configuration the class declares is kept, for subclasses and rebuilds
    assert MultiLineHeader.model_config.get("use_attribute_docstrings") is True
    assert "defer_build" not in MultiLineHeader.model_config
    assert MultiLineHeader(first=2).first == 2


def test_subclasses_inherit_and_add_descriptions() -> None:
    class Base(Fast):
        a: int = 0
        """From the base."""

    class Child(Base):
        b: int = 0
        """From the child."""

    assert _descriptions(Child) == {"a": "From the base.", "b": "From the child."}


def test_a_class_not_in_any_source_falls_back_to_pydantic() -> None:
    namespace: dict[str, Any] = {}
    # a class with no source file behind it, as typed into a REPL
    exec(
        "class Typed(Fast):\n    x: int = 0\n    '''Lost without source.'''\n",
        {"Fast": Fast, "__name__": "nowhere"},
        namespace,
    )
    assert namespace["Typed"].model_fields["x"].description is None
    assert namespace["Typed"](x=1).x == 1


def test_class_docstrings_refuses_a_frame_of_another_module() -> None:
    import sys

    assert class_docstrings("Fast", "some.other.module", sys._getframe(0)) is None


@pytest.mark.parametrize("model", [Profile, Config, Limits])
def test_project_models_are_documented_field_by_field(model: type[BaseModel]) -> None:
    described = [name for name, field in model.model_fields.items() if field.description]
    assert len(described) == len(model.model_fields), set(model.model_fields) - set(described)


def test_project_bases_use_the_metaclass() -> None:
    for base in (ProfileModel, RuleSettings, Config, Limits):
        assert isinstance(base, DocumentedModelMeta), base


def test_annotations_may_name_classes_local_to_a_function() -> None:
    class Local(Fast):
        x: int = 0

    class Holder(Fast):
        items: dict[str, Local] = Field(default_factory=dict)
        """Local models by name."""

    held = Holder.model_validate({"items": {"a": {"x": 2}}})
    assert held.items["a"].x == 2
    assert Holder.model_fields["items"].description == "Local models by name."
