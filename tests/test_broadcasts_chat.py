"""Facilitators' broadcasts in the chat (/broadcast), end to end through the real dispatcher,
the broadcast worker and the emulator: who gets what in which language (and who never does),
audience filters, survey invitations, the preview that stores nothing, scheduling, stopping,
and no broadcast action for anyone else, forged or not."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from bot.broadcast_worker import DeliveryWorker
from emulator import BotApiEmulator, SimulatedPerson
from emulator.server import ChatMessage, RateLimits
from handlers.callbacks import BroadcastAction
from services import staff
from services import surveys as taking
from services.participants import enrol_participant
from services.segments import Segment, save_segment
from storage.models import AuditEntry, Broadcast, Contact, Delivery, utcnow
from tests.conftest import RunningBot
from tests.footprint import (
    database_rows,
    ephemeral_state,
    participant_of,
    pseudonym_of,
    without_flood_counters,
)
from tests.journey import consent, join, t

SURVEYS = Path(__file__).parent / "fixtures" / "chat_surveys"
ADMIN_ID = 777003


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    # A test taps faster than people do: the flood limit would drop its presses.
    return {"surveys_dir": SURVEYS, "flood_limit": 1000, "admin_ids": [ADMIN_ID]}


@pytest.fixture
def emulator_limits() -> RateLimits:
    # A preview is several messages in a row, more than Telegram's per-chat burst allows;
    # the strict limits are tests/test_rate_limits.py's business.
    return RateLimits(chat_burst=200)


# ------------------------------------------------------------------ people


async def staff_member(running_bot: RunningBot, name: str, role: str) -> SimulatedPerson:
    person = running_bot.person(name, "en")
    async with running_bot.runtime.session_factory() as session:
        await staff.grant(session, pseudonym_of(person), role, "test")
    return person


async def facilitator(running_bot: RunningBot, name: str = "Fatou") -> SimulatedPerson:
    return await staff_member(running_bot, name, staff.FACILITATOR)


async def participant(
    running_bot: RunningBot,
    name: str,
    language: str = "en",
    *,
    updates: bool = True,
    silent: bool = False,
    gender: str | None = None,
) -> SimulatedPerson:
    """Someone who joined in the chat, maybe said their gender, and maybe asked for updates
    (and silent messages) in /settings."""
    person = running_bot.person(name, language)
    await consent(person, language)
    while t(language, "profile-skip") in person.buttons:
        wanted = t(language, f"profile-gender-{gender}") if gender else None
        await person.press(wanted if wanted in person.buttons else t(language, "profile-skip"))
    assert t(language, "menu-title") in person.last_text
    if updates or silent:
        await person.send("/settings")
        if updates:
            await person.press(t(language, "settings-updates-off"))
        if silent:
            await person.press(t(language, "settings-silent-off"))
    return person


async def many_participants(running_bot: RunningBot, count: int) -> list[SimulatedPerson]:
    """`count` English readers who asked for updates, enrolled straight in the database (their
    joining is not what the test is about)."""
    people = [running_bot.person(f"Reader{n}", "en") for n in range(count)]
    version = running_bot.dispatcher["consent_version"]
    async with running_bot.runtime.session_factory() as session:
        for person in people:
            enrolled = await enrol_participant(
                session,
                pseudonym=pseudonym_of(person),
                chat_id=person.user_id,
                language="en",
                consent_version=version,
            )
            enrolled.broadcast_opt_in = True
        await session.commit()
    return people


def got(person: SimulatedPerson, words: str) -> list[ChatMessage]:
    return [m for m in person.messages if words in (m.text or "")]


def worker(running_bot: RunningBot) -> DeliveryWorker:
    found: DeliveryWorker = running_bot.dispatcher["broadcast_worker"]
    return found


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 15.0) -> bool:
    """Whether `check()` comes true within `within` seconds (the worker works in the
    background of the running bot)."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def deliveries(running_bot: RunningBot) -> list[Delivery]:
    async with running_bot.runtime.session_factory() as session:
        return list((await session.scalars(select(Delivery).order_by(Delivery.id))).all())


async def all_final(running_bot: RunningBot) -> bool:
    found = await deliveries(running_bot)
    return bool(found) and all(d.status not in ("queued", "sending") for d in found)


async def only_broadcast(running_bot: RunningBot) -> Broadcast:
    async with running_bot.runtime.session_factory() as session:
        found = (await session.scalars(select(Broadcast))).all()
    assert len(found) == 1, found
    return found[0]


