"""Facilitators' broadcasts in the chat (/broadcast): what to send (an invitation to an open
survey, an explainer, or their own words in each language of the audience), to whom, a
preview per language exactly as participants will get it, then send now or at a time, watch
it and stop it; and the recent broadcasts.

The draft lives only in the conversation state until it is confirmed: nothing reaches the
database before "Send now" or a time is given. Every handler sits behind `is_staff()`, checked
against the database on each update; a broadcast is confirmed or stopped only by whoever made
it (stopped also by an admin), which services.broadcasts checks again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from content.explainers import Library
from content.surveys import SurveyLibrary
from handlers.broadcast_progress import progress_screen
from handlers.broadcast_screens import broadcast_screen
from handlers.callbacks import BroadcastAction
from handlers.screens import Screen, replace
from handlers.staff_access import is_staff
from handlers.survey_screens import popup, words
from services import broadcasts
from services import surveys as taking
from services.broadcasts import (
    EXPLAINER,
    KINDS,
    MESSAGE,
    MESSAGE_CHARACTERS,
    SURVEY,
    BroadcastProblem,
    Draft,
)
from services.profile import AGE_BANDS, GENDERS, PREFER_NOT_TO_SAY, ROLES
from services.segments import (
    Segment,
    SegmentError,
    count_by_language,
    parse_segment,
    saved_segments,
)
from services.staff import ADMIN, roles_of
from storage.delivery_queue import DeliveryQueue
from storage.models import Broadcast, utcnow

# Where the draft is kept in the conversation state's data (beside, e.g., a chosen language).
DRAFT = "broadcast"
EXPLAINER_BUTTONS = 30
SAVED_SEGMENT_BUTTONS = 20
RECENT = 10
# Room in one message (4096) for the recent broadcasts.
RECENT_TEXT_BUDGET = 3800
# What a typed filter's error may quote back (it can quote what was typed).
PROBLEM_CHARACTERS = 1000
TIME_FORMAT = "%Y-%m-%d %H:%M"


class Broadcasting(StatesGroup):
    choosing = State()  # pressing buttons: what to send, to whom
    describing = State()  # typing an audience filter
    writing = State()  # typing the text for one language (Drafting.asking)
    confirming = State()  # checked and previewed: send now, schedule or cancel
    scheduling = State()  # typing when it should start


@dataclass
class Drafting:
    """The draft as it is being made, kept in the conversation state (so, JSON-able)."""

    kind: str
    subject: str | None = None  # the survey or explainer
    segment: str | None = None  # Segment.to_json(), once the audience is chosen
    label: str | None = None  # the saved segment's label, when one was chosen
    texts: dict[str, str] = field(default_factory=dict)
    asking: str | None = None  # the language whose text is being typed
    # Languages the facilitator chose to leave without text (the check then refuses).
    skipped: list[str] = field(default_factory=list)

    def stored(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def read(cls, stored: object) -> Drafting | None:
        if not isinstance(stored, dict):
            return None
        try:
            return cls(**stored)
        except TypeError:
            return None

    @property
    def audience(self) -> Segment | None:
        return Segment.from_json(self.segment) if self.segment is not None else None

    def draft(self) -> Draft:
        assert self.segment is not None
        return Draft(
            self.kind, Segment.from_json(self.segment), self.subject, dict(self.texts), self.label
        )

    @property
    def fingerprint(self) -> str:
        """Carried by "Send now" and "Schedule": they confirm the draft that was previewed,
        not one changed since."""
        stored = json.dumps(self.stored(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(stored.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Desk:
    """What every step of the flow works with, injected by `WithDesk`."""

    session: AsyncSession
    state: FSMContext
    i18n: Translator
    catalogue: Catalogue
    library: Library
    surveys: SurveyLibrary
    settings: Settings
    consent_version: str
    pseudonym: str


class WithDesk(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["desk"] = Desk(
            data["session"],
            data["state"],
            data["i18n"],
            data["catalogue"],
            data["library"],
            data["surveys"],
            data["settings"],
            data["consent_version"],
            data["pseudonym"],
        )
        return await handler(event, data)


Event = Message | CallbackQuery

# ------------------------------------------------------------------ small pieces


def _button(text: str, action: str, id: int = 0, key: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text[:64], callback_data=BroadcastAction(action=action, id=id, key=key).pack()
    )


def _keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


def _chat_id(event: Event) -> int:
    if isinstance(event, Message):
        return event.chat.id
    return event.message.chat.id if event.message is not None else event.from_user.id


async def _say(event: Event, screen: Screen) -> Message:
    """A new message in the facilitator's chat."""
    assert event.bot is not None
    return await event.bot.send_message(
        _chat_id(event), screen.text, reply_markup=screen.keyboard, parse_mode=screen.parse_mode
    )


