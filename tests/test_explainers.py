"""Learning about your rights, end to end in four languages: targeted suggestions, reading
everything, tell me more, related, rating, asking a question; and the weekly drip with a
controllable clock."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from content.explainers import Explainer, Library
from emulator import SimulatedPerson
from services.drip import plan_drip_round
from storage.models import Contact, ExplainerRead, utcnow
from tests.broadcasting import drain_all, statuses, worker_for
from tests.conftest import RunningBot
from tests.footprint import database_rows, ephemeral_state, participant_of
from tests.journey import LANGUAGES, consent, first_line, join, t

pytestmark = pytest.mark.parametrize("language", LANGUAGES)


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    # The drip test sends with its own worker, whose clock it moves on by days; the bot's
    # own worker (real clock) would take the same deliveries and find them not yet due.
    return {"run_worker": False}


def library(running_bot: RunningBot) -> Library:
    return running_bot.runtime.library


def shown(running_bot: RunningBot, person: SimulatedPerson, language: str) -> Explainer:
    """The explainer on the person's screen, found by its title."""
    text = person.last_text
    matches = [e for e in library(running_bot).in_language(language) if e.title in text]
    assert len(matches) == 1, text[:200]
    return matches[0]


async def open_learning(person: SimulatedPerson, language: str) -> None:
    await person.send("/menu")
    await person.press(t(language, "menu-learn"))


