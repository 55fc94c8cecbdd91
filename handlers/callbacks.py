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
    action: str  # learn | settings | mydata | help | quick-exit | show (back to the menu)


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