async def _show(event: Event, screen: Screen) -> None:
    """In place of the pressed message, or as an answer to a typed one."""
    if isinstance(event, CallbackQuery):
        await replace(event, screen)
    else:
        await _say(event, screen)


async def _edit(query: CallbackQuery, screen: Screen) -> None:
    """Edit the pressed message; unchanged (a worker showed the same) is fine."""
    if not isinstance(query.message, Message):
        await _say(query, screen)
        return
    try:
        await query.message.edit_text(
            screen.text, reply_markup=screen.keyboard, parse_mode=screen.parse_mode
        )
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            await _say(query, screen)


async def _retire(query: CallbackQuery) -> None:
    """Take the buttons off the pressed message: what they offered is done."""
    if isinstance(query.message, Message):
        # Already without buttons, or too old to edit: nothing to take off.
        with suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)


def language_name(i18n: Translator, language: str) -> str:
    return i18n("broadcast-flow-language", language=language)


def _in_order(catalogue: Catalogue, languages: Iterable[str]) -> list[str]:
    present = set(languages)
    return [lang for lang in catalogue.languages if lang in present] + sorted(
        present - set(catalogue.languages)
    )


def _summary(desk: Desk, counts: dict[str, int]) -> str:
    return ", ".join(
        f"{language_name(desk.i18n, lang)}: {counts[lang]}"
        for lang in _in_order(desk.catalogue, counts)
    )


def _label_token(label: str) -> str:
    # A saved segment's label can be 40 letters of any script: too long for callback data.
    return hashlib.sha256(label.encode()).hexdigest()[:12]


def _today(settings: Settings) -> date:
    return datetime.now(settings.zone).date()


def _problem_text(i18n: Translator, problem: BroadcastProblem) -> str:
    details = dict(problem.details)  # languages come as codes: named here in words
    if "languages" in details:
        codes = str(details["languages"]).split(",")
        details["languages"] = ", ".join(language_name(i18n, code.strip()) for code in codes)
    if "language" in details:
        details["language"] = language_name(i18n, str(details["language"]))
    return i18n(f"broadcast-problem-{problem.code}", **details)


def _explainer_title(library: Library, explainer_id: str, language: str) -> str:
    found = library.get(explainer_id, language)
    if found is None:
        languages = library.languages_of(explainer_id)
        found = library.get(explainer_id, languages[0]) if languages else None
    return found.title if found is not None else explainer_id


def what_words(desk: Desk, kind: str, subject: str | None) -> str:
    title = subject or ""
    if kind == SURVEY:
        survey = desk.surveys.get(title)
        if survey is not None:
            title = words(survey, survey.title, desk.i18n.language)
    elif kind == EXPLAINER:
        title = _explainer_title(desk.library, title, desk.i18n.language)
    return desk.i18n("broadcast-flow-what", kind=kind, title=title)


def audience_words(i18n: Translator, segment: Segment, label: str | None) -> str:
    if label:
        return label
    return i18n("broadcast-flow-everyone-label") if segment.is_everyone else segment.describe()


# ------------------------------------------------------------------ the draft in the state


async def _drafting(state: FSMContext) -> Drafting | None:
    return Drafting.read(await state.get_value(DRAFT))


async def _keep(desk: Desk, drafting: Drafting, step: State) -> None:
    await desk.state.update_data({DRAFT: drafting.stored()})
    await desk.state.set_state(step)


