"""What a conversation leaves outside the database, and wiping it.

Two kinds of traces: the ids of a consented participant's recent messages, kept 48 hours for
the quick exit (recorded here, for messages the person sends and the bot sends back while
handling their update), and the short-lived state of the conversation (FSM state, the
flood counter). Declining consent or erasure wipes both.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.fsm.context import FSMContext
from aiogram.methods import TelegramMethod
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from services.participants import erase_participant
from storage.models import Participant
from storage.recent_messages import RecentMessages

if TYPE_CHECKING:
    from aiogram import Bot

    from bot.middlewares import FloodControl


@dataclass
class MessageRecorder:
    """For one update: whose messages to remember, in which chat. None before consent."""

    store: RecentMessages
    chat_id: int | None
    pseudonym: str | None = None

    async def remember(self, message_id: int) -> None:
        if self.pseudonym is not None and self.chat_id is not None:
            await self.store.remember(self.pseudonym, message_id)


current_recorder: ContextVar[MessageRecorder | None] = ContextVar("current_recorder", default=None)


class RememberSentMessages(BaseRequestMiddleware):
    """Notes the id of each message the bot sends into the chat of the update being handled."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Any:
        # aiogram's annotation says Response, but what comes back is the method's result.
        result = await make_request(bot, method)
        recorder = current_recorder.get()
        if (
            recorder is not None
            and isinstance(result, Message)
            and result.chat.id == recorder.chat_id
        ):
            await recorder.remember(result.message_id)
        return result


class Traces:
    """Wipes what a person left in conversation state, counters and recent-message ids;
    with `erase`, everything in the database too: the one way a person is erased."""

    def __init__(self, recent: RecentMessages, flood: FloodControl):
        self.recent, self._flood = recent, flood

    async def wipe(self, user_id: int, pseudonym: str | None, state: FSMContext) -> None:
        await state.clear()
        await self._flood.forget(user_id)
        if pseudonym is not None:
            await self.recent.forget(pseudonym)
        recorder = current_recorder.get()
        if recorder is not None:
            recorder.pseudonym = None

    async def erase(
        self, session: AsyncSession, participant: Participant, user_id: int, state: FSMContext
    ) -> None:
        pseudonym = participant.pseudonym
        await erase_participant(session, participant)  # committed before anyone is told
        await self.wipe(user_id, pseudonym, state)
