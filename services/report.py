"""The figures of a needs-assessment report (`peacebot report`): how many were invited,
started and finished, and for each question its counts, percentages, priority scores or
most used words, overall and by gender, age group and region, with small counts hidden.

Nothing here draws or writes a page (services.report_charts and services.report_page do),
and nothing that leaves this module can point to a person: no pseudonym, chat id or
response id, no free text (only words used in at least `threshold` different answers), and
every table of counts has been through services.suppression, so a hidden count is not in it.

Answers are read as a stream of plain columns, a few thousand rows at a time, and added to
running totals by the smallest group a person falls in (gender x age group x region); every
table is a sum of those, so a large survey needs memory for its groups, not its answers.
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.survey_model import (
    AUDIO,
    DECIMAL,
    INTEGER,
    OTHER,
    RANK,
    SCALE,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TEXT,
    Question,
    Survey,
    words_in,
)
from services.broadcasts import SENT, SURVEY
from services.encryption import DecryptionError, SealedTextOpener
from services.free_text import answer_context
from services.profile import PREFER_NOT_TO_SAY, YOUTH_BANDS
from services.response_filter import ResponseFilter
from services.scrubbing import (
    EMAIL_PLACEHOLDER,
    HANDLE_PLACEHOLDER,
    LINK_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    scrub,
)
from services.suppression import CountTable, Entry, Reason, suppress
from services.survey_engine import other_step_name, rank_size
from storage.models import Answer, Broadcast, DataKey, Delivery, Participant, Response

CLOSED_TYPES = (SELECT_ONE, SELECT_MULTIPLE, SCALE, RANK)
NUMBER_TYPES = (INTEGER, DECIMAL)

# The groups of each breakdown, as the report names them.
WOMEN, MEN, ANOTHER_GENDER = "women", "men", "another gender"
YOUTH, OTHER_AGES = "aged 18–29", "other ages"
NOT_SAID = "not said"
ALL = "all respondents"
_GENDER_GROUPS = {"woman": WOMEN, "man": MEN, "another": ANOTHER_GENDER}
# How a group reads inside "women aged 18–29 in North".
_GENDER_PHRASES = {WOMEN: "women", MEN: "men", ANOTHER_GENDER: "people of another gender"}
_AGE_PHRASES = {YOUTH: "aged 18–29", OTHER_AGES: "of other ages"}

# The two rows of a choice's own table when one person can give several answers (see
# _chosen_breakdown); only the first is published.
_CHOSEN, _NOT_CHOSEN = "chosen", "not chosen"
# How many words a language's list shows, at most.
TERMS_SHOWN = 15


# --------------------------------------------------------------------------- groups

# The smallest group a response falls in: (gender group, age group, region or NOT_SAID).
Profile = tuple[str, str, str]


def gender_group(gender: str | None) -> str:
    return _GENDER_GROUPS.get(gender or "", NOT_SAID)


def age_group(age_band: str | None) -> str:
    """Youth as in UN Security Council resolution 2250 (18-29) or not; "prefer not to say"
    and no answer are both "not said"."""
    if age_band in YOUTH_BANDS:
        return YOUTH
    if age_band is None or age_band == PREFER_NOT_TO_SAY:
        return NOT_SAID
    return OTHER_AGES


def region_group(region: str | None) -> str:
    if region is None or region == PREFER_NOT_TO_SAY or not region.strip():
        return NOT_SAID
    return region


def profile_of(age_band: str | None, gender: str | None, region: str | None) -> Profile:
    return gender_group(gender), age_group(age_band), region_group(region)


@dataclass(frozen=True)
class Dimension:
    """One way of splitting respondents into groups: its columns, and the column a profile
    falls in (None: in none of them, e.g. someone who did not say their region in a table of
    "women aged 18-29 in North" and the like)."""

    title: str
    columns: tuple[str, ...]
    column_of: Callable[[Profile], str | None]


OVERALL = Dimension("all respondents", (ALL,), lambda _: ALL)


def _dimensions(regions: Sequence[str]) -> dict[str, Dimension]:
    return {
        "gender": Dimension(
            "by gender", (WOMEN, MEN, ANOTHER_GENDER, NOT_SAID), lambda profile: profile[0]
        ),
        "age": Dimension("by age", (YOUTH, OTHER_AGES, NOT_SAID), lambda profile: profile[1]),
        "region": Dimension("by region", (*regions, NOT_SAID), lambda profile: profile[2]),
    }


def cross_group_name(gender: str, age: str, region: str | None = None) -> str:
    """ "women aged 18-29", "men of other ages in North"."""
    name = f"{_GENDER_PHRASES[gender]} {_AGE_PHRASES[age]}"
    return name if region is None else f"{name} in {region}"


def _cross_dimensions(regions: Sequence[str]) -> list[Dimension]:
    """Gender x age group, and gender x age group x region: every combination of known
    values (people who did not say one of them are in none)."""

    def by_gender_and_age(profile: Profile) -> str | None:
        gender, age, _ = profile
        if gender == NOT_SAID or age == NOT_SAID:
            return None
        return cross_group_name(gender, age)

    def by_gender_age_and_region(profile: Profile) -> str | None:
        gender, age, region = profile
        if gender == NOT_SAID or age == NOT_SAID or region == NOT_SAID:
            return None
        return cross_group_name(gender, age, region)

    genders, ages = (WOMEN, MEN, ANOTHER_GENDER), (YOUTH, OTHER_AGES)
    dimensions = [
        Dimension(
            "by gender and age",
            tuple(cross_group_name(g, a) for g in genders for a in ages),
            by_gender_and_age,
        )
    ]
    if regions:
        dimensions.append(
            Dimension(
                "by gender, age and region",
                tuple(cross_group_name(g, a, r) for r in regions for g in genders for a in ages),
                by_gender_age_and_region,
            )
        )
    return dimensions


# --------------------------------------------------------------------------- what it holds


@dataclass(frozen=True)
class Cell:
    """One count of a table as published: the count (or only that it is hidden), its share
    of the column's respondents in percent, and for a ranking the priority score (0-100).
    A share or score is None when it would be worked out from a hidden count."""

    entry: Entry
    share: float | None = None
    score: float | None = None


@dataclass(frozen=True)
class Row:
    name: str  # the choice's name in the survey file (or a scale point)
    label: str  # what participants read, in the report's language
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Breakdown:
    """A question's counts for one way of splitting respondents (one column for all of
    them, or one per gender, age group, region): a row per choice and the respondents of
    each column, each count shown or hidden."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    respondents: tuple[Entry, ...]

    def cell(self, row: str, column: str) -> Cell:
        line = next((r for r in self.rows if r.name == row), None)
        if line is None:
            raise KeyError(f"no row {row!r}")
        return line.cells[self.columns.index(column)]

    def respondents_in(self, column: str) -> Entry:
        return self.respondents[self.columns.index(column)]

    def entries(self) -> Iterator[Entry]:
        for row in self.rows:
            for cell in row.cells:
                yield cell.entry
        yield from self.respondents


