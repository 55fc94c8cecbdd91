"""The survey engine on its own: which step comes next, and which answers it takes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.survey_model import (
    AUDIO,
    DECIMAL,
    INTEGER,
    NOTE,
    RANK,
    SCALE,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TEXT,
    Choice,
    Group,
    Question,
    Survey,
)
from services.survey_engine import (
    TEXT_LIMIT,
    AnswerRefused,
    Given,
    NotCurrent,
    Picked,
    Seen,
    Skipped,
    Typed,
    Voice,
    answer,
    choice_names,
    counted_answers,
    current_step,
    is_relevant,
    minutes_needed,
    previous_step,
    progress,
    question_count,
    rank_size,
    steps,
)
from services.survey_expressions import Value

# ------------------------------------------------------------------ building surveys


def survey(*questions: Question, groups: tuple[Group, ...] = ()) -> Survey:
    return Survey(
        id="test",
        title={"en": "A test survey"},
        kind="needs-assessment",
        languages=("en",),
        description={"en": "Questions for the tests."},
        questions=questions,
        groups=groups,
    )


def question(name: str, kind: str, choices: tuple[str, ...] = (), **options: Any) -> Question:
    return Question(
        name=name,
        type=kind,
        label={"en": name},
        choices=tuple(Choice(c, {"en": c}) for c in choices),
        **options,
    )


def single(name: str, *choices: str, **options: Any) -> Question:
    return question(name, SELECT_ONE, choices, **options)


def multiple(name: str, *choices: str, **options: Any) -> Question:
    return question(name, SELECT_MULTIPLE, choices, **options)


def ranking(name: str, *choices: str, **options: Any) -> Question:
    return question(name, RANK, choices, **options)


def scale(name: str, **options: Any) -> Question:
    return question(name, SCALE, **options)


def integer(name: str, **options: Any) -> Question:
    return question(name, INTEGER, **options)


def decimal(name: str, **options: Any) -> Question:
    return question(name, DECIMAL, **options)


def text(name: str, **options: Any) -> Question:
    return question(name, TEXT, **options)


def audio(name: str, **options: Any) -> Question:
    return question(name, AUDIO, **options)


def note(name: str, **options: Any) -> Question:
    return question(name, NOTE, **options)


def pick(*names: str) -> Picked:
    return Picked(names)


# ------------------------------------------------------------------ taking a survey


def take(form: Survey, *moves: tuple[str, Given]) -> dict[str, Value]:
    """The answers after giving each (step, what was given) in turn, as a participant would."""
    answers: dict[str, Value] = {}
    for name, given_ in moves:
        answers[name] = answer(form, answers, name, given_)
    return answers


def asked(form: Survey, answers: dict[str, Value]) -> str | None:
    step = current_step(form, answers)
    return None if step is None else step.name


def refusal(form: Survey, answers: dict[str, Value], name: str, given_: Given) -> str:
    with pytest.raises(AnswerRefused) as caught:
        answer(form, answers, name, given_)
    return caught.value.reason


def accepted(q: Question, given_: Given) -> Value:
    """What a lone question records for `given_`."""
    return answer(survey(q), {}, q.name, given_)


def refused(q: Question, given_: Given) -> str:
    return refusal(survey(q), {}, q.name, given_)


WATER = survey(
    single("water", "yes", "no", required=True),
    single("source", "well", "river", relevant="${water} = 'no'"),
    text("comment"),
)


# ----------------------------------------------------------------------- skip logic


def test_a_follow_up_on_a_single_choice_is_asked_only_for_that_choice() -> None:
    assert asked(WATER, take(WATER, ("water", pick("no")))) == "source"
    assert asked(WATER, take(WATER, ("water", pick("yes")))) == "comment"


def test_before_the_answer_it_depends_on_a_follow_up_is_not_asked() -> None:
    assert asked(WATER, {}) == "water"
    assert not is_relevant(WATER, WATER.questions[1], {})


PROBLEMS = survey(
    multiple("problems", "roads", "power", "safety", "none"),
    single("unsafe_where", "home", "street", relevant="selected(${problems}, 'safety')"),
    integer("outages", relevant="selected(${problems}, 'power')"),
    text("worst", relevant="count-selected(${problems}) >= 2"),
    text("anything", relevant="not(selected(${problems}, 'none'))"),
    note("end"),
)


@pytest.mark.parametrize(
    ("picked", "expected_steps"),
    [
        (("safety",), ["unsafe_where", "anything", "end"]),
        (("power",), ["outages", "anything", "end"]),
        (("roads", "power"), ["outages", "worst", "anything", "end"]),
        (("safety", "roads", "power"), ["unsafe_where", "outages", "worst", "anything", "end"]),
        (("roads",), ["anything", "end"]),
        (("none",), ["end"]),
    ],
)
def test_skip_logic_on_a_multiple_choice(
    picked: tuple[str, ...], expected_steps: list[str]
) -> None:
    answers = take(PROBLEMS, ("problems", Picked(picked)))
    walked = []
    while (name := asked(PROBLEMS, answers)) is not None:
        walked.append(name)
        answers[name] = None  # skipped (or, for the note, seen)
    assert walked == expected_steps


def test_skipping_the_multiple_choice_asks_only_what_does_not_need_a_choice() -> None:
    answers = take(PROBLEMS, ("problems", Skipped()))
    assert answers == {"problems": None}
    # not(selected(nothing, 'none')) holds; the others need something chosen.
    assert asked(PROBLEMS, answers) == "anything"


def test_a_group_condition_applies_to_every_question_inside_it() -> None:
    form = survey(
        single("has_children", "yes", "no"),
        integer("children", groups=("family",)),
        single("school", "yes", "no", groups=("family",)),
        text("comment"),
        groups=(Group("family", relevant="${has_children} = 'yes'"),),
    )
    without = take(form, ("has_children", pick("no")))
    assert asked(form, without) == "comment"
    assert not any(is_relevant(form, q, without) for q in form.questions[1:3])
    with_children = take(form, ("has_children", pick("yes")), ("children", Typed("2")))
    assert asked(form, with_children) == "school"


def test_nested_groups_each_apply_their_condition() -> None:
    form = survey(
        single("works", "yes", "no"),
        single("paid", "yes", "no", groups=("work",)),
        integer("wage", groups=("work", "pay")),
        text("comment"),
        groups=(
            Group("work", relevant="${works} = 'yes'"),
            Group("pay", relevant="${paid} = 'yes'"),
        ),
    )
    assert asked(form, take(form, ("works", pick("no")))) == "comment"
    assert asked(form, take(form, ("works", pick("yes")), ("paid", pick("no")))) == "comment"
    assert asked(form, take(form, ("works", pick("yes")), ("paid", pick("yes")))) == "wage"


def test_a_group_without_a_condition_does_not_hide_its_questions() -> None:
    form = survey(text("a", groups=("plain",)), groups=(Group("plain"),))
    assert asked(form, {}) == "a"


def test_a_question_condition_and_its_group_condition_must_both_hold() -> None:
    form = survey(
        single("works", "yes", "no"),
        single("paid", "yes", "no"),
        integer("wage", groups=("work",), relevant="${paid} = 'yes'"),
        text("comment"),
        groups=(Group("work", relevant="${works} = 'yes'"),),
    )
    only_group = take(form, ("works", pick("yes")), ("paid", pick("no")))
    only_question = take(form, ("works", pick("no")), ("paid", pick("yes")))
    both = take(form, ("works", pick("yes")), ("paid", pick("yes")))
    assert asked(form, only_group) == "comment"
    assert asked(form, only_question) == "comment"
    assert asked(form, both) == "wage"


def test_a_survey_is_finished_when_no_relevant_step_is_left() -> None:
    answers = take(WATER, ("water", pick("yes")), ("comment", Typed("thanks")))
    assert current_step(WATER, answers) is None


# ------------------------------------------------------------------------ required


def test_a_required_question_cannot_be_skipped() -> None:
    assert refused(single("water", "yes", "no", required=True), Skipped()) == "required"
    assert refused(text("name", required=True), Skipped()) == "required"


def test_an_optional_question_skipped_records_nothing_and_moves_on() -> None:
    answers = take(WATER, ("water", pick("no")), ("source", Skipped()))
    assert answers == {"water": "no", "source": None}
    assert asked(WATER, answers) == "comment"


def test_a_note_is_not_an_answer_to_a_question() -> None:
    assert refused(text("name"), Seen()) == "required"
    assert refused(single("water", "yes", "no"), Seen()) == "choose"


# --------------------------------------------------------------------- constraints


def test_an_integer_constraint_on_the_answer_itself() -> None:
    age = integer("age", constraint=". >= 0 and . <= 120")
    assert accepted(age, Typed("120")) == 120
    assert accepted(age, Typed("0")) == 0
    assert refused(age, Typed("121")) == "constraint"
    assert refused(age, Typed("-1")) == "constraint"


def test_a_decimal_constraint_on_the_answer_itself() -> None:
    spend = decimal("spend", constraint=". > 0")
    assert accepted(spend, Typed("0,5")) == 0.5
    assert refused(spend, Typed("0")) == "constraint"


def test_a_text_constraint_on_the_answer_itself() -> None:
    village = text("village", constraint="string-length(.) >= 3")
    assert accepted(village, Typed("Ain")) == "Ain"
    # Counted after trimming the spaces around it.
    assert refused(village, Typed("  ab  ")) == "constraint"


def test_a_multiple_choice_constraint_on_the_answer_itself() -> None:
    needs = multiple(
        "needs",
        "food",
        "water",
        "none",
        constraint="not(selected(., 'none') and count-selected(.) > 1)",
    )
    assert accepted(needs, pick("none")) == ("none",)
    assert accepted(needs, pick("water", "food")) == ("food", "water")
    assert refused(needs, pick("food", "none")) == "constraint"


def test_a_constraint_can_refer_to_an_earlier_answer() -> None:
    form = survey(
        integer("household", required=True),
        integer("children", constraint=". <= ${household}"),
    )
    answers = take(form, ("household", Typed("4")))
    assert answer(form, answers, "children", Typed("4")) == 4
    assert refusal(form, answers, "children", Typed("5")) == "constraint"


def test_a_skipped_answer_is_not_held_to_the_constraint() -> None:
    assert accepted(integer("age", constraint=". >= 18"), Skipped()) is None


# ------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" 12 ", 12),
        ("+7", 7),
        ("-3", -3),
        ("٤٥", 45),  # Arabic-Indic digits
        ("۱۲", 12),  # Eastern Arabic (Persian) digits
        ("１２", 12),  # full-width digits
        ("\u00a012\u00a0", 12),  # no-break spaces
    ],
)
def test_whole_numbers_as_people_type_them(typed: str, expected: int) -> None:
    value = accepted(integer("n"), Typed(typed))
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" 3 ", 3.0),
        (",5", 0.5),
        ("١٢٫٥", 12.5),  # Arabic-Indic digits and the Arabic decimal separator
        ("١٬٠٠٠", 1000.0),  # the Arabic thousands separator is dropped
    ],
)
def test_decimals_as_people_type_them(typed: str, expected: float) -> None:
    value = accepted(decimal("x"), Typed(typed))
    assert value == expected
    assert type(value) is float


@pytest.mark.parametrize("typed", ["1.5", "12,5", "٤٫٥"])
def test_a_fraction_for_a_whole_number_is_refused_as_not_whole(typed: str) -> None:
    assert refused(integer("n"), Typed(typed)) == "whole-number"


@pytest.mark.parametrize(
    "typed", ["abc", "", "   ", "12 apples", "1e3", "inf", "nan", "Infinity", "1 2", "--1"]
)
@pytest.mark.parametrize("make", [integer, decimal])
def test_what_is_not_a_number_is_refused(make: Any, typed: str) -> None:
    assert refused(make("n"), Typed(typed)) == "number"


def test_a_decimal_too_large_to_be_finite_is_refused() -> None:
    assert refused(decimal("x"), Typed("9" * 400)) == "number"


def test_an_integer_with_more_digits_than_python_converts_is_refused() -> None:
    assert refused(integer("n"), Typed("9" * 5000)) == "number"


def test_a_number_question_wants_typed_digits() -> None:
    assert refused(integer("n"), Voice("voice-1")) == "number"
    assert refused(decimal("x"), pick("1")) == "number"


# ---------------------------------------------------------------------- text, voice


def test_text_is_kept_without_the_spaces_around_it() -> None:
    assert accepted(text("comment"), Typed("  the road is broken \n")) == "the road is broken"


@pytest.mark.parametrize("typed", ["", "   ", "\n\t"])
def test_empty_text_is_refused(typed: str) -> None:
    assert refused(text("comment"), Typed(typed)) == "text-expected"


def test_text_up_to_the_limit_is_kept_and_longer_is_refused() -> None:
    assert accepted(text("comment"), Typed("a" * TEXT_LIMIT)) == "a" * TEXT_LIMIT
    assert refused(text("comment"), Typed("a" * (TEXT_LIMIT + 1))) == "too-long"
    assert TEXT_LIMIT == 2000


def test_a_voice_message_for_a_text_question_is_refused() -> None:
    assert refused(text("comment"), Voice("voice-1")) == "text-expected"
    assert refused(text("comment"), pick("yes")) == "text-expected"


def test_an_audio_question_takes_a_voice_message_and_nothing_typed() -> None:
    assert accepted(audio("story"), Voice("voice-1")) == "voice-1"
    assert refused(audio("story"), Typed("here is my story")) == "voice-expected"
    assert refused(audio("story"), pick("yes")) == "voice-expected"


# ------------------------------------------------------------------------- choices


def test_a_single_choice_records_the_name_picked() -> None:
    assert accepted(single("water", "yes", "no"), pick("no")) == "no"


@pytest.mark.parametrize(
    "make", [single, multiple, ranking], ids=["select_one", "select_multiple", "rank"]
)
def test_a_choice_not_offered_is_refused(make: Any) -> None:
    q = make("q", "a", "b")
    assert refused(q, pick("c")) == "choose"
    assert refused(q, pick("a", "c")) == "choose"
    assert refused(q, pick()) == "choose"
    assert refused(q, pick("other")) == "choose"  # only with or_other


@pytest.mark.parametrize(
    "make", [single, multiple, ranking], ids=["select_one", "select_multiple", "rank"]
)
def test_the_same_choice_twice_is_refused(make: Any) -> None:
    assert refused(make("q", "a", "b"), pick("a", "a")) == "choose"


@pytest.mark.parametrize(
    "make", [single, multiple, ranking], ids=["select_one", "select_multiple", "rank"]
)
def test_a_choice_question_wants_a_pick(make: Any) -> None:
    assert refused(make("q", "a", "b"), Typed("a")) == "choose"
    assert refused(make("q", "a", "b"), Voice("voice-1")) == "choose"


def test_a_single_choice_takes_only_one_name() -> None:
    assert refused(single("water", "yes", "no"), pick("yes", "no")) == "choose"


def test_a_multiple_choice_keeps_the_order_of_the_definition() -> None:
    needs = multiple("needs", "food", "water", "shelter")
    assert accepted(needs, pick("shelter", "food")) == ("food", "shelter")
    assert accepted(needs, pick("water", "shelter", "food")) == ("food", "water", "shelter")
    assert accepted(needs, pick("water")) == ("water",)


def test_a_scale_takes_one_point_within_its_bounds_as_a_number() -> None:
    trust = scale("trust", scale_min=0, scale_max=10)
    assert choice_names(trust) == tuple(str(n) for n in range(11))
    assert accepted(trust, pick("0")) == 0
    assert accepted(trust, pick("10")) == 10
    assert type(accepted(trust, pick("7"))) is int
    for outside in ("-1", "11", "3.5", "three", "07"):
        assert refused(trust, pick(outside)) == "choose"
    assert refused(trust, pick("3", "4")) == "choose"
    assert refused(trust, Typed("3")) == "choose"


def test_a_scale_defaults_to_one_to_five() -> None:
    assert choice_names(scale("trust")) == ("1", "2", "3", "4", "5")


def test_a_ranking_needs_exactly_its_size_and_keeps_the_order_given() -> None:
    needs = ranking("needs", "school", "clinic", "jobs", "roads", rank_count=2)
    assert rank_size(needs) == 2
    assert accepted(needs, pick("jobs", "school")) == ("jobs", "school")
    assert refused(needs, pick("jobs")) == "rank-incomplete"
    assert refused(needs, pick("jobs", "school", "clinic")) == "rank-incomplete"


def test_a_ranking_without_a_count_puts_every_choice_in_order() -> None:
    needs = ranking("needs", "school", "clinic", "jobs")
    assert rank_size(needs) == 3
    assert accepted(needs, pick("clinic", "jobs", "school")) == ("clinic", "jobs", "school")
    assert refused(needs, pick("clinic", "jobs")) == "rank-incomplete"


# ------------------------------------------------------------------------ or_other

OTHER_SOURCE = survey(
    single("source", "well", "river", or_other=True),
    multiple("problems", "roads", "power", or_other=True),
    text("comment"),
)


def test_or_other_offers_other_last() -> None:
    assert choice_names(OTHER_SOURCE.questions[0]) == ("well", "river", "other")


def test_or_other_adds_a_step_named_after_its_question() -> None:
    assert [s.name for s in steps(OTHER_SOURCE)] == [
        "source",
        "source_other",
        "problems",
        "problems_other",
        "comment",
    ]
    follow_up = steps(OTHER_SOURCE)[1]
    assert follow_up.type == TEXT
    assert follow_up.required
    assert follow_up.other_of == "source"


def test_the_other_step_is_asked_only_when_other_was_chosen() -> None:
    chose_other = take(OTHER_SOURCE, ("source", pick("other")))
    assert chose_other == {"source": "other"}
    assert asked(OTHER_SOURCE, chose_other) == "source_other"
    assert asked(OTHER_SOURCE, take(OTHER_SOURCE, ("source", pick("well")))) == "problems"
    assert asked(OTHER_SOURCE, take(OTHER_SOURCE, ("source", Skipped()))) == "problems"


def test_the_other_step_after_a_multiple_choice() -> None:
    answers = take(OTHER_SOURCE, ("source", pick("well")), ("problems", pick("other", "roads")))
    assert answers["problems"] == ("roads", "other")
    assert asked(OTHER_SOURCE, answers) == "problems_other"
    without = take(OTHER_SOURCE, ("source", pick("well")), ("problems", pick("power")))
    assert asked(OTHER_SOURCE, without) == "comment"


def test_the_other_step_is_required_text() -> None:
    answers = take(OTHER_SOURCE, ("source", pick("other")))
    assert refusal(OTHER_SOURCE, answers, "source_other", Skipped()) == "required"
    assert refusal(OTHER_SOURCE, answers, "source_other", Typed("  ")) == "text-expected"
    answers["source_other"] = answer(OTHER_SOURCE, answers, "source_other", Typed(" a tank "))
    assert answers["source_other"] == "a tank"
    assert asked(OTHER_SOURCE, answers) == "problems"


def test_the_other_step_sits_in_its_questions_groups() -> None:
    form = survey(
        single("works", "yes", "no"),
        single("job", "farming", "trade", or_other=True, groups=("work",)),
        text("comment"),
        groups=(Group("work", relevant="${works} = 'yes'"),),
    )
    assert steps(form)[2].groups == ("work",)
    # A stale "other" from before the answer to `works` changed is not asked about.
    assert asked(form, {"works": "no", "job": "other"}) == "comment"


# ---------------------------------------------------------------------- NotCurrent


def test_only_the_current_step_can_be_answered() -> None:
    answers = take(WATER, ("water", pick("no")))
    with pytest.raises(NotCurrent):
        answer(WATER, answers, "comment", Typed("later"))  # a later step
    with pytest.raises(NotCurrent):
        answer(WATER, answers, "water", pick("yes"))  # an earlier, answered step
    with pytest.raises(NotCurrent):
        answer(WATER, answers, "nonsense", Typed("x"))  # no such step


def test_an_irrelevant_step_cannot_be_answered() -> None:
    answers = take(WATER, ("water", pick("yes")))
    with pytest.raises(NotCurrent):
        answer(WATER, answers, "source", pick("well"))


def test_nothing_can_be_answered_once_finished() -> None:
    answers = take(WATER, ("water", pick("yes")), ("comment", Skipped()))
    with pytest.raises(NotCurrent):
        answer(WATER, answers, "comment", Typed("one more thing"))


def test_not_current_is_checked_before_the_answer_itself() -> None:
    # A forged button for a later step is NotCurrent, not a refusal of what it carries.
    with pytest.raises(NotCurrent):
        answer(WATER, {}, "comment", Skipped())


# --------------------------------------------------------------------------- notes


NOTED = survey(note("intro"), text("comment"))


def test_a_note_seen_moves_on_and_records_nothing() -> None:
    answers = take(NOTED, ("intro", Seen()))
    assert answers == {"intro": None}
    assert asked(NOTED, answers) == "comment"


@pytest.mark.parametrize("given_", [Typed("hello"), Voice("voice-1"), pick("x"), Skipped()])
def test_anything_given_on_a_note_moves_on(given_: Given) -> None:
    answers = take(NOTED, ("intro", given_))
    assert answers == {"intro": None}
    assert asked(NOTED, answers) == "comment"


# --------------------------------------------------------------------------- back


BACK = survey(
    single("water", "yes", "no", required=True),
    single("source", "well", "river", relevant="${water} = 'no'"),
    text("comment"),
    note("almost"),
    integer("age"),
)


def test_there_is_nothing_to_go_back_to_at_the_start() -> None:
    assert previous_step(BACK, {}) is None


def test_back_passes_over_steps_that_were_not_asked() -> None:
    answers = take(BACK, ("water", pick("yes")))
    assert asked(BACK, answers) == "comment"
    previous = previous_step(BACK, answers)
    assert previous is not None and previous.name == "water"


def test_back_reopens_a_skipped_step() -> None:
    answers = take(BACK, ("water", pick("no")), ("source", Skipped()))
    previous = previous_step(BACK, answers)
    assert previous is not None and previous.name == "source"


def test_back_reopens_a_note() -> None:
    answers = take(BACK, ("water", pick("yes")), ("comment", Skipped()), ("almost", Seen()))
    previous = previous_step(BACK, answers)
    assert previous is not None and previous.name == "almost"


def test_back_ignores_an_answer_that_no_longer_counts() -> None:
    # "source" was answered when water was "no"; water has since become "yes".
    answers: dict[str, Value] = {"water": "yes", "source": "well"}
    assert asked(BACK, answers) == "comment"
    previous = previous_step(BACK, answers)
    assert previous is not None and previous.name == "water"


def test_back_from_the_end_reopens_the_last_step() -> None:
    answers = take(
        BACK, ("water", pick("yes")), ("comment", Skipped()), ("almost", Seen()), ("age", Skipped())
    )
    assert current_step(BACK, answers) is None
    previous = previous_step(BACK, answers)
    assert previous is not None and previous.name == "age"


def test_going_back_and_removing_the_answer_reopens_that_step() -> None:
    answers = take(BACK, ("water", pick("no")), ("source", pick("well")))
    while (previous := previous_step(BACK, answers)) is not None:
        del answers[previous.name]
        assert asked(BACK, answers) == previous.name
    assert answers == {}


# ------------------------------------------------------------------------ progress


PROGRESS = survey(
    note("intro"),
    single("water", "yes", "no", required=True),
    single("source", "well", "river", relevant="${water} = 'no'"),
    integer("children", groups=("family",)),
    text("comment"),
    groups=(Group("family", relevant="${water} = 'no'"),),
)


def numbers(form: Survey, answers: dict[str, Value]) -> tuple[int, int, int]:
    shown = progress(form, answers)
    return shown.done, shown.remaining, shown.total


def test_progress_at_the_start_counts_every_question_that_may_be_asked() -> None:
    # Notes are not questions; the follow-ups may yet be asked.
    assert numbers(PROGRESS, {}) == (0, 4, 4)
    assert progress(PROGRESS, {}).number == 1
    assert numbers(PROGRESS, take(PROGRESS, ("intro", Seen()))) == (0, 4, 4)


def test_progress_when_skip_logic_lets_the_follow_ups_through() -> None:
    answers = take(PROGRESS, ("intro", Seen()), ("water", pick("no")))
    assert numbers(PROGRESS, answers) == (1, 3, 4)
    answers = take(PROGRESS, ("intro", Seen()), ("water", pick("no")), ("source", Skipped()))
    assert numbers(PROGRESS, answers) == (2, 2, 4)
    assert progress(PROGRESS, answers).number == 3


def test_progress_when_skip_logic_leaves_questions_out() -> None:
    answers = take(PROGRESS, ("intro", Seen()), ("water", pick("yes")))
    assert numbers(PROGRESS, answers) == (1, 1, 2)
    answers["comment"] = answer(PROGRESS, answers, "comment", Typed("fine"))
    assert numbers(PROGRESS, answers) == (2, 0, 2)
    assert current_step(PROGRESS, answers) is None


def test_progress_does_not_count_answers_that_no_longer_count() -> None:
    answers: dict[str, Value] = {"intro": None, "water": "yes", "source": "well", "children": 3}
    assert numbers(PROGRESS, answers) == (1, 1, 2)


def test_progress_goes_back_up_when_an_answer_is_withdrawn() -> None:
    answers = take(PROGRESS, ("intro", Seen()), ("water", pick("yes")))
    del answers["water"]
    assert numbers(PROGRESS, answers) == (0, 4, 4)


def test_the_other_step_is_part_of_its_question_in_progress() -> None:
    answers = take(OTHER_SOURCE, ("source", pick("other")), ("source_other", Typed("a tank")))
    assert numbers(OTHER_SOURCE, answers) == (1, 2, 3)


# ------------------------------------------------------------------ counted answers


def test_counted_answers_are_those_to_steps_still_relevant() -> None:
    answers: dict[str, Value] = {
        "intro": None,
        "water": "yes",
        "source": "well",
        "children": 3,
        "comment": "fine",
    }
    assert counted_answers(PROGRESS, answers) == {"intro": None, "water": "yes", "comment": "fine"}


def test_a_stale_other_text_is_not_counted() -> None:
    answers: dict[str, Value] = {
        "source": "well",
        "source_other": "a tank",
        "problems": ("roads",),
        "problems_other": "floods",
        "comment": None,
    }
    assert counted_answers(OTHER_SOURCE, answers) == {
        "source": "well",
        "problems": ("roads",),
        "comment": None,
    }


def test_counted_answers_keep_the_survey_order_and_drop_unknown_names() -> None:
    answers: dict[str, Value] = {"comment": "x", "water": "yes", "retired_question": "y"}
    assert list(counted_answers(WATER, answers)) == ["water", "comment"]


# ------------------------------------------------------------------- sizes, timing


def test_question_count_leaves_out_notes_and_other_steps() -> None:
    assert question_count(PROGRESS) == 4
    assert question_count(OTHER_SOURCE) == 3
    assert question_count(survey(note("only"))) == 0


@pytest.mark.parametrize(("questions", "minutes"), [(0, 1), (1, 1), (3, 1), (4, 2), (9, 3)])
def test_minutes_needed_at_twenty_seconds_a_question(questions: int, minutes: int) -> None:
    form = survey(note("intro"), *(text(f"q{i}") for i in range(questions)), note("end"))
    assert minutes_needed(form) == minutes


# ------------------------------------------------------------------ a random walk

WALK = survey(
    note("intro"),
    single("water", "yes", "no", required=True),
    single("source", "well", "river", or_other=True, relevant="${water} = 'no'"),
    multiple(
        "problems", "roads", "power", "safety", or_other=True, constraint="count-selected(.) <= 2"
    ),
    scale("feel_safe", groups=("safety",)),
    integer("nights_out", constraint=". >= 0 and . <= 7", groups=("safety", "night")),
    ranking("needs", "school", "clinic", "jobs", rank_count=2, required=True),
    integer("outages", relevant="selected(${problems}, 'power')"),
    decimal("spend", relevant="not(selected(${problems}, 'roads'))", constraint=". >= 0"),
    text("worst", relevant="count-selected(${problems}) >= 2", required=True),
    note("last", relevant="${water} = 'yes'"),
    audio("story"),
    groups=(
        Group("safety", relevant="selected(${problems}, 'safety')"),
        Group("night", relevant="${feel_safe} <= 2"),
    ),
)


def valid(q: Question) -> st.SearchStrategy[Given]:
    """Something the engine must accept for `q` (WALK's constraints included)."""
    if q.type == NOTE:
        return st.sampled_from([Seen(), Typed("ok")])
    if q.type == SELECT_ONE or q.type == SCALE:
        found: st.SearchStrategy[Given] = st.sampled_from(choice_names(q)).map(pick)
    elif q.type == SELECT_MULTIPLE:
        names = st.lists(st.sampled_from(choice_names(q)), min_size=1, max_size=2, unique=True)
        found = names.map(lambda n: Picked(tuple(n)))
    elif q.type == RANK:
        found = st.permutations(choice_names(q)).map(lambda n: Picked(tuple(n[: rank_size(q)])))
    elif q.type == INTEGER:
        found = st.integers(0, 7).map(lambda n: Typed(f" {n} "))
    elif q.type == DECIMAL:
        found = st.integers(0, 10**6).map(lambda n: Typed(f"{n // 100},{n % 100:02d}"))
    elif q.type == TEXT:
        found = st.text(min_size=1, max_size=40).filter(str.strip).map(Typed)
    else:
        found = st.text(min_size=1, max_size=20).map(Voice)
    return found if q.required else st.one_of(found, st.just(Skipped()))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_random_walk_of_valid_answers_never_repeats_a_step_and_ends(data: st.DataObject) -> None:
    answers: dict[str, Value] = {}
    totals = [progress(WALK, answers).total]
    for _ in range(len(steps(WALK))):
        step = current_step(WALK, answers)
        if step is None:
            break
        assert step.name not in answers
        assert is_relevant(WALK, step, answers)
        answers[step.name] = answer(WALK, answers, step.name, data.draw(valid(step)))
        totals.append(progress(WALK, answers).total)
        # Back always reopens the step just answered.
        previous = previous_step(WALK, answers)
        assert previous is not None and previous.name == step.name
    assert current_step(WALK, answers) is None
    # Every step left out was one skip logic left out; nothing answered went stale.
    assert all(not is_relevant(WALK, s, answers) for s in steps(WALK) if s.name not in answers)
    assert counted_answers(WALK, answers) == answers
    # The total never grows as answers come, and ends as the number answered.
    assert totals == sorted(totals, reverse=True)
    final = progress(WALK, answers)
    assert final.remaining == 0
    assert final.done == sum(1 for q in WALK.questions if q.asks_for_input and q.name in answers)