async def _forget(state: FSMContext) -> None:
    """Drop the draft; the rest of the conversation state stays as it was."""
    data = await state.get_data()
    if DRAFT in data:
        del data[DRAFT]
        await state.set_data(data)
    if await state.get_state() in Broadcasting.__all_states_names__:
        await state.set_state(None)


async def _expired(query: CallbackQuery, i18n: Translator) -> None:
    await query.answer(i18n("button-expired"))


# ------------------------------------------------------------------ screens


def kind_screen(i18n: Translator) -> Screen:
    rows = [[_button(i18n(f"broadcast-flow-kind-{kind}"), "kind", key=kind)] for kind in KINDS]
    rows.append([_button(i18n("broadcast-flow-recent"), "recent")])
    return Screen(i18n("broadcast-flow-what-kind"), _keyboard(*rows))


def _start_again(i18n: Translator) -> list[InlineKeyboardButton]:
    return [_button(i18n("broadcast-flow-start-again"), "start")]


async def survey_choice_screen(desk: Desk) -> Screen:
    rows = []
    for survey in desk.surveys.all():
        if await taking.status_of(desk.session, survey) == taking.OPEN:
            title = words(survey, survey.title, desk.i18n.language)
            rows.append([_button(title, "pick", key=survey.id)])
    text = desk.i18n("broadcast-flow-choose-survey" if rows else "broadcast-flow-no-open-survey")
    return Screen(text, _keyboard(*rows, _start_again(desk.i18n)))


def explainer_choice_screen(desk: Desk) -> Screen:
    titled = sorted(
        (_explainer_title(desk.library, explainer_id, desk.i18n.language), explainer_id)
        for explainer_id in desk.library.ids()
    )
    rows = [[_button(title, "pick", key=eid)] for title, eid in titled[:EXPLAINER_BUTTONS]]
    if len(titled) > EXPLAINER_BUTTONS:
        text = desk.i18n("broadcast-flow-choose-explainer-first", count=EXPLAINER_BUTTONS)
    else:
        text = desk.i18n("broadcast-flow-choose-explainer")
    return Screen(text, _keyboard(*rows, _start_again(desk.i18n)))


async def audience_screen(desk: Desk) -> Screen:
    i18n = desk.i18n
    rows = [[_button(i18n("broadcast-flow-everyone"), "segment", key="everyone")]]
    try:
        saved = await saved_segments(desk.session)
    except SegmentError:  # a damaged saved segment must not hide the other choices
        saved = []
    for label, _ in saved[:SAVED_SEGMENT_BUTTONS]:
        rows.append([_button(label, "saved", key=_label_token(label))])
    rows.append([_button(i18n("broadcast-flow-describe"), "segment", key="describe")])
    rows.append(_start_again(i18n))
    return Screen(i18n("broadcast-flow-choose-audience"), _keyboard(*rows))


def filter_help_screen(desk: Desk) -> Screen:
    regions = desk.settings.regions

    def quoted(name: str) -> str:
        return f'"{name}"' if " " in name else name

    example = "gender=woman age=youth" + (f" region={quoted(regions[0])}" if regions else "")
    text = desk.i18n(
        "broadcast-flow-filter-help",
        example=example,
        languages=", ".join(desk.catalogue.languages),
        ages=", ".join((*AGE_BANDS, PREFER_NOT_TO_SAY)),
        genders=", ".join((*GENDERS, PREFER_NOT_TO_SAY)),
        regions=", ".join([quoted(r) for r in regions] + [PREFER_NOT_TO_SAY])
        if regions
        else desk.i18n("broadcast-flow-any-region"),
        roles=", ".join((*ROLES, PREFER_NOT_TO_SAY)),
    )
    back = [_button(desk.i18n("broadcast-flow-back"), "audience")]
    return Screen(text, _keyboard(back))


def _ask_text_screen(desk: Desk, language: str, people: int) -> Screen:
    i18n = desk.i18n
    name = language_name(i18n, language)
    text = i18n("broadcast-flow-ask-text", count=people, language=name, limit=MESSAGE_CHARACTERS)
    return Screen(
        text,
        _keyboard(
            [_button(i18n("broadcast-flow-skip-language", language=name), "skip", key=language)],
            [_button(i18n("broadcast-flow-discard"), "cancel")],
        ),
    )


