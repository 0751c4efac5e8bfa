"""Measure the engine against profile parsing, as ratios taken in one run.

    python benchmarks/bench.py            # full measurement
    python benchmarks/bench.py --quick    # fewer repetitions, smaller batches (CI smoke run)

Times in milliseconds are the fastest of several rounds (the least disturbed). Each ratio to
validation is the median over rounds that time validation and then the assessment back to back,
so a machine whose speed drifts moves both figures of a round alike and the drift cancels out.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import batch_bench  # noqa: E402
import ranking_bench  # noqa: E402
from large_profile import large_profile  # noqa: E402

from riskengine.assessment import Assessment  # noqa: E402
from riskengine.engine import Engine  # noqa: E402
from riskengine.loading import load_profile, load_profile_text  # noqa: E402
from riskengine.output.options import FormatOptions  # noqa: E402
from riskengine.profile import Profile  # noqa: E402

REPORT_FORMATS = ("json", "table", "markdown", "sarif", "junit", "html")

TYPICAL = ROOT / "profiles" / "no-pilot.yaml"
"""A mid-table example: a risk near the examples' median, with findings and recommendations."""
TROUBLED = ROOT / "profiles" / "troubled-rollout.yaml"
STORY = ROOT / "profiles" / "excluded-users.yaml"


def measure(
    name: str, profile: Profile, engine: Engine, rounds: int, floor_calls: int
) -> tuple[dict[str, Any], Assessment]:
    """Validation, assessment without ranking, and full assessment of one profile; each
    assessment is timed against validation in the same rounds (see `batch_bench.paired`)."""
    figures, assessment = ranking_bench.against_validation(
        engine, profile, rounds, floor_calls=floor_calls, plain_calls=min(3, floor_calls)
    )
    row = {
        "profile": name,
        "findings": len(assessment.findings),
        "recommendations": len(assessment.recommendations),
        "validate_json_ms": round(figures["validate_s"] * 1e3, 3),
        "assess_ms": round(figures["assess_s"] * 1e3, 3),
        "assess_ranked_ms": round(figures["ranked_s"] * 1e3, 3),
        "assess_ratio": round(figures["assess_ratio"], 2),
        "assess_ranked_ratio": round(figures["ranked_ratio"], 2),
    }
    return row, assessment


def render_times(engine: Engine, assessment: Assessment, repeat: int) -> dict[str, Any]:
    """Time every report format on the assessment of the generated large profile (read from
    YAML text, so it carries source positions), as ratios to the JSON report of it."""
    options = FormatOptions(top=10)
    times = {}
    for fmt in REPORT_FORMATS:
        engine.render([assessment], fmt, options)  # the first call loads the format's modules
        times[fmt] = batch_bench.best_time(
            lambda fmt=fmt: engine.render([assessment], fmt, options), repeat
        )
    return {
        "findings": len(assessment.findings),
        "render_ms": {fmt: round(t * 1e3, 1) for fmt, t in times.items()},
        "ratio_to_json": {fmt: round(t / times["json"], 2) for fmt, t in times.items()},
    }


def cli_start_ms() -> float:
    """Wall time of `riskengine --version` in a fresh interpreter (best of three)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "riskengine", "--version"], check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return round(min(times) * 1e3, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    args = parser.parse_args()
    rounds = 7 if args.quick else 21
    engine = Engine(load_entrypoints=False)
    large_text = yaml.safe_dump(large_profile(), sort_keys=False)
    measured = [
        measure("typical (no-pilot)", load_profile(TYPICAL), engine, rounds, 20),
        measure("story (excluded-users)", load_profile(STORY), engine, rounds, 20),
        measure("troubled-rollout", load_profile(TROUBLED), engine, rounds, 20),
        measure(
            "large (generated)",
            load_profile_text(large_text, label="large.yaml"),
            engine,
            1 if args.quick else 3,
            1,
        ),
    ]
    rows = [row for row, _ in measured]
    growth = round(rows[-1]["assess_ranked_ms"] / rows[0]["assess_ranked_ms"], 1)
    size = round(rows[-1]["validate_json_ms"] / rows[0]["validate_json_ms"], 1)
    renders = render_times(engine, measured[-1][1], 3 if args.quick else 5)
    report = {
        "rows": rows,
        "render_large": renders,
        "large_vs_typical_time": growth,
        "large_vs_typical_size": size,
        "cli_version_ms": cli_start_ms(),
        **batch_bench.measure_all(args.quick),
        "ranking": ranking_bench.measure_all(args.quick),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"{'profile':<28}{'validate ms':>12}{'assess ms':>11}{'ranked ms':>11}"
        f"{'assess/val':>12}{'ranked/val':>12}{'findings':>10}{'recs':>6}"
    )
    for r in rows:
        print(
            f"{r['profile']:<28}{r['validate_json_ms']:>12}{r['assess_ms']:>11}"
            f"{r['assess_ranked_ms']:>11}{r['assess_ratio']:>11}x{r['assess_ranked_ratio']:>11}x"
            f"{r['findings']:>10}{r['recommendations']:>6}"
        )
    print("(ratios: median of rounds timing validation and the assessment back to back)")
    print(f"large vs typical: {size}x the validation time, {growth}x the ranked assessment time")
    print(f"CLI start (riskengine --version): {report['cli_version_ms']} ms")
    print(f"reports of the large profile ({renders['findings']} findings), time / JSON report:")
    for fmt in REPORT_FORMATS:
        ms, ratio = renders["render_ms"][fmt], renders["ratio_to_json"][fmt]
        print(f"  {fmt:<10}{ms:>10} ms{ratio:>8}x")
    print("targets: assess/validate <= 5x on every example; ranked/validate <= 100x for")
    print("         troubled-rollout; table, SARIF and HTML of the large profile <= 1.5x JSON")
    print()
    batch_bench.print_figures(report)
    ranking_bench.print_figures(report["ranking"])


if __name__ == "__main__":
    main()