@dataclass(frozen=True)
class GroupPriorities:
    """A group's choices by priority score, highest first, for "top needs of women aged
    18-29 in North". Only choices whose count in the group is shown have a score here;
    `hidden` says how many others there are."""

    group: str
    scores: tuple[tuple[str, float], ...]
    hidden: int


@dataclass(frozen=True)
class ClosedQuestion:
    """A single choice, several choices, a scale or a ranking."""

    name: str
    type: str
    label: str
    overall: Breakdown
    breakdowns: tuple[Breakdown, ...]
    # A ranking: how many places ("your top 3"), and the priorities of cross-groups.
    places: int | None = None
    priorities: tuple[GroupPriorities, ...] = ()
    # Cross-groups left out of the priorities: fewer respondents than the threshold (or
    # none at all; the report does not say which).
    small_groups: tuple[str, ...] = ()

    @property
    def several(self) -> bool:
        """Whether one person counts in several rows (their shares add up past 100)."""
        return self.type in (SELECT_MULTIPLE, RANK)


@dataclass(frozen=True)
class NumberSummary:
    """How many gave a number in each column, and the median where that count is shown."""

    title: str
    columns: tuple[str, ...]
    answered: tuple[Entry, ...]
    medians: tuple[float | None, ...]


@dataclass(frozen=True)
class NumberQuestion:
    name: str
    type: str
    label: str
    overall: NumberSummary
    breakdowns: tuple[NumberSummary, ...]


@dataclass(frozen=True)
class LanguageTerms:
    """The words most used in one language's answers: (word, in how many answers), only
    words found in at least `threshold` different answers."""

    language: str
    answers: Entry
    terms: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class FreeTextQuestion:
    """A text question (or the "please say what" after an "Other"), or a voice message
    question: how many answered, in which language, and for text the most used words."""

    name: str
    type: str
    label: str
    answers: Entry
    languages: tuple[LanguageTerms, ...]
    # Answers that could not be opened (damaged, or sealed under another key).
    unreadable: int = 0


