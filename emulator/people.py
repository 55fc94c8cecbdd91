"""Simulated people who talk to the bot through the emulator, the way a tester would.

alice = SimulatedPerson(emulator, 1001, "Alice", "en")
await alice.send("/start")
await alice.press("I agree")
assert "Welcome" in alice.last_text
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from typing import Any

from emulator.server import BotApiEmulator, ChatMessage

_ids = itertools.count(7_000_000_001)


class NoReply(AssertionError):
    """The bot did not react in time."""


class SimulatedPerson:
    def __init__(
        self,
        emulator: BotApiEmulator,
        user_id: int | None = None,
        first_name: str = "Alice",
        language_code: str | None = "en",
        *,
        timeout: float = 10.0,
        settle: float = 0.15,
        handled: Callable[[int, float], Awaitable[bool]] | None = None,
    ):
        """`handled(update_id, within)`, when the bot runs in the same process, says when the
        bot has finished an update; without it the person waits for `settle` s of quiet."""
        self.emulator = emulator
        self.user_id = user_id if user_id is not None else next(_ids)
        self.timeout, self.settle = timeout, settle
        self._handled = handled
        emulator.add_user(self.user_id, first_name, language_code)

    # ----------------------------------------------------------- what they do

    async def send(self, text: str, *, expect_reply: bool = True) -> None:
        """Type and send a message (or a /command) and wait for the bot to react."""
        await self._act(self.emulator.user_sends(self.user_id, text=text), expect_reply, text)

    async def send_content(self, *, expect_reply: bool = True, **content: Any) -> None:
        """Send any kind of message: `photo=[...]`, `voice={...}`, `location={...}`,
        `contact={...}`, `forward_origin={...}` with text, as Telegram's Message fields."""
        kinds = ", ".join(content)
        await self._act(self.emulator.user_sends(self.user_id, **content), expect_reply, kinds)

    async def send_in_group(self, chat_id: int, text: str, *, expect_reply: bool = True) -> None:
        """Write in a group chat (see BotApiEmulator.add_group) the bot is a member of."""
        before = self.emulator.activity(chat_id)
        await self._act(self.emulator.user_sends_in_group(self.user_id, chat_id, text), False, text)
        if expect_reply and self.emulator.activity(chat_id) == before:
            raise NoReply(f"the bot did not answer {text!r} in the group")

    async def send_sticker(self, *, expect_reply: bool = True) -> None:
        sticker = {
            "file_id": "sticker1",
            "file_unique_id": "usticker1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        await self._act(
            self.emulator.user_sends(self.user_id, sticker=sticker), expect_reply, "a sticker"
        )

    async def edit_last_sent(self, new_text: str, *, expect_reply: bool = True) -> None:
        own = [m for m in self.emulator.messages(self.user_id) if not m.from_bot]
        if not own:
            raise AssertionError("nothing sent yet to edit")
        await self._act(
            self.emulator.user_edits(self.user_id, own[-1].message_id, new_text),
            expect_reply,
            "an edit",
        )

    async def press(self, label: str, *, expect_reply: bool = True) -> None:
        """Press the inline button with this label on the newest message that has it."""
        for message in reversed(self.messages):
            for button in message.buttons():
                if button.get("text") == label and "callback_data" in button:
                    await self.press_data(
                        message, button["callback_data"], expect_reply=expect_reply
                    )
                    return
        raise AssertionError(f"no button labelled {label!r}; buttons now: {self.buttons}")

    async def press_data(
        self, message: ChatMessage, data: str, *, expect_reply: bool = True
    ) -> None:
        """Send a callback query with any data, as a forged or stale button press would."""
        await self._act(
            self.emulator.user_presses(self.user_id, message, data),
            expect_reply,
            f"button {data!r}",
        )

    def block_bot(self) -> None:
        self.emulator.block_bot(self.user_id, True)

    def unblock_bot(self) -> None:
        self.emulator.block_bot(self.user_id, False)

    # ---------------------------------------------------------- what they see

    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's messages still visible in the chat, oldest first."""
        return [m for m in self.emulator.messages(self.user_id) if m.from_bot and not m.deleted]

    @property
    def last_message(self) -> ChatMessage:
        if not self.messages:
            raise AssertionError("the bot has not said anything")
        return self.messages[-1]

    @property
    def last_text(self) -> str:
        return self.last_message.text or ""

    @property
    def buttons(self) -> list[str]:
        for message in reversed(self.messages):
            if message.buttons():
                return [str(b.get("text")) for b in message.buttons()]
        return []

    @property
    def last_popup(self) -> str | None:
        """The text the bot showed when answering their latest button press, if any."""
        mine = [c for c in self.emulator.callbacks.values() if c.user_id == self.user_id]
        return mine[-1].answer_text if mine else None

    @property
    def unanswered_callbacks(self) -> list[str]:
        return [
            c.data
            for c in self.emulator.callbacks.values()
            if c.user_id == self.user_id and not c.answered
        ]

    # ------------------------------------------------------------- waiting

    async def _act(self, action: Any, expect_reply: bool, what: str) -> None:
        before = self.emulator.activity(self.user_id)
        update_id = await action
        delivered = await self.emulator.wait_for(
            lambda: self.emulator.last_delivered_update_id >= update_id, self.timeout
        )
        if not delivered:
            raise NoReply(f"the bot did not fetch {what} within {self.timeout} s")
        if self._handled is not None:
            if not await self._handled(update_id, self.timeout):
                raise NoReply(f"the bot did not finish {what} within {self.timeout} s")
            if expect_reply and self.emulator.activity(self.user_id) == before:
                raise NoReply(f"the bot did not answer {what}")
            return
        if expect_reply:
            answered = await self.emulator.wait_for(
                lambda: self.emulator.activity(self.user_id) > before, self.timeout
            )
            if not answered:
                raise NoReply(f"the bot did not answer {what} within {self.timeout} s")
        await self._settle()

    async def _settle(self) -> None:
        """Wait until the bot has been quiet in this chat for a moment (multi-message replies)."""
        while True:
            seen = self.emulator.activity(self.user_id)
            await asyncio.sleep(self.settle)
            if self.emulator.activity(self.user_id) == seen:
                return
