"""The hostile-strings fixture every output-safety test uses, and the checks they share.

Each string would do harm if a report passed it on as it is: clear the screen, retitle the
window, plant a hyperlink, close or open rich markup, reverse the text that follows, cut XML, ping
a whole organisation in a pull request, start a formula, or link somewhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from tests.output.helpers import ROOT, TODAY, TROUBLED

HOSTILE: dict[str, str] = {
    "clear screen": "\x1b[2J\x1b[H",
    "window title (OSC 0)": "\x1b]0;pwned\x07",
    "hyperlink (OSC 8)": "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "markup close": "[/]",
    "markup open": "[bold]",
    "right-to-left override": "\u202eexe.txt",
    "isolate": "\u2066hidden\u2069",
    "NUL": "nul\x00byte",
    "C1 CSI": "\x9b31mred",
    "fake verdict": "\r\noverall risk 0.0 GREEN",
    "mention": "@here",
    "team mention": "@acme/everyone",
    "math": "$x^2$",
    "bare URL": "https://evil.example",
    "www link": "www.evil.example",
}
"""Every hostile string by what it tries."""

EVERYTHING = " ".join(HOSTILE.values())
HOSTILE_FILE_NAME = "weird[bold].yaml"
HOSTILE_LABEL = "weird[bold][/]\x1b[2J\u202e.yaml"
"""A profile label (as a file name would be) that is itself hostile."""

# our own colour codes are the only escape sequences a report may hold
OWN_SGR = re.compile(r"\x1b\[[0-9;]*m")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def hostile_profile() -> dict[str, Any]:
    """The troubled fixture profile with hostile text in every name a rule quotes."""
    data: dict[str, Any] = yaml.safe_load((ROOT / TROUBLED).read_text(encoding="utf-8"))
    values = list(HOSTILE.values())
    data["organization"]["name"] = "Mallory " + EVERYTHING
    data["sponsor"]["name"] = values[0] + " sponsor " + values[1]
    data["departments"]["sales"]["name"] = "Sales " + EVERYTHING
    data["departments"]["sales"]["burden"] = "high"
    data["departments"]["sales"]["value"] = "low"
    data["roles"]["account_manager"]["name"] = values[2] + " rep " + values[3]
    data["processes"]["account_planning"]["name"] = "Planning " + EVERYTHING
    data["processes"]["account_planning"]["burdens"] = ["sales"]
    data["objectives"]["grow_accounts"]["description"] = EVERYTHING
    data["accepted_risks"][0]["reason"] = EVERYTHING
    data["accepted_risks"][0]["owner"] = "Owner " + values[5] + values[10]
    return data


def write_hostile(directory: Path, name: str = HOSTILE_FILE_NAME) -> Path:
    """The hostile profile as a YAML file (control characters written as YAML escapes)."""
    path = directory / name
    path.write_text(yaml.safe_dump(hostile_profile(), allow_unicode=False), encoding="utf-8")
    return path


def hostile_assessment(engine: Engine, directory: Path) -> Assessment:
    """The hostile profile assessed with every built-in rule, under a hostile label."""
    profile = engine.load(write_hostile(directory))
    return engine.assess(profile, label=HOSTILE_LABEL, today=TODAY)


def assert_terminal_safe(text: str) -> None:
    """No escape sequence but our own colours, no control or bidi character but newlines."""
    bare = OWN_SGR.sub("", text)
    found = UNSAFE.search(bare)
    assert found is None, f"unsafe {found.group()!r} at {bare[found.start() - 30 : found.end()]!r}"


def assert_no_hostile_raw(text: str) -> None:
    """None of the hostile strings with a control or bidi character appears as it was."""
    for what, value in HOSTILE.items():
        if UNSAFE.search(value) or "\n" in value:
            assert value not in text, f"{what} passed through raw"


def assert_well_formed_xml(text: str) -> ET.Element:
    """Parse `text` as XML (it must be well-formed) and return the root."""
    return ET.fromstring(text.encode("utf-8"))
