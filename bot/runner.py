"""Running the bot: long polling (the default) or a webhook server, until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.errors import ServiceUnreachable
from bot.factory import Runtime, create_bot, create_dispatcher
from bot.settings import Settings, SettingsError

log = logging.getLogger("peacebot.runner")


async def check_bot_api(bot: Bot, settings: Settings) -> None:
    """Fail at start, in one line, when the Bot API server is unreachable or refuses the token."""
    try:
        await bot.get_me()
    except TelegramUnauthorizedError:
        await bot.session.close()
        raise SettingsError(
            f"BOT_TOKEN was refused by the Bot API server at {settings.telegram_api_url}: "
            "copy the token again from @BotFather"
        ) from None
    except TelegramNetworkError as error:
        await bot.session.close()
        raise ServiceUnreachable(
            f"TELEGRAM_API_URL: cannot reach the Bot API server at {settings.telegram_api_url} "
            f"({type(error).__name__}); check the address and the network"
        ) from None


def settle_memory() -> None:
    """Once everything is loaded: move what lives as long as the process (modules, the
    explainer and survey libraries) out of the garbage collector's reach. Otherwise each
    full collection walks those ~250k objects, stalling the event loop for ~150 ms, which
    bunches broadcast sends together (seen in benchmarks/broadcast.py)."""
    gc.collect()
    gc.freeze()


async def run_polling(runtime: Runtime) -> None:
    bot = create_bot(runtime.settings)
    await check_bot_api(bot, runtime.settings)
    dispatcher, _ = create_dispatcher(runtime)
    # A webhook left set by an earlier deployment would make getUpdates fail.
    await bot.delete_webhook(drop_pending_updates=False)
    settle_memory()
    log.info("polling %s for updates", runtime.settings.telegram_api_url)
    # handle_signals: SIGTERM stops polling; the shutdown hook then waits for in-flight updates.
    await dispatcher.start_polling(bot, handle_signals=True, close_bot_session=True)


def create_webhook_app(runtime: Runtime) -> web.Application:
    """The aiohttp application Telegram posts updates to, secret-token header checked."""
    settings = runtime.settings
    url, secret = settings.require_webhook()
    bot = create_bot(settings)
    dispatcher, _ = create_dispatcher(runtime)
    app = web.Application()
    # Process the update before answering Telegram: on a crash Telegram redelivers it
    # (repeats are dropped by update id) instead of the answer being silently lost.
    SimpleRequestHandler(dispatcher, bot, secret_token=secret, handle_in_background=False).register(
        app, path=settings.webhook_path
    )

    async def register_webhook() -> None:
        await bot.set_webhook(
            url + settings.webhook_path,
            secret_token=secret,
            allowed_updates=dispatcher.resolve_used_update_types(),
            drop_pending_updates=False,
        )

    dispatcher.startup.register(register_webhook)
    setup_application(app, dispatcher, bot=bot)
    return app


async def run_webhook(runtime: Runtime) -> None:
    settings = runtime.settings
    probe = create_bot(settings)
    await check_bot_api(probe, settings)
    await probe.session.close()
    app = create_webhook_app(runtime)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    settle_memory()
    log.info("webhook server listening on %s:%s", settings.webhook_host, settings.webhook_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("stopping: finishing updates in flight")
        await runner.cleanup()
