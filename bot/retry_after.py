"""Honour Telegram's 429 answers: wait the `retry_after` it gives, then send again."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger("peacebot.telegram")


class HonourRetryAfter(BaseRequestMiddleware):
    """A reply that meets a 429 is delayed, not lost. Gives up after `attempts` tries or when
    Telegram asks for a longer pause than `longest_wait` seconds (the caller then sees the 429)."""

    def __init__(self, attempts: int = 3, longest_wait: float = 30.0):
        self.attempts, self.longest_wait = attempts, longest_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self.attempts or error.retry_after > self.longest_wait:
                    raise
                log.warning(
                    "%s hit Telegram's rate limit; retrying in %s s",
                    type(method).__name__,
                    error.retry_after,
                )
                await asyncio.sleep(error.retry_after)
        raise AssertionError("unreachable")
