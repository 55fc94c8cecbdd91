"""Two bot processes behind one webhook address, sharing PostgreSQL and Redis, as production
scales out: one participant's updates alternate between them, and the survey goes on as if
there were one. (With the embedded defaults, state lives in one process: REDIS_URL is what
makes several possible, so this runs where Redis is configured, as on CI.)"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy import select

from bot.factory import Runtime, create_bot, create_dispatcher, open_runtime
from bot.settings import Settings
from emulator import BotApiEmulator, SimulatedPerson
from services import surveys as taking
from storage.models import Answer
from tests.conftest import TEST_REDIS_URL
from tests.journey import join, t
from tests.test_surveys_chat import (  # noqa: F401 (the same deployment: fixtures)
    emulator_limits,
    label,
    settings_overrides,
)

pytestmark = pytest.mark.skipif(
    TEST_REDIS_URL is None,
    reason="several bot processes share conversation state through Redis (REDIS_URL); "
    "CI runs this with PEACEBOT_TEST_REDIS_URL set",
)


class LoadBalancer:
    """Hands each update to the next process in turn, and notes when it is done."""

    def __init__(self, emulator: BotApiEmulator, processes: list[tuple[Bot, Dispatcher]]):
        self.emulator, self.processes = emulator, processes
        self.handled_by: dict[int, int] = {}
        self._done = asyncio.Condition()

    async def run(self) -> None:
        turn = 0
        while True:
            for update in await self.emulator.hand_over(within=1):
                bot, dispatcher = self.processes[turn % len(self.processes)]
                await dispatcher.feed_raw_update(bot, update)
                self.handled_by[update["update_id"]] = turn % len(self.processes)
                turn += 1
                async with self._done:
                    self._done.notify_all()

    async def handled(self, update_id: int, within: float) -> bool:
        try:
            async with asyncio.timeout(within), self._done:
                await self._done.wait_for(lambda: update_id in self.handled_by)
        except TimeoutError:
            return False
        return True


@pytest.fixture
async def two_processes(
    migrated: Settings, emulator: BotApiEmulator
) -> AsyncIterator[tuple[LoadBalancer, list[Runtime]]]:
    settings = migrated.model_copy(update={"telegram_api_url": emulator.base_url})
    async with AsyncExitStack() as stack:
        runtimes = [await stack.enter_async_context(open_runtime(settings)) for _ in range(2)]
        processes = []
        for runtime in runtimes:
            bot = create_bot(settings)
            stack.push_async_callback(bot.session.close)
            processes.append((bot, create_dispatcher(runtime)[0]))
        balancer = LoadBalancer(emulator, processes)
        task = asyncio.create_task(balancer.run())
        try:
            yield balancer, runtimes
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


async def test_one_participant_s_updates_alternate_between_two_processes(
    two_processes: tuple[LoadBalancer, list[Runtime]], emulator: BotApiEmulator
) -> None:
    balancer, (first, second) = two_processes
    survey = first.surveys.get("every-type")
    assert survey is not None
    async with first.session_factory() as session:
        await taking.set_status(session, survey, "open")
    person = SimulatedPerson(emulator, first_name="Lina", handled=balancer.handled)
    await join(person, "en")  # the language chosen in one process, "I agree" in the other
    await person.send("/menu")
    await person.press(t("en", "menu-surveys"))
    await person.press(survey.title["en"])
    await person.press(t("en", "survey-start"))
    await person.press(t("en", "survey-next"))
    await person.press("No")
    await person.press("A well")
    # Ticks given in one process, more in the other, "Done" in whichever comes next.
    await person.press("☐ Roads")
    await person.press("☐ Safety")
    assert "☑ Roads" in person.buttons and "☑ Safety" in person.buttons
    await person.press(t("en", "survey-done"))
    await person.press("Clinic")
    await person.press("Jobs")
    await person.press("5")
    await person.send("20")
    assert label(survey, "en", "spend") in person.last_text
    assert set(balancer.handled_by.values()) == {0, 1}
    async with second.session_factory() as session:
        rows = (await session.scalars(select(Answer))).all()
    values = {row.question: row.value for row in rows}
    assert json.loads(values["problems"] or "null") == ["roads", "safety"]
    assert json.loads(values["needs"] or "null") == ["clinic", "jobs"]
    assert json.loads(values["minutes"] or "null") == 20
