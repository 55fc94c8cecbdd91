"""Choosing the next explainer for a participant: micro-targeted, deterministic, explainable.

Rules, in order:
1. Only explainers in the participant's language, on the topic they picked (if any), for
   their age band and area when an explainer is limited to some (an unknown age band does
   not exclude; an unknown area excludes area-specific explainers, which are about a place).
2. Only explainers for `everyone` or for an audience the participant belongs to: from their
   role (a youth group, a women's group, ...), age band (18-29 is youth, as in UNSCR 2250),
   gender, or the name of the join link they came through.
3. Nothing they have read, until they have read everything that fits (then: None).
4. First those made for more of their audiences, and for a group they said they are in
   before their age band, gender or join link; then higher priority (a topic they found
   unhelpful goes down); ties by id, so the same inputs always give the same choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from content.explainers import TOPICS, Explainer, Library
from services.profile import UNDER_18, YOUTH_BANDS

EVERYONE = "everyone"
# Under-18s who may take part count as young people too.
YOUTH_AGE_BANDS = YOUTH_BANDS | {UNDER_18}
ROLE_AUDIENCES = {
    "youth-group": "youth",
    "womens-group": "women",
    "faith-leader": "faith-leaders",
    "civil-society": "civil-society",
    "local-authority": "local-authorities",
}
# A join link named e.g. "evt-youthforum-north" says something about who was there.
LINK_WORDS = {
    "youth": "youth",
    "women": "women",
    "faith": "faith-leaders",
    "cso": "civil-society",
    "civil": "civil-society",
    "defender": "civil-society",
    "council": "local-authorities",
    "authorit": "local-authorities",
    "police": "security-sector",
    "security": "security-sector",
}
UNHELPFUL_PENALTY = 20
# reason-role-..., reason-age-..., reason-gender-..., reason-link: the first is strongest.
REASON_STRENGTH = {"role": 0, "age": 1, "gender": 2, "link": 3}


@dataclass(frozen=True)
class Reader:
    """What targeting may know about a participant; any of it may be unknown."""

    language: str
    age_band: str | None = None
    gender: str | None = None
    region: str | None = None
    role: str | None = None
    join_source: str | None = None
    read: frozenset[str] = frozenset()
    unhelpful: frozenset[str] = frozenset()
    topic: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why an explainer was chosen, as a catalogue key."""

    key: str


@dataclass(frozen=True)
class Suggestion:
    explainer: Explainer
    reason: Reason


def audiences_of(reader: Reader) -> dict[str, Reason]:
    """Each audience the reader belongs to, with the reason we think so (first reason wins)."""
    found: dict[str, Reason] = {}
    if reader.role in ROLE_AUDIENCES:
        found.setdefault(ROLE_AUDIENCES[reader.role], Reason(f"reason-role-{reader.role}"))
    if reader.age_band in YOUTH_AGE_BANDS:
        found.setdefault("youth", Reason("reason-age-youth"))
    if reader.gender == "woman":
        found.setdefault("women", Reason("reason-gender-woman"))
    source = (reader.join_source or "").lower()
    for word, audience in LINK_WORDS.items():
        if word in source:
            found.setdefault(audience, Reason("reason-link"))
    return found


def fits(explainer: Explainer, reader: Reader, audiences: Iterable[str]) -> bool:
    if reader.topic is not None and explainer.topic != reader.topic:
        return False
    if explainer.age_bands and reader.age_band and reader.age_band not in explainer.age_bands:
        return False
    if explainer.regions and reader.region not in explainer.regions:
        return False
    return EVERYONE in explainer.audiences or bool(set(explainer.audiences) & set(audiences))


def candidates(library: Library, reader: Reader) -> list[Explainer]:
    """Every explainer that fits the reader, read or not, best first."""
    audiences = audiences_of(reader)
    unhelpful_topics = {
        e.topic for e in library.in_language(reader.language) if e.id in reader.unhelpful
    }

    def rank(explainer: Explainer) -> tuple[int, int, int, str]:
        matched = [a for a in audiences if a in explainer.audiences]
        # What they told us about a group they are in speaks louder than age or gender.
        strength = min((REASON_STRENGTH[audiences[a].key.split("-")[1]] for a in matched),
                       default=len(REASON_STRENGTH))  # fmt: skip
        priority = explainer.priority
        if explainer.topic in unhelpful_topics:
            priority -= UNHELPFUL_PENALTY
        return (-len(matched), strength, -priority, explainer.id)

    fitting = [e for e in library.in_language(reader.language) if fits(e, reader, audiences)]
    return sorted(fitting, key=rank)


def suggest(library: Library, reader: Reader) -> Suggestion | None:
    """The next explainer to offer, or None when they have read everything that fits."""
    audiences = audiences_of(reader)
    for explainer in candidates(library, reader):
        if explainer.id in reader.read:
            continue
        matched = [a for a in explainer.audiences if a in audiences]
        if matched:
            return Suggestion(explainer, audiences[matched[0]])
        if reader.topic is not None:
            return Suggestion(explainer, Reason("reason-topic"))
        return Suggestion(explainer, Reason("reason-everyone"))
    return None


def topics_for(library: Library, reader: Reader) -> list[str]:
    """The topics with at least one explainer that fits the reader, in the usual order."""
    present = {e.topic for e in candidates(library, replace(reader, topic=None))}
    return [topic for topic in TOPICS if topic in present]


def again(library: Library, reader: Reader) -> Suggestion | None:
    """On a topic they chose after reading all of it: the best one of it, to read again."""
    fitting = candidates(library, reader)
    return Suggestion(fitting[0], Reason("reason-topic")) if fitting else None