Section = ClosedQuestion | NumberQuestion | FreeTextQuestion


@dataclass(frozen=True)
class HiddenCounts:
    """How many published counts are hidden, and why; and how many priority scores."""

    small: int
    complementary: int
    scores: int

    @property
    def counts(self) -> int:
        return self.small + self.complementary


@dataclass(frozen=True)
class Report:
    survey_id: str
    title: str
    language: str
    made_at: datetime
    filters: Mapping[str, str]
    threshold: int
    # People an invitation to this survey reached (None: no invitation was ever sent).
    invited: int | None
    # In the chosen days: responses started, and how many of those were finished.
    started: int
    completed: int
    # The responses the figures are about (finished ones, or with --unfinished all started).
    analysed: int
    linked_to_profile: bool
    # Breakdowns the report has (gender, age, region) and those left out, with why.
    dimensions: tuple[str, ...]
    left_out: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.started * 100 if self.started else None

    def section(self, name: str) -> Section:
        found = next((s for s in self.sections if s.name == name), None)
        if found is None:
            raise KeyError(f"no question {name!r} in the report")
        return found

    def hidden(self) -> HiddenCounts:
        reasons: Counter[Reason | None] = Counter()
        scores = 0
        for section in self.sections:
            reasons.update(entry.reason for entry in _entries_of(section))
            if isinstance(section, ClosedQuestion):
                scores += sum(group.hidden for group in section.priorities)
        return HiddenCounts(reasons[Reason.SMALL], reasons[Reason.COMPLEMENTARY], scores)


def _entries_of(section: Section) -> Iterator[Entry]:
    if isinstance(section, ClosedQuestion):
        for breakdown in (section.overall, *section.breakdowns):
            yield from breakdown.entries()
    elif isinstance(section, NumberQuestion):
        for summary in (section.overall, *section.breakdowns):
            yield from summary.answered
    else:
        yield section.answers
        for language in section.languages:
            yield language.answers


# --------------------------------------------------------------------------- percentages


def percentage(part: Entry, whole: Entry) -> float | None:
    """`part` as a percentage of `whole`, only when both are shown (a shown count is at least
    the threshold, so never a division by zero)."""
    if part.count is None or whole.count is None or whole.count == 0:
        return None
    return part.count / whole.count * 100


def priority_score(points: int, respondents: int, places: int) -> float:
    """A ranking's priority score, 0 to 100: a choice put first of `places` earns `places`
    points, second `places` - 1, ... last 1, not ranked 0; the score is the points it got
    as a percentage of the most it could get (every respondent putting it first)."""
    return points / (places * respondents) * 100 if respondents else 0.0


# --------------------------------------------------------------------------- free text

_WORD = re.compile(r"[^\W\d_]+")
# Arabic short vowels and other marks, and the tatweel (a stretching stroke): not letters.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# The forms of alef written with hamza or madda are often typed as plain alef.
_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_PLACEHOLDERS = (PHONE_PLACEHOLDER, EMAIL_PLACEHOLDER, HANDLE_PLACEHOLDER, LINK_PLACEHOLDER)
MIN_TERM_LETTERS = 3

# Small lists of the commonest words that say nothing about a need. All four are applied to
# every answer: people often mix languages.
_STOP_WORDS_TEXT = {
    "en": """a about above after again all also am an and any are as at be because been
        before being below between both but by can could did do does doing done down
        during each even every few for from further get got had has have having he her here
        hers him his how i if in into is it its just like lot lots many me more most much
        must my no nor not now of off on once one only or other our ours out over own
        people really same she should so some such than that the their theirs them then
        there these they thing things this those through to too under until up us very
        was way we well were what when where which while who whom why will with would yes
        you your yours""",
    "fr": """au aux avec avoir ce ces cet cette comme dans de des du elle elles en est et
        etre être eux il ils je la le les leur leurs lui ma mais me mes moi mon même ne nos
        notre nous on ont ou où par pas plus pour qu que qui sa sans se ses son sont sur ta
        te tes toi ton tous tout toute toutes très tu un une vos votre vous avons avez fait
        faire aussi bien peu beaucoup ici cela ça chose choses""",
    "es": """al algo como con de del el ella ellas ellos en es esta este esto estos está
        están fue ha hay la las le les lo los mas más me mi mis muy no nos nosotros o para
        pero por que qué se sea ser si sin sobre son su sus también te tiene tienen todo
        todos tu tus un una uno unos y ya yo cosa cosas mucho poco aquí hacer""",
    "ar": """في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين ان أن إن كان
        كانت يكون تكون لا ما لم لن هو هي هم هن نحن انا أنا انت أنت انتم كل او أو ثم قد لقد
        بعد قبل عند حتى اذا إذا بين غير لكن ايضا أيضا جدا هناك هنا كما ليس عندنا لدينا لنا
        لهم له لها فيها فيه منها منه عليه عليها به بها ولا وفي ومن وعلى يا اي أي بعض اكثر
        أكثر شيء اشياء كثير قليل نعم""",
}


