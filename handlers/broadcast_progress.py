"""The facilitator's live progress message for a broadcast, edited by the workers."""

from __future__ import annotations

import math
from datetime import UTC
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from handlers.callbacks import BroadcastAction
from handlers.screens import Screen
from services.broadcasts import (
    CANCELLED,
    DONE,
    FAILED,
    SCHEDULED,
    SENDING,
    SENT,
    SKIPPED,
    UNREACHABLE,
    Progress,
    in_utc,
)
from storage.models import Broadcast


def minutes_left(remaining: int, rate: float) -> int:
    return max(1, math.ceil(remaining / rate / 60)) if remaining else 0


def progress_screen(
    i18n: Translator,
    broadcast: Broadcast,
    progress: Progress,
    rate: float,
    zone: ZoneInfo | None = None,
) -> Screen:
    """Sent / failed / unreachable / remaining and the time left; a cancel button while it
    can still be stopped."""
    status = progress.status
    text = i18n(
        "broadcast-progress",
        id=broadcast.id,
        status=i18n(f"broadcast-status-{status}"),
        sent=progress[SENT],
        failed=progress[FAILED],
        unreachable=progress[UNREACHABLE],
        skipped=progress[SKIPPED],
        remaining=progress.remaining,
        total=progress.total,
        minutes=minutes_left(progress.remaining, rate),
    )
    if progress[CANCELLED]:
        text = f"{text}\n{i18n('broadcast-progress-stopped', count=progress[CANCELLED])}"
    if status == SCHEDULED and broadcast.send_at is not None:
        local = in_utc(broadcast.send_at).astimezone(zone or UTC)
        moment = f"{local:%Y-%m-%d %H:%M} ({local.tzname()})"
        text = f"{text}\n{i18n('broadcast-scheduled-for', moment=moment)}"
    rows = []
    if status in (SENDING, SCHEDULED):
        rows.append(
            [
                InlineKeyboardButton(
                    text=i18n("broadcast-cancel"),
                    callback_data=BroadcastAction(action="cancel", id=broadcast.id).pack(),
                )
            ]
        )
    if status in (DONE, CANCELLED) and progress.remaining == 0:
        text = f"{text}\n{i18n('broadcast-finished')}"
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None)
