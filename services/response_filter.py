"""Which responses of a survey an export or a report covers: the survey, finished ones only
(or started ones too), and the days they were finished (or started) in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select

from storage.models import Response

_UTC = ZoneInfo("UTC")


class BadDate(ValueError):
    """A --since/--until that is not a day, or a window that ends before it starts."""


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(f"{option} {text!r}: give a day as YYYY-MM-DD, e.g. 2026-11-01") from None


@dataclass(frozen=True)
class ResponseFilter:
    survey_id: str
    # Days in the deployment's time zone, both included: "finished from the 1st to the 30th".
    since: date | None = None
    until: date | None = None
    zone: ZoneInfo = _UTC
    # False: only finished responses, dated by when they were finished. True: started ones
    # too, dated by when they were started.
    unfinished_too: bool = False
    # Only each person's latest selected response (a survey taken more than once): counts
    # are then of people, as small-count protection needs.
    one_per_person: bool = False

    def __post_init__(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise BadDate(f"--until {self.until} is before --since {self.since}")

    def _start_of(self, day: date) -> datetime:
        # In UTC: SQLite keeps times without their zone, as UTC.
        return datetime.combine(day, time(0), self.zone).astimezone(UTC)

    def conditions(self) -> list[ColumnElement[bool]]:
        """WHERE conditions over `Response` (storage.models)."""
        dated = Response.started_at if self.unfinished_too else Response.completed_at
        found: list[ColumnElement[bool]] = [Response.survey_id == self.survey_id]
        if not self.unfinished_too:
            found.append(Response.completed_at.is_not(None))
        if self.since is not None:
            found.append(dated >= self._start_of(self.since))
        if self.until is not None:
            found.append(dated < self._start_of(self.until + timedelta(days=1)))
        if self.one_per_person:
            latest = select(func.max(Response.id)).where(*found).group_by(Response.participant_id)
            found = [Response.id.in_(latest)]
        return found

    def described(self) -> dict[str, str]:
        """For an export's metadata, a report's heading and the audit entry."""
        return {
            "survey": self.survey_id,
            "responses": "started" if self.unfinished_too else "finished",
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "time_zone": str(self.zone),
            **({"one_per_person": "latest response"} if self.one_per_person else {}),
        }
