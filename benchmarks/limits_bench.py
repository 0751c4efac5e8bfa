"""Time the input-safety acceptance figures: big profiles, many errors, hostile nesting.

    python benchmarks/limits_bench.py           # prints the figures and whether each is met
    python benchmarks/limits_bench.py --quick   # a tenth of the sizes (smoke run; no time targets)

- 20,000 departments assess (without ranking) in under 10 s;
- a file with 20,000 invalid values reports its errors in under 5 s;
- deeply nested files are refused with exit status 2, no crash: a 60 KB file of 30,000
  closed levels (where the C parser used to crash) and a file opening 100,000 levels (one byte
  per level is the densest YAML allows, so that one is 100 KB).

Timings depend on the machine and its load; run it on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from riskengine.engine import Engine  # noqa: E402
from riskengine.errors import ProfileError  # noqa: E402

SIDES = ("sales", "service", "marketing", "operations", "finance", "it")


def departments_yaml(count: int, headcount: str) -> str:
    """A profile with `count` departments, each with the given headcount text."""
    lines = ["organization: {name: Big Co, crm_seats: 5000}", "departments:"]
    lines += [
        f"  d{i}: {{side: {SIDES[i % 6]}, headcount: {headcount}, burden: high, value: low}}"
        for i in range(count)
    ]
    return "\n".join(lines) + "\n"


def timed_assessment(directory: Path, count: int) -> tuple[float, int]:
    """Seconds to load and assess (no ranking) `count` departments, and the findings count."""
    path = directory / "many.yaml"
    path.write_text(departments_yaml(count, "40"), encoding="utf-8")
    engine = Engine(load_entrypoints=False)
    start = time.perf_counter()
    assessment = engine.assess(path, rank=False)
    return time.perf_counter() - start, len(assessment.findings)


def timed_errors(directory: Path, count: int) -> tuple[float, int]:
    """Seconds to report a file of `count` invalid values, and the lines reported."""
    path = directory / "invalid.yaml"
    path.write_text(departments_yaml(count, "-5"), encoding="utf-8")
    engine = Engine(load_entrypoints=False)
    start = time.perf_counter()
    try:
        engine.load(path)
    except ProfileError as exc:
        return time.perf_counter() - start, len(str(exc).splitlines())
    raise AssertionError(f"{count} invalid values were accepted")


def deep_file_exit(directory: Path, text: str) -> tuple[int, int, float]:
    """Exit status, file size and seconds of `riskengine validate` on a nested file."""
    path = directory / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "riskengine", "validate", str(path)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    return done.returncode, path.stat().st_size, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Measure, print JSON, and exit 1 if a figure misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes, no targets")
    quick = parser.parse_args(argv).quick
    count = 2_000 if quick else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        assess_s, findings = timed_assessment(directory, count)
        errors_s, lines = timed_errors(directory, count)
        status, size, deep_s = deep_file_exit(directory, "a: " + "[" * 30_000 + "]" * 30_000)
        status_100k, size_100k, _ = deep_file_exit(directory, "a: " + "[{" * 50_000)
    figures: dict[str, object] = {
        f"assess_{count}_departments_s": round(assess_s, 2),
        "findings": findings,
        f"report_{count}_errors_s": round(errors_s, 2),
        "error_lines": lines,
        "deep_file_bytes": size,
        "deep_file_exit": status,
        "deep_file_s": round(deep_s, 2),
        "deeper_file_bytes": size_100k,
        "deeper_file_exit": status_100k,
    }
    met = status == status_100k == 2 and size <= 61_440
    if not quick:  # the time targets are for the full sizes only
        met = met and assess_s < 10 and errors_s < 5
    figures["all_met"] = met
    print(json.dumps(figures, indent=2))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
