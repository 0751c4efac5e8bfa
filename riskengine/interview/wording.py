"""Plain words for a question: the field's description, what it is about, and how to answer."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from riskengine.interview.catalog import EXTENSIONS, Spec, step_into
from riskengine.profile.entities import kinds_by_section


def question_text(spec: Spec, about: str) -> str:
    """The question: the documented meaning of the field, prefixed with what it is about."""
    text = spec.description
    if spec.kind == "exists":
        text = text.split(";")[0].rstrip(".") + ": is there one?"
    elif spec.kind == "entities":
        text = re.sub(r",? by id\.?$", "", text).rstrip(".") + ": which are there?"
    elif spec.kind == "items":
        text = text.rstrip(".") + ": which?"
    return f"{about}: {text}" if about else text


def answer_hint(spec: Spec, options: Sequence[str]) -> str:
    """How to answer, in a few words."""
    kind = spec.kind
    listed = ", ".join(options)
    hints = {
        "bool": "yes or no",
        "exists": "yes, or no if there is none",
        "int": "a whole number",
        "float": "a number",
        "date": "a date, YYYY-MM-DD",
        "text": "free text",
        "texts": "free text; separate several with ;",
        "choice": f"one of: {listed}",
        "ref": f"one of: {listed}",
        "choices": f"any of: {listed} (comma-separated; none for none)",
        "refs": f"any of: {listed} (comma-separated; none for none)",
        "entities": "names, comma-separated (none if there are none)",
        "items": (
            f"any of: {listed} (comma-separated)"
            if spec.target
            else "names, comma-separated (none if there are none)"
        ),
    }
    return hints.get(kind, "")


def about(root: type[BaseModel], data: Mapping[str, Any], parts: list[str]) -> str:
    """What a question is about: ``Department 'Sales'``, ``Objective 'More repeat orders' >
    Metric 'repeat rate'``; empty for a question about the program as a whole."""
    if parts[:1] == [EXTENSIONS]:
        return f"Plugin section '{parts[1]}'" if len(parts) > 2 else ""
    kinds = kinds_by_section(root)
    labels: list[str] = []
    model: type[BaseModel] | None = root
    node: Any = data
    keyed: type[BaseModel] | None = None
    for i, part in enumerate(parts[:-1]):
        node = node.get(part) if isinstance(node, dict) else _index(node, part)
        if keyed is not None:
            labels.append(_label(keyed, part, node, kinds.get(parts[i - 1])))
            model, keyed = keyed, None
        elif model is not None and part in model.model_fields:
            model, keyed = step_into(model.model_fields[part].annotation)
    return " > ".join(labels)


def _label(model: type[BaseModel], key: str, node: Any, kind: Any) -> str:
    """``Department 'Sales'``: the kind of an entity or list item and its name."""
    title = kind.title if kind is not None else _words(model.__name__)
    name = key
    attribute = "label_field" if kind is not None else "item_key"
    field = getattr(model, attribute, None)
    if isinstance(node, dict) and isinstance(field, str) and node.get(field):
        name = str(node[field])
    return f"{title} '{name}'"


def _words(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).capitalize()


def _index(node: Any, part: str) -> Any:
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    return None