def _normal(word: str) -> str:
    return _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", word).casefold()).translate(
        _ALEF_FORMS
    )


STOP_WORDS = frozenset(_normal(word) for text in _STOP_WORDS_TEXT.values() for word in text.split())


def terms_of(text: str) -> set[str]:
    """The words of one answer that can be counted: contact details scrubbed out first
    (services.scrubbing), lower case, Arabic marks and alef forms folded, the Arabic article
    "ال" taken off longer words, no digits, no word shorter than three letters, no stop word."""
    cleaned = scrub(text).text
    for placeholder in _PLACEHOLDERS:
        cleaned = cleaned.replace(placeholder, " ")
    found = set()
    for raw in _WORD.findall(_normal(cleaned)):
        word = raw
        if word in STOP_WORDS:
            continue
        if _ARABIC_LETTER.match(word) and word.startswith("ال") and len(word) >= 5:
            word = word[2:]
        if len(word) < MIN_TERM_LETTERS or word in STOP_WORDS:
            continue
        found.add(word)
    return found


# --------------------------------------------------------------------------- tallies


@dataclass
class _Tally:
    """Running totals of one question, by the smallest group (Profile)."""

    respondents: Counter[Profile] = dataclasses.field(default_factory=Counter)
    # choice name -> profile -> how many picked (or ranked) it
    counts: defaultdict[str, Counter[Profile]] = dataclasses.field(
        default_factory=lambda: defaultdict(Counter)
    )
    # rank: choice name -> profile -> points
    points: defaultdict[str, Counter[Profile]] = dataclasses.field(
        default_factory=lambda: defaultdict(Counter)
    )
    # integer, decimal: profile -> the numbers given
    numbers: defaultdict[Profile, list[float]] = dataclasses.field(
        default_factory=lambda: defaultdict(list)
    )
    # names found in answers that the survey no longer offers (an older version), in order
    unknown: dict[str, None] = dataclasses.field(default_factory=dict)


@dataclass
class _TextTally:
    # language -> how many answered, and in how many answers each word is used
    answers: Counter[str] = dataclasses.field(default_factory=Counter)
    terms: defaultdict[str, Counter[str]] = dataclasses.field(
        default_factory=lambda: defaultdict(Counter)
    )
    unreadable: int = 0


def _picked_names(value: object) -> list[str]:
    # A list for several choices and rankings, one name or scale point otherwise.
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _add(question: Question, tally: _Tally, profile: Profile, value: object) -> None:
    if value is None:
        return
    if question.type in NUMBER_TYPES:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        tally.numbers[profile].append(float(value))
        tally.respondents[profile] += 1
        return
    names = _picked_names(value)
    if not names:
        return
    tally.respondents[profile] += 1
    known = _row_names(question)
    places = rank_size(question)
    for position, name in enumerate(dict.fromkeys(names)):
        if name not in known:
            tally.unknown[name] = None
        tally.counts[name][profile] += 1
        if question.type == RANK:
            tally.points[name][profile] += max(places - position, 0)


def _row_names(question: Question) -> tuple[str, ...]:
    if question.type == SCALE:
        return tuple(str(n) for n in range(question.scale_min, question.scale_max + 1))
    names = tuple(choice.name for choice in question.choices)
    return (*names, OTHER) if question.or_other else names


# --------------------------------------------------------------------------- tables


def _sum_by(counter: Mapping[Profile, int], dimension: Dimension) -> dict[str, int]:
    totals = dict.fromkeys(dimension.columns, 0)
    for profile, n in counter.items():
        column = dimension.column_of(profile)
        if column is not None and column in totals:
            totals[column] += n
    return totals


def _union_hidden(entries: Sequence[Entry]) -> Entry:
    """One count that several tables publish: hidden if any of them hides it (they agree,
    see tests/test_report.py; this is the safe side if one day they did not)."""
    hidden = [entry for entry in entries if not entry.shown]
    return hidden[0] if hidden else entries[0]


