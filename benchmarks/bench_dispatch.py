"""How much our middleware stack costs per update, as a ratio to the bare Telegram round trip.

Baseline: N sendMessage calls from an aiogram Bot to the local emulator (the cost no bot
can avoid). Measured: N /help updates fed through the real dispatcher — repeated-update
check, flood control, database session, participant lookup, translation, handler — each
ending in the same sendMessage. Both run in this process, in this run, so the ratio holds
on a noisy machine where absolute times do not.

    .venv/bin/python -m benchmarks.bench_dispatch [--updates 500]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import tempfile
import time
from pathlib import Path

from aiogram.types import Update

from bot.factory import create_bot, create_dispatcher, open_runtime
from bot.settings import Settings
from emulator import BotApiEmulator, RateLimits

TOKEN = "123456789:BENCH-token-for-the-emulator-only_xyz"


def _update(update_id: int, user_id: int) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private", "first_name": "B"},
                "from": {"id": user_id, "is_bot": False, "first_name": "B", "language_code": "fr"},
                "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
    )


async def main(updates: int) -> None:
    emulator = BotApiEmulator(token=TOKEN, limits=RateLimits(None, 1, None, 1))
    await emulator.start()
    people = [1000 + i for i in range(50)]
    for person in people:
        emulator.add_user(person, "B", "fr")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_token=TOKEN,  # type: ignore[arg-type]
            pseudonym_pepper="bench-" + "p" * 40,  # type: ignore[arg-type]
            encryption_key=base64.urlsafe_b64encode(bytes(32)).decode(),  # type: ignore[arg-type]
            telegram_api_url=emulator.base_url,
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}",
            redis_url=None,
            flood_limit=10**9,
        )
        async with open_runtime(settings) as runtime:
            bot = create_bot(settings)
            dispatcher, _ = create_dispatcher(runtime)
            try:
                started = time.perf_counter()
                for i in range(updates):
                    await bot.send_message(people[i % len(people)], "Ce que tu peux faire ici")
                baseline = time.perf_counter() - started

                started = time.perf_counter()
                for i in range(updates):
                    await dispatcher.feed_update(bot, _update(10_000 + i, people[i % len(people)]))
                measured = time.perf_counter() - started
            finally:
                await bot.session.close()
    await emulator.stop()
    print(f"updates: {updates}")
    print(f"baseline (bare sendMessage): {baseline / updates * 1e3:.2f} ms each")
    print(f"full dispatch (/help):       {measured / updates * 1e3:.2f} ms each")
    print(f"ratio full/baseline:         {measured / baseline:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--updates", type=int, default=500, help="updates to time (default 500)")
    asyncio.run(main(parser.parse_args().updates))
