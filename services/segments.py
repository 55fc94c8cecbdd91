"""Audience segments: who a facilitator's broadcast goes to, as a filter over participants."""

from __future__ import annotations

import difflib
import json
import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import SUPPORTED_LANGUAGES
from content.surveys import ID_RULE as SURVEY_ID_RULE
from services.join_links import PAYLOAD_PATTERN, PAYLOAD_RULE
from services.profile import AGE_BANDS, GENDERS, PREFER_NOT_TO_SAY, ROLES, YOUTH_BANDS
from storage.models import Contact, Participant, Response, SavedSegment, utcnow

EVERYONE = "everyone"
YOUTH = "youth"
# 18 to 29, as in UN Security Council resolution 2250 (services.profile.YOUTH_BANDS).
YOUTH_SPAN = "18-29"
YOUTH_AGE_BANDS = tuple(band for band in AGE_BANDS if band in YOUTH_BANDS)
LABEL_PATTERN = re.compile(r"[\w-](?:[\w -]{0,38}[\w-])?")
LABEL_RULE = "1 to 40 letters, digits, spaces, _ or -, not starting or ending with a space"
_DAYS_AGO = re.compile(r"([0-9]{1,4})d")
# Phones turn a typed " into curly quotes; shlex only knows the straight ones.
_CURLY_QUOTES = str.maketrans(dict.fromkeys("“”„«»", '"'))


class SegmentError(Exception):
    """A segment that cannot be used; the message names the bad part and what is allowed."""