@dataclass(frozen=True)
class _Labels:
    language: str
    fallback: str
    other: str

    def of(self, words: Mapping[str, str]) -> str:
        return words_in(words, self.language, self.fallback)


def _row_label(question: Question, name: str, labels: _Labels, unknown: bool) -> str:
    if unknown:
        return f"{name} (not in this version of the survey)"
    if question.type == SCALE:
        ends = {
            question.scale_min: question.low_label,
            question.scale_max: question.high_label,
        }
        words = ends.get(int(name))
        return f"{name} – {labels.of(words)}" if words else name
    if name == OTHER:
        return labels.other
    choice = question.choice(name)
    return labels.of(choice.label) if choice is not None else name


def _single_choice_breakdown(
    question: Question,
    tally: _Tally,
    dimension: Dimension,
    rows: Sequence[tuple[str, str]],
    threshold: int,
) -> Breakdown:
    """One table: a row per choice (or scale point), a column per group; each person is in
    exactly one row and one column, so the table adds up and suppression protects it."""
    names = [name for name, _ in rows]
    counts = [list(_sum_by(tally.counts[name], dimension).values()) for name in names]
    respondents = list(_sum_by(tally.respondents, dimension).values())
    everyone = sum(tally.respondents.values())
    table = suppress(
        CountTable.of(
            names,
            dimension.columns,
            counts,
            row_totals=[sum(tally.counts[name].values()) for name in names],
            column_totals=respondents,
            grand_total=everyone,
        ),
        threshold,
    )
    out = []
    for name, label in rows:
        cells = []
        for column in dimension.columns:
            entry = table.cell(name, column)
            cells.append(Cell(entry, percentage(entry, table.column_total(column))))
        out.append(Row(name, label, tuple(cells)))
    return Breakdown(dimension.title, dimension.columns, tuple(out), table.column_totals)


def _chosen_breakdown(
    question: Question,
    tally: _Tally,
    dimension: Dimension,
    rows: Sequence[tuple[str, str]],
    threshold: int,
) -> Breakdown:
    """Several choices (or a ranking): one person can be in several rows, so the rows do not
    add up to the respondents. Each choice gets its own table — chose it / did not, by
    group —, which does add up, and is suppressed; the published row is its "chose it" line,
    as a share of the column's respondents."""
    everyone = sum(tally.respondents.values())
    respondents = _sum_by(tally.respondents, dimension)
    places = rank_size(question)
    out = []
    totals_seen: list[list[Entry]] = [[] for _ in dimension.columns]
    for name, label in rows:
        chosen = _sum_by(tally.counts[name], dimension)
        chosen_by_all = sum(tally.counts[name].values())
        table = suppress(
            CountTable.of(
                (_CHOSEN, _NOT_CHOSEN),
                dimension.columns,
                [
                    [chosen[c] for c in dimension.columns],
                    [respondents[c] - chosen[c] for c in dimension.columns],
                ],
                row_totals=[chosen_by_all, everyone - chosen_by_all],
                grand_total=everyone,
            ),
            threshold,
        )
        for i, column in enumerate(dimension.columns):
            totals_seen[i].append(table.column_total(column))
        out.append((name, label, table))
    shown_respondents = tuple(_union_hidden(entries) for entries in totals_seen)
    points = {name: _sum_by(tally.points[name], dimension) for name, _ in rows}
    built = []
    for name, label, table in out:
        cells = []
        for i, column in enumerate(dimension.columns):
            entry = table.cell(_CHOSEN, column)
            whole = shown_respondents[i]
            score = None
            if question.type == RANK and entry.shown and whole.shown:
                score = priority_score(points[name][column], respondents[column], places)
            cells.append(Cell(entry, percentage(entry, whole), score))
        built.append(Row(name, label, tuple(cells)))
    return Breakdown(dimension.title, dimension.columns, tuple(built), shown_respondents)


def _closed_question(
    question: Question,
    label: str,
    tally: _Tally,
    dimensions: Sequence[Dimension],
    cross: Sequence[Dimension],
    labels: _Labels,
    threshold: int,
) -> ClosedQuestion:
    rows = [(name, _row_label(question, name, labels, False)) for name in _row_names(question)]
    rows += [(name, _row_label(question, name, labels, True)) for name in tally.unknown]
    build = _single_choice_breakdown if question.type in (SELECT_ONE, SCALE) else _chosen_breakdown
    overall = build(question, tally, OVERALL, rows, threshold)
    breakdowns = tuple(build(question, tally, d, rows, threshold) for d in dimensions)
    if question.type != RANK:
        return ClosedQuestion(question.name, question.type, label, overall, breakdowns)
    priorities, small = _priorities(question, tally, cross, rows, threshold)
    return ClosedQuestion(
        question.name,
        question.type,
        label,
        overall,
        breakdowns,
        places=rank_size(question),
        priorities=priorities,
        small_groups=small,
    )


