"""The screens the bot shows (text and buttons), built in one place for every handler."""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import Catalogue, Translator, consent_wording
from bot.settings import Settings
from content.explainers import Explainer, render
from handlers.callbacks import (
    ConsentChoice,
    DeleteChoice,
    ExplainerAction,
    LanguageChoice,
    MenuAction,
    MinorAnswer,
    ProfileAnswer,
    QuickExitAction,
    SettingsAction,
)
from services.consent import version_token
from services.profile import (
    FIELDS,
    PREFER_NOT_TO_SAY,
    SKIP,
    ProfileQuestion,
    choice_token,
)
from storage.models import Participant


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: InlineKeyboardMarkup | None = None
    # Explainers are rendered to Telegram's HTML; everything else is plain text.
    html: bool = False

    @property
    def parse_mode(self) -> str | None:
        return "HTML" if self.html else None


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def language_screen(
    catalogue: Catalogue, i18n: Translator, *, welcome_from: str | None = None, src: str = ""
) -> Screen:
    """Each language in its own name; the one we guessed is marked. A newcomer is welcomed
    first (`welcome_from` is the bot's name); `src` is their join link's token, if any."""
    buttons = [
        _button(
            ("✓ " if code == i18n.language else "") + catalogue.translator(code)("language-name"),
            LanguageChoice(code=code, src=src).pack(),
        )
        for code in catalogue.languages
    ]
    text = i18n("language-choose")
    if welcome_from is not None:
        text = i18n("welcome", bot_name=welcome_from) + "\n\n" + text
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=_rows(buttons, 2)))


def consent_screen(
    i18n: Translator,
    settings: Settings,
    consent_version: str,
    *,
    src: str = "",
    details: bool = False,
    changed: bool = False,
) -> Screen:
    notice = i18n(
        "consent-details" if details else "consent-notice", **consent_wording(settings, i18n)
    )
    if changed:
        notice = i18n("consent-changed") + "\n\n" + notice
    v = version_token(consent_version)
    rows = [
        [
            _button(i18n("consent-agree"), ConsentChoice(answer="agree", v=v, src=src).pack()),
            _button(i18n("consent-decline"), ConsentChoice(answer="decline", v=v, src=src).pack()),
        ]
    ]
    if not details:
        more = ConsentChoice(answer="more", v=v, src=src).pack()
        rows.append([_button(i18n("consent-more"), more)])
    return Screen(notice, InlineKeyboardMarkup(inline_keyboard=rows))


def choice_label(i18n: Translator, field: str, value: str | None) -> str:
    """A stored profile value in words. Regions are the deployment's own words."""
    if value is None:
        return i18n("settings-not-answered")
    if value == PREFER_NOT_TO_SAY:
        return i18n("profile-prefer-not")
    if field == "region":
        return value
    return i18n(f"profile-{field}-{value}")


def profile_question_screen(i18n: Translator, question: ProfileQuestion, flow: str) -> Screen:
    field = question.field

    def answer(token: str) -> str:
        return ProfileAnswer(field=field, choice=token, flow=flow).pack()

    buttons = [
        _button(choice_label(i18n, field, choice), answer(choice_token(question, choice)))
        for choice in question.choices
    ]
    rows = _rows(buttons, 2)
    last = i18n("profile-skip") if flow == "o" else i18n("profile-clear")
    rows.append(
        [
            _button(i18n("profile-prefer-not"), answer(PREFER_NOT_TO_SAY)),
            _button(last, answer(SKIP)),
        ]
    )
    if flow == "s":
        rows.append([_button(i18n("settings-back"), SettingsAction(action="back").pack())])
    return Screen(i18n(f"profile-{field}-question"), InlineKeyboardMarkup(inline_keyboard=rows))


def minor_confirmation_screen(i18n: Translator, flow: str) -> Screen:
    row = [
        _button(i18n("minor-confirm-yes"), MinorAnswer(confirm=True, flow=flow).pack()),
        _button(i18n("minor-confirm-no"), MinorAnswer(confirm=False, flow=flow).pack()),
    ]
    return Screen(i18n("minor-confirm"), InlineKeyboardMarkup(inline_keyboard=[row]))


def menu_screen(i18n: Translator) -> Screen:
    entries = [
        ("menu-learn", "learn"),
        ("menu-surveys", "surveys"),
        ("menu-settings", "settings"),
        ("menu-mydata", "mydata"),
        ("menu-help", "help"),
        ("menu-quick-exit", "quick-exit"),
    ]
    buttons = [_button(i18n(key), MenuAction(action=action).pack()) for key, action in entries]
    return Screen(i18n("menu-title"), InlineKeyboardMarkup(inline_keyboard=_rows(buttons, 2)))


def profile_words(
    i18n: Translator,
    catalogue: Catalogue,
    participant: Participant,
) -> dict[str, str]:
    """The participant's language, answers and message preferences, in words."""
    on, off = i18n("settings-on"), i18n("settings-off")
    return {
        "language": catalogue.translator(participant.language)("language-name"),
        "age_band": choice_label(i18n, "age_band", participant.age_band),
        "gender": choice_label(i18n, "gender", participant.gender),
        "region": choice_label(i18n, "region", participant.region),
        "role": choice_label(i18n, "role", participant.role),
        "updates": on if participant.broadcast_opt_in else off,
        "silent": on if participant.silent_delivery else off,
        "drip": on if participant.drip_opt_in else off,
    }


