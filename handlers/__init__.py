"""aiogram Routers, one module per conversation area, wired in one place."""

from collections.abc import Sequence

from aiogram import Router

from handlers import errors, fallback, start


def create_routers(extra: Sequence[Router] = ()) -> list[Router]:
    """Every router, in the order they are tried; `extra` ones go just before the fallback."""
    return [errors.create_router(), start.create_router(), *extra, fallback.create_router()]