def _priorities(
    question: Question,
    tally: _Tally,
    cross: Sequence[Dimension],
    rows: Sequence[tuple[str, str]],
    threshold: int,
) -> tuple[tuple[GroupPriorities, ...], tuple[str, ...]]:
    """Scores by cross-group ("women aged 18-29 in North"), for the groups with at least
    `threshold` respondents. These lists carry scores, never counts, so there is no total
    to subtract from; what a score could give away is that (almost) everyone or (almost) no
    one in a small group chose something. So a score is shown only when at least
    `threshold` people of the group put the choice in their top places and at least
    `threshold` did not: the line "chose it / did not / the group" of a suppressed table."""
    places = rank_size(question)
    found: list[GroupPriorities] = []
    small: list[str] = []
    for dimension in cross:
        sizes = _sum_by(tally.respondents, dimension)
        chosen = {name: _sum_by(tally.counts[name], dimension) for name, _ in rows}
        points = {name: _sum_by(tally.points[name], dimension) for name, _ in rows}
        for column in dimension.columns:
            size = sizes[column]
            if size < threshold:
                # Empty groups too: naming only the non-empty ones would tell "none" from
                # "a few", which a hidden count never does.
                small.append(column)
                continue
            scored = []
            hidden = 0
            for name, label in rows:
                picked = chosen[name][column]
                if picked < threshold or size - picked < threshold:
                    hidden += 1
                else:
                    scored.append((label, priority_score(points[name][column], size, places)))
            scored.sort(key=lambda item: -item[1])
            found.append(GroupPriorities(column, tuple(scored), hidden))
    return tuple(found), tuple(small)


def _number_summary(tally: _Tally, dimension: Dimension, threshold: int) -> NumberSummary:
    answered = _sum_by(tally.respondents, dimension)
    table = suppress(
        CountTable.of(
            ("answered",),
            dimension.columns,
            [[answered[c] for c in dimension.columns]],
            grand_total=sum(tally.respondents.values()),
        ),
        threshold,
    )
    values: dict[str, list[float]] = {c: [] for c in dimension.columns}
    for profile, numbers in tally.numbers.items():
        column = dimension.column_of(profile)
        if column in values:
            values[column] += numbers
    medians = tuple(
        statistics.median(values[c]) if table.cell("answered", c).shown and values[c] else None
        for c in dimension.columns
    )
    return NumberSummary(
        dimension.title,
        dimension.columns,
        tuple(table.cell("answered", c) for c in dimension.columns),
        medians,
    )


def _free_text(
    name: str,
    kind: str,
    label: str,
    tally: _TextTally,
    languages: Sequence[str],
    threshold: int,
) -> FreeTextQuestion:
    columns = [*languages, *sorted(set(tally.answers) - set(languages))]
    table = suppress(
        CountTable.of(("answers",), columns, [[tally.answers[c] for c in columns]]),
        threshold,
    )
    found = []
    for language in columns:
        entry = table.cell("answers", language)
        terms: tuple[tuple[str, int], ...] = ()
        # A word used in 12 answers says a language had at least 12: only where it is shown.
        if entry.shown:
            frequent = [(t, n) for t, n in tally.terms[language].items() if n >= threshold]
            frequent.sort(key=lambda item: (-item[1], item[0]))
            terms = tuple(frequent[:TERMS_SHOWN])
        found.append(LanguageTerms(language, entry, terms))
    return FreeTextQuestion(
        name, kind, label, table.grand_total, tuple(found), unreadable=tally.unreadable
    )


# --------------------------------------------------------------------------- reading


async def _count(session: AsyncSession, filter: ResponseFilter, finished: bool = False) -> int:
    statement = select(func.count()).select_from(Response).where(*filter.conditions())
    if finished:
        statement = statement.where(Response.completed_at.is_not(None))
    return int(await session.scalar(statement) or 0)


