"""aiogram Routers, one module per conversation area, wired in one place."""

from aiogram import Router

from handlers import errors, fallback, start


def create_routers() -> list[Router]:
    """Every router, in the order they are tried. The fallback comes last."""
    return [errors.create_router(), start.create_router(), fallback.create_router()]
