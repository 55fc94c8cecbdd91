"""What a broadcast looks like to the participant who receives it, in their language: the
one place that draws it, for the workers that send it and for the facilitator's preview."""

from __future__ import annotations

import html

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.settings import Settings
from content.explainers import Explainer, Library
from content.surveys import SurveyLibrary
from handlers.callbacks import MenuAction
from handlers.explainers import local_help
from handlers.screens import Screen, explainer_screen
from handlers.survey_screens import survey_intro_screen
from services.broadcasts import DRIP, EXPLAINER, MESSAGE, SURVEY


def broadcast_screen(
    kind: str,
    subject: str | None,
    texts: dict[str, str],
    language: str,
    i18n: Translator,
    library: Library,
    surveys: SurveyLibrary,
    settings: Settings,
    drip_pick: Explainer | None = None,
) -> Screen | None:
    """The message for one participant, or None when there is nothing in their language
    (checked before confirming, so only a survey or explainer removed since can do that)."""
    why = i18n("broadcast-why")
    if kind == SURVEY:
        survey = surveys.get(subject or "")
        if survey is None or language not in survey.languages:
            return None
        intro = survey_intro_screen(i18n, survey, language, None)
        text = f"{i18n('broadcast-survey-invitation')}\n\n{intro.text}\n\n{why}"
        return Screen(text, intro.keyboard)
    if kind in (EXPLAINER, DRIP):
        explainer = drip_pick if kind == DRIP else library.get(subject or "", language)
        if explainer is None:
            return None
        screen = explainer_screen(i18n, explainer, "short", local_help(settings, i18n), None)
        heading = "drip-intro" if kind == DRIP else "broadcast-explainer-intro"
        text = f"{html.escape(i18n(heading))}\n\n{screen.text}\n\n<i>{html.escape(why)}</i>"
        return Screen(text, screen.keyboard, html=True)
    if kind == MESSAGE:
        words = texts.get(language, "").strip()
        if not words:
            return None
        menu = InlineKeyboardButton(
            text=i18n("broadcast-menu"), callback_data=MenuAction(action="show").pack()
        )
        return Screen(f"{words}\n\n{why}", InlineKeyboardMarkup(inline_keyboard=[[menu]]))
    return None