async def _invited(session: AsyncSession, survey_id: str) -> int | None:
    """People an invitation to this survey reached: a survey broadcast's delivery marked
    sent. Not the survey_invitations rows, which are written for the whole audience when a
    broadcast starts, including those it then failed to reach or who were cancelled; and
    not limited to the report's days (an invitation can come before the answer). None when
    no invitation broadcast for this survey ever queued anyone."""
    of_survey = (Broadcast.kind == SURVEY, Broadcast.subject == survey_id)
    queued = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(*of_survey)
    )
    if not queued:
        return None
    reached = await session.scalar(
        select(func.count(distinct(Delivery.participant_id)))
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(*of_survey, Delivery.status == SENT)
    )
    return int(reached or 0)


async def _profiles(session: AsyncSession, filter: ResponseFilter) -> Counter[Profile]:
    rows = await session.execute(
        select(Response.age_band, Response.gender, Response.region, func.count())
        .where(*filter.conditions())
        .group_by(Response.age_band, Response.gender, Response.region)
    )
    found: Counter[Profile] = Counter()
    for age_band, gender, region, n in rows.all():
        found[profile_of(age_band, gender, region)] += int(n)
    return found


_BATCH = 2000


async def _read_closed(
    session: AsyncSession,
    filter: ResponseFilter,
    questions: Mapping[str, Question],
    tallies: Mapping[str, _Tally],
) -> None:
    if not questions:
        return
    statement = (
        select(Answer.question, Answer.value, Response.age_band, Response.gender, Response.region)
        .join(Response, Response.id == Answer.response_id)
        .where(
            *filter.conditions(),
            Answer.question.in_(list(questions)),
            Answer.value.is_not(None),
        )
        .execution_options(yield_per=_BATCH)
    )
    result = await session.stream(statement)
    async for name, value, age_band, gender, region in result:
        try:
            decoded = json.loads(value or "null")
        except ValueError:
            continue
        _add(questions[name], tallies[name], profile_of(age_band, gender, region), decoded)


async def _read_voice(
    session: AsyncSession,
    filter: ResponseFilter,
    names: Sequence[str],
    tallies: Mapping[str, _TextTally],
) -> None:
    if not names:
        return
    rows = await session.execute(
        select(Answer.question, Participant.language, func.count())
        .join(Response, Response.id == Answer.response_id)
        .join(Participant, Participant.id == Response.participant_id)
        .where(*filter.conditions(), Answer.question.in_(list(names)), Answer.value.is_not(None))
        .group_by(Answer.question, Participant.language)
    )
    for name, language, n in rows.all():
        tallies[name].answers[language] += int(n)


async def _read_text(
    session: AsyncSession,
    filter: ResponseFilter,
    master_key: bytes,
    names: Sequence[str],
    tallies: Mapping[str, _TextTally],
) -> None:
    """Open each free-text answer with its participant's data key, count its words, and
    forget it. Ordered by participant, so each data key is unwrapped once and only the
    current one is kept."""
    if not names:
        return
    statement = (
        select(
            Answer.response_id,
            Answer.question,
            Answer.sealed,
            Response.participant_id,
            Participant.pseudonym,
            Participant.language,
            DataKey.wrapped_key,
        )
        .join(Response, Response.id == Answer.response_id)
        .join(Participant, Participant.id == Response.participant_id)
        .outerjoin(DataKey, DataKey.participant_id == Response.participant_id)
        .where(*filter.conditions(), Answer.question.in_(list(names)), Answer.sealed.is_not(None))
        .order_by(Response.participant_id, Answer.response_id)
        .execution_options(yield_per=_BATCH)
    )
    opener = SealedTextOpener(master_key)
    current: tuple[int, AESGCM | None] | None = None
    result = await session.stream(statement)
    async for response_id, name, sealed, participant_id, pseudonym, language, wrapped in result:
        tally = tallies[name]
        tally.answers[language] += 1
        if current is None or current[0] != participant_id:
            key: AESGCM | None = None
            if wrapped is not None:
                try:
                    key = opener.data_key(wrapped, pseudonym)
                except DecryptionError:
                    key = None
            current = (participant_id, key)
        data_key = current[1]
        if data_key is None or sealed is None:
            tally.unreadable += 1
            continue
        try:
            text = opener.text(data_key, sealed, answer_context(response_id, name))
        except (DecryptionError, UnicodeDecodeError):
            tally.unreadable += 1
            continue
        for term in terms_of(text):
            tally.terms[language][term] += 1