def problem_screen(desk: Desk, problem: BroadcastProblem, drafting: Drafting) -> Screen:
    i18n = desk.i18n
    rows = []
    if problem.code == "missing-languages" and drafting.kind == MESSAGE:
        rows.append([_button(i18n("broadcast-flow-add-texts"), "texts")])
    rows.append([_button(i18n("broadcast-flow-other-audience"), "audience")])
    rows.append([*_start_again(i18n), _button(i18n("broadcast-flow-discard"), "cancel")])
    return Screen(_problem_text(i18n, problem), _keyboard(*rows))


def confirm_screen(desk: Desk, drafting: Drafting, audience: broadcasts.Audience) -> Screen:
    i18n, fingerprint = desk.i18n, drafting.fingerprint
    segment = drafting.audience
    assert segment is not None
    text = i18n(
        "broadcast-flow-confirm",
        total=audience.total,
        what=what_words(desk, drafting.kind, drafting.subject),
        audience=audience_words(i18n, segment, drafting.label),
        summary=_summary(desk, audience.by_language),
    )
    return Screen(
        text,
        _keyboard(
            [
                _button(i18n("broadcast-flow-send-now"), "confirm", key=fingerprint),
                _button(i18n("broadcast-flow-schedule"), "later", key=fingerprint),
            ],
            [_button(i18n("broadcast-flow-preview-again"), "preview", key=fingerprint)],
            [_button(i18n("broadcast-flow-other-audience"), "audience")],
            [_button(i18n("broadcast-flow-discard"), "cancel")],
        ),
    )


async def _progress(desk: Desk, broadcast_id: int) -> tuple[Screen, broadcasts.Progress]:
    """The progress message as the workers draw it, and what it shows."""
    done = await broadcasts.progress(desk.session, broadcast_id)
    broadcast = await desk.session.get(Broadcast, broadcast_id)
    assert done is not None and broadcast is not None
    screen = progress_screen(
        desk.i18n, broadcast, done, desk.settings.broadcast_rate, desk.settings.zone
    )
    return screen, done


async def recent_screen(desk: Desk, everyone_s: bool) -> Screen:
    """The newest broadcasts made in the chat or the CLI (an admin sees everyone's), with
    their progress, and a button to stop each one that can still be stopped."""
    listed = await broadcasts.listed(
        desk.session, RECENT, created_by=None if everyone_s else desk.pseudonym
    )
    i18n = desk.i18n
    if not listed:
        return Screen(i18n("broadcast-flow-recent-none"), _keyboard(_start_again(i18n)))
    text, rows = i18n("broadcast-flow-recent-title"), []
    for broadcast in listed:
        shown, _ = await _progress(desk, broadcast.id)
        part = (
            shown.text
            + "\n"
            + i18n(
                "broadcast-flow-recent-line",
                what=what_words(desk, broadcast.kind, broadcast.subject),
                audience=audience_words(
                    i18n, broadcasts.segment_of(broadcast), broadcast.segment_label
                ),
            )
        )
        if len(text) + len(part) + 2 > RECENT_TEXT_BUDGET:
            break
        text += "\n\n" + part
        if shown.keyboard is not None:
            stop = i18n("broadcast-flow-stop-one", id=broadcast.id)
            rows.append([_button(stop, "cancel", id=broadcast.id, key="list")])
    rows.append(_start_again(i18n))
    return Screen(text, _keyboard(*rows))


# ------------------------------------------------------------------ the steps


async def _audience_chosen(
    event: Event, desk: Desk, drafting: Drafting, segment: Segment, label: str | None
) -> None:
    drafting.segment, drafting.label = segment.to_json(), label
    counts = await count_by_language(desk.session, segment, desk.consent_version)
    if not counts:
        await _keep(desk, drafting, Broadcasting.choosing)
        await _show(event, problem_screen(desk, BroadcastProblem("nobody"), drafting))
        return
    total = sum(counts.values())
    await _show(
        event,
        Screen(desk.i18n("broadcast-flow-audience", total=total, summary=_summary(desk, counts))),
    )
    await _next_step(event, desk, drafting, counts)


