"""aiogram Routers, one module per conversation area, wired in one place."""

from collections.abc import Sequence

from aiogram import Router

from handlers import (
    errors,
    explainers,
    fallback,
    groups,
    menu,
    my_data,
    onboarding,
    profile,
    quick_exit,
    settings,
    staff_broadcasts,
    staff_export,
    staff_roles,
    staff_surveys,
    surveys,
)


def create_routers(extra: Sequence[Router] = ()) -> list[Router]:
    """Every router, in the order they are tried; `extra` ones go just before the fallback.

    /mydata, /delete, /stop and the quick exit come before the consent gate: a person whose
    consent is out of date can still see, erase, stop or hide. The rest needs current consent.
    """
    return [
        errors.create_router(),
        groups.create_router(),
        onboarding.create_router(),
        my_data.create_router(),
        quick_exit.create_router(),
        # Staff need no consent as participants; each of its handlers checks their role.
        staff_roles.create_router(),
        staff_surveys.create_router(),
        staff_broadcasts.create_router(),
        staff_export.create_router(),
        onboarding.create_consent_gate(),
        profile.create_router(),
        menu.create_router(),
        settings.create_router(),
        # Before explainers: a message typed during a survey is its answer, not a question.
        surveys.create_router(),
        explainers.create_router(),
        *extra,
        fallback.create_router(),
    ]