def _report_regions(configured: Sequence[str], profiles: Counter[Profile]) -> list[str]:
    """The deployment's regions in its order, then any others found in the answers (a
    region since removed from REGIONS), alphabetically."""
    seen = {profile[2] for profile in profiles} - {NOT_SAID}
    return [*configured, *sorted(seen - set(configured))]


async def build_report(
    session: AsyncSession,
    survey: Survey,
    filter: ResponseFilter,
    *,
    threshold: int,
    master_key: bytes,
    language: str,
    made_at: datetime,
    regions: Sequence[str] = (),
    other_label: str = "Other",
) -> Report:
    """Every figure of the report on `survey`'s responses that `filter` selects, with
    counts below `threshold` (and those that would give them away) hidden."""
    if filter.survey_id != survey.id:
        raise ValueError(f"the filter is for {filter.survey_id}, not {survey.id}")
    if survey.responses == "many":
        # Someone who answered ten times must count once, or ten answers from one person
        # would pass for a group of ten: each person's latest response counts.
        filter = dataclasses.replace(filter, one_per_person=True)
    started_filter = dataclasses.replace(filter, unfinished_too=True)
    started = await _count(session, started_filter)
    completed = await _count(session, started_filter, finished=True)
    analysed = await _count(session, filter)
    invited = await _invited(session, survey.id)
    profiles = await _profiles(session, filter)

    region_names = _report_regions(regions, profiles)
    every = _dimensions(region_names)
    dimensions: list[Dimension] = []
    left_out: list[str] = []
    if not survey.linked_to_profile:
        left_out.append(
            "No breakdown by gender, age or region: this survey keeps none of them with the "
            "answers (it is anonymous)."
        )
    else:
        for key, dimension in every.items():
            known = sum(n for p, n in profiles.items() if dimension.column_of(p) != NOT_SAID)
            if known:
                dimensions.append(dimension)
            else:
                left_out.append(f"No breakdown by {key}: none of these respondents gave one.")
    # Priorities by cross-group need gender and age (and region, where known).
    kept = {d.title for d in dimensions}
    cross: list[Dimension] = []
    if every["gender"].title in kept and every["age"].title in kept:
        cross = _cross_dimensions(region_names if every["region"].title in kept else [])

    labels = _Labels(language, survey.languages[0], other_label)
    closed = {q.name: q for q in survey.questions if q.type in (*CLOSED_TYPES, *NUMBER_TYPES)}
    tallies = {name: _Tally() for name in closed}
    await _read_closed(session, filter, closed, tallies)

    # Free text: text questions and the "please say what" after an "Other".
    text_steps: dict[str, str] = {}
    voice_steps: list[str] = []
    for question in survey.questions:
        if question.type == TEXT:
            text_steps[question.name] = labels.of(question.label)
        elif question.type == AUDIO:
            voice_steps.append(question.name)
        if question.or_other:
            text_steps[other_step_name(question.name)] = (
                f"{labels.of(question.label)} — “{other_label}”, in their own words"
            )
    texts = {name: _TextTally() for name in (*text_steps, *voice_steps)}
    await _read_text(session, filter, master_key, list(text_steps), texts)
    await _read_voice(session, filter, voice_steps, texts)

    sections: list[Section] = []
    for question in survey.questions:
        label = labels.of(question.label)
        if question.type in CLOSED_TYPES:
            sections.append(
                _closed_question(
                    question, label, tallies[question.name], dimensions, cross, labels, threshold
                )
            )
        elif question.type in NUMBER_TYPES:
            tally = tallies[question.name]
            sections.append(
                NumberQuestion(
                    question.name,
                    question.type,
                    label,
                    _number_summary(tally, OVERALL, threshold),
                    tuple(_number_summary(tally, d, threshold) for d in dimensions),
                )
            )
        elif question.type in (TEXT, AUDIO):
            sections.append(
                _free_text(
                    question.name,
                    question.type,
                    label,
                    texts[question.name],
                    survey.languages,
                    threshold,
                )
            )
        if question.or_other:
            step = other_step_name(question.name)
            sections.append(
                _free_text(step, TEXT, text_steps[step], texts[step], survey.languages, threshold)
            )

    return Report(
        survey_id=survey.id,
        title=labels.of(survey.title),
        language=language,
        made_at=made_at,
        filters=filter.described(),
        threshold=threshold,
        invited=invited,
        started=started,
        completed=completed,
        analysed=analysed,
        linked_to_profile=survey.linked_to_profile,
        dimensions=tuple(d.title for d in dimensions),
        left_out=tuple(left_out),
        sections=tuple(sections),
    )