async def audit(running_bot: RunningBot) -> list[AuditEntry]:
    async with running_bot.runtime.session_factory() as session:
        return list((await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all())


def progress_message(person: SimulatedPerson, broadcast_id: int) -> ChatMessage:
    first_line = t("en", "broadcast-progress", **PROGRESS_ZEROS, id=broadcast_id, status="")
    heading = first_line.splitlines()[0].rstrip()
    found = [m for m in person.messages if (m.text or "").startswith(heading)]
    assert found, [m.text for m in person.messages]
    return found[-1]


PROGRESS_ZEROS = dict.fromkeys(
    ("sent", "failed", "unreachable", "skipped", "remaining", "total", "minutes"), 0
)


def progress_text(broadcast_id: int, status: str, *, finished: bool, **counts: int) -> str:
    text = t(
        "en",
        "broadcast-progress",
        **{**PROGRESS_ZEROS, **counts},
        id=broadcast_id,
        status=t("en", f"broadcast-status-{status}"),
    )
    return f"{text}\n{t('en', 'broadcast-finished')}" if finished else text


def ask_text(count: int, language: str) -> str:
    return t("en", "broadcast-flow-ask-text", count=count, language=language, limit=1500)


async def write_message(
    fatou: SimulatedPerson, texts: list[tuple[str, int, str]], audience: str | None = None
) -> None:
    """/broadcast, "a message in your own words", everyone (or a typed audience), then each
    (language name, people, text) as the bot asks for it. Ends at the confirm screen."""
    await fatou.send("/broadcast")
    await fatou.press(t("en", "broadcast-flow-kind-message"))
    if audience is None:
        await fatou.press(t("en", "broadcast-flow-everyone"))
    else:
        await fatou.press(t("en", "broadcast-flow-describe"))
        await fatou.send(audience)
    for language, people, text in texts:
        assert ask_text(people, language) in fatou.last_text
        await fatou.send(text)


# ------------------------------------------------------------------ sending


async def test_a_message_reaches_those_who_asked_in_their_own_language(
    running_bot: RunningBot,
) -> None:
    anna = await participant(running_bot, "Anna", "en")
    bruno = await participant(running_bot, "Bruno", "fr", silent=True)
    carla = await participant(running_bot, "Carla", "en", updates=False)
    dmitri = await participant(running_bot, "Dmitri", "en")
    await dmitri.send("/stop")
    emil = await participant(running_bot, "Emil", "en")
    emil.block_bot()
    fatou = await facilitator(running_bot)
    english, french = "Meeting on Friday at the school.", "Réunion vendredi à l'école."

    await write_message(fatou, [("English", 2, english), ("French", 1, french)])
    # The preview: each language's message as its readers get it, under one line.
    previews = [m.text or "" for m in fatou.messages[-5:]]
    assert previews[0] == t("en", "broadcast-flow-preview-for", count=2, language="English")
    assert previews[1].startswith(english) and t("en", "broadcast-why") in previews[1]
    assert previews[2] == t("en", "broadcast-flow-preview-for", count=1, language="French")
    assert previews[3].startswith(french)
    assert (
        t("en", "broadcast-flow-confirm", total=3, what="", audience="", summary="").split("\n")[0]
        in fatou.last_text
    )
    await fatou.press(t("en", "broadcast-flow-send-now"))

    broadcast = await only_broadcast(running_bot)
    assert await eventually(lambda: all_final(running_bot))
    assert [m.text for m in got(anna, english)] == [f"{english}\n\n{t('en', 'broadcast-why')}"]
    [to_bruno] = got(bruno, french)
    assert to_bruno.text == f"{french}\n\n{t('fr', 'broadcast-why')}"
    assert to_bruno.disable_notification and to_bruno.protect_content
    assert not got(anna, english)[0].disable_notification
    for left_out in (carla, dmitri):
        assert not got(left_out, english) and not got(left_out, french)
    assert not got(emil, english)
    async with running_bot.runtime.session_factory() as session:
        emil_id = (await participant_of(running_bot, emil)).id
        contact = await session.get(Contact, emil_id)
        assert contact is not None and contact.reachable is False
    statuses = sorted(d.status for d in await deliveries(running_bot))
    assert statuses == ["sent", "sent", "unreachable"]

    # The progress message ends as the workers finish it.
    final = progress_text(broadcast.id, "done", finished=True, sent=2, unreachable=1, total=3)
    assert await running_bot.emulator.wait_for(
        lambda: progress_message(fatou, broadcast.id).text == final, 10
    ), progress_message(fatou, broadcast.id).text

    # The audit log names the facilitator by pseudonym, never a Telegram id.
    entries = [e for e in await audit(running_bot) if e.action.startswith("broadcast.")]
    assert [e.action for e in entries] == ["broadcast.create", "broadcast.confirm"]
    assert {e.actor for e in entries} == {pseudonym_of(fatou)}
    for entry in entries:
        for person in (fatou, anna, bruno, emil):
            assert str(person.user_id) not in entry.details
    assert fatou.unanswered_callbacks == []


async def test_a_language_without_text_is_refused_and_nothing_is_queued(
    running_bot: RunningBot,
) -> None:
    anna = await participant(running_bot, "Anna", "en")
    bruno = await participant(running_bot, "Bruno", "fr")
    fatou = await facilitator(running_bot)
    await write_message(fatou, [("English", 1, "Only in English.")])
    assert ask_text(1, "French") in fatou.last_text
    await fatou.press(t("en", "broadcast-flow-skip-language", language="French"))
    refusal = t("en", "broadcast-problem-missing-languages", people=1, languages="French")
    assert refusal in fatou.last_text
    async with running_bot.runtime.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 0
    assert await deliveries(running_bot) == []

    # Another audience, without French readers, can have it.
    await fatou.press(t("en", "broadcast-flow-other-audience"))
    await fatou.press(t("en", "broadcast-flow-describe"))
    await fatou.send("language=en")
    await fatou.press(t("en", "broadcast-flow-send-now"))
    assert await eventually(lambda: all_final(running_bot))
    assert got(anna, "Only in English.")
    assert not got(bruno, "Only in English.")


async def test_a_typed_filter_reaches_only_those_it_describes(running_bot: RunningBot) -> None:
    wanda = await participant(running_bot, "Wanda", "en", gender="woman")
    omar = await participant(running_bot, "Omar", "en", gender="man")
    nobody = await participant(running_bot, "Nadia", "en")
    fatou = await facilitator(running_bot)
    await fatou.send("/broadcast")
    await fatou.press(t("en", "broadcast-flow-kind-message"))
    await fatou.press(t("en", "broadcast-flow-describe"))
    assert "gender=woman age=youth" in fatou.last_text
    await fatou.send("gender=women")
    assert "gender: 'women' is not allowed" in fatou.last_text
    await fatou.send("gender=woman")
    assert t("en", "broadcast-flow-audience", total=1, summary="English: 1") in [
        m.text for m in fatou.messages
    ]
    await fatou.send("For women only.")
    assert "gender=woman" in fatou.last_text  # the confirm screen says who
    await fatou.press(t("en", "broadcast-flow-send-now"))
    assert await eventually(lambda: all_final(running_bot))
    assert got(wanda, "For women only.")
    assert not got(omar, "For women only.") and not got(nobody, "For women only.")
    broadcast = await only_broadcast(running_bot)
    assert broadcast.filters == '{"genders": ["woman"]}'


async def test_a_saved_audience_is_one_press_away(running_bot: RunningBot) -> None:
    wanda = await participant(running_bot, "Wanda", "en", gender="woman")
    omar = await participant(running_bot, "Omar", "en", gender="man")
    async with running_bot.runtime.session_factory() as session:
        await save_segment(session, "women everywhere", Segment(genders=("woman",)), "test")
        await session.commit()
    fatou = await facilitator(running_bot)
    await fatou.send("/broadcast")
    await fatou.press(t("en", "broadcast-flow-kind-message"))
    await fatou.press("women everywhere")
    assert fatou.messages[-2].text == t(
        "en", "broadcast-flow-audience", total=1, summary="English: 1"
    )
    await fatou.send("Saved and sent.")
    assert "Audience: women everywhere (English: 1)" in fatou.last_text
    await fatou.press(t("en", "broadcast-flow-send-now"))
    assert await eventually(lambda: all_final(running_bot))
    assert got(wanda, "Saved and sent.") and not got(omar, "Saved and sent.")
    assert (await only_broadcast(running_bot)).segment_label == "women everywhere"


async def test_a_non_text_answer_is_asked_for_again_and_nothing_is_lost(
    running_bot: RunningBot,
) -> None:
    await participant(running_bot, "Anna", "en")
    fatou = await facilitator(running_bot)
    await fatou.send("/broadcast")
    await fatou.press(t("en", "broadcast-flow-kind-message"))
    await fatou.press(t("en", "broadcast-flow-everyone"))
    await fatou.send_sticker()
    assert t("en", "broadcast-flow-type-text") in [m.text for m in fatou.messages[-2:]]
    assert ask_text(1, "English") in fatou.last_text
    await fatou.send("x" * 1501)
    assert ask_text(1, "English") in fatou.last_text
    await fatou.send("Short enough.")
    assert t("en", "broadcast-flow-send-now") in fatou.buttons


async def test_a_survey_invitation_lets_the_invited_start_it(running_bot: RunningBot) -> None:
    survey = running_bot.runtime.surveys.get("invited-only")
    assert survey is not None
    anna = await participant(running_bot, "Anna", "en")
    fatou = await facilitator(running_bot)
    await fatou.send("/broadcast")
    await fatou.press(t("en", "broadcast-flow-kind-survey"))
    assert t("en", "broadcast-flow-no-open-survey") in fatou.last_text  # all are drafts
    async with running_bot.runtime.session_factory() as session:
        await taking.set_status(session, survey, "open")
    await fatou.press(t("en", "broadcast-flow-start-again"))
    await fatou.press(t("en", "broadcast-flow-kind-survey"))
    await fatou.press(survey.title["en"])
    await fatou.press(t("en", "broadcast-flow-everyone"))
    assert t("en", "broadcast-survey-invitation") in fatou.messages[-2].text  # type: ignore[operator]
    await fatou.press(t("en", "broadcast-flow-send-now"))
    assert await eventually(lambda: all_final(running_bot))

    [invitation] = got(anna, t("en", "broadcast-survey-invitation"))
    assert survey.title["en"] in (invitation.text or "")
    await anna.press_data(invitation, _button_data(invitation, t("en", "survey-start")))
    assert "Did the meeting hear you?" in anna.last_text


def _button_data(message: ChatMessage, label: str) -> str:
    for button in message.buttons():
        if button.get("text") == label:
            return str(button["callback_data"])
    raise AssertionError(f"no {label!r} on {message.text!r}")


async def test_the_preview_stores_nothing(running_bot: RunningBot) -> None:
    explainer = running_bot.runtime.library.get("participation", "en")
    assert explainer is not None
    await participant(running_bot, "Anna", "en")
    fatou = await facilitator(running_bot)
    rows_before = await database_rows(running_bot)
    state_before = without_flood_counters(await ephemeral_state(running_bot))

    await fatou.send("/broadcast")
    await fatou.press(t("en", "broadcast-flow-kind-explainer"))
    await fatou.press(explainer.title[:64])
    await fatou.press(t("en", "broadcast-flow-everyone"))
    preview = fatou.messages[-2].text or ""
    assert preview.startswith(t("en", "broadcast-explainer-intro"))
    assert explainer.title in preview
    assert await database_rows(running_bot) == rows_before

    # Showing it again changes nothing at all, not even the conversation state.
    state_in_draft = without_flood_counters(await ephemeral_state(running_bot))
    await fatou.press(t("en", "broadcast-flow-preview-again"))
    assert explainer.title in (fatou.messages[-2].text or "")
    assert without_flood_counters(await ephemeral_state(running_bot)) == state_in_draft
    assert await database_rows(running_bot) == rows_before

    # Cancelled: the draft is gone from the state too.
    await fatou.press(t("en", "broadcast-flow-discard"))
    assert fatou.last_text == t("en", "broadcast-flow-discarded")
    assert without_flood_counters(await ephemeral_state(running_bot)) == state_before
    assert await database_rows(running_bot) == rows_before
    assert fatou.unanswered_callbacks == []


async def test_two_quick_presses_of_send_now_send_once(running_bot: RunningBot) -> None:
    anna = await participant(running_bot, "Anna", "en")
    fatou = await facilitator(running_bot)
    await write_message(fatou, [("English", 1, "Once only.")])
    confirm = fatou.last_message
    send_now = _button_data(confirm, t("en", "broadcast-flow-send-now"))
    await asyncio.gather(fatou.press_data(confirm, send_now), fatou.press_data(confirm, send_now))
    assert await eventually(lambda: all_final(running_bot))
    await only_broadcast(running_bot)
    assert len(got(anna, "Once only.")) == 1
    popups = [c.answer_text for c in running_bot.emulator.callbacks.values() if c.data == send_now]
    assert sorted(popups, key=str) == sorted([None, t("en", "button-expired")], key=str)
    actions = [e.action for e in await audit(running_bot)]
    assert actions.count("broadcast.create") == 1 and actions.count("broadcast.confirm") == 1


@pytest.mark.parametrize(
    "settings_overrides",
    [{"surveys_dir": SURVEYS, "flood_limit": 1000, "time_zone": "Africa/Khartoum"}],
)
async def test_a_scheduled_broadcast_waits_for_its_time(running_bot: RunningBot) -> None:
    anna = await participant(running_bot, "Anna", "en")
    fatou = await facilitator(running_bot)
    await write_message(fatou, [("English", 1, "Later, please.")])
    await fatou.press(t("en", "broadcast-flow-schedule"))
    assert "Africa/Khartoum" in fatou.last_text
    await fatou.send("tomorrow at nine")
    bad = t("en", "broadcast-flow-bad-time", given="tomorrow at nine", example="X")
    assert fatou.last_text.startswith(bad.split("X")[0])
    zone = ZoneInfo("Africa/Khartoum")
    past = (utcnow() - timedelta(hours=1)).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    await fatou.send(past)
    assert fatou.last_text == t("en", "broadcast-problem-in-the-past")
    local = (utcnow() + timedelta(hours=2)).astimezone(zone).replace(second=0, microsecond=0)
    await fatou.send(local.strftime("%Y-%m-%d %H:%M"))
    broadcast = await only_broadcast(running_bot)
    assert broadcast.status == "scheduled"
    assert broadcast.send_at is not None
    assert broadcast.send_at.replace(tzinfo=broadcast.send_at.tzinfo or UTC) == local
    assert t(
        "en",
        "broadcast-flow-scheduled",
        id=broadcast.id,
        date=local.strftime("%Y-%m-%d %H:%M"),
        zone="Africa/Khartoum",
    ) in [m.text for m in fatou.messages]

    # Every worker looks at the schedule: it is not time yet.
    await worker(running_bot).drain()
    assert (await only_broadcast(running_bot)).status == "scheduled"
    assert await deliveries(running_bot) == []
    assert not got(anna, "Later, please.")

    # Its time comes (the worker's queue reads the real clock, so the time is moved instead
    # of the clock): the next look starts it.
    async with running_bot.runtime.session_factory() as session:
        await session.execute(update(Broadcast).values(send_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    await worker(running_bot).drain()
    assert await eventually(lambda: all_final(running_bot))
    assert got(anna, "Later, please.")
    assert (await only_broadcast(running_bot)).status in ("sending", "done")


@pytest.mark.parametrize(
    "settings_overrides",
    [{"flood_limit": 1000, "broadcast_rate": 2, "broadcast_in_flight": 2}],
)
async def test_stop_sending_sends_nothing_more(running_bot: RunningBot) -> None:
    readers = await many_participants(running_bot, 20)
    fatou = await facilitator(running_bot)
    await write_message(fatou, [("English", 20, "Slowly, one by one.")])
    await fatou.press(t("en", "broadcast-flow-send-now"))
    broadcast = await only_broadcast(running_bot)

    def received() -> int:
        return sum(1 for reader in readers if got(reader, "Slowly, one by one."))

    assert await running_bot.emulator.wait_for(lambda: received() >= 2, 10)
    await fatou.press(t("en", "broadcast-cancel"))
    at_the_press = received()
    assert fatou.last_popup is not None and fatou.last_popup.startswith("Stopped.")
    assert t("en", "broadcast-status-cancelled") in (
        progress_message(fatou, broadcast.id).text or ""
    )

    # What was already on its way may arrive; nothing else, whatever the workers do next.
    assert await eventually(lambda: all_final(running_bot))
    await worker(running_bot).drain()
    statuses = [d.status for d in await deliveries(running_bot)]
    assert "queued" not in statuses and "sending" not in statuses
    assert received() == statuses.count("sent")
    assert received() <= at_the_press + 2  # at most the two in flight
    assert statuses.count("cancelled") >= 20 - at_the_press - 2
    actions = [(e.action, e.actor) for e in await audit(running_bot)]
    assert ("broadcast.cancel", pseudonym_of(fatou)) in actions


# ------------------------------------------------------------------ who may


async def _scheduled_broadcast(running_bot: RunningBot, fatou: SimulatedPerson) -> Broadcast:
    """Fatou's broadcast, scheduled far ahead so nothing moves while others try things."""
    await write_message(fatou, [("English", 1, "Not yet.")])
    await fatou.press(t("en", "broadcast-flow-schedule"))
    later = (utcnow() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    await fatou.send(later)
    broadcast = await only_broadcast(running_bot)
    assert broadcast.status == "scheduled"
    return broadcast


def _forged(broadcast_id: int) -> list[str]:
    return [
        BroadcastAction(action=action, id=id, key=key).pack()
        for action, id, key in (
            ("start", 0, ""),
            ("kind", 0, "message"),
            ("pick", 0, "invited-only"),
            ("segment", 0, "everyone"),
            ("segment", 0, "describe"),
            ("confirm", 0, ""),
            ("confirm", broadcast_id, ""),
            ("later", 0, ""),
            ("recent", 0, ""),
            ("cancel", 0, ""),
            ("cancel", broadcast_id, ""),
            ("cancel", broadcast_id, "list"),
        )
    ]


async def test_participants_and_organisers_reach_no_broadcast_action(
    running_bot: RunningBot,
) -> None:
    await participant(running_bot, "Anna", "en")
    fatou = await facilitator(running_bot)
    broadcast = await _scheduled_broadcast(running_bot, fatou)
    amina = running_bot.person("Amina", "en")
    await join(amina, "en")
    olga = await staff_member(running_bot, "Olga", staff.ORGANISER)
    await olga.send("/start")  # a chat to press buttons in
    before = await database_rows(running_bot)

    for person in (amina, olga):
        await person.send("/broadcast")
        assert t("en", "not-understood") in person.last_text
        assert t("en", "broadcast-flow-what-kind") not in person.last_text
        anchor = person.last_message
        for data in _forged(broadcast.id):
            await person.press_data(anchor, data, expect_reply=False)
            assert person.last_popup == t("en", "button-expired"), data
        assert person.unanswered_callbacks == []
        assert not any(
            t("en", "broadcast-flow-what-kind") in (m.text or "") for m in person.messages
        )

    assert await database_rows(running_bot) == before
    assert (await only_broadcast(running_bot)).status == "scheduled"


async def test_another_facilitator_cannot_touch_it_but_an_admin_can_stop_it(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    await participant(running_bot, "Anna", "en")
    fatou = await facilitator(running_bot)
    broadcast = await _scheduled_broadcast(running_bot, fatou)
    baraka = await facilitator(running_bot, "Baraka")
    await baraka.send("/broadcast")
    before = await database_rows(running_bot)
    anchor = baraka.last_message
    for data in (
        BroadcastAction(action="cancel", id=broadcast.id).pack(),
        BroadcastAction(action="cancel", id=broadcast.id, key="list").pack(),
        BroadcastAction(action="confirm", id=broadcast.id).pack(),
        BroadcastAction(action="confirm").pack(),
        BroadcastAction(action="later").pack(),
    ):
        await baraka.press_data(anchor, data, expect_reply=False)
        assert baraka.last_popup == t("en", "button-expired"), data
    assert await database_rows(running_bot) == before

    # Recent broadcasts: Baraka sees only his own (none), Fatou hers.
    await baraka.press(t("en", "broadcast-flow-recent"))
    assert baraka.last_text == t("en", "broadcast-flow-recent-none")
    await fatou.send("/broadcast")
    await fatou.press(t("en", "broadcast-flow-recent"))
    assert t("en", "broadcast-status-scheduled") in fatou.last_text
    assert t("en", "broadcast-flow-stop-one", id=broadcast.id) in fatou.buttons

    # An admin may stop anyone's; the audit log says who did.
    admin = SimulatedPerson(emulator, ADMIN_ID, handled=running_bot.handled)
    await admin.send("/broadcast")
    await admin.press(t("en", "broadcast-flow-recent"))
    await admin.press(t("en", "broadcast-flow-stop-one", id=broadcast.id))
    assert (await only_broadcast(running_bot)).status == "cancelled"
    assert t("en", "broadcast-flow-stop-one", id=broadcast.id) not in admin.buttons
    entries = [(e.action, e.actor) for e in await audit(running_bot)]
    assert entries[-1] == ("broadcast.cancel", pseudonym_of(admin))
    assert ("broadcast.create", pseudonym_of(fatou)) in entries
