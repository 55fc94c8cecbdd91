"""The last line of defence: log an error without personal data, apologise, keep running."""

import logging
import traceback

from aiogram import Bot, Router
from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.enums import ChatType
from aiogram.types import ErrorEvent

from bot.i18n import Catalogue
from bot.settings import Settings

log = logging.getLogger("peacebot.errors")


def describe_without_data(error: BaseException) -> str:
    """Exception type and where it happened. Never the message: it may carry free text or ids."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-6:])
    )
    return f"{type(error).__module__}.{type(error).__qualname__} at {where or 'unknown place'}"


async def on_error(event: ErrorEvent, bot: Bot, catalogue: Catalogue, settings: Settings) -> bool:
    log.error(
        "update %s failed: %s", event.update.update_id, describe_without_data(event.exception)
    )
    update = event.update
    user = UserContextMiddleware.resolve_event_context(update).user
    language = catalogue.pick_language(
        None, user.language_code if user else None, settings.default_language
    )
    apology = catalogue.translator(language)("error-apology")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(apology, show_alert=True)
        elif update.message is not None and update.message.chat.type == ChatType.PRIVATE:
            await bot.send_message(chat_id=update.message.chat.id, text=apology)
    except Exception as error:  # the apology itself failed (e.g. blocked); nothing more to do
        log.warning("could not apologise for update %s: %s", update.update_id, type(error).__name__)
    return True


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