async def test_a_young_woman_in_a_youth_group_gets_youth_or_women_explainers_first(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Amani", language)
    await consent(person, language)
    await person.press(t(language, "profile-age_band-18-24"))
    await person.press(t(language, "profile-gender-woman"))
    await person.press(t(language, "profile-role-youth-group"))
    await open_learning(person, language)
    await person.press(t(language, "learn-suggest"))
    first = shown(running_bot, person, language)
    assert {"youth", "women"} & set(first.audiences), first.id
    # And it says why, in their language.
    assert t(language, "reason-role-youth-group") in person.last_text
    await person.press(t(language, "explainer-next"))
    second = shown(running_bot, person, language)
    assert second.id != first.id and {"youth", "women"} & set(second.audiences)


async def test_someone_who_read_everything_is_told_so_and_offered_the_topics(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Omar", language)
    await join(person, language)
    await open_learning(person, language)
    await person.press(t(language, "learn-suggest"))
    seen = []
    while first_line(language, "explainer-all-read") not in person.last_text:
        seen.append(shown(running_bot, person, language).id)
        await person.press(t(language, "explainer-next"))
        assert len(seen) <= len(library(running_bot).in_language(language))
    everyone = [
        e.id for e in library(running_bot).in_language(language) if "everyone" in e.audiences
    ]
    assert sorted(seen) == sorted(everyone)  # each once, nothing for other audiences
    assert t(language, "topic-land-property") in person.buttons
    await person.press(t(language, "topic-land-property"))
    assert shown(running_bot, person, language).topic == "land-property"


async def test_tell_me_more_related_and_rating(running_bot: RunningBot, language: str) -> None:
    person = running_bot.person("Rana", language)
    await join(person, language)
    await open_learning(person, language)
    await person.press(t(language, "learn-topics"))
    await person.press(t(language, "topic-participation"))
    explainer = shown(running_bot, person, language)
    assert explainer.more is not None and explainer.related
    await person.press(t(language, "explainer-more"))
    more_start = explainer.more.split("\n")[0].replace("**", "").replace("_", "")[:30]
    assert more_start in person.last_text

    await person.press(t(language, "explainer-helpful-no"))
    await person.press(t(language, "explainer-helpful-yes"))  # a second tap changes it
    pressed = [c for c in running_bot.emulator.callbacks.values() if c.user_id == person.user_id]
    assert pressed[-1].answer_text == t(language, "explainer-thanks")
    record = await participant_of(running_bot, person)
    async with running_bot.runtime.session_factory() as session:
        rows = (
            await session.execute(
                select(ExplainerRead.explainer_id, ExplainerRead.helpful).where(
                    ExplainerRead.participant_id == record.id
                )
            )
        ).all()
    assert (explainer.id, True) in [tuple(row) for row in rows]

    await person.press(t(language, "explainer-related"))
    related = [library(running_bot).get(r, language) for r in explainer.related]
    titles = [e.title[:60] for e in related if e is not None]
    assert person.buttons[: len(titles)] == titles
    await person.press(titles[0])
    assert shown(running_bot, person, language).title[:60] == titles[0]

    # What they read and how they rated it is part of "my data".
    await person.send("/mydata")
    document = person.last_message.document_bytes
    assert document is not None
    readings = json.loads(document)["explainers_read"]
    assert {"explainer": explainer.id, "helpful": True} in [
        {k: r[k] for k in ("explainer", "helpful")} for r in readings
    ]
    assert json.loads(document)["one_explainer_a_week"] is False


QUESTIONS = {
    "en": "Someone took my land. Can I get my house back?",
    "fr": "Quelqu'un a pris ma terre. Est-ce que je peux récupérer ma maison ?",
    "es": "Alguien se quedó con mi tierra. ¿Puedo recuperar mi casa?",
    "ar": "أخذ أحدهم أرضي. هل يمكنني أن أستعيد بيتي؟",
}


async def test_a_question_finds_the_explainer_on_that_topic_in_the_same_language(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Samir", language)
    await join(person, language)
    await open_learning(person, language)
    await person.press(t(language, "learn-ask"))
    assert first_line(language, "ask-prompt") in person.last_text
    rows = await database_rows(running_bot)
    await person.send(QUESTIONS[language])
    assert first_line(language, "ask-results") in person.last_text
    land = library(running_bot).get("land-property", language)
    assert land is not None and land.title[:60] in person.buttons
    # The question itself is kept nowhere: not in the database, not in conversation state.
    assert QUESTIONS[language] not in repr(await ephemeral_state(running_bot))
    assert await database_rows(running_bot) == rows
    await person.press(land.title[:60])
    assert shown(running_bot, person, language).id == "land-property"


async def test_a_question_with_no_answer_says_so_and_offers_topics(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Lea", language)
    await join(person, language)
    await open_learning(person, language)
    await person.press(t(language, "learn-ask"))
    await person.send("xyzzy qwerty")
    assert first_line(language, "ask-nothing") in person.last_text
    assert t(language, "topic-safety") in person.buttons


async def test_one_a_week_reaches_only_opted_in_reachable_people_once_per_period(
    running_bot: RunningBot, language: str
) -> None:
    keen = running_bot.person("Keen", language)
    await join(keen, language)
    await open_learning(keen, language)
    await keen.press(t(language, "learn-drip-off"))  # turns it on
    quiet = running_bot.person("Quiet", language)
    await join(quiet, language)
    await quiet.send("/settings")
    await quiet.press(t(language, "settings-drip-off"))
    await quiet.press(t(language, "settings-silent-off"))  # silent messages on
    not_asked = running_bot.person("NotAsked", language)
    await join(not_asked, language)
    gone = running_bot.person("Gone", language)
    await join(gone, language)
    await open_learning(gone, language)
    await gone.press(t(language, "learn-drip-off"))
    gone.block_bot()

    rounds: list[dict[str, int]] = []

    async def drip_at(moment: datetime) -> list[int]:
        """A drip round at `moment`, sent by a worker whose clock says `moment`."""
        before = {p.user_id: len(p.messages) for p in (keen, quiet, not_asked, gone)}
        runtime, version = running_bot.runtime, running_bot.dispatcher["consent_version"]
        period = timedelta(days=runtime.settings.drip_period_days)
        async with runtime.session_factory() as session:
            planned = await plan_drip_round(session, moment, period, version)
        began = time.monotonic()
        # `moment`, then running on: a chat that got a message in the last second (with
        # Redis, the gate is shared with earlier rounds) gets its own a moment later.
        worker = worker_for(
            runtime,
            running_bot.bot,
            clock=lambda: moment + timedelta(seconds=time.monotonic() - began),
            consent_version=version,
        )
        counts: dict[str, int] = {}
        if planned is not None:
            await drain_all(runtime, worker, planned.id)
            counts = await statuses(runtime, planned.id)
        rounds.append(counts)
        return [
            p.user_id for p in (keen, quiet, not_asked, gone) if len(p.messages) > before[p.user_id]
        ]

    stopped = running_bot.person("Stopped", language)
    await join(stopped, language)
    await open_learning(stopped, language)
    await stopped.press(t(language, "learn-drip-off"))
    await stopped.send("/stop")

    start = utcnow()
    assert await drip_at(start) == [keen.user_id, quiet.user_id]
    gone_contact = await _contact_of(running_bot, gone)
    assert gone_contact.reachable is False
    assert rounds[-1].get("unreachable") == 1  # tried once, refused: they blocked the bot
    assert first_line(language, "drip-intro") in keen.last_text
    assert quiet.last_message.disable_notification and not keen.last_message.disable_notification
    assert await drip_at(start + timedelta(days=1)) == []
    assert await drip_at(start + timedelta(days=6, hours=23)) == []
    assert await drip_at(start + timedelta(days=7)) == [keen.user_id, quiet.user_id]
    # Blocked once, not tried again; stopped, never sent to.
    assert [r.get("unreachable", 0) for r in rounds[1:]] == [0] * len(rounds[1:])
    assert all(first_line(language, "drip-intro") not in (m.text or "") for m in stopped.messages)
    # Opting out is one tap.
    await keen.press(t(language, "learn-drip-on"))
    assert await drip_at(start + timedelta(days=14)) == [quiet.user_id]
    # A new consent notice: nobody gets the drip until they agree again.
    await running_bot.restart(consent_version="9")
    assert await drip_at(start + timedelta(days=21)) == []


async def _contact_of(running_bot: RunningBot, person: SimulatedPerson) -> Contact:
    record = await participant_of(running_bot, person)
    async with running_bot.runtime.session_factory() as session:
        contact = await session.get(Contact, record.id)
    assert contact is not None
    return contact


async def test_an_explainer_without_more_or_with_missing_related_is_handled(
    running_bot: RunningBot, language: str
) -> None:
    solo = Explainer(
        "solo", language, "A lone note?", "participation", ("everyone",), (), (), 50,
        ("not-in-this-language",), ("UDHR art. 21",), True, "Short **only**.", None,
        Path("solo.md"),
    )  # fmt: skip
    running_bot.runtime.library = Library([solo])
    await running_bot.restart()
    person = running_bot.person("Ines", language)
    await join(person, language)
    await open_learning(person, language)
    await person.press(t(language, "learn-suggest"))
    assert "A lone note?" in person.last_text
    assert t(language, "explainer-more") not in person.buttons
    await person.press_data(person.last_message, "ex:more:solo:")
    assert person.unanswered_callbacks == []
    await person.press(t(language, "explainer-related"))
    assert person.buttons == [t(language, "settings-back")]
    # A topic with nothing for them is not "you have read everything".
    await person.press_data(person.last_message, "ex:topic:land-property")
    assert first_line(language, "explainer-all-read") not in person.last_text
