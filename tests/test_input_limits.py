"""Hostile profile files: every limit is a clear, located input error, never a crash or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from riskengine.config import Config
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.limits import Limits
from riskengine.loading import load_profile, load_profile_text, source_of
from tests.helpers import PROFILES, ROOT


def _problem(text: str, *, fmt: str = "yaml", limits: Limits | None = None) -> str:
    with pytest.raises(ProfileError) as caught:
        load_profile_text(text, label="p." + fmt, fmt=fmt, limits=limits)
    return str(caught.value)


def test_astronomical_seat_count_is_refused_not_silently_green() -> None:
    message = _problem("organization: {name: X, crm_seats: 1" + "0" * 400 + "}\n")
    assert "p.yaml:1:36" in message and "limits.max_int_digits" in message


def test_seat_count_beyond_the_model_range_is_refused() -> None:
    message = _problem("organization: {name: X, crm_seats: 1000000000000}\n")
    assert "organization.crm_seats" in message and "less than or equal" in message


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_integer_of_thousands_of_digits_is_refused(fmt: str) -> None:
    digits = "7" * 5000
    text = (
        f'{{"organization": {{"name": "X", "employees": {digits}}}}}'
        if fmt == "json"
        else f"organization: {{name: X, employees: {digits}}}\n"
    )
    assert "5000 digits" in _problem(text, fmt=fmt)


@pytest.mark.parametrize(
    ("fmt", "value"),
    [("yaml", ".nan"), ("yaml", ".inf"), ("yaml", "-.inf"), ("json", "NaN"), ("json", "1e999")],
)
def test_nan_and_infinity_are_refused(fmt: str, value: str) -> None:
    text = (
        f'{{"organization": {{"name": "X"}}, "lifecycle": {{"months_live": {value}}}}}'
        if fmt == "json"
        else f"organization: {{name: X}}\nlifecycle: {{months_live: {value}}}\n"
    )
    assert "lifecycle.months_live" in _problem(text, fmt=fmt)


def test_nan_in_a_mapping_is_refused_by_the_model() -> None:
    with pytest.raises(ProfileError, match=r"lifecycle\.months_live: nan is not a usable number"):
        load_profile(
            {
                "organization": {"name": "X"},
                "phases": {"a": {"features": 1.0}},
                "objectives": {},
                "lifecycle": {"months_live": float("nan")},
            }
        )


def test_deep_flow_nesting_in_a_small_file_is_a_clean_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("organization: " + "[" * 30_000 + "]" * 30_000 + "\n", encoding="utf-8")
    assert path.stat().st_size < 61_000
    done = subprocess.run(
        [sys.executable, "-m", "riskengine", "validate", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2, done.stderr  # not -11 (a segfault in the C parser)
    assert "deep.yaml:1:" in done.stderr and "limits.max_depth" in done.stderr


def test_deep_json_is_refused_before_the_decoder_recurses() -> None:
    message = _problem('{"organization": ' + "[" * 10_000 + "]" * 10_000 + "}", fmt="json")
    assert "p.json:1:" in message and "limits.max_depth" in message


def test_block_nesting_is_measured_exactly_when_indentation_is_deep() -> None:
    lines = ["organization: {name: X}", "extensions:"]
    lines += [" " * (4 * i) + f"k{i}:" for i in range(1, 20)]
    lines[-1] += " 1"
    # 20 levels, indented 76 columns: beyond the cheap bound, within the real limit
    profile = load_profile_text("\n".join(lines) + "\n", limits=Limits(max_depth=21))
    assert "k1" in profile.extensions
    assert "max_depth = 19" in _problem("\n".join(lines) + "\n", limits=Limits(max_depth=19))


def test_alias_bomb_under_extensions_is_refused() -> None:
    lines = ["organization: {name: X}", "extensions:", "  a:", "    l0: &l0 [1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"    l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]" for i in range(1, 20)]
    text = "\n".join(lines) + "\n"
    assert len(text) < 1000
    assert "limits.max_nodes" in _problem(text)


def test_long_text_and_big_collections_are_refused_where_they_are() -> None:
    long = _problem(f"organization: {{name: {'x' * 200}}}\n", limits=Limits(max_string_length=100))
    assert "p.yaml:1:22: organization.name: a text of 200 characters" in long
    many = "organization: {name: X}\ndepartments: {" + ", ".join(f"d{i}: {{}}" for i in range(50))
    assert "50 entries" in _problem(many + "}\n", limits=Limits(max_items=20))


def test_file_size_is_bounded_and_a_device_is_read_only_that_far() -> None:
    small = Limits(max_file_bytes=4096)
    for source in (PROFILES / "troubled-rollout.yaml", Path("/dev/zero")):
        with pytest.raises(ProfileError, match=r"limits\.max_file_bytes = 4096"):
            load_profile(source, limits=small)


def test_limits_come_from_the_configuration() -> None:
    engine = Engine(load_entrypoints=False, config=Config(limits=Limits(max_file_bytes=100)))
    with pytest.raises(ProfileError, match="max_file_bytes"):
        engine.load(PROFILES / "small-firm.yaml")


def test_fifo_is_read_once_and_keeps_positions(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    text = (PROFILES / "small-firm.yaml").read_text(encoding="utf-8")

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:  # written once, like `<(cat file)`
            pipe.write(text)

    writer = threading.Thread(target=feed)
    writer.start()
    profile = load_profile(fifo)
    writer.join(timeout=10)
    assert profile == load_profile(PROFILES / "small-firm.yaml")
    source = source_of(profile)
    assert source is not None and source.position(["organization", "name"]) is not None


def test_thousands_of_errors_show_the_first_and_count_the_rest() -> None:
    body = "".join(f"  d{i}: {{headcount: -1}}\n" for i in range(2000))
    message = _problem("organization: {name: X}\ndepartments:\n" + body)
    lines = message.splitlines()
    assert len(lines) == 51
    assert (
        lines[0]
        == "p.yaml:3:19: departments.d0.headcount: Input should be greater than or equal to 0"
    )
    assert lines[-1] == "p.yaml: 1950 more problems not shown (limits.max_errors = 50)"


def test_multi_document_tags_and_nul_bytes_are_input_errors() -> None:
    assert "another document" in _problem("organization: {name: X}\n---\na: 1\n")
    assert "invalid YAML" in _problem("organization: !!python/object:os.system {name: X}\n")
    assert "invalid YAML" in _problem("organization: {name: X\x00}\n")
