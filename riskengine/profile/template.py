"""The starter profile ``riskengine init`` writes, generated from the model's own documentation.

Every section and field appears with its description and its choices as a comment, and every
value is left empty: an empty value is unknown, so the engine asks about it instead of assuming.
Entities (departments, roles, ...) are shown as a commented example entry, because an id the
user did not choose would be invented data.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from riskengine.profile.entities import model_of
from riskengine.profile.model import Profile

SCHEMA_FILE = "profile.schema.json"
"""Where the starter profile tells editors to find the schema (`riskengine schema -o` writes it)."""
HEADER = f"""\
# yaml-language-server: $schema={SCHEMA_FILE}
# (editors complete and check fields once `riskengine schema -o {SCHEMA_FILE}` has written it)
# riskengine project profile. Fill in what you know and leave the rest empty: an empty value is
# unknown, never assumed, and the assessment lists it as an open question. `false` for the
# sponsor or the steering committee means there is none. Then run:
#   riskengine score THIS_FILE
# `riskengine schema` documents every field; profiles/ in the riskengine repository has examples.
"""
COMMENT_AT = 34
PLACEHOLDER = "Your organization"
"""The one value a profile needs; reports use it as the organization's name."""


def starter_profile() -> str:
    """The text of the starter profile."""
    lines = [HEADER.rstrip("\n")]
    for name, info in Profile.model_fields.items():
        if name in ("schema_version", "extensions"):
            continue
        lines += _field(name, info, indent=0, commented=False, required=name == "organization")
    return "\n".join(lines) + "\n"


def _choices(annotation: Any) -> list[str]:
    """The allowed words of a closed vocabulary, if the field has one."""
    out: list[str] = []
    for arg in typing.get_args(annotation) or ():
        if typing.get_origin(arg) is typing.Literal:
            out += [str(a) for a in typing.get_args(arg) if a is not False]
        elif typing.get_origin(arg) is typing.Annotated:
            out += _choices(typing.get_args(arg)[0])
    if typing.get_origin(annotation) is typing.Literal:
        out += [str(a) for a in typing.get_args(annotation) if a is not False]
    return out


def _note(info: FieldInfo) -> str:
    """The comment of a field: its description and, for closed vocabularies, the choices."""
    text = " ".join((info.description or "").split())
    choices = _choices(info.annotation)
    if choices:
        text += f" ({', '.join(choices)})"
    return text


def _line(indent: int, key: str, note: str, commented: bool, value: str = "") -> str:
    prefix = "# " if commented else ""
    head = f"{'  ' * indent}{prefix}{key}:{(' ' + value) if value else ''}"
    return f"{head.ljust(COMMENT_AT)} # {note}" if note else head


def _field(
    name: str, info: FieldInfo, *, indent: int, commented: bool, required: bool = False
) -> list[str]:
    """One field: a scalar with an empty value, or a section with its own fields below it."""
    annotation = info.annotation
    if typing.get_origin(annotation) is dict:
        entity, _ = model_of(typing.get_args(annotation)[1])
        if isinstance(entity, type) and issubclass(entity, BaseModel):
            return _entity_map(name, info, entity, indent, commented)
    nested, many = model_of(annotation)
    if nested is None or many:
        value = PLACEHOLDER if required else ""
        return [_line(indent, name, _note(info), commented, value)]
    lines = [_line(indent, name, _note(info), commented)]
    # a section that may be stated absent (`false`) stays unknown until its fields are filled in
    commented = commented or _may_be_absent(annotation)
    for sub, sub_info in nested.model_fields.items():
        sub_required = required and sub_info.is_required()
        lines += _field(
            sub, sub_info, indent=indent + 1, commented=commented, required=sub_required
        )
    return lines


def _may_be_absent(annotation: Any) -> bool:
    """Whether a section can be ``false`` (stated absent): its existence is a fact of its own."""
    text = repr(annotation)
    return "Literal[False]" in text


def _entity_map(
    name: str, info: FieldInfo, entity: type[BaseModel], indent: int, commented: bool
) -> list[str]:
    """A map of entities: left unknown, with a commented example entry showing its fields."""
    example = {"departments": "sales", "roles": "account_manager", "data_sources": "old_crm"}
    key = example.get(name, f"{name.rstrip('s')}_1")
    lines = [_line(indent, name, _note(info) + " For example:", commented)]
    lines.append(_line(indent + 1, key, "", commented=True))
    for sub, sub_info in entity.model_fields.items():
        lines += _field(sub, sub_info, indent=indent + 2, commented=True)
    return lines
