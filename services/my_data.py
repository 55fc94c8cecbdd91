"""What we keep about one participant, as a record they can read and take away (/mydata)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.surveys import stored_answers
from storage.models import Broadcast, Contact, Delivery, ExplainerRead, Participant, Response

# What a voice note's answer shows in the record: the file reference stays sealed.
VOICE_NOTE = "(a voice message)"


@dataclass(frozen=True)
class ExplainerReading:
    explainer: str
    read_at: datetime
    helpful: bool | None


@dataclass(frozen=True)
class SurveyAnswers:
    survey: str
    version: str
    started_at: datetime
    completed_at: datetime | None
    # Step name -> the answer as stored: a choice name, names, a number, their own words;
    # None for a skipped question or a note they read.
    answers: dict[str, object]


@dataclass(frozen=True)
class BroadcastReceived:
    """A broadcast that was for them: what kind, and what became of it."""

    kind: str
    status: str
    sent_at: datetime | None


@dataclass(frozen=True)
class ParticipantRecord:
    """Everything stored about a participant, field by field, in stored (untranslated) form."""

    reference: str
    language: str
    consent_version: str | None
    consented_at: datetime | None
    join_source: str | None
    age_band: str | None
    gender: str | None
    region: str | None
    role: str | None
    receives_updates: bool
    silent_messages: bool
    one_explainer_a_week: bool
    explainers_read: tuple[ExplainerReading, ...]
    surveys: tuple[SurveyAnswers, ...]
    broadcasts: tuple[BroadcastReceived, ...]
    last_active_on: date | None
    stopped_at: datetime | None
    created_at: datetime
    updated_at: datetime
    has_chat_number: bool
    chat_reachable: bool | None

    def to_json(self, about: str) -> str:
        """The downloadable document: stable keys, ISO dates, UTF-8 as is (Arabic readable);
        `about` is a line in the participant's language saying what the file is."""

        def plain(value: object) -> object:
            if isinstance(value, datetime | date):
                return value.isoformat()
            if isinstance(value, list | tuple):
                return [plain(item) for item in value]
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            return value

        values = {key: plain(value) for key, value in asdict(self).items()}
        return json.dumps(
            {"about": about, **values},
            ensure_ascii=False,
            indent=2,
        )


async def participant_record(
    session: AsyncSession, participant: Participant, master_key: bytes
) -> ParticipantRecord:
    """Everything stored about them, read from every table that refers to them; their own
    words opened with their key (they are theirs to see)."""
    contact = await session.get(Contact, participant.id)
    reads = (
        await session.execute(
            select(ExplainerRead)
            .where(ExplainerRead.participant_id == participant.id)
            .order_by(ExplainerRead.read_at, ExplainerRead.explainer_id)
        )
    ).scalars()
    readings = tuple(ExplainerReading(r.explainer_id, r.read_at, r.helpful) for r in reads)
    surveys = await _survey_answers(session, participant, master_key)
    received = await session.execute(
        select(Broadcast.kind, Delivery.status, Delivery.sent_at)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(Delivery.participant_id == participant.id)
        .order_by(Delivery.id)
    )
    broadcasts = tuple(BroadcastReceived(*row) for row in received.all())
    return _record(participant, contact, readings, surveys, broadcasts)


async def _survey_answers(
    session: AsyncSession, participant: Participant, master_key: bytes
) -> tuple[SurveyAnswers, ...]:
    responses = (
        await session.scalars(
            select(Response)
            .where(Response.participant_id == participant.id)
            .order_by(Response.started_at, Response.id)
        )
    ).all()
    out = []
    for response in responses:
        stored = await stored_answers(session, master_key, participant, response)
        # A voice note's file reference means nothing to them.
        answers: dict[str, object] = {
            a.question: VOICE_NOTE if a.voice else a.value for a in stored
        }
        out.append(
            SurveyAnswers(
                response.survey_id,
                response.survey_version,
                response.started_at,
                response.completed_at,
                answers,
            )
        )
    return tuple(out)


def _record(
    participant: Participant,
    contact: Contact | None,
    readings: tuple[ExplainerReading, ...],
    surveys: tuple[SurveyAnswers, ...],
    broadcasts: tuple[BroadcastReceived, ...],
) -> ParticipantRecord:
    return ParticipantRecord(
        # A short form of the pseudonym: enough to quote to the organisers, not the Telegram id.
        reference=participant.pseudonym[:12],
        language=participant.language,
        consent_version=participant.consent_version,
        consented_at=participant.consented_at,
        join_source=participant.join_source,
        age_band=participant.age_band,
        gender=participant.gender,
        region=participant.region,
        role=participant.role,
        receives_updates=participant.broadcast_opt_in,
        silent_messages=participant.silent_delivery,
        one_explainer_a_week=participant.drip_opt_in,
        explainers_read=readings,
        surveys=surveys,
        broadcasts=broadcasts,
        last_active_on=participant.last_active_on,
        stopped_at=participant.stopped_at,
        created_at=participant.created_at,
        updated_at=participant.updated_at,
        has_chat_number=contact is not None,
        chat_reachable=contact.reachable if contact is not None else None,
    )
