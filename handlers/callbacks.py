"""Every kind of button press, as typed callback data (at most 64 bytes, never labels).

Callback data comes from the person's client and is never trusted: each handler checks that
the value is one it offered (a known language, a choice in range) and that the person is in
a state where the button makes sense.
"""

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    code: str


class ConsentChoice(CallbackData, prefix="consent"):
    answer: str  # agree | decline | more


class ProfileAnswer(CallbackData, prefix="pf"):
    field: str
    # A position in the question's choices; PREFER_NOT or SKIP otherwise.
    choice: int
    # "o": the first walk through after consent; "s": changing one answer from /settings.
    flow: str


PREFER_NOT = -1
SKIP = -2


class MenuAction(CallbackData, prefix="menu"):
    action: str  # settings | mydata | help | quick-exit | show


class SettingsAction(CallbackData, prefix="set"):
    action: str  # language | updates | silent | back | edit
    field: str = ""


class DeleteChoice(CallbackData, prefix="del"):
    confirm: bool


class QuickExitAction(CallbackData, prefix="qx"):
    action: str  # what
