"""What a survey is: its questions, choices, groups and rules, as plain values.

Both ways of writing a survey (YAML under content/surveys/, and XLSForm imported with
`peacebot survey import`) produce these values; the survey engine (services.survey_engine)
runs them and the chat renders them. Nothing here knows Telegram or the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

# The question types a chat can carry. XLSForm names where they exist: `range` is our
# "scale", `rank` and `audio` as in ODK.
SELECT_ONE = "select_one"
SELECT_MULTIPLE = "select_multiple"
RANK = "rank"
SCALE = "scale"
INTEGER = "integer"
DECIMAL = "decimal"
TEXT = "text"
AUDIO = "audio"
NOTE = "note"
QUESTION_TYPES = (SELECT_ONE, SELECT_MULTIPLE, RANK, SCALE, INTEGER, DECIMAL, TEXT, AUDIO, NOTE)
CHOICE_TYPES = (SELECT_ONE, SELECT_MULTIPLE, RANK)
# The choice name an `or_other` question adds (as XLSForm does); its label is ours.
OTHER = "other"

KINDS = ("feedback", "needs-assessment")
# One answer per participant, or a new response each time they take it.
RESPONSES = ("one", "many")
# The longest a retention period may be, in days (a hundred years): longer is "forever",
# which is said by leaving it out, and would not fit in a date.
MAX_RETENTION_DAYS = 36_500

# A label, hint or message in each language: {"en": "...", "ar": "..."}.
Words = Mapping[str, str]


@dataclass(frozen=True)
class Choice:
    name: str
    label: Words


@dataclass(frozen=True)
class Group:
    """A `begin group` … `end group`: a label shown before its first question, and a
    `relevant` that applies to every question inside it."""

    name: str
    label: Words = field(default_factory=dict)
    relevant: str | None = None


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    label: Words
    hint: Words = field(default_factory=dict)
    required: bool = False
    required_message: Words = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    # select_one / select_multiple: add "Other", then ask for the other answer as text.
    or_other: bool = False
    # Expressions in XLSForm's language (services.survey_expressions), kept as written.
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Words = field(default_factory=dict)
    # The groups it sits in, outermost first (names of Survey.groups).
    groups: tuple[str, ...] = ()
    # rank: how many to put in order ("your top 3"); None means all of them.
    rank_count: int | None = None
    # scale: the points and the words at each end.
    scale_min: int = 1
    scale_max: int = 5
    low_label: Words = field(default_factory=dict)
    high_label: Words = field(default_factory=dict)
    # Set only on the step the engine adds after an `or_other` question ("please say what"):
    # the name of that question. Never written in a definition.
    other_of: str | None = None

    @property
    def asks_for_input(self) -> bool:
        return self.type != NOTE

    def choice(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)


@dataclass(frozen=True)
class Survey:
    id: str
    title: Words
    kind: str
    languages: tuple[str, ...]
    # Shown before starting: what it is about, and how the answers will be used.
    description: Words
    questions: tuple[Question, ...]
    groups: tuple[Group, ...] = ()
    version: str = "1"
    # True: answers carry the participant's age band, gender, region, role and join source
    # (for disaggregation). False: fully anonymous, none of these are kept with the answers.
    linked_to_profile: bool = True
    responses: str = "one"
    # Only participants who were invited (by a broadcast) may take it.
    invitation_only: bool = False
    # Closes by itself at this date (ISO, YYYY-MM-DD, end of that day in UTC), if set.
    closes: str | None = None
    # Said when they finish: thanks, and how the answers will be used.
    thanks: Words = field(default_factory=dict)
    # Days its responses are kept before `peacebot purge` removes them; None: the
    # deployment's RESPONSE_RETENTION_DAYS decides (services.retention).
    retention_days: int | None = None

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def index_of(self, name: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.name == name)

    @property
    def fingerprint(self) -> str:
        """A digest of everything the participant sees and the engine runs: two different
        definitions with the same declared version still record different versions.

        The retention period is left out: it changes nothing a participant sees or the
        engine runs. Counting it would make setting or changing it look like a new version
        to the responses already given, and would have changed every existing survey's
        recorded version when the field was added."""
        fields = asdict(self)
        del fields["retention_days"]
        body = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(body.encode()).hexdigest()[:8]

    @property
    def recorded_version(self) -> str:
        """What a response records as the version it answered: "3+1a2b3c4d"."""
        return f"{self.version}+{self.fingerprint}"


def words_in(words: Words, language: str, fallback: str) -> str:
    """The text in `language`, else in `fallback`, else any (content check reports gaps)."""
    if language in words:
        return words[language]
    if fallback in words:
        return words[fallback]
    return next(iter(words.values()), "")
