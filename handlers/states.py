"""Where a person is in the conversation, kept in aiogram's FSM storage (memory or Redis).

Before consent there is no state at all, only the chosen language in the state's data."""

from aiogram.fsm.state import State, StatesGroup


class Journey(StatesGroup):
    # After consent: the profile question being asked (data: {"field": ...}).
    profile = State()


class Previewing(StatesGroup):
    # A facilitator walking through a survey as a participant would (data: {"preview":
    # {"survey", "lang", "answers", "picks"}}). Nothing of it reaches the database; free
    # text and voice notes are not even kept in the state, only that they were given.
    answering = State()
