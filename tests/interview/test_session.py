"""The interview's state: what comes next, answers, going back, plugin sections, the YAML."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel, ConfigDict, Field

from riskengine import Context, Finding, Rule, RuleSettings, hookimpl
from riskengine.engine import Engine
from riskengine.interview.answers import BadAnswer, parse, slug
from riskengine.interview.catalog import Spec
from riskengine.interview.emit import profile_yaml
from riskengine.interview.order import STEPS
from riskengine.interview.session import Interview, Question
from riskengine.loading import load_profile_text
from riskengine.profile import Profile

NAMED = {"organization": {"name": "Kestrel"}}


def until(session: Interview, at: str) -> Question:
    """Pass over every question before the one at `at`."""
    while (question := session.next_question()) is not None:
        if question.pointer == at:
            return question
        session.pass_over(question)
    raise AssertionError(f"{at} was never asked")


def test_the_name_comes_first_and_cannot_be_passed_over(engine: Engine) -> None:
    session = Interview(engine)
    question = session.next_question()
    assert question is not None and question.pointer == "/organization/name"
    assert question.spec.required and not session.complete
    with pytest.raises(BadAnswer):
        session.answer(question, "")


def test_questions_follow_the_cycle(engine: Engine) -> None:
    session = Interview(engine, NAMED)
    steps: list[str] = []
    while (question := session.next_question()) is not None:
        if not steps or steps[-1] != question.step:
            steps.append(question.step)
        session.pass_over(question)
    titles = [title for title, _ in STEPS]
    assert steps == sorted(steps, key=titles.index)
    assert steps[0] == "The organization and where the program stands"


def test_every_section_of_the_model_belongs_to_a_step() -> None:
    grouped = {section for _, sections in STEPS for section in sections}
    assert set(Profile.model_fields) - grouped == {"schema_version", "accepted_risks"}


def test_back_undoes_the_last_reply(engine: Engine) -> None:
    session = Interview(engine, NAMED)
    assert not session.back()
    industry = until(session, "/organization/industry")
    session.answer(industry, "retail")
    seats = session.next_question()
    assert seats is not None and seats.pointer == "/organization/crm_seats"
    session.pass_over(seats)
    assert session.back() and session.next_question() == seats
    assert session.back() and session.next_question() == industry
    assert "industry" not in session.data["organization"]


def test_named_entities_get_ids_and_their_own_questions(engine: Engine) -> None:
    session = Interview(engine, NAMED)
    question = until(session, "/departments")
    session.answer(question, parse(question.spec, "Sales, Customer Service, 3rd line"))
    assert session.data["departments"] == {
        "sales": {"name": "Sales"},
        "customer_service": {"name": "Customer Service"},
        "department_3rd_line": {"name": "3rd line"},
    }
    nxt = session.next_question()
    assert nxt is not None and nxt.pointer.startswith("/departments/sales/")
    assert nxt.text.startswith("Department 'Sales': ")


def test_a_reference_waits_for_entities_to_name(engine: Engine) -> None:
    data = {**NAMED, "departments": {"sales": {"customer_facing": True}}}
    session = Interview(engine, data)
    asked = []
    while (question := session.next_question()) is not None:
        asked.append(question.pointer)
        if question.pointer == "/data_sources":
            session.answer(question, ["Old CRM"])
        else:
            session.pass_over(question)
    tools = asked.index("/departments/sales/tools")
    assert tools > asked.index("/data_sources")
    assert tools < len(asked)


def test_answers_are_checked_against_the_model(engine: Engine) -> None:
    session = Interview(engine, NAMED)
    seats = until(session, "/organization/crm_seats")
    with pytest.raises(BadAnswer, match="greater than or equal to 0"):
        session.check(seats, -3)


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("bool", "Yes", True),
        ("bool", "n", False),
        ("exists", "no", False),
        ("exists", "yes", {}),
        ("int", "2 000", 2000),
        ("float", "12.5%", 12.5),
        ("texts", "first; second ;", ["first", "second"]),
        ("entities", "none", []),
    ],
)
def test_parsing_typed_answers(kind: str, text: str, value: object) -> None:
    assert parse(Spec(kind, ""), text) == value  # type: ignore[arg-type]


def test_choices_by_word_or_number() -> None:
    spec = Spec("choice", "", choices=("kickoff_only", "monthly"))
    assert parse(spec, "Kickoff only") == parse(spec, "1") == "kickoff_only"
    with pytest.raises(BadAnswer, match="not one of: kickoff_only, monthly"):
        parse(spec, "weekly")
    refs = Spec("refs", "", target="role")
    assert parse(refs, "b, 1", ["a", "b"]) == ["b", "a"]


def test_ids_are_valid_and_unique() -> None:
    assert slug("Sales & Marketing", set(), "department") == "sales_marketing"
    assert slug("Sales", {"sales"}, "department") == "sales_2"
    assert slug("42", set(), "role") == "role_42"


def test_the_yaml_comments_each_answer_with_its_question(engine: Engine) -> None:
    data = {
        "organization": {"name": "Kestrel: #1 'yes'", "crm_seats": 40},
        "sponsor": False,
        "departments": {"sales": {"name": "no", "tools": []}},
        "objectives": {"o": {"description": "More", "metrics": [{"name": "rate", "target": 2.0}]}},
    }
    text = profile_yaml(data, {})
    lines = text.splitlines()
    assert (
        "  crm_seats: 40  # How many people will use the CRM (licensed or active seats)." in lines
    )
    assert "sponsor: false  # The executive sponsor" in text
    item = lines.index("      - name: rate  # What is measured.")
    assert lines[item + 1] == "        target: 2.0  # Value the program aims for."
    loaded = load_profile_text(text)
    assert loaded.organization.name == "Kestrel: #1 'yes'"
    assert loaded.departments["sales"].name == "no"
    assert loaded.sponsor is False


class Gadget(BaseModel):
    """The gadget section of a test pack."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    level: int = Field(default=0, ge=0)
    """How many gadgets are installed."""
    spare_parts: bool = False


