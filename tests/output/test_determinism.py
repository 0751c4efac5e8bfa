"""Every report format is the same byte for byte across processes and hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import PROFILES, ROOT

FORMATS = ("table", "json", "markdown", "sarif", "junit", "html")
HOSTILE = ROOT / "tests" / "output" / "profiles" / "hostile.yaml"

# one process renders every format of two profiles (one of them full of hostile text), ranked
SCRIPT = f"""
import datetime, hashlib, sys
from riskengine.engine import Engine
from riskengine.output.options import FormatOptions
engine = Engine(load_entrypoints=False)
day = datetime.date(2026, 1, 1)
found = [engine.assess(p, today=day) for p in sys.argv[1:]]
for fmt in {FORMATS!r}:
    text = engine.render(found, fmt, FormatOptions(color=fmt == "table", show_passed=True))
    print(fmt, hashlib.sha256(text.encode()).hexdigest())
"""


def test_every_format_is_identical_under_different_hash_seeds() -> None:
    outputs = {}
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(PROFILES / "troubled-rollout.yaml"), str(HOSTILE)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs[seed] = done.stdout
    assert len(set(outputs.values())) == 1, outputs
    assert [line.split()[0] for line in outputs["0"].splitlines()] == list(FORMATS)
