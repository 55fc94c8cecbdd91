"""A local emulator of the Telegram Bot API, and simulated people who talk to a bot through it."""

from emulator.people import SimulatedPerson
from emulator.server import BotApiEmulator, ChatMessage, RateLimits

__all__ = ["BotApiEmulator", "ChatMessage", "RateLimits", "SimulatedPerson"]
