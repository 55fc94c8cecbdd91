"""`peacebot report`: the needs-assessment report's figures equal those counted by hand for a
small survey (tests/fixtures/report_surveys/village-needs.yaml) answered through the real
survey services; small counts and those that would give them away are hidden, in the
figures and in the page; the command writes one self-contained HTML file with its charts,
records it in the audit log, and refuses what a person typed wrong with a clear message.

The service tests use a threshold of 3 so that sixteen people give both shown and hidden
counts; the command tests use the real thresholds (10, and 5 with --internal).

Counted by hand (P = person; "youth" = 18-29):

    P   lang gender  age       region | safe  problems          trust needs          minutes
    1   en   woman   18-24     North  | yes   roads power water 1     clinic school  10
    2   en   woman   25-29     North  | yes   roads power water 1     clinic school  20
    3   en   woman   18-24     North  | yes   roads water       1     clinic school  30
    4   en   woman   18-24     North  | yes   roads water       1     clinic jobs    40
    5   en   woman   25-29     North  | yes   roads water       2     clinic jobs    50
    6   en   woman   18-24     South  | no    roads water       2     school jobs    60
    7   en   woman   30-39     South  | no    roads             2     jobs clinic    15
    8   en   woman   40-59     South  | no    roads             2     jobs clinic    25
    9   en   woman   (not)     South  | other water             2     school jobs    35
    10  en   man     18-24     North  | yes   roads power       3     jobs school    5
    11  fr   man     25-29     North  | yes   roads             3     jobs school    45
    12  fr   man     30-39     North  | yes   roads             3     jobs clinic    55
    13  fr   man     30-39     South  | yes   water             3     school jobs    -
    14  ar   man     30-39     South  | no    water             3     school jobs    -
    15  ar   another 18-24     South  | no    water             3     clinic jobs    -
    16  ar   (not)   60-plus   -      | yes   -                 3     -              -
    17  en   woman   18-24     North  | yes, then stopped (unfinished)

P1-P4 finished on 2026-05-03, P5-P16 on 2026-05-10, P17 started on 2026-05-10.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.settings import Settings, decode_master_key
from content.survey_model import Survey
from content.surveys import load_surveys
from services import surveys as taking
from services.broadcasts import SENT
from services.participants import enrol_participant
from services.report import (
    ClosedQuestion,
    FreeTextQuestion,
    GroupPriorities,
    NumberQuestion,
    Report,
    build_report,
    priority_score,
    terms_of,
)
from services.report_charts import Bar, Series, bar_chart
from services.report_page import render_page
from services.response_filter import ResponseFilter
from services.suppression import CountTable, Reason, suppress
from services.survey_engine import Given, Picked, Skipped, Typed, Voice
from storage.database import SessionFactory, create_engine, create_session_factory
from storage.models import Broadcast, Delivery
from tests.cli_harness import Deployment, Peacebot, audit_log
from tests.conftest import TEST_KEY

REPORT_SURVEYS = Path(__file__).resolve().parent / "fixtures" / "report_surveys"
EARLY = datetime(2026, 5, 3, 12, tzinfo=UTC)
LATE = datetime(2026, 5, 10, 12, tzinfo=UTC)
MADE = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
REGIONS = ("North", "South")
HAND_THRESHOLD = 3


@dataclass(frozen=True)
class Person:
    number: int
    language: str
    gender: str | None
    age_band: str | None
    region: str | None
    answers: Mapping[str, Given] = field(default_factory=dict)
    day: datetime = LATE
    finishes: bool = True

    @property
    def pseudonym(self) -> str:
        return f"report-person-{self.number:02d}-" + "q" * 40

    @property
    def chat_id(self) -> int:
        return 7_340_000_000 + self.number


def _person(
    number: int,
    language: str,
    gender: str | None,
    age_band: str | None,
    region: str | None,
    safe: str,
    problems: tuple[str, ...] | None,
    trust: int,
    needs: tuple[str, str] | None,
    minutes: int | None,
    comment: str | None,
    *,
    voice: bool = False,
    day: datetime = LATE,
) -> Person:
    answers: dict[str, Given] = {
        "safe": Picked((safe,)),
        "problems": Picked(problems) if problems else Skipped(),
        "trust": Picked((str(trust),)),
        "needs": Picked(needs) if needs else Skipped(),
        "minutes": Typed(str(minutes)) if minutes is not None else Skipped(),
        "comment": Typed(comment) if comment else Skipped(),
        "voice": Voice(f"voice-file-{number}") if voice else Skipped(),
    }
    if safe == "other":
        answers["safe_other"] = Typed("Checkpoints")
    return Person(number, language, gender, age_band, region, answers, day)


PEOPLE = [
    _person(
        1, "en", "woman", "18-24", "North", "yes", ("roads", "power", "water"), 1,
        ("clinic", "school"), 10,
        "The road to the clinic is broken. Call me on +249 912 345 678", voice=True, day=EARLY,
    ),
    _person(
        2, "en", "woman", "25-29", "North", "yes", ("roads", "power", "water"), 1,
        ("clinic", "school"), 20, "We need a clinic and a school", voice=True, day=EARLY,
    ),
    _person(
        3, "en", "woman", "18-24", "North", "yes", ("roads", "water"), 1,
        ("clinic", "school"), 30, "The clinic is too far", voice=True, day=EARLY,
    ),
    _person(
        4, "en", "woman", "18-24", "North", "yes", ("roads", "water"), 1,
        ("clinic", "jobs"), 40, "No water at the clinic", day=EARLY,
    ),
    _person(
        5, "en", "woman", "25-29", "North", "yes", ("roads", "water"), 2,
        ("clinic", "jobs"), 50, "School fees are too high",
    ),
    _person(
        6, "en", "woman", "18-24", "South", "no", ("roads", "water"), 2,
        ("school", "jobs"), 60, "Roads are dangerous at night",
    ),
    _person(
        7, "en", "woman", "30-39", "South", "no", ("roads",), 2,
        ("jobs", "clinic"), 15, "We need water, water, water",
    ),
    _person(
        8, "en", "woman", "40-59", "South", "no", ("roads",), 2,
        ("jobs", "clinic"), 25, "Ask Fatima at fatima@example.org about the school",
    ),
    _person(
        9, "en", "woman", "prefer-not", "South", "other", ("water",), 2,
        ("school", "jobs"), 35, None,
    ),
    _person(
        10, "en", "man", "18-24", "North", "yes", ("roads", "power"), 3,
        ("jobs", "school"), 5, None,
    ),
    _person(
        11, "fr", "man", "25-29", "North", "yes", ("roads",), 3,
        ("jobs", "school"), 45, "L'école est trop loin",
    ),
    _person(
        12, "fr", "man", "30-39", "North", "yes", ("roads",), 3,
        ("jobs", "clinic"), 55, "Pas d'école pour les filles",
    ),
    _person(
        13, "fr", "man", "30-39", "South", "yes", ("water",), 3,
        ("school", "jobs"), None, "L'école et l'eau",
    ),
    _person(
        14, "ar", "man", "30-39", "South", "no", ("water",), 3,
        ("school", "jobs"), None, "نحتاج إلى الماء",
    ),
    _person(
        15, "ar", "another", "18-24", "South", "no", ("water",), 3,
        ("clinic", "jobs"), None, "الماء بعيد",
    ),
    _person(16, "ar", "prefer-not", "60-plus", None, "yes", None, 3, None, None, "لا يوجد ماء"),
    Person(17, "en", "woman", "18-24", "North", {"safe": Picked(("yes",))}, finishes=False),
]  # fmt: skip
# Invited and reached, but never started; 20 could not be reached; 21 was invited to
# another survey.
NOT_STARTED = [18, 19]
UNREACHED, OTHER_SURVEY = 20, 21
FREE_TEXT_SECRETS = ["Fatima", "fatima@", "912 345", "Checkpoints", "dangerous", "+249"]


def village_needs() -> Survey:
    library, problems = load_surveys(REPORT_SURVEYS)
    assert problems == []
    survey = library.get("village-needs")
    assert survey is not None
    return survey


async def take_village_needs(session_factory: SessionFactory, survey: Survey) -> None:
    """Everyone of PEOPLE answers (through the real survey services) as the table says; and
    the invitation broadcasts."""
    key = decode_master_key(TEST_KEY)
    async with session_factory() as session:
        await taking.set_status(session, survey, "open", EARLY)
        ids: dict[int, int] = {}
        for person in PEOPLE:
            participant = await enrol_participant(
                session,
                pseudonym=person.pseudonym,
                chat_id=person.chat_id,
                language=person.language,
                consent_version="1",
            )
            participant.gender = person.gender
            participant.age_band = person.age_band
            participant.region = person.region
            await session.commit()
            ids[person.number] = participant.id
            response = await taking.start_or_resume(session, survey, participant, person.day)
            step = (await taking.current(session, key, survey, participant, response)).question
            while step is not None:
                if not person.finishes and step.name not in person.answers:
                    break
                given = person.answers.get(step.name, Skipped())
                done = await taking.give(
                    session, key, survey, participant, response, step.name, given, person.day
                )
                step = done.question
            assert (response.completed_at is not None) == person.finishes
        for number in (*NOT_STARTED, UNREACHED, OTHER_SURVEY):
            participant = await enrol_participant(
                session,
                pseudonym=f"report-person-{number:02d}-" + "q" * 40,
                chat_id=7_340_000_000 + number,
                language="en",
                consent_version="1",
            )
            ids[number] = participant.id
        invitation = Broadcast(kind="survey", subject=survey.id, status="done", created_by="x")
        elsewhere = Broadcast(
            kind="survey", subject="another-survey", status="done", created_by="x"
        )
        session.add_all([invitation, elsewhere])
        await session.flush()
        for number in [p.number for p in PEOPLE if p.finishes] + NOT_STARTED:
            session.add(
                Delivery(broadcast_id=invitation.id, participant_id=ids[number], status=SENT)
            )
        session.add(
            Delivery(
                broadcast_id=invitation.id, participant_id=ids[UNREACHED], status="unreachable"
            )
        )
        session.add(
            Delivery(broadcast_id=elsewhere.id, participant_id=ids[OTHER_SURVEY], status=SENT)
        )
        await session.commit()  # fmt: skip


@pytest.fixture
async def answered(migrated: Settings) -> AsyncIterator[SessionFactory]:
    engine = create_engine(migrated.database_url)
    factory = create_session_factory(engine)
    await take_village_needs(factory, village_needs())
    yield factory
    await engine.dispose()


async def make_report(
    factory: SessionFactory,
    *,
    threshold: int = HAND_THRESHOLD,
    language: str = "en",
    since: date | None = None,
    unfinished: bool = False,
    survey: Survey | None = None,
) -> Report:
    survey = survey or village_needs()
    filter = ResponseFilter(survey.id, since=since, unfinished_too=unfinished)
    async with factory() as session:
        return await build_report(
            session,
            survey,
            filter,
            threshold=threshold,
            master_key=decode_master_key(TEST_KEY),
            language=language,
            made_at=MADE,
            regions=REGIONS,
        )


def closed(report: Report, name: str) -> ClosedQuestion:
    section = report.section(name)
    assert isinstance(section, ClosedQuestion)
    return section


def shown(report: Report, name: str, table: str, row: str, column: str) -> int | None:
    """A count as the report publishes it (None: hidden)."""
    section = closed(report, name)
    breakdowns = {b.title: b for b in (section.overall, *section.breakdowns)}
    return breakdowns[table].cell(row, column).entry.count


# ------------------------------------------------------------------ counts and rates


async def test_invited_started_finished_and_the_completion_rate(answered: SessionFactory) -> None:
    report = await make_report(answered)
    # Invited: the 16 who finished and 2 who never started were sent the invitation; one
    # could not be reached, one was invited to another survey.
    assert report.invited == 18
    assert (report.started, report.completed, report.analysed) == (17, 16, 16)
    assert report.completion_rate == pytest.approx(16 / 17 * 100)

    later = await make_report(answered, since=date(2026, 5, 5))
    # P1-P4 finished (and started) on 2026-05-03; P17 started on the 10th.
    assert (later.started, later.completed, later.analysed) == (13, 12, 12)
    assert later.invited == 18  # invitations are not dated by the report's days

    everyone = await make_report(answered, unfinished=True)
    assert everyone.analysed == 17
    assert shown(everyone, "safe", "all respondents", "yes", "all respondents") == 11


# ------------------------------------------------------------------ one choice


async def test_single_choice_counts_shares_and_suppression_by_hand(
    answered: SessionFactory,
) -> None:
    report = await make_report(answered)
    safe = closed(report, "safe")

    # Overall: yes 10, no 5, other 1 of 16. "Other" (1) is small; then "no" is hidden
    # too, or 16 - 10 would give it.
    overall = safe.overall
    assert overall.respondents[0].count == 16
    assert overall.cell("yes", "all respondents").entry.count == 10
    assert overall.cell("yes", "all respondents").share == pytest.approx(62.5)
    assert overall.cell("no", "all respondents").entry.reason is Reason.COMPLEMENTARY
    assert overall.cell("other", "all respondents").entry.reason is Reason.SMALL
    assert overall.cell("no", "all respondents").share is None

    # By gender (women 9, men 5, another 1, not said 1):
    #   yes    5  4  0  1
    #   no     3  1  1  0
    #   other  1  0  0  0
    # Below 3: hidden. The women's column then has one hidden count ("other", 1) under a
    # shown total: the smallest other count in it ("no", 3) is hidden too.
    gender = next(b for b in safe.breakdowns if b.title == "by gender")
    assert gender.columns == ("women", "men", "another gender", "not said")
    assert [e.count for e in gender.respondents] == [9, 5, None, None]
    assert gender.cell("yes", "women").entry.count == 5
    assert gender.cell("yes", "women").share == pytest.approx(5 / 9 * 100)
    assert gender.cell("yes", "men").entry.count == 4
    assert gender.cell("yes", "men").share == pytest.approx(80.0)
    assert gender.cell("no", "women").entry.reason is Reason.COMPLEMENTARY
    for row, column in [
        ("yes", "another gender"),
        ("yes", "not said"),
        ("no", "men"),
        ("no", "another gender"),
        ("no", "not said"),
        ("other", "women"),
        ("other", "men"),
    ]:
        assert gender.cell(row, column).entry.reason is Reason.SMALL, (row, column)

    # By age (youth 9, other ages 6, not said 1):
    #   yes    7  3  0
    #   no     2  3  0
    #   other  0  0  1
    # "yes, other ages" (3) protects "yes, not said" (0) in its row; the column totals
    # line hides "other ages" (6) to protect "not said" (1). "No, other ages" (3) stays
    # shown, but its percentage would come from a hidden total, so there is none.
    age = next(b for b in safe.breakdowns if b.title == "by age")
    assert [e.count for e in age.respondents] == [9, None, None]
    assert age.respondents[1].reason is Reason.COMPLEMENTARY
    assert age.cell("yes", "aged 18–29").entry.count == 7
    assert age.cell("yes", "aged 18–29").share == pytest.approx(7 / 9 * 100)
    assert age.cell("yes", "other ages").entry.reason is Reason.COMPLEMENTARY
    assert age.cell("no", "other ages").entry.count == 3
    assert age.cell("no", "other ages").share is None
    assert age.cell("no", "aged 18–29").entry.reason is Reason.SMALL

    # By region (North 8, South 7, not said 1): everyone in the north said yes.
    region = next(b for b in safe.breakdowns if b.title == "by region")
    assert region.columns == ("North", "South", "not said")
    assert region.cell("yes", "North").entry.count == 8
    assert region.cell("yes", "North").share == pytest.approx(100.0)
    assert region.cell("no", "South").entry.count == 5
    assert region.respondents[1].reason is Reason.COMPLEMENTARY  # South's 7

    # Hidden in this question, every table: overall 1 small + 1 complementary, gender
    # 11 + 1, age 7 + 2, region 8 + 1.
    entries = [e for b in (safe.overall, *safe.breakdowns) for e in b.entries()]
    assert sum(e.reason is Reason.SMALL for e in entries) == 27
    assert sum(e.reason is Reason.COMPLEMENTARY for e in entries) == 5
    # A hidden count is not in the figures at all.
    assert all(e.count is None for e in entries if e.reason is not None)


async def test_a_scale_counts_each_point(answered: SessionFactory) -> None:
    report = await make_report(answered)
    trust = closed(report, "trust").overall
    assert [r.label for r in trust.rows] == ["1 – Not at all", "2", "3 – Completely"]
    assert [r.cells[0].entry.count for r in trust.rows] == [4, 5, 7]
    assert [r.cells[0].share for r in trust.rows] == pytest.approx([25.0, 31.25, 43.75])


# ------------------------------------------------------------------ several choices


async def test_several_choices_are_shares_of_respondents_protected_choice_by_choice(
    answered: SessionFactory,
) -> None:
    report = await make_report(answered)
    problems = closed(report, "problems")
    assert problems.several
    overall = problems.overall
    assert overall.respondents[0].count == 15  # P16 skipped it
    counts = {r.name: r.cells[0].entry.count for r in overall.rows}
    assert counts == {"roads": 11, "power": 3, "water": 10}
    shares = {r.name: r.cells[0].share for r in overall.rows}
    assert shares == pytest.approx({"roads": 11 / 15 * 100, "power": 20.0, "water": 10 / 15 * 100})

    # 8 of the 9 women chose roads: shown, it would say that 1 woman did not. So it is
    # hidden (complementary), and so is every count of the table; the respondents stay.
    gender = next(b for b in problems.breakdowns if b.title == "by gender")
    assert gender.cell("roads", "women").entry.reason is Reason.COMPLEMENTARY
    assert gender.cell("roads", "men").entry.reason is Reason.COMPLEMENTARY  # 3 of 5
    assert gender.cell("power", "women").entry.reason is Reason.SMALL  # 2
    assert all(not cell.entry.shown for row in gender.rows for cell in row.cells)
    assert [e.count for e in gender.respondents] == [9, 5, None, None]


# ------------------------------------------------------------------ rankings


async def test_ranking_priority_scores_by_hand(answered: SessionFactory) -> None:
    report = await make_report(answered)
    needs = closed(report, "needs")
    assert needs.places == 2
    # First place 2 points, second 1. Of 15 respondents (most possible: 2 x 15 = 30):
    #   school: first P6 P9 P13 P14 (8), second P1 P2 P3 P10 P11 (5) = 13
    #   clinic: first P1-P5 P15 (12), second P7 P8 P12 (3)           = 15
    #   jobs:   first P7 P8 P10 P11 P12 (10), second seven people (7) = 17
    overall = needs.overall
    scores = {r.name: r.cells[0].score for r in overall.rows}
    assert scores == pytest.approx({"school": 13 / 30 * 100, "clinic": 50.0, "jobs": 17 / 30 * 100})
    chosen = {r.name: r.cells[0].entry.count for r in overall.rows}
    assert chosen == {"school": 9, "clinic": 9, "jobs": 12}
    assert priority_score(17, 15, 2) == pytest.approx(56.666, abs=0.001)

    # Jobs by gender: 6 of 9 women (points 1+1+1+2+2+1 = 8, score 8 / 18); all 5 men chose
    # it, so their count is hidden (it would tell that no man left it out) and no score.
    gender = next(b for b in needs.breakdowns if b.title == "by gender")
    women = gender.cell("jobs", "women")
    assert women.entry.count == 6
    assert women.share == pytest.approx(6 / 9 * 100)
    assert women.score == pytest.approx(8 / 18 * 100)
    men = gender.cell("jobs", "men")
    assert men.entry.reason is Reason.COMPLEMENTARY
    assert men.score is None and men.share is None


async def test_priorities_of_cross_groups_only_where_enough_people(
    answered: SessionFactory,
) -> None:
    report = await make_report(answered)
    needs = closed(report, "needs")
    # Groups of at least 3: women aged 18-29 (P1-P6), men of other ages (P12-P14), women
    # aged 18-29 in North (P1-P5). Women aged 18-29: jobs by P4 P5 P6 (3 chose it, 3 did
    # not: shown, 3 points of 12); clinic (5 of 6) and school (4 of 6) hidden, as fewer than
    # 3 did not choose them. The other two groups are too small for any score.
    assert needs.priorities == (
        GroupPriorities("women aged 18–29", (("Jobs", 25.0),), hidden=2),
        GroupPriorities("men of other ages", (), hidden=3),
        GroupPriorities("women aged 18–29 in North", (), hidden=3),
    )
    assert "men aged 18–29" in needs.small_groups  # P10, P11
    assert "women of other ages" in needs.small_groups  # P7, P8
    assert "people of another gender of other ages" in needs.small_groups  # nobody
    assert "men of other ages in South" in needs.small_groups  # P13, P14
    assert len(needs.small_groups) == 4 + 11
    assert report.hidden().scores == 2 + 3 + 3


# ------------------------------------------------------------------ numbers, free text


async def test_numbers_give_a_median_where_the_count_is_shown(answered: SessionFactory) -> None:
    report = await make_report(answered)
    minutes = report.section("minutes")
    assert isinstance(minutes, NumberQuestion)
    assert minutes.overall.answered[0].count == 12
    assert minutes.overall.medians[0] == pytest.approx(32.5)
    gender = next(s for s in minutes.breakdowns if s.title == "by gender")
    assert [e.count for e in gender.answered] == [9, 3, None, None]
    assert gender.medians == (30.0, 45.0, None, None)


async def test_free_text_words_used_in_enough_answers_per_language(
    answered: SessionFactory,
) -> None:
    report = await make_report(answered)
    comment = report.section("comment")
    assert isinstance(comment, FreeTextQuestion)
    assert comment.answers.count == 14
    assert comment.unreadable == 0
    by_language = {lt.language: lt for lt in comment.languages}
    assert [by_language[x].answers.count for x in ("en", "fr", "ar")] == [8, 3, 3]
    # "water" is in 2 answers (P7 wrote it three times: one answer); a name, an email and
    # a phone number are in one answer each, and scrubbed first anyway.
    assert by_language["en"].terms == (("clinic", 4), ("school", 3))
    assert by_language["fr"].terms == (("école", 3),)
    assert by_language["ar"].terms == (("ماء", 3),)

    other = report.section("safe_other")
    assert isinstance(other, FreeTextQuestion)
    assert other.answers.reason is Reason.SMALL  # one answer: "Checkpoints"
    assert all(lt.terms == () for lt in other.languages)

    voice = report.section("voice")
    assert isinstance(voice, FreeTextQuestion)
    assert voice.answers.count == 3
    assert {lt.language: lt.answers.count for lt in voice.languages} == {
        "en": 3,
        "fr": None,
        "ar": None,
    }


def test_words_are_counted_without_contact_details_stop_words_or_arabic_marks() -> None:
    scrubbed = terms_of("Call +249 912 345 678 or amina@example.org, see t.me/amina_h")
    assert scrubbed == {"call", "see"}
    assert terms_of("The WATER, the water; the Water!") == {"water"}
    # Marks, alef forms and the article: one word.
    assert terms_of("المَاء") == terms_of("الماء") == terms_of("ماء") == {"ماء"}
    assert terms_of("أمن") == terms_of("امن") == {"امن"}
    assert terms_of("في من على إلى") == set()
    assert terms_of("l'école et l'eau") == {"école", "eau"}


# ------------------------------------------------------------------ the page


class PageReader(HTMLParser):
    """The page's tables (rows of cell texts) by section id, and whether every element that
    must be closed is, in order."""

    VOID = frozenset({"meta", "img", "br", "link", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.section = ""
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.cell: list[str] | None = None
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in self.VOID:
            self.open.append(tag)
        if tag == "section":
            self.section = attributes.get("id") or ""
        elif tag == "table":
            self.tables.setdefault(self.section, []).append([])
        elif tag == "tr":
            self.tables[self.section][-1].append([])
        elif tag in ("td", "th") and self.section in self.tables:
            self.cell = []
        elif tag == "img":
            self.images.append(attributes.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def read_page(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    reader.close()
    assert reader.problems == [] and reader.open == []
    return reader


def rows_of(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table if row}


async def test_the_page_shows_the_figures_and_hides_what_is_hidden(
    answered: SessionFactory,
) -> None:
    report = await make_report(answered)
    page = render_page(report)
    reader = read_page(page)
    assert page.startswith("<!DOCTYPE html>")

    responses = rows_of(reader.tables["responses"][0])
    assert responses == {
        "Invited": ["18"],
        "Started": ["17"],
        "Finished": ["16"],
        "Completion rate": ["94%"],
        "In the figures below": ["16"],
    }
    overall, by_gender, by_age, by_region = reader.tables["q-safe"]
    assert rows_of(overall) == {
        "Answer": ["People", "% of respondents"],
        "Yes": ["10", "63%"],  # 62.5 rounded half up
        "No": ["<3", "–"],
        "Other": ["<3", "–"],
        "Respondents": ["16", ""],
    }
    assert rows_of(by_gender) == {
        "Answer": ["All", "women", "men", "another gender", "not said"],
        "Yes": ["10 (63%)", "5 (56%)", "4 (80%)", "<3", "<3"],
        "No": ["<3", "<3", "<3", "<3", "<3"],
        "Other": ["<3", "<3", "<3", "<3", "<3"],
        "Respondents": ["16", "9", "5", "<3", "<3"],
    }
    assert rows_of(by_age)["No"] == ["<3", "<3", "3 (–)", "<3"]
    assert rows_of(by_region)["Yes"] == ["10 (63%)", "8 (100%)", "<3", "<3"]
    # Roads: 8 women of 9 is hidden, so "8 (" is nowhere in that table.
    problems_by_gender = reader.tables["q-problems"][1]
    assert rows_of(problems_by_gender)["Roads"] == ["11 (73%)", "<3", "<3", "<3", "<3"]
    needs_overall = rows_of(reader.tables["q-needs"][0])
    assert needs_overall["Jobs"] == ["57", "12", "80%"]
    assert needs_overall["School"] == ["43", "9", "60%"]
    priorities = rows_of(reader.tables["q-needs"][-1])
    assert priorities["women aged 18–29"] == ["Jobs 25; 2 more hidden"]
    words = rows_of(reader.tables["q-comment"][0])
    assert words["English"] == ["8", "clinic (4), school (3)"]
    assert words["Arabic"] == ["3", "ماء (3)"]

    # The top says what was hidden, with the report's own totals.
    hidden = report.hidden()
    box = page[page.index('id="what-is-hidden"') : page.index('id="responses"')]
    assert f"<strong>{hidden.small}</strong> counts are hidden" in box
    assert f"<strong>{hidden.complementary}</strong> more" in box
    assert "“&lt;3”" in box
    assert 'id="ai-themes"' in page and "no answer left this computer" in page

    # One chart per table of each closed question, each a PNG inside the page.
    pngs = [base64.b64decode(src.split(",", 1)[1]) for src in reader.images]
    assert all(src.startswith("data:image/png;base64,") for src in reader.images)
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pngs)
    assert len(pngs) == 4 * 4  # safe, problems, trust, needs: overall + 3 breakdowns

    # Nobody can be found in it: no pseudonym, no chat id, no free text.
    for person in PEOPLE:
        assert person.pseudonym not in page
        assert str(person.chat_id) not in page
    for secret in FREE_TEXT_SECRETS:
        assert secret not in page


async def test_the_page_escapes_what_the_survey_file_says(answered: SessionFactory) -> None:
    survey = village_needs()
    hostile = replace(survey, title={"en": '<script>alert("x")</script> & co'})
    page = render_page(await make_report(answered, survey=hostile), internal=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert 'id="internal"' in page
    read_page(page)


async def test_labels_in_the_chosen_language_and_an_anonymous_survey_has_no_groups(
    answered: SessionFactory,
) -> None:
    french = await make_report(answered, language="fr")
    assert [r.label for r in closed(french, "needs").overall.rows] == [
        "École",
        "Dispensaire",
        "Emplois",
    ]
    anonymous = replace(village_needs(), linked_to_profile=False)
    report = await make_report(answered, survey=anonymous)
    assert report.dimensions == ()
    assert closed(report, "safe").breakdowns == ()
    assert closed(report, "needs").priorities == ()
    assert any("anonymous" in reason for reason in report.left_out)


def test_charts_are_the_same_bytes_each_time_and_carry_no_date_or_software() -> None:
    bars = (Bar(40.0, "40%"), Bar(None, "<10"))
    chart = bar_chart(["Yes", "No"], [Series("all", bars)], axis_label="%")
    assert chart == bar_chart(["Yes", "No"], [Series("all", bars)], axis_label="%")
    assert b"matplotlib" not in chart and b"Software" not in chart
    with pytest.raises(ValueError, match="2 rows"):
        bar_chart(["Yes", "No"], [Series("all", bars[:1])], axis_label="%")


# ------------------------------------------------------------------ suppression agrees


TABLES = st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(
    lambda shape: st.lists(
        st.lists(st.integers(0, 25), min_size=shape[1], max_size=shape[1]),
        min_size=shape[0],
        max_size=shape[0],
    )
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(counts=TABLES, threshold=st.integers(2, 10))
def test_overall_counts_are_hidden_alike_in_every_table_that_carries_them(
    counts: list[list[int]], threshold: int
) -> None:
    """The report shows a question's overall counts once, from its one-column table, and
    each breakdown's table carries them again as row totals. Hidden in one and shown in the
    other would undo the protection: they must agree."""
    rows = [f"r{i}" for i in range(len(counts))]
    columns = [f"c{j}" for j in range(len(counts[0]))]
    breakdown = suppress(CountTable.of(rows, columns, counts), threshold)
    overall = suppress(CountTable.of(rows, ["all"], [[sum(r)] for r in counts]), threshold)
    assert [e.shown for e in breakdown.row_totals] == [overall.cell(r, "all").shown for r in rows]
    assert breakdown.grand_total.shown == overall.column_total("all").shown


# ------------------------------------------------------------------ the command


@pytest.fixture
def answered_deployment(peacebot: Peacebot, deployment: Deployment) -> Deployment:
    (deployment.surveys_dir / "village-needs.yaml").write_bytes(
        (REPORT_SURVEYS / "village-needs.yaml").read_bytes()
    )
    assert peacebot("db", "upgrade").returncode == 0

    async def answer() -> None:
        engine = create_engine(deployment.database_url)
        try:
            await take_village_needs(create_session_factory(engine), village_needs())
        finally:
            await engine.dispose()

    asyncio.run(answer())
    return deployment


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_command_writes_one_html_file_with_its_charts_and_audits_it(
    peacebot: Peacebot, answered_deployment: Deployment
) -> None:
    here = answered_deployment.workdir
    result = peacebot("report", "village-needs", "--out", "needs.html")
    assert result.returncode == 0, result.stderr
    assert result.problems == []
    words = " ".join(result.stdout.split())
    assert "Report on village-needs written to needs.html: 16 responses," in words
    assert files_in(here) == ["needs.html"]  # nothing half-written left beside it
    assert (here / "needs.html").stat().st_mode & 0o777 == 0o600  # shared only on purpose

    page = (here / "needs.html").read_bytes()
    text = page.decode("utf-8")
    reader = read_page(text)
    assert len(reader.images) == 16
    # The deployment's threshold, 10: "yes" (10 of 16) is shown, every smaller count hidden.
    assert "counts below 10 hidden" in text
    assert rows_of(reader.tables["q-safe"][0])["Yes"] == ["10", "63%"]
    assert rows_of(reader.tables["q-safe"][1])["Yes"] == ["10 (63%)", "<10", "<10", "<10", "<10"]
    assert 'id="internal"' not in text
    for person in PEOPLE:
        assert person.pseudonym.encode() not in page
        assert str(person.chat_id).encode() not in page
    for secret in FREE_TEXT_SECRETS:
        assert secret.encode() not in page

    entries = audit_log(answered_deployment)
    assert [(e.actor, e.action) for e in entries][-1] == ("cli", "report.create")
    details = json.loads(entries[-1].details)
    assert details["survey"] == "village-needs"
    assert details["threshold"] == 10 and details["internal"] is False
    assert (details["invited"], details["started"], details["completed"]) == (18, 17, 16)
    assert details["analysed"] == 16
    for person in PEOPLE:
        assert person.pseudonym not in entries[-1].details


def test_internal_reports_hide_only_counts_below_5_and_say_so(
    peacebot: Peacebot, answered_deployment: Deployment
) -> None:
    result = peacebot("report", "village-needs", "--out", "inside.html", "--internal")
    assert result.returncode == 0, result.stderr
    assert "For use inside your organisation only" in result.stdout
    text = (answered_deployment.workdir / "inside.html").read_text(encoding="utf-8")
    assert 'id="internal"' in text and "counts below 5 hidden" in text
    # Women 9 and men 5 who answered "problems" are now shown; another gender (1) is not.
    respondents = rows_of(read_page(text).tables["q-problems"][1])["Respondents"]
    assert respondents == ["15", "9", "5", "<5", "<5"]
    assert json.loads(audit_log(answered_deployment)[-1].details)["threshold"] == 5


def test_the_command_reports_in_another_language_and_days(
    peacebot: Peacebot, answered_deployment: Deployment
) -> None:
    result = peacebot(
        "report", "village-needs", "--out", "fr.html", "--lang", "fr", "--since", "2026-05-05"
    )
    assert result.returncode == 0, result.stderr
    assert "12 responses" in result.stdout
    text = (answered_deployment.workdir / "fr.html").read_text(encoding="utf-8")
    assert "Dispensaire" in text and "on or after 2026-05-05" in text
    assert json.loads(audit_log(answered_deployment)[-1].details)["since"] == "2026-05-05"


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (["nowhere-survey"], 'no survey named "nowhere-survey"'),
        (["village-needs", "--since", "2026-13-01"], "--since '2026-13-01': give a day as"),
        (
            ["village-needs", "--since", "2026-05-10", "--until", "2026-05-01"],
            "--until 2026-05-01 is before --since 2026-05-10",
        ),
        (["village-needs", "--lang", "es"], "--lang es: village-needs is in en, fr, ar only"),
    ],
)
def test_what_was_typed_wrong_is_said_plainly_and_nothing_is_written(
    peacebot: Peacebot, answered_deployment: Deployment, arguments: list[str], problem: str
) -> None:
    before = len(audit_log(answered_deployment))
    result = peacebot("report", *arguments, "--out", "report.html")
    assert result.returncode == 2
    assert result.problems[0].startswith("peacebot: ")
    assert problem in result.problems[0]
    assert "Traceback" not in result.stderr
    assert files_in(answered_deployment.workdir) == []
    assert len(audit_log(answered_deployment)) == before


def test_a_place_the_report_cannot_go_is_refused_before_any_work(
    peacebot: Peacebot, answered_deployment: Deployment
) -> None:
    here = answered_deployment.workdir
    missing = peacebot("report", "village-needs", "--out", "no-such-folder/report.html")
    assert missing.returncode == 2
    assert "there is no folder no-such-folder" in missing.problems[0]
    (here / "a-folder").mkdir()
    folder = peacebot("report", "village-needs", "--out", "a-folder")
    assert "that is a folder" in folder.problems[0]
    (here / "old.html").write_text("keep me", encoding="utf-8")
    exists = peacebot("report", "village-needs", "--out", "old.html")
    assert "add --force to replace it" in exists.problems[0]
    assert (here / "old.html").read_text(encoding="utf-8") == "keep me"
    replaced = peacebot("report", "village-needs", "--out", "old.html", "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert (here / "old.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert files_in(here) == ["a-folder", "old.html"]


def test_help_explains_the_report_to_an_organiser(peacebot: Peacebot) -> None:
    result = peacebot("report", "--help")
    assert result.returncode == 0
    words = result.words
    for phrase in ("--out", "--internal", "--since", "--unfinished", "<10", "print it to a PDF"):
        assert phrase in words


async def test_someone_who_answered_many_times_counts_once(migrated: Settings) -> None:
    # A survey people may take again: ten responses of one person must not pass for ten
    # people (small counts are about people).
    survey = replace(village_needs(), responses="many")
    engine = create_engine(migrated.database_url)
    factory = create_session_factory(engine)
    key = decode_master_key(TEST_KEY)
    person = PEOPLE[0]
    try:
        async with factory() as session:
            await taking.set_status(session, survey, "open", EARLY)
            participant = await enrol_participant(
                session,
                pseudonym=person.pseudonym,
                chat_id=person.chat_id,
                language=person.language,
                consent_version="1",
            )
            await session.commit()
            for _ in range(3):
                response = await taking.start_or_resume(session, survey, participant, LATE)
                current = await taking.current(session, key, survey, participant, response)
                step = current.question
                while step is not None:
                    given = person.answers.get(step.name, Skipped())
                    done = await taking.give(
                        session, key, survey, participant, response, step.name, given, LATE
                    )
                    step = done.question
        report = await make_report(factory, survey=survey)
    finally:
        await engine.dispose()
    assert (report.started, report.completed, report.analysed) == (1, 1, 1)
