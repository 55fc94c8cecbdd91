"""The database tables. No column here may hold a name, username, phone number or location."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Participant(Base):
    """A community member who consented. Keyed by pseudonym, never by Telegram id."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(8))
    consent_version: Mapped[str | None] = mapped_column(String(32))
    consented_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    age_band: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(64))
    join_source: Mapped[str | None] = mapped_column(String(64))
    broadcast_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    silent_delivery: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set by /stop: the bot sends nothing it was not asked for until /start clears it.
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # "One explainer a week": off until they turn it on; when the last one was sent.
    drip_opt_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    last_drip_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The last day they wrote to the bot (a day, not a time: segments ask "active since").
    last_active_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Contact(Base):
    """The chat id needed to message a participant. Never exported; removed on erasure."""

    __tablename__ = "contacts"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    unreachable_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DataKey(Base):
    """A participant's data key, wrapped by the master key. Deleting it shreds their text."""

    __tablename__ = "data_keys"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StaffGrant(Base):
    """A staff role (facilitator, organiser, admin) granted to a pseudonym."""

    __tablename__ = "staff_grants"
    __table_args__ = (UniqueConstraint("pseudonym", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """One staff action. Rows are never updated or deleted (database triggers refuse it);
    each row's hash covers the previous row's hash, so an edit or removal is detectable."""

    __tablename__ = "audit_log"
    # One entry follows each entry: two written at once cannot both follow the same one
    # (services.audit retries the loser on top of the winner).
    __table_args__ = (Index("ix_audit_log_previous_hash", "previous_hash", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text, default="{}")
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class JoinLink(Base):
    """A deep-link payload facilitators hand out (t.me/<bot>?start=<payload>) to tag where
    participants came from. Describes an event or place, never a person."""

    __tablename__ = "join_links"

    payload: Mapped[str] = mapped_column(String(64), primary_key=True)
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExplainerRead(Base):
    """An explainer a participant was shown, and whether they found it helpful. Keyed by
    the participant (a pseudonym's row), erased with them."""

    __tablename__ = "explainer_reads"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    explainer_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    helpful: Mapped[bool | None] = mapped_column(Boolean)


class SurveyState(Base):
    """Where a survey of the library is in its life: draft → open → closed. A survey with
    no row is a draft. The definition itself lives in content/surveys/, not here."""

    __tablename__ = "survey_states"

    survey_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SurveyInvitation(Base):
    """Who may take an invitation-only survey (broadcasts write these)."""

    __tablename__ = "survey_invitations"

    survey_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Response(Base):
    """One participant's pass through a survey. Erased with the participant. The profile
    fields are a copy taken at the start, only for surveys linked to the profile."""

    __tablename__ = "responses"
    # Exports, reports and purges pick a survey's responses by the day they were finished.
    __table_args__ = (Index("ix_responses_survey_id_completed_at", "survey_id", "completed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(40))
    # The definition's version and fingerprint (Survey.recorded_version).
    survey_version: Mapped[str] = mapped_column(String(48))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    # "<survey>:<participant>" while in progress, NULL once finished: two quick taps on
    # "start" cannot open two responses (a unique column allows many NULLs).
    in_progress_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    age_band: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(64))
    join_source: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Answer(Base):
    """One step of a response, committed as it is given. `value` holds choices and numbers
    as JSON (plain, so exports can count them in SQL); free text and voice-note references
    are only in `sealed`, encrypted with the participant's data key (a voice answer's
    `value` only says "voice-message"). A skipped question or a read note has neither."""

    __tablename__ = "answers"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SavedSegment(Base):
    """A named audience filter facilitators reuse ("young women, north"). Filters only:
    who matches is worked out again each time it is used."""

    __tablename__ = "segments"

    label: Mapped[str] = mapped_column(String(40), primary_key=True)
    filters: Mapped[str] = mapped_column(Text)  # services.segments.Segment as JSON
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Broadcast(Base):
    """One message a facilitator sends to a segment: a survey invitation, an explainer or
    their own words in each language. draft → scheduled | sending → done, or cancelled."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # survey | explainer | message | drip
    subject: Mapped[str | None] = mapped_column(String(40))  # survey or explainer id
    texts: Mapped[str | None] = mapped_column(Text)  # {"language": "text"} as JSON
    filters: Mapped[str] = mapped_column(Text, default="{}")  # the Segment, as confirmed
    segment_label: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    send_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    # Where the facilitator watches it: their chat and the message the workers edit.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(Integer)
    progress_language: Mapped[str | None] = mapped_column(String(8))


class Delivery(Base):
    """One broadcast to one participant. Unique per pair, so nobody is queued twice; the
    status is changed only by conditional updates, so two workers never send it twice.
    queued → sending → sent | failed | unreachable | skipped | cancelled"""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "participant_id"),
        Index("ix_deliveries_status_not_before", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # While "sending": the worker's claim runs out then, and another may take it over.
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When it was last put on the Redis stream (None: not yet, or to be put again).
    handed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
