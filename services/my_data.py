"""What we keep about one participant, as a record they can read and take away (/mydata)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from storage.models import Contact, Participant


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
    stopped_at: datetime | None
    created_at: datetime
    updated_at: datetime
    has_chat_number: bool
    chat_reachable: bool | None

    def to_json(self, about: str) -> str:
        """The downloadable document: stable keys, ISO dates, UTF-8 as is (Arabic readable);
        `about` is a line in the participant's language saying what the file is."""
        values = {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(self).items()
        }
        return json.dumps(
            {"about": about, **values},
            ensure_ascii=False,
            indent=2,
        )


def participant_record(participant: Participant, contact: Contact | None) -> ParticipantRecord:
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
        stopped_at=participant.stopped_at,
        created_at=participant.created_at,
        updated_at=participant.updated_at,
        has_chat_number=contact is not None,
        chat_reachable=contact.reachable if contact is not None else None,
    )
