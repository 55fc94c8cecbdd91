"""Every kind of button press, as typed callback data (at most 64 bytes, never labels).

Callback data comes from the person's client and is never trusted: each handler checks that
the value is one it offered (a known language, a choice in range) and that the person is in
a state where the button makes sense.
"""

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    code: str
    # Before consent, the join link they came through rides along in the buttons (as
    # services.join_links.link_token), not in stored state.
    src: str = ""


class ConsentChoice(CallbackData, prefix="consent"):
    answer: str  # agree | decline | more
    # Which notice the buttons belong to (services.consent.version_token): an old notice's
    # "I agree" cannot agree to a newer one.
    v: str
    src: str = ""


class ProfileAnswer(CallbackData, prefix="pf"):
    field: str
    # services.profile.choice_token: a choice code, a region digest, "prefer-not" or "skip".
    choice: str
    # "o": the first walk through after consent; "s": changing one answer from /settings.
    flow: str


class MinorAnswer(CallbackData, prefix="minor"):
    """Confirming "under 18" where the policy means erasure: one mis-tap must not erase."""

    confirm: bool
    flow: str


class MenuAction(CallbackData, prefix="menu"):
    action: str  # learn | surveys | settings | mydata | help | quick-exit | show (the menu)


class SettingsAction(CallbackData, prefix="set"):
    action: str  # language | updates | silent | drip | back | edit
    field: str = ""


class DeleteChoice(CallbackData, prefix="del"):
    confirm: bool


class QuickExitAction(CallbackData, prefix="qx"):
    action: str  # what


class ExplainerAction(CallbackData, prefix="ex"):
    """learn | suggest | topics | topic | show | more | related | yes | no | ask | drip"""

    action: str
    # An explainer id (at most 40 characters) or, for "topic", a topic name.
    key: str = ""


class SurveyChoice(CallbackData, prefix="sv"):
    """From "share your views": `show` a survey's introduction, `start` (or continue) it."""

    action: str
    id: str  # a survey id (at most 40 characters)


class SurveyStep(CallbackData, prefix="sq"):
    """A button under a survey question. `r` is the response (0 in a facilitator's preview),
    `i` the step being asked when the button was drawn: a press for any other step, or for
    someone else's response, changes nothing.
    pick | toggle | done | undo | skip | back | pause | seen"""

    r: int
    i: int
    action: str
    c: int = -1  # the choice's position, for pick / toggle


class StaffSurveyAction(CallbackData, prefix="ss"):
    """Facilitators: list | show | open | close | preview (in `lang`)."""

    action: str
    id: str = ""
    lang: str = ""


class StaffExportAction(CallbackData, prefix="sx"):
    """Organisers: pick (a survey) | make (its export as `fmt`: csv, xlsx or json)."""

    action: str
    id: str  # a survey id (at most 40 characters)
    fmt: str = ""


class BroadcastAction(CallbackData, prefix="bc"):
    """Facilitators' broadcast buttons. `id` is a broadcast (0 while choosing what to send).
    kind | pick | segment | saved | field | value | done-filters | lang | confirm | later |
    cancel | back. Every press is checked again on the server: the role, and that the
    broadcast is the presser's own."""

    action: str
    id: int = 0
    key: str = ""  # a kind, survey/explainer id (≤ 40), field or value token
