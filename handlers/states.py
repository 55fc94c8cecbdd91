"""Where a person is in the conversation, kept in aiogram's FSM storage (memory or Redis)."""

from aiogram.fsm.state import State, StatesGroup


class Journey(StatesGroup):
    # Before consent, the conversation state holds only the chosen language (and, if they came
    # through a known join link, its name); declining wipes it.
    language = State()
    consent = State()
    # After consent: the profile question being asked (data: {"field": ...}).
    profile = State()