async def _next_step(
    event: Event, desk: Desk, drafting: Drafting, counts: dict[str, int] | None = None
) -> None:
    """Ask for the next missing text (a message), else check and preview."""
    if drafting.kind == MESSAGE:
        segment = drafting.audience
        assert segment is not None
        if counts is None:
            counts = await count_by_language(desk.session, segment, desk.consent_version)
        missing = [
            lang
            for lang in _in_order(desk.catalogue, counts)
            if not drafting.texts.get(lang, "").strip() and lang not in drafting.skipped
        ]
        if missing:
            drafting.asking = missing[0]
            await _keep(desk, drafting, Broadcasting.writing)
            await _say(event, _ask_text_screen(desk, missing[0], counts[missing[0]]))
            return
    drafting.asking = None
    await _review(event, desk, drafting)


async def _review(event: Event, desk: Desk, drafting: Drafting) -> None:
    """The check; then, for each language of the audience, the message exactly as those
    participants will get it, and what to do. Stores nothing but the draft in the state."""
    draft = drafting.draft()
    try:
        audience = await broadcasts.check(
            desk.session, draft, desk.consent_version, desk.library, desk.surveys
        )
    except BroadcastProblem as problem:
        await _keep(desk, drafting, Broadcasting.choosing)
        await _say(event, problem_screen(desk, problem, drafting))
        return
    await _keep(desk, drafting, Broadcasting.confirming)
    for language in _in_order(desk.catalogue, audience.by_language):
        header = desk.i18n(
            "broadcast-flow-preview-for",
            count=audience.by_language[language],
            language=language_name(desk.i18n, language),
        )
        await _say(event, Screen(header))
        preview = broadcast_screen(
            draft.kind,
            draft.subject,
            dict(draft.texts),
            language,
            desk.catalogue.translator(language),
            desk.library,
            desk.surveys,
            desk.settings,
        )
        if preview is not None:  # the check found something in every language
            await _say(event, preview)
    await _say(event, confirm_screen(desk, drafting, audience))


async def _confirm(
    event: Event,
    desk: Desk,
    drafting: Drafting,
    send_at: datetime | None,
    delivery_queue: DeliveryQueue,
) -> None:
    """Checked again (the audience or the survey may have changed), then recorded and
    confirmed; the progress message follows, which the workers keep up to date."""
    draft, i18n, session = drafting.draft(), desk.i18n, desk.session
    try:
        audience = await broadcasts.check(
            session, draft, desk.consent_version, desk.library, desk.surveys
        )
    except BroadcastProblem as problem:
        await _keep(desk, drafting, Broadcasting.choosing)
        await _say(event, problem_screen(desk, problem, drafting))
        return
    # Gone from the state before anything is written: a second press (handled after this
    # one, events being isolated per chat) finds no draft and creates nothing.
    await _forget(desk.state)
    created = await broadcasts.create(
        session, draft, desk.pseudonym, _chat_id(event), progress_language=i18n.language
    )
    try:
        broadcast = await broadcasts.confirm(
            session, created.id, desk.pseudonym, desk.consent_version, send_at=send_at
        )
    except BroadcastProblem as problem:  # e.g. the time passed while they typed it
        with suppress(BroadcastProblem):  # already not a draft: nothing left hanging
            await broadcasts.cancel(session, created.id, desk.pseudonym)
        await _say(event, Screen(_problem_text(i18n, problem), _keyboard(_start_again(i18n))))
        return
    if send_at is None:
        line = i18n("broadcast-flow-sending", id=broadcast.id, total=audience.total)
    else:
        moment = send_at.astimezone(desk.settings.zone).strftime(TIME_FORMAT)
        line = i18n(
            "broadcast-flow-scheduled", id=broadcast.id, date=moment, zone=desk.settings.time_zone
        )
    await _say(event, Screen(line))
    screen, shown = await _progress(desk, broadcast.id)
    message = await _say(event, screen)
    broadcast.progress_message_id = message.message_id
    await session.commit()
    delivery_queue.wake()
    # A small broadcast can finish before the workers knew where to show it: its final
    # state is then shown here (the workers show every change after this commit themselves).
    final, now = await _progress(desk, broadcast.id)
    if now.finished and now != shown:
        with suppress(TelegramBadRequest):  # a worker showed it already
            await message.edit_text(final.text, reply_markup=final.keyboard)


