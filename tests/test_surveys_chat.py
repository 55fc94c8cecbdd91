"""Surveys in the chat, end to end through the real dispatcher and the emulator: every
question type in four languages, wrong answers, back, skip, pause and resume after the bot is
rebuilt from scratch, forged and stale buttons, closed and invitation-only surveys."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.factory import open_runtime
from content.survey_model import Survey
from emulator import BotApiEmulator, SimulatedPerson
from emulator.server import RateLimits
from handlers.callbacks import MenuAction, SurveyChoice, SurveyStep
from services import survey_engine
from services import surveys as taking
from services.survey_engine import Picked
from storage.models import Answer, Participant, Response
from tests.conftest import RunningBot
from tests.footprint import database_rows, participant_of
from tests.journey import LANGUAGES, PLACEHOLDERS, join, t

SURVEYS = Path(__file__).parent / "fixtures" / "chat_surveys"
VOICE = {"file_id": "voice-file-1", "file_unique_id": "uvoice1", "duration": 3}


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    # A test taps faster than people do: the flood limit would drop its presses.
    return {"surveys_dir": SURVEYS, "flood_limit": 1000}


@pytest.fixture
def emulator_limits() -> RateLimits:
    # A whole survey in a few seconds is more than Telegram's per-chat burst allows; the
    # strict limits are tests/test_rate_limits.py's business.
    return RateLimits(chat_burst=200)


def every_type(running_bot: RunningBot) -> Survey:
    survey = running_bot.runtime.surveys.get("every-type")
    assert survey is not None
    return survey


async def set_status(running_bot: RunningBot, status: str) -> None:
    async with running_bot.runtime.session_factory() as session:
        await taking.set_status(session, every_type(running_bot), status)


async def stored_answers(running_bot: RunningBot, person: SimulatedPerson) -> dict[str, Answer]:
    participant = await participant_of(running_bot, person)
    async with running_bot.runtime.session_factory() as session:
        rows = await session.scalars(
            select(Answer)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.participant_id == participant.id)
        )
        return {row.question: row for row in rows}


def value(answers: dict[str, Answer], name: str) -> object:
    raw = answers[name].value
    return None if raw is None else json.loads(raw)


def label(survey: Survey, language: str, question: str, choice: str | None = None) -> str:
    asked = survey.question(question)
    assert asked is not None
    if choice is None:
        return asked.label[language]
    found = asked.choice(choice)
    assert found is not None
    return found.label[language]


async def open_the_survey(person: SimulatedPerson, survey: Survey, language: str) -> None:
    await person.send("/menu")
    await person.press(t(language, "menu-surveys"))
    await person.press(survey.title[language])
    await person.press(t(language, "survey-start"))


async def quickly_to_spend(running_bot: RunningBot, name: str) -> tuple[Survey, SimulatedPerson]:
    """A new participant in the open survey, answering the shortest way (water "Yes", skips,
    a ranking, 5 minutes) up to the spend question."""
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    person = running_bot.person(name, "en")
    await join(person, "en")
    await open_the_survey(person, survey, "en")
    await person.press(t("en", "survey-next"))
    await person.press("Yes")
    for press in ("survey-skip", "School", "Jobs", "survey-skip"):
        await person.press(t("en", press) if press.startswith("survey-") else press)
    await person.send("5")
    return survey, person


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_question_type_with_wrong_answers_on_the_way(
    running_bot: RunningBot, language: str
) -> None:
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    person = running_bot.person("Amina", language)
    await join(person, language)
    await person.send("/menu")
    await person.press(t(language, "menu-surveys"))
    await person.press(survey.title[language])
    # The introduction says how many questions and roughly how long.
    assert t(language, "survey-size", questions=9, minutes=3) in person.last_text
    await person.press(t(language, "survey-start"))

    # A note, then single choice; skip logic brings "where do you get water" after "No".
    assert label(survey, language, "intro") in person.last_text
    await person.press(t(language, "survey-next"))
    assert label(survey, language, "water") in person.last_text
    assert t(language, "survey-skip") not in person.buttons  # required
    await person.press(label(survey, language, "water", "no"))
    assert label(survey, language, "water_source") in person.last_text
    # or_other: "Other", then the other answer as text.
    await person.press(t(language, "survey-other"))
    assert label(survey, language, "water_source") in person.last_text
    await person.send("A tank on the roof")

    # Multiple choice: ticks, a constraint (at most 2) refused with the survey's message.
    for name in ("roads", "power", "safety"):
        await person.press("☐ " + label(survey, language, "problems", name))
    assert "☑ " + label(survey, language, "problems", "safety") in person.buttons
    await person.press(t(language, "survey-done"))
    assert person.last_popup == survey.question("problems").constraint_message[language]  # type: ignore[union-attr]
    await person.press("☑ " + label(survey, language, "problems", "safety"))
    await person.press(t(language, "survey-done"))

    # Ranking: the top 2, in order; the order so far is shown.
    assert label(survey, language, "needs") in person.last_text
    await person.press(label(survey, language, "needs", "clinic"))
    assert f"1. {label(survey, language, 'needs', 'clinic')}" in person.last_text
    await person.press(label(survey, language, "needs", "school"))

    # Scale 1-5 with end labels.
    assert survey.question("trust").low_label[language] in person.last_text  # type: ignore[union-attr]
    await person.press("4")

    # Integer: text refused, out of range refused with the survey's message, Arabic digits ok.
    await person.send("many")
    assert t(language, "survey-refused-number") in person.last_text
    assert label(survey, language, "minutes") in person.last_text
    await person.send("700")
    assert survey.question("minutes").constraint_message[language] in person.last_text  # type: ignore[union-attr]
    await person.send_sticker()
    assert t(language, "survey-refused-number") in person.last_text
    await person.send("٤٥")

    # Decimal with a comma; free text; a voice note.
    await person.send("12,5")
    assert label(survey, language, "comment") in person.last_text
    await person.send("We need a clinic open at night")
    assert label(survey, language, "voice") in person.last_text
    await person.send("I would rather type")
    assert t(language, "survey-refused-voice-expected") in person.last_text
    await person.send_content(voice=VOICE)
    assert survey.thanks[language] in person.last_text
    assert person.unanswered_callbacks == []

    answers = await stored_answers(running_bot, person)
    assert value(answers, "water") == "no"
    assert value(answers, "water_source") == "other"
    assert value(answers, "problems") == ["roads", "power"]
    assert value(answers, "needs") == ["clinic", "school"]
    assert value(answers, "trust") == 4
    assert value(answers, "minutes") == 45
    assert value(answers, "spend") == 12.5
    # Free text, the other answer and the voice note's file reference are sealed; a voice
    # answer's plain value only says that one was given.
    for name in ("comment", "water_source_other"):
        assert answers[name].value is None and answers[name].sealed is not None
    assert value(answers, "voice") == "voice-message" and answers["voice"].sealed is not None
    everything = repr(await database_rows(running_bot))
    for secret in ("clinic open at night", "tank on the roof", "voice-file-1"):
        assert secret not in everything
    async with running_bot.runtime.session_factory() as session:
        response = await session.scalar(select(Response))
        assert response is not None
        assert response.completed_at is not None
        assert response.survey_version == survey.recorded_version


async def test_back_and_skip(running_bot: RunningBot) -> None:
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    person = running_bot.person("Bea", "en")
    await join(person, "en")
    await open_the_survey(person, survey, "en")
    await person.press(t("en", "survey-next"))
    await person.press("Yes")  # no follow-up about the water source
    assert label(survey, "en", "problems") in person.last_text
    await person.press(t("en", "survey-back"))
    assert label(survey, "en", "water") in person.last_text
    assert "water" not in await stored_answers(running_bot, person)  # withdrawn
    await person.press("No")
    await person.press("A well")
    await person.press(t("en", "survey-skip"))  # problems is optional
    assert label(survey, "en", "needs") in person.last_text
    answers = await stored_answers(running_bot, person)
    assert value(answers, "water") == "no" and value(answers, "water_source") == "well"
    assert answers["problems"].value is None and answers["problems"].sealed is None
    # Back from a ranking in progress, twice: to "problems", then to the water source.
    await person.press("School")
    await person.press(t("en", "survey-back"))
    await person.press(t("en", "survey-back"))
    assert label(survey, "en", "water_source") in person.last_text


async def test_pause_and_resume_after_the_bot_is_rebuilt_from_scratch(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    person = running_bot.person("Chen", "en")
    await join(person, "en")
    await open_the_survey(person, survey, "en")
    await person.press(t("en", "survey-next"))
    await person.press("Yes")
    await person.press(t("en", "survey-pause"))
    assert t("en", "survey-paused") in person.last_text
    # A paused survey does not take typed messages: they go where they would otherwise.
    await person.send("hello")
    assert "problems" not in await stored_answers(running_bot, person)

    # A new process: new database engine, new Redis client, new dispatcher and bot.
    await running_bot.stop()
    await running_bot.bot.session.close()
    async with open_runtime(running_bot.runtime.settings) as runtime:
        rebuilt = RunningBot(runtime, emulator, [])
        await rebuilt.start()
        try:
            again = SimulatedPerson(emulator, person.user_id, handled=rebuilt.handled)
            await again.send("/menu")
            await again.press(t("en", "menu-surveys"))
            assert t("en", "surveys-continue-title", title=survey.title["en"]) in again.buttons
            await again.press(t("en", "surveys-continue-title", title=survey.title["en"]))
            assert t("en", "survey-started", number=2, total=8) in again.last_text
            await again.press(t("en", "survey-continue"))
            assert label(survey, "en", "problems") in again.last_text
            await again.press(t("en", "survey-skip"))
            await again.press("School")
            await again.press("Jobs")
            await again.press("3")
            # Typed answers go to the survey again, even with no conversation state left.
            await rebuilt.stop()
            await rebuilt.bot.session.close()
            rebuilt = RunningBot(runtime, emulator, [])
            await rebuilt.start()
            again = SimulatedPerson(emulator, person.user_id, handled=rebuilt.handled)
            await again.send("30")
            assert label(survey, "en", "spend") in again.last_text
        finally:
            await rebuilt.stop()
    answers = await stored_answers(running_bot, person)
    assert value(answers, "minutes") == 30 and value(answers, "needs") == ["school", "jobs"]


async def test_forged_and_stale_buttons_change_nothing(running_bot: RunningBot) -> None:
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    alice = running_bot.person("Alice", "en")
    bob = running_bot.person("Bob", "en")
    await join(alice, "en")
    await join(bob, "en")
    await open_the_survey(alice, survey, "en")
    await alice.press(t("en", "survey-next"))
    question_message = alice.last_message
    await alice.press("No")
    before = await database_rows(running_bot)
    # The old "Yes" under the water question (stale), a later question's button, a choice
    # out of range, an unknown action, and Bob pressing Alice's response: all refused.
    async with running_bot.runtime.session_factory() as session:
        response = await session.scalar(select(Response))
        assert response is not None
    water = 1
    forged = [
        SurveyStep(r=response.id, i=water, action="pick", c=0),
        SurveyStep(r=response.id, i=5, action="pick", c=0),
        SurveyStep(r=response.id, i=2, action="pick", c=99),
        SurveyStep(r=response.id, i=2, action="explode", c=0),
        SurveyStep(r=response.id + 1000, i=2, action="pick", c=0),
    ]
    for data in forged:
        await alice.press_data(question_message, data.pack(), expect_reply=False)
    await bob.press_data(
        bob.last_message,
        SurveyStep(r=response.id, i=2, action="pick", c=0).pack(),
        expect_reply=False,
    )
    await bob.press_data(
        bob.last_message,
        SurveyChoice(action="start", id="no-such-survey").pack(),
        expect_reply=False,
    )
    assert await database_rows(running_bot) == before
    assert alice.unanswered_callbacks == [] and bob.unanswered_callbacks == []
    assert bob.last_popup == t("en", "button-expired")


async def test_a_closed_survey_is_refused_politely_and_keeps_what_was_given(
    running_bot: RunningBot,
) -> None:
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    person = running_bot.person("Dara", "en")
    await join(person, "en")
    await open_the_survey(person, survey, "en")
    await person.press(t("en", "survey-next"))
    await person.press("Yes")
    await set_status(running_bot, "closed")
    before = await database_rows(running_bot)
    await person.press(t("en", "survey-skip"), expect_reply=False)
    assert person.last_popup == t("en", "survey-unavailable-closed")
    await person.send("12")
    assert t("en", "survey-unavailable-closed") in person.last_text
    answers = await stored_answers(running_bot, person)
    assert set(answers) == {"intro", "water"}
    after = await database_rows(running_bot)
    assert {k: v for k, v in after.items() if k != "responses"} == {
        k: v for k, v in before.items() if k != "responses"
    }
    await person.send("/menu")
    await person.press(t("en", "menu-surveys"))
    assert t("en", "surveys-none") in person.last_text


async def test_a_draft_or_invitation_only_survey_cannot_be_started_with_a_forged_button(
    running_bot: RunningBot,
) -> None:
    person = running_bot.person("Eli", "en")
    await join(person, "en")
    before = await database_rows(running_bot)
    start = SurveyChoice(action="start", id="every-type").pack()
    await person.press_data(person.last_message, start, expect_reply=False)
    assert person.last_popup == t("en", "survey-unavailable-draft")
    assert await database_rows(running_bot) == before
    # Open, but by invitation only, and this person was not invited.
    invited_only = running_bot.runtime.surveys.get("invited-only")
    assert invited_only is not None
    async with running_bot.runtime.session_factory() as session:
        await taking.set_status(session, invited_only, "open")
    before = await database_rows(running_bot)
    start = SurveyChoice(action="start", id="invited-only").pack()
    await person.press_data(person.last_message, start, expect_reply=False)
    assert person.last_popup == t("en", "survey-unavailable-not-invited")
    await person.send("/menu")
    await person.press(t("en", "menu-surveys"))
    assert t("en", "surveys-none") in person.last_text
    assert await database_rows(running_bot) == before
    async with running_bot.runtime.session_factory() as session:
        invited = await session.get(Participant, (await participant_of(running_bot, person)).id)
        assert invited is not None
        await taking.invite(session, invited_only, invited)
    await person.press_data(person.last_message, start)
    assert "Did the meeting hear you?" in person.last_text
    # A survey with no thanks of its own: ours, which says how answers are used.
    await person.press("Yes")
    assert person.last_text == t("en", "survey-thanks")


async def test_one_answer_per_participant(running_bot: RunningBot) -> None:
    survey, person = await quickly_to_spend(running_bot, "Femi")
    for _ in range(3):
        await person.press(t("en", "survey-skip"))
    assert survey.thanks["en"] in person.last_text
    await person.send("/menu")
    await person.press(t("en", "menu-surveys"))
    assert t("en", "surveys-none") in person.last_text
    await person.press_data(
        person.last_message, SurveyChoice(action="start", id=survey.id).pack(), expect_reply=False
    )
    assert person.last_popup == t("en", "survey-unavailable-already-answered")


async def answer_partly(person: SimulatedPerson, survey: Survey) -> None:
    await open_the_survey(person, survey, "en")
    await person.press(t("en", "survey-next"))
    await person.press("No")
    await person.press(t("en", "survey-other"))
    await person.send("The neighbour's tank")
    await person.press(t("en", "survey-skip"))
    await person.press("School")
    await person.press("Jobs")
    await person.press(t("en", "survey-skip"))
    await person.send("15")
    await person.press(t("en", "survey-skip"))
    await person.press(t("en", "survey-skip"))
    await person.send_content(voice=VOICE)


async def test_their_answers_are_in_mydata_and_delete_erases_them_and_nothing_else(
    running_bot: RunningBot,
) -> None:
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    bob = running_bot.person("Bob", "en")
    await join(bob, "en")
    await answer_partly(bob, survey)
    rows_with_bob_only = await database_rows(running_bot)

    huda = running_bot.person("Huda", "en")
    await join(huda, "en")
    await answer_partly(huda, survey)
    await huda.send("/mydata")
    summary = t("en", "mydata-summary", **dict.fromkeys(PLACEHOLDERS, "?") | {"surveys": "1"})
    surveys_line = next(line for line in summary.splitlines() if line.endswith(": 1"))
    assert surveys_line in (huda.messages[-2].text or "")
    document = huda.last_message.document_bytes
    assert document is not None
    record = json.loads(document)
    [taken] = record["surveys"]
    assert taken["survey"] == survey.id and taken["completed_at"] is not None
    assert taken["answers"]["water_source_other"] == "The neighbour's tank"
    assert taken["answers"]["needs"] == ["school", "jobs"]
    assert taken["answers"]["voice"] == "(a voice message)"
    assert b"voice-file-1" not in document

    await huda.send("/delete")
    await huda.press(t("en", "delete-yes"))
    assert await database_rows(running_bot) == rows_with_bob_only


async def test_a_question_for_the_explainers_is_not_taken_as_a_survey_answer(
    running_bot: RunningBot,
) -> None:
    survey, person = await quickly_to_spend(running_bot, "Sami")
    await person.press(t("en", "survey-skip"))  # now at "Anything else?", a text question
    # They leave for the menu and ask the explainers something: it is not a survey answer.
    await person.send("/menu")
    await person.press(t("en", "menu-learn"))
    await person.press(t("en", "learn-ask"))
    await person.send("Someone took my land. Can I get my house back?")
    assert "comment" not in await stored_answers(running_bot, person)
    # Continuing the survey takes them back to that question.
    await person.send("/menu")
    await person.press(t("en", "menu-surveys"))
    await person.press(t("en", "surveys-continue-title", title=survey.title["en"]))
    await person.press(t("en", "survey-continue"))
    assert label(survey, "en", "comment") in person.last_text
    await person.send("More clinics")
    assert "comment" in await stored_answers(running_bot, person)


async def test_a_button_of_a_paused_survey_takes_them_back_into_it(
    running_bot: RunningBot,
) -> None:
    survey, person = await quickly_to_spend(running_bot, "Pia")  # spend: a new message
    first = person.last_message
    await person.send("lots")  # refused: the spend question again, in a second message
    await person.press(t("en", "survey-pause"))  # on the second message
    # "Skip" on the first message: they are back in the survey, so what they type next
    # answers the following question rather than going astray.
    async with running_bot.runtime.session_factory() as session:
        response = await session.scalar(select(Response))
        assert response is not None and response.paused
    spend = survey_engine.step_index(survey, "spend")
    assert spend is not None
    await person.press_data(first, SurveyStep(r=response.id, i=spend, action="skip").pack())
    [edited] = [m for m in person.messages if m.message_id == first.message_id]
    assert label(survey, "en", "comment") in (edited.text or "")
    await person.send("We need a clinic open at night")
    assert "comment" in await stored_answers(running_bot, person)


async def test_a_survey_changed_while_they_are_in_it_asks_again_what_no_longer_fits(
    running_bot: RunningBot,
) -> None:
    survey = every_type(running_bot)
    await set_status(running_bot, "open")
    person = running_bot.person("Ola", "en")
    await join(person, "en")
    await open_the_survey(person, survey, "en")
    await person.press(t("en", "survey-next"))
    await person.press("No")
    await person.press("A well")
    # Version 3 drops the "No" choice of the water question.
    water = survey.question("water")
    assert water is not None
    changed = replace(
        survey,
        version="3",
        questions=tuple(
            replace(q, choices=q.choices[:1]) if q.name == "water" else q for q in survey.questions
        ),
    )
    participant = await participant_of(running_bot, person)
    master_key = running_bot.runtime.settings.require_master_key()
    async with running_bot.runtime.session_factory() as session:
        response = await session.scalar(select(Response))
        assert response is not None
        step = await taking.current(session, master_key, changed, participant, response)
        assert step.question is not None and step.question.name == "water"
        assert "water" not in step.answers and step.answers["water_source"] == "well"
        assert response.survey_version == changed.recorded_version
        step = await taking.give(
            session, master_key, changed, participant, response, "water", Picked(("yes",))
        )
        assert step.question is not None and step.question.name == "problems"


async def test_survey_buttons_from_someone_who_has_not_joined_change_nothing(
    running_bot: RunningBot,
) -> None:
    await set_status(running_bot, "open")
    stranger = running_bot.person("Noor", "en")
    await stranger.send("/start")
    before = await database_rows(running_bot)
    anchor = stranger.last_message
    for data in (
        MenuAction(action="surveys").pack(),
        SurveyChoice(action="start", id="every-type").pack(),
        SurveyStep(r=1, i=0, action="seen").pack(),
    ):
        await stranger.press_data(anchor, data, expect_reply=False)
        assert stranger.last_popup == t("en", "button-expired")
    assert await database_rows(running_bot) == before
