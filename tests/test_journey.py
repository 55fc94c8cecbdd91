"""The participant's journey, end to end through the real dispatcher and the emulator, in all
four languages: joining, language, consent, profile, menu, settings, my data, stop."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from emulator import SimulatedPerson
from services.join_links import create_join_link
from services.pseudonyms import pseudonym_for
from storage.models import Contact
from tests.conftest import TEST_PEPPER, RunningBot
from tests.footprint import database_rows, ephemeral_state, mentions, stored_participant
from tests.journey import LANGUAGES, MENU, choose_language, consent, first_line, join, t

pytestmark = pytest.mark.parametrize("language", LANGUAGES)


# --------------------------------------------------------------------------- joining


async def test_the_first_screen_offers_every_language_in_its_own_name(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Nour", language)
    await person.send("/start")
    names = [t(code, "language-name") for code in LANGUAGES]
    assert [label.removeprefix("✓ ") for label in person.buttons] == names
    # Telegram's language is pre-selected, and the screen speaks it.
    assert f"✓ {t(language, 'language-name')}" in person.buttons
    assert first_line(language, "language-choose") in person.last_text


async def test_a_known_join_link_is_recorded_and_an_unknown_one_ignored_quietly(
    running_bot: RunningBot, language: str
) -> None:
    async with running_bot.runtime.session_factory() as session:
        await create_join_link(session, "evt-youthforum-north", None)
        await session.commit()
    known = running_bot.person("Amal", language)
    await consent(known, language, payload="evt-youthforum-north")
    record = await stored_participant(running_bot, known)
    assert record is not None and record.join_source == "evt-youthforum-north"

    for payload in ("evt-nobody-made-this", "x" * 64):
        stranger = running_bot.person("Sami", language)
        await consent(stranger, language, payload=payload)
        record = await stored_participant(running_bot, stranger)
        assert record is not None and record.join_source is None
        assert not any(payload in (m.text or "") for m in stranger.messages)


async def test_text_instead_of_a_language_button_gets_the_buttons_again(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Hadi", language)
    await person.send("/start")
    await person.send("hello?")
    # Nothing is kept before a language is chosen, so the bot cannot know they saw the
    # screen: it says it did not understand and shows the choice again.
    assert first_line(language, "not-understood") in person.last_text
    assert len(person.last_message.buttons()) == len(LANGUAGES)


# --------------------------------------------------------------------------- consent


DEPLOYMENT_WORDS = {
    "organisation_name": "Lakeside Women's Network",
    "organisation_contact": "+000 123 456 (Mon-Fri)",
    "data_shared_with": "the district peace committee, as totals only",
}


def version_in_force(running_bot: RunningBot) -> str:
    return str(running_bot.dispatcher["consent_version"])


@pytest.mark.parametrize("settings_overrides", [DEPLOYMENT_WORDS])
async def test_agreeing_records_the_consent_version_and_time_and_the_chosen_language(
    running_bot: RunningBot, language: str
) -> None:
    # Telegram says English; the person picks their own language, which wins.
    person = running_bot.person("Maya", "en")
    await person.send("/start")
    await choose_language(person, language)
    notice = person.last_text
    assert first_line(language, "consent-notice") in notice
    assert DEPLOYMENT_WORDS["organisation_name"] in notice
    assert DEPLOYMENT_WORDS["organisation_contact"] in notice
    assert await stored_participant(running_bot, person) is None
    await person.press(t(language, "consent-agree"))
    record = await stored_participant(running_bot, person)
    assert record is not None
    assert record.consent_version == version_in_force(running_bot)
    assert record.consent_version.startswith("1-")
    assert record.consented_at is not None
    assert record.language == language
    assert first_line(language, "profile-age_band-question") in person.last_text


async def test_without_deployment_words_the_notice_uses_general_ones_in_the_language(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Hind", language)
    await person.send("/start")
    await choose_language(person, language)
    assert t(language, "default-organisation") in person.last_text
    await person.press(t(language, "consent-more"))
    assert t(language, "default-shared-with") in person.last_text


@pytest.mark.parametrize("settings_overrides", [DEPLOYMENT_WORDS])
async def test_more_details_then_agree(running_bot: RunningBot, language: str) -> None:
    person = running_bot.person("Rim", language)
    await person.send("/start")
    await choose_language(person, language)
    await person.press(t(language, "consent-more"))
    assert first_line(language, "consent-details") in person.last_text
    assert DEPLOYMENT_WORDS["data_shared_with"] in person.last_text
    await person.press(t(language, "consent-agree"))
    assert await stored_participant(running_bot, person) is not None


async def test_declining_leaves_the_database_and_state_exactly_as_before(
    running_bot: RunningBot, language: str
) -> None:
    await join(running_bot.person("Bob", "en"), "en")  # someone else is already there
    async with running_bot.runtime.session_factory() as session:
        await create_join_link(session, "radio-spot-east", None)
        await session.commit()
    rows_before = await database_rows(running_bot)
    state_before = await ephemeral_state(running_bot)

    person = running_bot.person("Lina", language)
    await person.send("/start radio-spot-east")
    await choose_language(person, language)
    await person.send("what is this?")  # text where a button is expected, on the way
    await person.press(t(language, "consent-more"))
    await person.press(t(language, "consent-decline"))

    assert first_line(language, "consent-declined") in person.last_text
    assert await database_rows(running_bot) == rows_before
    assert await ephemeral_state(running_bot) == state_before
    # They can come back later.
    await consent(person, language)
    assert await stored_participant(running_bot, person) is not None


async def test_delete_or_stop_before_joining_leaves_no_state(
    running_bot: RunningBot, language: str
) -> None:
    state_before = await ephemeral_state(running_bot)
    person = running_bot.person("Sara", language)
    await person.send("/start")
    await choose_language(person, language)
    await person.send("/delete")
    assert person.last_text == t(language, "mydata-nothing")
    assert await ephemeral_state(running_bot) == state_before
    await person.send("/start")
    await choose_language(person, language)
    await person.send("/stop")
    assert await ephemeral_state(running_bot) == state_before


async def test_a_changed_consent_version_asks_returning_participants_again_first(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Yara", language)
    await join(person, language)
    first_version = version_in_force(running_bot)
    old_notice = next(m for m in person.messages if m.text and "consent" not in m.text)
    old_agree = _agree_data(language, person)
    await running_bot.restart(consent_version="2")

    await person.send("/settings")  # anything: the notice comes first
    assert first_line(language, "consent-changed") in person.last_text
    assert t(language, "consent-agree") in person.buttons
    record = await stored_participant(running_bot, person)
    assert record is not None and record.consent_version == first_version
    # Seeing their data stays open before they decide.
    await person.send("/mydata")
    assert person.last_message.document_name == "my-data.json"
    # An "I agree" from the old notice does not agree to the new one.
    await person.press_data(old_notice, old_agree)
    record = await stored_participant(running_bot, person)
    assert record is not None and record.consent_version == first_version

    await person.press(t(language, "consent-agree"))
    record = await stored_participant(running_bot, person)
    assert record is not None and record.consent_version == version_in_force(running_bot)
    assert record.consent_version.startswith("2-")
    await person.send("/settings")
    assert first_line(language, "settings-summary") in person.last_text


def _agree_data(language: str, person: SimulatedPerson) -> str:
    """The data of the last "I agree" button this person was shown (kept before it goes)."""
    for data in reversed([c.data for c in person.emulator.callbacks.values()
                          if c.user_id == person.user_id]):  # fmt: skip
        if data.startswith("consent:agree:"):
            return data
    raise AssertionError("never pressed I agree")


async def test_changing_the_notices_words_asks_again_without_a_new_version_number(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Aisha", language)
    await join(person, language)
    await running_bot.restart(organisation_name="A New Organisation")
    await person.send("/menu")
    assert first_line(language, "consent-changed") in person.last_text
    assert "A New Organisation" in person.last_text


async def test_declining_a_changed_notice_stops_messages_and_keeps_delete_open(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Dima", language)
    await join(person, language)
    await running_bot.restart(consent_version="3")
    await person.send("/start")
    await person.press(t(language, "consent-decline"))
    assert first_line(language, "consent-still-declined") in person.last_text
    record = await stored_participant(running_bot, person)
    assert record is not None and record.stopped_at is not None
    await person.send("/delete")
    await person.press(t(language, "delete-yes"))
    assert await stored_participant(running_bot, person) is None


# --------------------------------------------------------------------------- profile


@pytest.mark.parametrize("settings_overrides", [{"regions": ["North", "Lakeside", "East"]}])
async def test_the_profile_one_question_at_a_time(running_bot: RunningBot, language: str) -> None:
    person = running_bot.person("Aya", language)
    await consent(person, language)
    assert t(language, "profile-prefer-not") in person.buttons
    assert t(language, "profile-skip") in person.buttons
    await person.press(t(language, "profile-age_band-18-24"))
    assert first_line(language, "profile-gender-question") in person.last_text
    await person.press(t(language, "profile-prefer-not"))
    assert first_line(language, "profile-region-question") in person.last_text
    await person.press("Lakeside")
    assert first_line(language, "profile-role-question") in person.last_text
    await person.press(t(language, "profile-skip"))
    assert t(language, "menu-title") in person.last_text

    record = await stored_participant(running_bot, person)
    assert record is not None
    assert (record.age_band, record.gender, record.region, record.role) == (
        "18-24",
        "prefer-not",
        "Lakeside",
        None,
    )


async def test_without_regions_there_is_no_region_question(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Omar", language)
    await consent(person, language)
    asked = []
    while t(language, "profile-skip") in person.buttons:
        asked.append(person.last_text)
        await person.press(t(language, "profile-skip"))
    assert len(asked) == 3
    assert not any(first_line(language, "profile-region-question") in q for q in asked)


async def test_under_18s_are_asked_to_confirm_then_told_and_erased_when_adults_only(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Teen", language)
    state_before = await ephemeral_state(running_bot)
    await consent(person, language)
    await person.press(t(language, "profile-age_band-under-18"))
    assert first_line(language, "minor-confirm") in person.last_text
    await person.press(t(language, "minor-confirm-yes"))
    assert first_line(language, "minor-may-not") in person.last_text
    assert await stored_participant(running_bot, person) is None
    pseudonym = pseudonym_for(TEST_PEPPER.encode(), person.user_id)
    assert await mentions(running_bot, pseudonym, str(person.user_id)) == []
    assert await ephemeral_state(running_bot) == state_before


async def test_a_mistaken_under_18_in_settings_erases_nothing(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Adult", language)
    await join(person, language)
    await person.send("/settings")
    await person.press(t(language, "settings-change-age_band"))
    await person.press(t(language, "profile-age_band-under-18"))
    await person.press(t(language, "minor-confirm-no"))
    assert first_line(language, "profile-age_band-question") in person.last_text
    await person.press(t(language, "profile-age_band-40-59"))
    record = await stored_participant(running_bot, person)
    assert record is not None and record.age_band == "40-59"


@pytest.mark.parametrize("settings_overrides", [{"minors_may_continue": True}])
async def test_under_18s_may_continue_when_the_policy_allows(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Teen", language)
    await consent(person, language)
    await person.press(t(language, "profile-age_band-under-18"))
    texts = [m.text or "" for m in person.messages]
    assert any(first_line(language, "minor-may-continue") in text for text in texts)
    assert first_line(language, "profile-gender-question") in person.last_text
    record = await stored_participant(running_bot, person)
    assert record is not None and record.age_band == "under-18"


# --------------------------------------------------------------------------- menu, settings


async def test_the_menu_has_only_what_exists(running_bot: RunningBot, language: str) -> None:
    person = running_bot.person("Zein", language)
    await join(person, language)
    await person.send("/menu")
    assert person.buttons == [t(language, key) for key in MENU]
    await person.press(t(language, "menu-help"))
    assert "/mydata" in person.last_text and "/delete" in person.last_text


async def test_settings_change_language_answers_and_message_preferences(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Dana", language)
    await join(person, language)
    await person.send("/settings")
    await person.press(t(language, "settings-change-gender"))
    await person.press(t(language, "profile-gender-woman"))
    assert t(language, "profile-gender-woman") in person.last_text
    await person.press(t(language, "settings-updates-off"))
    await person.press(t(language, "settings-silent-off"))
    record = await stored_participant(running_bot, person)
    assert record is not None
    assert (record.gender, record.broadcast_opt_in, record.silent_delivery) == ("woman", True, True)

    await person.press(t(language, "settings-change-gender"))
    await person.press(t(language, "profile-clear"))
    record = await stored_participant(running_bot, person)
    assert record is not None and record.gender is None

    other = next(code for code in LANGUAGES if code != language)
    await person.press(t(language, "settings-change-language"))
    await choose_language(person, other)
    assert first_line(other, "language-changed") in person.last_text
    record = await stored_participant(running_bot, person)
    assert record is not None and record.language == other
    await person.send("/help")
    assert first_line(other, "help") in person.last_text


async def test_updates_are_off_until_chosen(running_bot: RunningBot, language: str) -> None:
    person = running_bot.person("Ali", language)
    await join(person, language)
    record = await stored_participant(running_bot, person)
    assert record is not None and record.broadcast_opt_in is False


# --------------------------------------------------------------------------- my data, stop


async def test_my_data_in_words_and_as_a_json_document(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Huda", language)
    await consent(person, language)
    await person.press(t(language, "profile-age_band-30-39"))
    await person.send("/mydata")
    document = person.last_message
    assert document.document_name == "my-data.json" and document.document_bytes is not None
    record = json.loads(document.document_bytes)
    stored = await stored_participant(running_bot, person)
    assert stored is not None
    assert record["age_band"] == "30-39" == stored.age_band
    assert record["language"] == language
    assert record["consent_version"] == stored.consent_version
    assert record["reference"] == stored.pseudonym[:12]
    assert str(person.user_id) not in document.document_bytes.decode()
    words = person.messages[-2].text or ""
    assert first_line(language, "mydata-summary") in words
    assert t(language, "profile-age_band-30-39") in words


async def test_stop_keeps_the_data_and_start_resumes(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Salma", language)
    await join(person, language)
    await person.send("/stop")
    assert first_line(language, "stop-done") in person.last_text
    record = await stored_participant(running_bot, person)
    assert record is not None and record.stopped_at is not None
    await person.send("/start")
    assert first_line(language, "start-resumed") in person.last_text
    record = await stored_participant(running_bot, person)
    assert record is not None and record.stopped_at is None


async def test_the_contact_row_holds_the_chat_and_nothing_else_about_the_person(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Very Unique Name", language)
    await join(person, language)
    async with running_bot.runtime.session_factory() as session:
        contacts = (await session.execute(select(Contact))).scalars().all()
    assert [c.chat_id for c in contacts] == [person.user_id]
    assert not any(
        "Very Unique Name" in repr(rows) for rows in (await database_rows(running_bot)).values()
    )