class GadgetRule(Rule[RuleSettings]):
    id = "GAD001"
    slug = "gadgets"
    title = "Too many gadgets"
    pillar = "technology"
    severity = "low"
    checks = "Gadgets installed."
    why = "Gadgets distract."
    fix = "Remove gadgets."
    risky_example = "extensions: {gadget: {level: 9}}"
    healthy_example = "extensions: {gadget: {level: 0}}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        section = ctx.extension("gadget")
        if isinstance(section, Gadget) and section.level > 3:
            yield self.finding("Many gadgets.", likelihood=0.5, impact=0.5)


class GadgetPack:
    @hookimpl
    def register_rules(self, register: object) -> None:
        register(GadgetRule)  # type: ignore[operator]

    @hookimpl
    def register_profile_extensions(self, register: object) -> None:
        register("gadget", Gadget)  # type: ignore[operator]


def test_plugin_sections_get_questions_from_their_model() -> None:
    engine = Engine([GadgetPack()], load_entrypoints=False)
    session = Interview(engine, NAMED)
    question = until(session, "/extensions/gadget/level")
    assert question.text == "Plugin section 'gadget': How many gadgets are installed."
    assert question.step == "Sections added by plugins"
    with pytest.raises(BadAnswer):
        session.answer(question, -1)
    session.answer(question, 9)
    assert "GAD001" in {f.rule for f in session.assessment().findings}
    text = profile_yaml(session.data, engine.evaluator.extension_models)
    assert "    level: 9  # How many gadgets are installed." in text
    extra = until(session, "/extensions/gadget/spare_parts")  # undocumented: named by its field
    assert extra.text == "Plugin section 'gadget': Spare parts"
