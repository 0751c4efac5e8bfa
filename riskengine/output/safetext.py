"""Make profile text harmless before a report shows it.

A profile is written by people and tools the reader may not trust. Its names and descriptions
reach terminals, CI logs, XML parsers and code-review pages, each of which gives some characters
a meaning: ESC starts a terminal escape sequence (clear the screen, retitle the window, add a
hyperlink), NUL and most other control characters are illegal in XML 1.0, and the bidirectional
overrides reorder what a reader sees (the "Trojan Source" trick). `visible` replaces every such
character with a printable escape (``\\x1b``, ``\\u202e``), so the text stays readable, shows
that something odd was there, and cannot act on whatever displays it.

Backslashes are left alone, which makes `visible` idempotent: reports may apply it to text that
already passed through it.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0 and C1 controls (ESC, CSI, NUL, newlines, DEL)
    "\u061c\u200e\u200f"  # bidi marks
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates (no encoding can write them)
    "\ufffe\uffff"  # non-characters XML 1.0 forbids
    "]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    """The printable escape of one unsafe character."""
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` on one line with control, bidi and XML-illegal characters as printable escapes."""
    return _UNSAFE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """Like `visible`, but line breaks stay (for multi-line messages such as error lists)."""
    return "\n".join(visible(line) for line in text.split("\n"))


def is_safe(text: str) -> bool:
    """Whether `text` holds no character `visible` would replace."""
    return _UNSAFE.search(text) is None
