"""The optional profile: its questions, their choices, and recording an answer."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from storage.models import Participant

PREFER_NOT_TO_SAY = "prefer-not"
UNDER_18 = "under-18"
AGE_BANDS = (UNDER_18, "18-24", "25-29", "30-39", "40-59", "60-plus")
# Youth as in UN Security Council resolution 2250: 18 to 29.
YOUTH_BANDS = frozenset({"18-24", "25-29"})
GENDERS = ("woman", "man", "another")
ROLES = (
    "community-member",
    "womens-group",
    "youth-group",
    "civil-society",
    "faith-leader",
    "local-authority",
    "other",
)
FIELDS = ("age_band", "gender", "region", "role")


class UnknownChoice(Exception):
    """A profile answer that is not one of the question's choices (a forged or stale button)."""


@dataclass(frozen=True)
class ProfileQuestion:
    field: str
    # Codes stored in the database; labels come from the catalogue (`profile-<field>-<code>`),
    # except regions, which are the deployment's own words.
    choices: tuple[str, ...]


def profile_questions(regions: list[str]) -> list[ProfileQuestion]:
    """The questions in the order they are asked; no region question without regions."""
    questions = [ProfileQuestion("age_band", AGE_BANDS), ProfileQuestion("gender", GENDERS)]
    if regions:
        questions.append(ProfileQuestion("region", tuple(regions)))
    questions.append(ProfileQuestion("role", ROLES))
    return questions


def question_for(field: str, regions: list[str]) -> ProfileQuestion:
    for question in profile_questions(regions):
        if question.field == field:
            return question
    raise UnknownChoice(f"no profile question {field!r}")


def next_question(field: str, regions: list[str]) -> ProfileQuestion | None:
    """The question after `field` in the first-time walk through, or None at the end."""
    questions = profile_questions(regions)
    fields = [q.field for q in questions]
    if field not in fields:
        raise UnknownChoice(f"no profile question {field!r}")
    position = fields.index(field) + 1
    return questions[position] if position < len(questions) else None


SKIP = "skip"


def choice_token(question: ProfileQuestion, choice: str) -> str:
    """What a button carries for `choice`: the code itself, or for a region (the
    deployment's words, maybe long or reordered later) a short digest of its name."""
    if question.field != "region" or choice in (PREFER_NOT_TO_SAY, SKIP):
        return choice
    return "r" + hashlib.sha256(choice.encode()).hexdigest()[:8]


def record_answer(participant: Participant, question: ProfileQuestion, token: str) -> str | None:
    """Store the choice a button carried: a choice, "prefer not to say", or SKIP (which
    clears). Returns the stored value; a token that is none of these is refused."""
    if token == SKIP:
        value = None
    elif token == PREFER_NOT_TO_SAY:
        value = PREFER_NOT_TO_SAY
    else:
        matches = [c for c in question.choices if choice_token(question, c) == token]
        if not matches:
            raise UnknownChoice(f"{question.field}: no choice {token!r}")
        value = matches[0]
    setattr(participant, question.field, value)
    return value