def settings_screen(
    i18n: Translator, catalogue: Catalogue, participant: Participant, regions: list[str]
) -> Screen:
    text = i18n("settings-summary", **profile_words(i18n, catalogue, participant))
    fields = [f for f in FIELDS if f != "region" or regions]
    buttons = [_button(i18n("settings-change-language"), SettingsAction(action="language").pack())]
    buttons += [
        _button(i18n(f"settings-change-{field}"), SettingsAction(action="edit", field=field).pack())
        for field in fields
    ]
    rows = _rows(buttons, 2)
    updates_key = "settings-updates-on" if participant.broadcast_opt_in else "settings-updates-off"
    silent_key = "settings-silent-on" if participant.silent_delivery else "settings-silent-off"
    rows.append([_button(i18n(updates_key), SettingsAction(action="updates").pack())])
    rows.append([_button(i18n(silent_key), SettingsAction(action="silent").pack())])
    drip_key = "settings-drip-on" if participant.drip_opt_in else "settings-drip-off"
    rows.append([_button(i18n(drip_key), SettingsAction(action="drip").pack())])
    rows.append([_button(i18n("settings-back"), SettingsAction(action="back").pack())])
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def delete_confirmation_screen(i18n: Translator) -> Screen:
    row = [
        _button(i18n("delete-yes"), DeleteChoice(confirm=True).pack()),
        _button(i18n("delete-cancel"), DeleteChoice(confirm=False).pack()),
    ]
    return Screen(i18n("delete-confirm"), InlineKeyboardMarkup(inline_keyboard=[row]))


def quick_exit_screen(i18n: Translator) -> Screen:
    button = _button(i18n("quick-exit-what"), QuickExitAction(action="what").pack())
    return Screen(i18n("quick-exit-done"), InlineKeyboardMarkup(inline_keyboard=[[button]]))


async def send(message: Message, screen: Screen) -> Message:
    return await message.answer(
        screen.text, reply_markup=screen.keyboard, parse_mode=screen.parse_mode
    )


async def send_below(query: CallbackQuery, screen: Screen) -> None:
    """A new message in the chat of the pressed button (or, if that message is gone or
    inline, in the person's private chat)."""
    if isinstance(query.message, Message):
        await send(query.message, screen)
    elif query.bot is not None:
        await query.bot.send_message(
            query.from_user.id,
            screen.text,
            reply_markup=screen.keyboard,
            parse_mode=screen.parse_mode,
        )


async def replace(query: CallbackQuery, screen: Screen) -> None:
    """Show `screen` in place of the message whose button was pressed (fewer messages, and
    old buttons cannot be pressed twice). Falls back to a new message if it cannot be edited."""
    message = query.message
    if not isinstance(message, Message):
        await send_below(query, screen)
        return
    try:
        await message.edit_text(
            screen.text, reply_markup=screen.keyboard, parse_mode=screen.parse_mode
        )
    except TelegramBadRequest:
        await send(message, screen)


# ------------------------------------------------------------------ explainers


def _explainer_button(text: str, action: str, key: str = "") -> InlineKeyboardButton:
    return _button(text, ExplainerAction(action=action, key=key).pack())


def _back_to_menu(i18n: Translator) -> InlineKeyboardButton:
    return _button(i18n("settings-back"), MenuAction(action="show").pack())


def learn_screen(i18n: Translator, participant: Participant) -> Screen:
    drip_key = "learn-drip-on" if participant.drip_opt_in else "learn-drip-off"
    rows = [
        [_explainer_button(i18n("learn-suggest"), "suggest")],
        [
            _explainer_button(i18n("learn-topics"), "topics"),
            _explainer_button(i18n("learn-ask"), "ask"),
        ],
        [_explainer_button(i18n(drip_key), "drip")],
        [_back_to_menu(i18n)],
    ]
    return Screen(i18n("learn-title"), InlineKeyboardMarkup(inline_keyboard=rows))


def topics_screen(i18n: Translator, topics: list[str], note: str | None = None) -> Screen:
    buttons = [_explainer_button(i18n(f"topic-{topic}"), "topic", topic) for topic in topics]
    rows = [*_rows(buttons, 2), [_back_to_menu(i18n)]]
    text = i18n("topics-title") if note is None else f"{note}\n\n{i18n('topics-title')}"
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def explainer_screen(
    i18n: Translator, explainer: Explainer, part: str, local_help: str, reason: str | None
) -> Screen:
    """The short part (with why it was chosen) or the "tell me more" part, and what to do."""
    text = render(explainer, part, local_help)
    if reason is not None:
        text = f"<i>{html.escape(reason)}</i>\n\n{text}"
    rows = []
    first = []
    if part == "short" and explainer.more:
        first.append(_explainer_button(i18n("explainer-more"), "more", explainer.id))
    first.append(_explainer_button(i18n("explainer-next"), "suggest"))
    rows.append(first)
    if explainer.related:
        rows.append([_explainer_button(i18n("explainer-related"), "related", explainer.id)])
    rows.append(
        [
            _explainer_button(i18n("explainer-helpful-yes"), "yes", explainer.id),
            _explainer_button(i18n("explainer-helpful-no"), "no", explainer.id),
        ]
    )
    rows.append([_back_to_menu(i18n)])
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows), html=True)


def explainer_list_screen(i18n: Translator, text: str, explainers: list[Explainer]) -> Screen:
    rows = [[_explainer_button(e.title[:60], "show", e.id)] for e in explainers]
    rows.append([_back_to_menu(i18n)])
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def ask_screen(i18n: Translator) -> Screen:
    rows = [[_explainer_button(i18n("learn-topics"), "topics")], [_back_to_menu(i18n)]]
    return Screen(i18n("ask-prompt"), InlineKeyboardMarkup(inline_keyboard=rows))