@dataclass(frozen=True)
class Segment:
    """Which participants a broadcast is for. An empty field does not filter; several values
    in one field mean any of them; the fields together must all hold."""

    languages: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    join_sources: tuple[str, ...] = ()
    answered: tuple[str, ...] = ()  # survey ids they completed, every one of them
    not_answered: tuple[str, ...] = ()  # survey ids they have not completed, none of them
    active_since: date | None = None  # wrote to the bot on this day or later

    @property
    def is_everyone(self) -> bool:
        return self == Segment()

    def to_json(self) -> str:
        """The filters as stored (SavedSegment.filters, Broadcast.filters); "{}" is everyone."""
        stored: dict[str, object] = {
            f.name: list(getattr(self, f.name)) for f in fields(self) if f.name in _LIST_FIELDS
        }
        stored["active_since"] = self.active_since.isoformat() if self.active_since else None
        return json.dumps({name: value for name, value in stored.items() if value}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Segment:
        try:
            stored = json.loads(text)
        except (TypeError, ValueError) as error:
            raise SegmentError(f"segment filters are not JSON: {error}") from error
        if not isinstance(stored, dict):
            raise SegmentError(f"segment filters must be a JSON object, not {text[:60]!r}")
        unknown = sorted(set(stored) - {*_LIST_FIELDS, "active_since"})
        if unknown:
            raise SegmentError(
                f"segment filters: unknown field {unknown[0]!r}; "
                f"known: {', '.join((*_LIST_FIELDS, 'active_since'))}"
            )
        values: dict[str, tuple[str, ...]] = {}
        for name in _LIST_FIELDS:
            listed = stored.get(name, [])
            if not isinstance(listed, list) or not all(
                isinstance(value, str) and value for value in listed
            ):
                raise SegmentError(f"segment filters: {name} must be a list of words")
            values[name] = tuple(listed)
        since = stored.get("active_since")
        if since is not None and not isinstance(since, str):
            raise SegmentError("segment filters: active_since must be a YYYY-MM-DD date")
        try:
            active_since = date.fromisoformat(since) if since else None
        except ValueError as error:
            raise SegmentError(
                f"segment filters: active_since {since!r} is not a YYYY-MM-DD date"
            ) from error
        return cls(**values, active_since=active_since)

    def describe(self) -> str:
        """The filters in the words parse_segment reads, e.g. "language=ar,fr age=18-24"."""
        if self.is_everyone:
            return EVERYONE
        parts = [
            f"{word}=" + ",".join(_quoted(value) for value in getattr(self, name))
            for word, name in _FIELD_NAMES.items()
            if name in _LIST_FIELDS and getattr(self, name)
        ]
        if self.active_since is not None:
            parts.append(f"active-since={self.active_since.isoformat()}")
        return " ".join(parts)


# What a facilitator types → the Segment field it fills, in the order describe() writes them.
_FIELD_NAMES = {
    "language": "languages",
    "age": "age_bands",
    "gender": "genders",
    "region": "regions",
    "role": "roles",
    "source": "join_sources",
    "answered": "answered",
    "not-answered": "not_answered",
    "active-since": "active_since",
}
_LIST_FIELDS = tuple(name for name in _FIELD_NAMES.values() if name != "active_since")


def _quoted(value: str) -> str:
    if value and not any(c.isspace() or c in "\"'\\" for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_segment(text: str, regions: Sequence[str] = (), *, today: date | None = None) -> Segment:
    """Read a segment typed in the chat or given to the CLI's --segment:
    `language=fr,ar age=youth region="North Kivu" not-answered=baseline active-since=30d`.
    Empty text or "everyone" is everyone. `regions`: the deployment's regions (when given, a
    region must be one of them); `today`: the day "30d" counts back from (UTC today)."""
    try:
        words = shlex.split(text.translate(_CURLY_QUOTES))
    except ValueError as error:
        raise SegmentError(f"cannot read {text!r}: {error} (a quote is not closed?)") from error
    if not words or (len(words) == 1 and words[0].lower() == EVERYONE):
        return Segment()
    readers = _value_readers(regions)
    found: dict[str, tuple[str, ...]] = {}
    active_since: date | None = None
    for word in words:
        field, equals, listed = word.partition("=")
        field = field.strip().lower()
        if not equals:
            if field == EVERYONE:
                raise SegmentError(
                    "'everyone' cannot be combined with filters: use one or the other"
                )
            raise SegmentError(
                f"{word!r} is not a filter: write field=value, e.g. language=fr,ar "
                f"(fields: {', '.join(_FIELD_NAMES)})"
            )
        if field not in _FIELD_NAMES:
            raise SegmentError(f"unknown field {field!r} in {word!r}{_known_fields(field)}")
        name = _FIELD_NAMES[field]
        if name in found or (name == "active_since" and active_since is not None):
            raise SegmentError(
                f"{field!r} is given twice: put all its values in one, e.g. {field}=a,b"
            )
        if name == "active_since":
            active_since = _active_since(word, listed.strip(), today)
            continue
        values = [value.strip() for value in listed.split(",")]
        if not all(values):
            raise SegmentError(f"{word!r} has an empty value: write {field}=a or {field}=a,b")
        found[name] = tuple(dict.fromkeys(_expanded(readers[name], field, values)))
    segment = Segment(**found, active_since=active_since)
    both = [survey for survey in segment.answered if survey in segment.not_answered]
    if both:
        raise SegmentError(
            f"survey {both[0]!r} is both in answered and in not-answered: nobody can match"
        )
    return segment


def _known_fields(field: str) -> str:
    close = difflib.get_close_matches(field, _FIELD_NAMES, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{hint}; fields: {', '.join(_FIELD_NAMES)}"


# A reader turns what was typed into the values stored, or None when it is not allowed; with
# the allowed values, for the message.
ValueReader = tuple[Callable[[str], Iterable[str] | None], str]


def _value_readers(regions: Sequence[str]) -> dict[str, ValueReader]:
    ages = (*AGE_BANDS, PREFER_NOT_TO_SAY)
    genders, roles = (*GENDERS, PREFER_NOT_TO_SAY), (*ROLES, PREFER_NOT_TO_SAY)
    youth = f"{YOUTH} or {YOUTH_SPAN} (= {', '.join(YOUTH_AGE_BANDS)})"

    def one_of(codes: Sequence[str]) -> Callable[[str], Iterable[str] | None]:
        return lambda value: (value.lower(),) if value.lower() in codes else None

    def age(value: str) -> Iterable[str] | None:
        if value.lower() in (YOUTH, YOUTH_SPAN):
            return YOUTH_AGE_BANDS
        return one_of(ages)(value)

    def region(value: str) -> Iterable[str] | None:
        if value.lower() == PREFER_NOT_TO_SAY:
            return (PREFER_NOT_TO_SAY,)
        if not regions:
            return (value,) if len(value) <= 64 else None
        # The deployment's own spelling, whatever the case it was typed in.
        return next(((r,) for r in regions if r.casefold() == value.casefold()), None)

    def source(value: str) -> Iterable[str] | None:
        return (value,) if PAYLOAD_PATTERN.fullmatch(value) else None

    def survey(value: str) -> Iterable[str] | None:
        return (value.lower(),) if SURVEY_ID_RULE.fullmatch(value.lower()) else None

    region_rule = (
        ", ".join(_quoted(r) for r in (*regions, PREFER_NOT_TO_SAY))
        if regions
        else "a region name of at most 64 characters, in quotes if it has spaces"
    )
    survey_rule = "a survey id (a-z, 0-9 and -, at most 40 characters)"
    return {
        "languages": (one_of(SUPPORTED_LANGUAGES), ", ".join(SUPPORTED_LANGUAGES)),
        "age_bands": (age, ", ".join(ages) + f", {youth}"),
        "genders": (one_of(genders), ", ".join(genders)),
        "regions": (region, region_rule),
        "roles": (one_of(roles), ", ".join(roles)),
        "join_sources": (source, f"a join link name: {PAYLOAD_RULE}"),
        "answered": (survey, survey_rule),
        "not_answered": (survey, survey_rule),
    }


def _expanded(reader: ValueReader, field: str, values: Iterable[str]) -> Iterable[str]:
    read, allowed = reader
    for value in values:
        codes = read(value)
        if codes is None:
            raise SegmentError(f"{field}: {value!r} is not allowed; use {allowed}")
        yield from codes


def _active_since(word: str, value: str, today: date | None) -> date:
    today = today or datetime.now(UTC).date()
    rule = "use a day as YYYY-MM-DD, or 7d, 30d ... for that many days before today"
    days = _DAYS_AGO.fullmatch(value.lower())
    if days:
        return today - timedelta(days=int(days.group(1)))
    try:
        since = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        since = None
    if since is None:
        raise SegmentError(f"{word!r}: {value!r} is not a day; {rule}")
    if since > today:
        raise SegmentError(
            f"{word!r}: {since.isoformat()} is after today ({today.isoformat()}): "
            "nobody can have been active since then"
        )
    return since


def _filters(segment: Segment) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for column, values in (
        (Participant.language, segment.languages),
        (Participant.age_band, segment.age_bands),
        (Participant.gender, segment.genders),
        (Participant.region, segment.regions),
        (Participant.role, segment.roles),
        (Participant.join_source, segment.join_sources),
    ):
        if values:
            conditions.append(column.in_(values))
    conditions.extend(_completed(survey) for survey in segment.answered)
    if segment.not_answered:
        conditions.append(~_completed(*segment.not_answered))
    if segment.active_since is not None:
        conditions.append(Participant.last_active_on >= segment.active_since)
    return conditions


def _completed(*surveys: str) -> ColumnElement[bool]:
    """The participant of the outer query completed one of these surveys."""
    return exists().where(
        Response.participant_id == Participant.id,
        Response.survey_id.in_(surveys),
        Response.completed_at.is_not(None),
    )


def recipients(segment: Segment, consent_version: str) -> Select[int]:
    """The ids of the participants a broadcast to `segment` may reach, in order. Whatever the
    segment, only those who opted in to broadcasts, have not stopped, agreed to the current
    notice and can still be reached: this is the one place that says so. One statement, so
    it can feed an INSERT ... SELECT."""
    return (
        select(Participant.id)
        .join(Contact, Contact.participant_id == Participant.id)
        .where(*_may_receive(consent_version), *_filters(segment))
        .order_by(Participant.id)
    )


def _may_receive(consent_version: str) -> list[ColumnElement[bool]]:
    return [
        Participant.broadcast_opt_in.is_(True),
        Participant.stopped_at.is_(None),
        Participant.consent_version == consent_version,
        Contact.reachable.is_(True),
    ]


async def count_by_language(
    session: AsyncSession, segment: Segment, consent_version: str
) -> dict[str, int]:
    """How many the segment reaches in each language (languages with nobody left out)."""
    matching = recipients(segment, consent_version).subquery()
    result = await session.execute(
        select(Participant.language, func.count())
        .where(Participant.id.in_(select(matching.c.id)))
        .group_by(Participant.language)
        .order_by(Participant.language)
    )
    return {language: count for language, count in result.all()}


async def save_segment(session: AsyncSession, label: str, segment: Segment, actor: str) -> None:
    """Keep `segment` under `label` (replacing what was there); the caller commits."""
    if not LABEL_PATTERN.fullmatch(label):
        raise SegmentError(f"{label!r} cannot be a segment label: use {LABEL_RULE}")
    saved = await session.get(SavedSegment, label)
    if saved is None:
        session.add(SavedSegment(label=label, filters=segment.to_json(), created_by=actor))
    else:
        saved.filters, saved.created_by, saved.created_at = segment.to_json(), actor, utcnow()
    await session.flush()


async def load_segment(session: AsyncSession, label: str) -> Segment | None:
    saved = await session.get(SavedSegment, label)
    return _stored(saved) if saved is not None else None


async def saved_segments(session: AsyncSession) -> list[tuple[str, Segment]]:
    """Every saved segment, by label."""
    # Sorted here, not in SQL: PostgreSQL's collation and SQLite's would disagree.
    result = await session.scalars(select(SavedSegment))
    return sorted(((saved.label, _stored(saved)) for saved in result), key=lambda pair: pair[0])


async def forget_segment(session: AsyncSession, label: str) -> bool:
    """Delete the saved segment; False when there was none. The caller commits."""
    saved = await session.get(SavedSegment, label)
    if saved is None:
        return False
    await session.delete(saved)
    await session.flush()
    return True


def _stored(saved: SavedSegment) -> Segment:
    try:
        return Segment.from_json(saved.filters)
    except SegmentError as error:
        raise SegmentError(f"saved segment {saved.label!r}: {error}") from error
