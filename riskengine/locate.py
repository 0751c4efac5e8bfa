"""Find the line and column of a field path in YAML or JSON text (used only for errors)."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def locate(text: str, loc: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the node at `loc`, or of its nearest existing parent.

    With `at_key`, point at the mapping key that ends `loc` rather than at its value; JSON is parsed
    as YAML here, which it nearly always is.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    key_node: yaml.Node | None = None
    for part in loc:
        found = _child(node, part)
        if found is None:
            return _pos(node)
        key_node, node = found
    return _pos(key_node if at_key and key_node is not None else node)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes under `part`; for sequences the item stands for both."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                return key, value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        item: yaml.Node = node.value[part]
        return item, item
    return None


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