# ------------------------------------------------------------------ handlers: typed


async def broadcast_command(message: Message, desk: Desk) -> None:
    await _forget(desk.state)
    await _say(message, kind_screen(desk.i18n))


async def filter_typed(message: Message, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    if drafting is None:
        await _forget(desk.state)
        await _say(message, kind_screen(desk.i18n))
        return
    if message.text is None:
        await _say(message, filter_help_screen(desk))
        return
    try:
        segment = parse_segment(message.text, desk.settings.regions, today=_today(desk.settings))
    except SegmentError as error:
        problem = str(error)[:PROBLEM_CHARACTERS]
        back = [_button(desk.i18n("broadcast-flow-back"), "audience")]
        await _say(
            message,
            Screen(desk.i18n("broadcast-flow-filter-problem", problem=problem), _keyboard(back)),
        )
        return
    await _audience_chosen(message, desk, drafting, segment, None)


async def text_typed(message: Message, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    if drafting is None or drafting.asking is None or drafting.audience is None:
        await _forget(desk.state)
        await _say(message, kind_screen(desk.i18n))
        return
    language = drafting.asking
    counts = await count_by_language(desk.session, drafting.audience, desk.consent_version)
    text = message.text
    if text is None or not text.strip():
        # A sticker, photo or voice note: nothing is lost, the same language is asked again.
        await _say(message, Screen(desk.i18n("broadcast-flow-type-text")))
        await _say(message, _ask_text_screen(desk, language, counts.get(language, 0)))
        return
    if len(text) > MESSAGE_CHARACTERS:
        problem = BroadcastProblem("message-too-long", language=language, limit=MESSAGE_CHARACTERS)
        await _say(message, Screen(_problem_text(desk.i18n, problem)))
        await _say(message, _ask_text_screen(desk, language, counts.get(language, 0)))
        return
    drafting.texts[language] = text
    await _next_step(message, desk, drafting, counts)


async def time_typed(message: Message, desk: Desk, delivery_queue: DeliveryQueue) -> None:
    drafting = await _drafting(desk.state)
    if drafting is None or drafting.audience is None:
        await _forget(desk.state)
        await _say(message, kind_screen(desk.i18n))
        return
    given = (message.text or "").strip()
    zone = desk.settings.zone
    try:
        local = datetime.strptime(given, TIME_FORMAT)
    except ValueError:
        example = (datetime.now(zone) + timedelta(days=1)).replace(hour=9, minute=0)
        text = desk.i18n(
            "broadcast-flow-bad-time", given=given[:40], example=example.strftime(TIME_FORMAT)
        )
        await _say(message, Screen(text, _keyboard([_discard_button(desk.i18n)])))
        return
    send_at = local.replace(tzinfo=zone).astimezone(UTC)
    if send_at <= utcnow():
        problem = _problem_text(desk.i18n, BroadcastProblem("in-the-past"))
        await _say(message, Screen(problem, _keyboard([_discard_button(desk.i18n)])))
        return
    await _confirm(message, desk, drafting, send_at, delivery_queue)


def _discard_button(i18n: Translator) -> InlineKeyboardButton:
    return _button(i18n("broadcast-flow-discard"), "cancel")


# ------------------------------------------------------------------ handlers: buttons


async def start_pressed(query: CallbackQuery, desk: Desk) -> None:
    await query.answer()
    await _forget(desk.state)
    await _show(query, kind_screen(desk.i18n))


async def kind_pressed(query: CallbackQuery, callback_data: BroadcastAction, desk: Desk) -> None:
    kind = callback_data.key
    if kind not in KINDS:
        await _expired(query, desk.i18n)
        return
    await query.answer()
    drafting = Drafting(kind)
    await _keep(desk, drafting, Broadcasting.choosing)
    if kind == SURVEY:
        await _show(query, await survey_choice_screen(desk))
    elif kind == EXPLAINER:
        await _show(query, explainer_choice_screen(desk))
    else:
        await _show(query, await audience_screen(desk))


async def subject_pressed(query: CallbackQuery, callback_data: BroadcastAction, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    subject = callback_data.key
    if drafting is None or drafting.kind not in (SURVEY, EXPLAINER):
        await _expired(query, desk.i18n)
        return
    if drafting.kind == SURVEY:
        survey = desk.surveys.get(subject)
        if survey is None:
            await _expired(query, desk.i18n)
            return
        if await taking.status_of(desk.session, survey) != taking.OPEN:
            problem = BroadcastProblem("survey-not-open", survey=survey.id)
            await query.answer(popup(_problem_text(desk.i18n, problem)), show_alert=True)
            return
    elif subject not in desk.library.ids():
        await _expired(query, desk.i18n)
        return
    await query.answer()
    drafting.subject = subject
    await _keep(desk, drafting, Broadcasting.choosing)
    await _show(query, await audience_screen(desk))


def _may_choose_audience(drafting: Drafting | None) -> bool:
    return drafting is not None and (drafting.kind == MESSAGE or drafting.subject is not None)


async def audience_pressed(query: CallbackQuery, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    if drafting is None or not _may_choose_audience(drafting):
        await _expired(query, desk.i18n)
        return
    await query.answer()
    drafting.skipped = []
    await _keep(desk, drafting, Broadcasting.choosing)
    await _show(query, await audience_screen(desk))


async def segment_pressed(query: CallbackQuery, callback_data: BroadcastAction, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    if drafting is None or not _may_choose_audience(drafting):
        await _expired(query, desk.i18n)
        return
    if callback_data.key == "everyone":
        await query.answer()
        await _audience_chosen(query, desk, drafting, Segment(), None)
    elif callback_data.key == "describe":
        await query.answer()
        await _keep(desk, drafting, Broadcasting.describing)
        await _show(query, filter_help_screen(desk))
    else:
        await _expired(query, desk.i18n)


async def saved_pressed(query: CallbackQuery, callback_data: BroadcastAction, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    try:
        saved = await saved_segments(desk.session)
    except SegmentError:
        saved = []
    chosen = [(label, s) for label, s in saved if _label_token(label) == callback_data.key]
    if drafting is None or not _may_choose_audience(drafting) or not chosen:
        await _expired(query, desk.i18n)
        return
    await query.answer()
    label, segment = chosen[0]
    await _audience_chosen(query, desk, drafting, segment, label)


async def skip_pressed(query: CallbackQuery, callback_data: BroadcastAction, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    if (
        drafting is None
        or await desk.state.get_state() != Broadcasting.writing.state
        or drafting.asking != callback_data.key
    ):
        await _expired(query, desk.i18n)
        return
    await query.answer()
    await _retire(query)
    drafting.skipped.append(callback_data.key)
    await _next_step(query, desk, drafting)


async def texts_pressed(query: CallbackQuery, desk: Desk) -> None:
    drafting = await _drafting(desk.state)
    if drafting is None or drafting.kind != MESSAGE or drafting.audience is None:
        await _expired(query, desk.i18n)
        return
    await query.answer()
    await _retire(query)
    drafting.skipped = []
    await _next_step(query, desk, drafting)


async def _confirmable(
    query: CallbackQuery, callback_data: BroadcastAction, desk: Desk
) -> Drafting | None:
    """The draft these confirm-screen buttons were drawn for, if it is still the one waiting."""
    drafting = await _drafting(desk.state)
    if (
        drafting is None
        or drafting.audience is None
        or await desk.state.get_state() != Broadcasting.confirming.state
        or callback_data.key != drafting.fingerprint
    ):
        await _expired(query, desk.i18n)
        return None
    await query.answer()
    await _retire(query)
    return drafting


async def preview_pressed(query: CallbackQuery, callback_data: BroadcastAction, desk: Desk) -> None:
    drafting = await _confirmable(query, callback_data, desk)
    if drafting is not None:
        await _review(query, desk, drafting)


async def send_now_pressed(
    query: CallbackQuery,
    callback_data: BroadcastAction,
    desk: Desk,
    delivery_queue: DeliveryQueue,
) -> None:
    drafting = await _confirmable(query, callback_data, desk)
    if drafting is not None:
        await _confirm(query, desk, drafting, None, delivery_queue)


async def later_pressed(query: CallbackQuery, callback_data: BroadcastAction, desk: Desk) -> None:
    drafting = await _confirmable(query, callback_data, desk)
    if drafting is None:
        return
    await _keep(desk, drafting, Broadcasting.scheduling)
    now = datetime.now(desk.settings.zone).strftime(TIME_FORMAT)
    text = desk.i18n("broadcast-flow-ask-time", zone=desk.settings.time_zone, now=now)
    await _say(query, Screen(text, _keyboard([_discard_button(desk.i18n)])))


async def discard_pressed(query: CallbackQuery, desk: Desk) -> None:
    if await _drafting(desk.state) is None:
        await _expired(query, desk.i18n)
        return
    await query.answer()
    await _forget(desk.state)
    await _show(query, Screen(desk.i18n("broadcast-flow-discarded")))


async def recent_pressed(query: CallbackQuery, desk: Desk, staff_admins: frozenset[str]) -> None:
    await query.answer()
    is_admin = ADMIN in await roles_of(desk.session, desk.pseudonym, staff_admins)
    await _show(query, await recent_screen(desk, everyone_s=is_admin))


async def stop_pressed(
    query: CallbackQuery,
    callback_data: BroadcastAction,
    desk: Desk,
    staff_admins: frozenset[str],
) -> None:
    """Stop a broadcast: its creator, or an admin. Anyone else's press (forged: they were
    never shown the button) looks like any stale button and changes nothing."""
    is_admin = ADMIN in await roles_of(desk.session, desk.pseudonym, staff_admins)
    try:
        called_off = await broadcasts.cancel(
            desk.session, callback_data.id, desk.pseudonym, anyones=is_admin
        )
    except BroadcastProblem as problem:
        if problem.code == "unknown-broadcast":
            await _expired(query, desk.i18n)
            return
        await query.answer(popup(_problem_text(desk.i18n, problem)), show_alert=True)
    else:
        await query.answer(desk.i18n("broadcast-flow-stopped", count=called_off))
    if callback_data.key == "list":
        await _edit(query, await recent_screen(desk, everyone_s=is_admin))
    else:
        screen, _ = await _progress(desk, callback_data.id)
        await _edit(query, screen)


def create_router() -> Router:
    router = Router(name="staff-broadcasts")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.middleware(WithDesk())
    router.callback_query.middleware(WithDesk())
    staff = is_staff()
    typed = ~F.text.startswith("/")
    router.message.register(broadcast_command, Command("broadcast"), staff)
    router.message.register(filter_typed, Broadcasting.describing, staff, typed)
    router.message.register(text_typed, Broadcasting.writing, staff, typed)
    router.message.register(time_typed, Broadcasting.scheduling, staff, typed)

    def pressed(action: str) -> Any:
        return BroadcastAction.filter(F.action == action)

    buttons: list[tuple[Callable[..., Awaitable[None]], Any]] = [
        (start_pressed, pressed("start")),
        (kind_pressed, pressed("kind")),
        (subject_pressed, pressed("pick")),
        (audience_pressed, pressed("audience")),
        (segment_pressed, pressed("segment")),
        (saved_pressed, pressed("saved")),
        (skip_pressed, pressed("skip")),
        (texts_pressed, pressed("texts")),
        (preview_pressed, pressed("preview")),
        (send_now_pressed, pressed("confirm")),
        (later_pressed, pressed("later")),
        (recent_pressed, pressed("recent")),
        (discard_pressed, BroadcastAction.filter((F.action == "cancel") & (F.id == 0))),
        (stop_pressed, BroadcastAction.filter((F.action == "cancel") & (F.id > 0))),
    ]
    for handler, rule in buttons:
        router.callback_query.register(handler, rule, staff)
    return router
