"""``riskengine interview`` driven through stdin, one answer per line, as a script would."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.interview.session import Interview
from riskengine.loading import load_profile, load_profile_text
from tests.helpers import PROFILES


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(text: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["interview", *args], input=text)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_only_a_name_gives_a_valid_profile_that_is_not_red(here: Path, engine: Engine) -> None:
    code, out, err = run("Kestrel Logistics\n", "-o", "p.yaml")
    assert code == 0, err
    profile = load_profile(here / "p.yaml")
    assert profile.organization.name == "Kestrel Logistics"
    assert profile.model_fields_set == {"organization"}  # everything else stays unknown
    assessment = engine.assess(profile)
    assert assessment.score.status != "red"
    assert assessment.score.assessed < 0.2
    assert "full report: riskengine score p.yaml" in out
    assert "overall risk" in out


def test_second_run_refuses_to_overwrite(here: Path) -> None:
    assert run("First\n", "-o", "p.yaml")[0] == 0
    before = (here / "p.yaml").read_text()
    code, out, err = run("Second\n", "-o", "p.yaml")
    assert code == 2
    assert "p.yaml exists; use --force to replace it" in err
    assert "[1]" not in out  # refused before asking anything
    assert (here / "p.yaml").read_text() == before
    code, _, err = run("Second\n", "-o", "p.yaml", "--force")
    assert code == 0, err
    assert load_profile(here / "p.yaml").organization.name == "Second"


def test_stopping_before_the_name_writes_nothing(here: Path) -> None:
    code, _, err = run("", "-o", "p.yaml")
    assert code == 2
    assert "nothing was written" in err
    assert not (here / "p.yaml").exists()


def test_answers_dont_knows_and_going_back(here: Path) -> None:
    # name; industry; seats; saas: don't know; then back to saas and answer it after all
    script = "Kestrel\nretail\n300\n\n<\nno\n"
    code, out, err = run(script, "-o", "p.yaml")
    assert code == 0, err
    organization = load_profile(here / "p.yaml").organization
    assert (organization.industry, organization.crm_seats, organization.saas) == (
        "retail",
        300,
        False,
    )
    assert out.count("Whether the CRM is bought as software-as-a-service") == 2


def test_a_line_that_is_no_answer_is_asked_again(here: Path) -> None:
    code, out, err = run("Kestrel\nsteel\nmanufacturing\n", "-o", "p.yaml")
    assert code == 0, err
    assert "'steel' is not one of" in out
    assert load_profile(here / "p.yaml").organization.industry == "manufacturing"


def test_progress_shows_every_few_answers(here: Path) -> None:
    code, out, _ = run("Kestrel\nretail\n2000\nyes\nno\nlive\n", "-o", "p.yaml")
    assert code == 0
    assert "assessed " in out and "overall risk" in out and "top risks:" in out


def questions_before(engine: Engine, at: str) -> int:
    """How many questions come before the one at `at` when every one is passed over."""
    session = Interview(engine, {"organization": {"name": "Kestrel"}})
    count = 0
    while (question := session.next_question()) is not None and question.pointer != at:
        session.pass_over(question)
        count += 1
    assert question is not None, at
    return count


def test_entities_are_named_then_asked_about(here: Path, engine: Engine) -> None:
    skip = "\n" * questions_before(engine, "/departments")
    script = "Kestrel\n" + skip + "Sales, Customer service\nsales\n"
    code, out, err = run(script, "-o", "p.yaml")
    assert code == 0, err
    assert "Departments that feed, use or benefit from the CRM: which are there?" in out
    assert "Department 'Sales': What kind of group this is." in out
    departments = load_profile(here / "p.yaml").departments
    assert list(departments) == ["sales", "customer_service"]
    assert departments["customer_service"].name == "Customer service"
    assert departments["sales"].side == "sales"


def test_output_to_stdout_keeps_the_questions_on_stderr(here: Path) -> None:
    code, out, err = run("Kestrel\n", "-o", "-")
    assert code == 0
    assert load_profile_text(out).organization.name == "Kestrel"
    assert "[1] Company name" in err


def test_resume_asks_the_most_revealing_open_question_first(here: Path, engine: Engine) -> None:
    source = PROFILES / "troubled-rollout.yaml"
    (here / "t.yaml").write_text(source.read_text())
    first = engine.assess(engine.load(here / "t.yaml")).questions[0]
    code, out, err = run("\n", "--from", "t.yaml", "-o", "t2.yaml")
    assert code == 0, err
    where = out.split("[1] ", 1)[1].splitlines()[1].split()[0]
    assert where == first.pointer or where.startswith(first.pointer + "/")
    # nothing answered: the profile written says exactly what the one resumed said
    assert engine.load(here / "t2.yaml") == engine.load(here / "t.yaml")


def test_resume_without_output_needs_force_to_replace_the_profile(here: Path) -> None:
    (here / "t.yaml").write_text("organization: {name: Kestrel}\n")
    code, _, err = run("", "--from", "t.yaml")
    assert code == 2
    assert "t.yaml exists" in err
    code, _, err = run("", "--from", "t.yaml", "--force")
    assert code == 0, err
    assert "written by `riskengine interview`" in (here / "t.yaml").read_text()


def test_resume_reports_a_broken_profile_at_its_line(here: Path) -> None:
    (here / "bad.yaml").write_text("organization: {name: K}\nsponsor: {engagement: keen}\n")
    code, _, err = run("", "--from", "bad.yaml", "-o", "out.yaml")
    assert code == 2
    assert "bad.yaml:2:" in err and "sponsor.engagement" in err
    assert "Traceback" not in err
