"""Facilitators in the chat (/surveys): list, live counts, open, close, preview in any
language that stores nothing; and no facilitator action for anyone else, forged or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from emulator import BotApiEmulator, SimulatedPerson
from handlers.callbacks import StaffSurveyAction, SurveyStep
from services import staff
from services import surveys as taking
from services.pseudonyms import pseudonym_for
from storage.models import AuditEntry
from tests.conftest import TEST_PEPPER, RunningBot
from tests.footprint import database_rows, ephemeral_state, without_flood_counters
from tests.journey import LANGUAGES, join, t
from tests.test_surveys_chat import (  # noqa: F401 (emulator_limits: a fixture)
    SURVEYS,
    VOICE,
    emulator_limits,
    every_type,
    label,
    open_the_survey,
)

ADMIN_ID = 777001


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"surveys_dir": SURVEYS, "flood_limit": 1000, "admin_ids": [ADMIN_ID]}


async def facilitator(running_bot: RunningBot, name: str = "Fatou") -> SimulatedPerson:
    person = running_bot.person(name, "en")
    async with running_bot.runtime.session_factory() as session:
        pseudonym = pseudonym_for(TEST_PEPPER.encode(), person.user_id)
        await staff.grant(session, pseudonym, staff.FACILITATOR, "test")
    return person


async def status(running_bot: RunningBot) -> str:
    async with running_bot.runtime.session_factory() as session:
        return await taking.status_of(session, every_type(running_bot))


def summary_first_line(running_bot: RunningBot) -> str:
    return every_type(running_bot).title["en"]


async def test_a_facilitator_opens_a_survey_watches_the_counts_and_closes_it(
    running_bot: RunningBot,
) -> None:
    fatou = await facilitator(running_bot)
    await fatou.send("/surveys")
    assert t("en", "staff-surveys-title") in fatou.last_text
    line = t(
        "en", "staff-survey-line", title=summary_first_line(running_bot),
        status=t("en", "staff-status-draft"),
    )  # fmt: skip
    await fatou.press(line)
    assert t("en", "staff-status-draft") in fatou.last_text
    await fatou.press(t("en", "staff-open"))
    assert fatou.last_popup == t("en", "staff-opened")
    assert await status(running_bot) == "open"

    # A participant answers two questions; the counts follow.
    amina = running_bot.person("Amina", "en")
    await join(amina, "en")
    await open_the_survey(amina, every_type(running_bot), "en")
    await amina.press(t("en", "survey-next"))
    await amina.press("No")
    await amina.press("A well")
    await fatou.press(t("en", "staff-refresh"))
    assert "Started: 1. Completed: 0." in fatou.last_text
    assert "water: 1\nwater_source: 1\nproblems: 0" in fatou.last_text

    await fatou.press(t("en", "staff-close"))
    assert await status(running_bot) == "closed"
    async with running_bot.runtime.session_factory() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions[-2:] == ["survey.open", "survey.close"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_preview_shows_what_participants_see_and_stores_nothing(
    running_bot: RunningBot, language: str
) -> None:
    survey = every_type(running_bot)
    fatou = await facilitator(running_bot)
    await fatou.send("/surveys")
    await fatou.press(
        t("en", "staff-survey-line", title=survey.title["en"], status=t("en", "staff-status-draft"))
    )
    rows_before = await database_rows(running_bot)
    state_before = await ephemeral_state(running_bot)
    await fatou.press(t("en", "staff-preview", language=t(language, "language-name")))
    # The participant's own screens, in the previewed language.
    assert label(survey, language, "intro") in fatou.last_text
    await fatou.press(t(language, "survey-next"))
    await fatou.press(label(survey, language, "water", "no"))
    await fatou.press(t(language, "survey-other"))
    await fatou.send("A secret tank")
    await fatou.press("☐ " + label(survey, language, "problems", "roads"))
    await fatou.press(t(language, "survey-done"))
    await fatou.press(label(survey, language, "needs", "jobs"))
    await fatou.press(t(language, "survey-back"))  # back to problems
    assert label(survey, language, "problems") in fatou.last_text
    await fatou.press(t(language, "survey-skip"))
    await fatou.press(label(survey, language, "needs", "jobs"))
    await fatou.press(label(survey, language, "needs", "school"))
    await fatou.press("2")
    await fatou.send("999")
    assert survey.question("minutes").constraint_message[language] in fatou.last_text  # type: ignore[union-attr]
    await fatou.send("20")
    await fatou.send("3.5")
    await fatou.send("A secret comment")
    await fatou.send_content(voice=VOICE)
    assert survey.thanks[language] in fatou.last_text
    assert await database_rows(running_bot) == rows_before
    # The flood counter (a hashed id and a number, gone in seconds) counts the presses;
    # nothing else: no conversation state, no answer, no message id.
    assert without_flood_counters(await ephemeral_state(running_bot)) == without_flood_counters(
        state_before
    )
    assert fatou.unanswered_callbacks == []


async def test_participants_reach_no_facilitator_action(running_bot: RunningBot) -> None:
    amina = running_bot.person("Amina", "en")
    await join(amina, "en")
    before = await database_rows(running_bot)
    await amina.send("/surveys")
    assert t("en", "staff-surveys-title") not in amina.last_text
    assert t("en", "not-understood") in amina.last_text
    anchor = amina.last_message
    for action in ("list", "show", "open", "close", "preview"):
        data = StaffSurveyAction(action=action, id="every-type", lang="en").pack()
        await amina.press_data(anchor, data, expect_reply=False)
        assert amina.last_popup == t("en", "button-expired")
    await amina.press_data(anchor, SurveyStep(r=0, i=0, action="seen").pack(), expect_reply=False)
    assert amina.last_popup == t("en", "button-expired")
    assert amina.unanswered_callbacks == []
    assert await status(running_bot) == "draft"
    assert await database_rows(running_bot) == before
    assert not any(t("en", "staff-surveys-title") in (m.text or "") for m in amina.messages)


async def test_a_revoked_facilitator_loses_access_at_once(running_bot: RunningBot) -> None:
    fatou = await facilitator(running_bot)
    await fatou.send("/surveys")
    assert t("en", "staff-surveys-title") in fatou.last_text
    async with running_bot.runtime.session_factory() as session:
        pseudonym = pseudonym_for(TEST_PEPPER.encode(), fatou.user_id)
        await staff.revoke(session, pseudonym, staff.FACILITATOR, "test")
    survey = every_type(running_bot)
    line = t(
        "en", "staff-survey-line", title=survey.title["en"], status=t("en", "staff-status-draft")
    )
    await fatou.press(line, expect_reply=False)
    assert fatou.last_popup == t("en", "button-expired")
    assert await status(running_bot) == "draft"


async def test_an_admin_from_the_settings_is_a_facilitator(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    admin = SimulatedPerson(emulator, ADMIN_ID, handled=running_bot.handled)
    await admin.send("/surveys")
    assert t("en", "staff-surveys-title") in admin.last_text


LONG_SURVEY = Path(__file__).parent / "fixtures" / "long_survey"


@pytest.mark.parametrize("settings_overrides", [{"surveys_dir": LONG_SURVEY}])
async def test_a_long_survey_s_counts_fit_one_message(running_bot: RunningBot) -> None:
    fatou = await facilitator(running_bot)
    await fatou.send("/surveys")
    line = t("en", "staff-survey-line", title="Long form", status=t("en", "staff-status-draft"))
    await fatou.press(line)
    text = fatou.last_text
    assert "long-form" in text and len(text) <= 4096
    assert "q000_people_living_in_your_home: 0" in text
    shown = text.count("_people_living_in_your_home: 0")
    assert 0 < shown < 130
    assert t("en", "staff-survey-more", count=130 - shown) in text


async def test_opening_after_the_closing_date_is_refused_in_words(
    running_bot: RunningBot,
) -> None:
    survey = running_bot.runtime.surveys.get("closed-last-year")
    assert survey is not None
    fatou = await facilitator(running_bot)
    await fatou.send("/surveys")
    await fatou.press(
        t("en", "staff-survey-line", title=survey.title["en"], status=t("en", "staff-status-draft"))
    )
    before = await database_rows(running_bot)
    await fatou.press(t("en", "staff-open"), expect_reply=False)
    assert fatou.last_popup == t("en", "staff-reopen-closed", date="2020-01-01")
    assert await database_rows(running_bot) == before
