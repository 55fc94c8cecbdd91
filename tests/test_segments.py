"""Audience segments: reading what a facilitator types, and who it selects, through real SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, literal, select, update

from bot.factory import Runtime
from services.profile import AGE_BANDS, GENDERS, PREFER_NOT_TO_SAY, ROLES
from services.segments import (
    Segment,
    SegmentError,
    count_by_language,
    forget_segment,
    load_segment,
    parse_segment,
    recipients,
    save_segment,
    saved_segments,
)
from storage.models import Contact, Participant, Response, SavedSegment, SurveyInvitation
from tests.conftest import RunningBot
from tests.footprint import participant_of, pseudonym_of
from tests.journey import join

TODAY = date(2027, 3, 31)
CONSENT = "v1"
REGIONS = ("North Kivu", "South Kivu", "Ituri", "Côte d'Ivoire", 'Zone "A"')


def parse(text: str) -> Segment:
    return parse_segment(text, REGIONS, today=TODAY)


# ------------------------------------------------------------------ who is there


@dataclass
class Person:
    """A participant as the test sets them up; None profile fields were never answered."""

    language: str
    age_band: str | None = None
    gender: str | None = None
    region: str | None = None
    role: str | None = None
    join_source: str | None = None
    completed: tuple[str, ...] = ()
    in_progress: tuple[str, ...] = ()
    active_on: date | None = None
    # What makes a broadcast impossible, whatever the segment:
    opted_in: bool = True
    stopped: bool = False
    consent_version: str | None = CONSENT
    reachable: bool | None = True  # None: no contact row at all


# Like amal in every way a segment looks at, so only what excludes them can keep them out.
AMAL = Person(
    "ar", "18-24", "woman", "North Kivu", "youth-group", "evt-youthforum-north",
    completed=("baseline",), active_on=date(2027, 3, 28),
)  # fmt: skip
PEOPLE = {
    "amal": AMAL,
    "bilal": Person(
        "ar", "25-29", "man", "South Kivu", "community-member", "radio-east",
        in_progress=("baseline",), active_on=date(2027, 3, 1),
    ),
    "chloe": Person(
        "fr", "30-39", "woman", "North Kivu", "womens-group",
        completed=("baseline", "followup"),
    ),
    "dario": Person(
        "es", PREFER_NOT_TO_SAY, "another", PREFER_NOT_TO_SAY, "faith-leader", "radio-east",
        active_on=TODAY,
    ),
    "emma": Person("en", completed=("followup",), active_on=date(2027, 2, 1)),
    "farah": Person(
        "fr", "18-24", PREFER_NOT_TO_SAY, "Ituri", PREFER_NOT_TO_SAY, "evt-youthforum-north",
        completed=("baseline",), in_progress=("followup",), active_on=date(2027, 3, 25),
    ),
    "opted_out": Person(**{**AMAL.__dict__, "opted_in": False}),
    "stopped": Person(**{**AMAL.__dict__, "stopped": True}),
    "outdated": Person(**{**AMAL.__dict__, "consent_version": "v0"}),
    "never_consented": Person(**{**AMAL.__dict__, "consent_version": None}),
    "unreachable": Person(**{**AMAL.__dict__, "reachable": False}),
    "no_contact": Person(**{**AMAL.__dict__, "reachable": None}),
}  # fmt: skip
ELIGIBLE = {"amal", "bilal", "chloe", "dario", "emma", "farah"}


@pytest.fixture
async def population(runtime: Runtime) -> dict[int, str]:
    """Everyone in PEOPLE, in the database; participant id → name."""
    names = {}
    async with runtime.session_factory() as session:
        for number, (name, person) in enumerate(PEOPLE.items()):
            participant = Participant(
                pseudonym=name.ljust(64, "0"),
                language=person.language,
                consent_version=person.consent_version,
                age_band=person.age_band,
                gender=person.gender,
                region=person.region,
                role=person.role,
                join_source=person.join_source,
                broadcast_opt_in=person.opted_in,
                stopped_at=datetime(2027, 3, 2, tzinfo=UTC) if person.stopped else None,
                last_active_on=person.active_on,
            )
            session.add(participant)
            await session.flush()
            names[participant.id] = name
            if person.reachable is not None:
                session.add(
                    Contact(participant_id=participant.id, chat_id=1000 + number,
                            reachable=person.reachable)
                )  # fmt: skip
            for survey in person.completed:
                session.add(
                    Response(survey_id=survey, survey_version="1", participant_id=participant.id,
                             completed_at=datetime(2027, 3, 3, tzinfo=UTC))
                )  # fmt: skip
            for survey in person.in_progress:
                session.add(
                    Response(survey_id=survey, survey_version="1", participant_id=participant.id,
                             in_progress_key=f"{survey}:{participant.id}")
                )  # fmt: skip
        await session.commit()
    return names


async def selected(runtime: Runtime, names: dict[int, str], segment: Segment) -> set[str]:
    async with runtime.session_factory() as session:
        ids = list(await session.scalars(recipients(segment, CONSENT)))
    assert ids == sorted(ids)
    return {names[i] for i in ids}


# ------------------------------------------------------------------ who a segment selects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("everyone", ELIGIBLE),
        ("language=ar", {"amal", "bilal"}),
        ("language=ar,fr", {"amal", "bilal", "chloe", "farah"}),
        ("age=youth", {"amal", "bilal", "farah"}),
        ("age=18-24", {"amal", "farah"}),
        ("age=prefer-not", {"dario"}),
        ("gender=woman", {"amal", "chloe"}),
        ("gender=another,prefer-not", {"dario", "farah"}),
        ('region="North Kivu"', {"amal", "chloe"}),
        ("region=ituri,prefer-not", {"dario", "farah"}),
        ("role=youth-group,womens-group", {"amal", "chloe"}),
        ("role=prefer-not", {"farah"}),
        ("source=radio-east", {"bilal", "dario"}),
        # In progress is not answered.
        ("answered=baseline", {"amal", "chloe", "farah"}),
        ("answered=baseline,followup", {"chloe"}),
        ("not-answered=baseline", {"bilal", "dario", "emma"}),
        ("not-answered=baseline,followup", {"bilal", "dario"}),
        ("active-since=2027-03-25", {"amal", "dario", "farah"}),
        ("active-since=7d", {"amal", "dario", "farah"}),
        ("active-since=0d", {"dario"}),
        # Fields combine with AND.
        ("language=ar,fr gender=woman", {"amal", "chloe"}),
        ("age=youth answered=baseline active-since=30d", {"amal", "farah"}),
        ("language=es gender=woman", set()),
    ],
)
async def test_a_segment_selects_exactly_those_it_describes(
    runtime: Runtime, population: dict[int, str], text: str, expected: set[str]
) -> None:
    assert await selected(runtime, population, parse(text)) == expected


async def test_opted_out_stopped_outdated_unreachable_and_contactless_people_never_match(
    runtime: Runtime, population: dict[int, str]
) -> None:
    assert await selected(runtime, population, Segment()) == ELIGIBLE
    exactly_amal = parse(
        'language=ar age=18-24 gender=woman region="North Kivu" role=youth-group '
        "source=evt-youthforum-north answered=baseline not-answered=followup active-since=7d"
    )
    assert await selected(runtime, population, exactly_amal) == {"amal"}
    # The outdated one is left out for their consent alone: under the version they agreed
    # to, they match.
    async with runtime.session_factory() as session:
        ids = list(await session.scalars(recipients(exactly_amal, "v0")))
    assert [population[i] for i in ids] == ["outdated"]


async def test_recipients_feed_an_insert_select(
    runtime: Runtime, population: dict[int, str]
) -> None:
    async with runtime.session_factory() as session:
        await session.execute(
            insert(SurveyInvitation).from_select(
                ["participant_id", "survey_id"],
                recipients(parse("gender=woman"), CONSENT).add_columns(literal("followup")),
            )
        )
        invited = await session.scalars(select(SurveyInvitation.participant_id))
        assert {population[i] for i in invited} == {"amal", "chloe"}


async def test_count_by_language(runtime: Runtime, population: dict[int, str]) -> None:
    async with runtime.session_factory() as session:
        assert await count_by_language(session, Segment(), CONSENT) == {
            "ar": 2, "en": 1, "es": 1, "fr": 2,
        }  # fmt: skip
        assert await count_by_language(session, parse("gender=woman"), CONSENT) == {
            "ar": 1,
            "fr": 1,
        }
        assert await count_by_language(session, parse("language=es gender=woman"), CONSENT) == {}


# ------------------------------------------------------------------ saved segments


async def test_save_load_replace_list_and_forget(runtime: Runtime) -> None:
    young_women = parse('age=youth gender=woman region="North Kivu"')
    async with runtime.session_factory() as session:
        await save_segment(session, "young women north", young_women, "f" * 64)
        await save_segment(session, "arabic", parse("language=ar"), "f" * 64)
        await session.commit()
    async with runtime.session_factory() as session:
        assert await load_segment(session, "young women north") == young_women
        assert await load_segment(session, "nobody saved this") is None
        await save_segment(session, "arabic", parse("language=ar,fr"), "g" * 64)
        await session.commit()
    async with runtime.session_factory() as session:
        assert await saved_segments(session) == [
            ("arabic", parse("language=ar,fr")),
            ("young women north", young_women),
        ]
        row = await session.get(SavedSegment, "arabic")
        assert row is not None and row.created_by == "g" * 64
        assert await forget_segment(session, "arabic") is True
        assert await forget_segment(session, "arabic") is False
        await session.commit()
    async with runtime.session_factory() as session:
        assert [label for label, _ in await saved_segments(session)] == ["young women north"]


@pytest.mark.parametrize("label", ["", " north", "north ", "x" * 41, "north/south", "a;b"])
async def test_a_label_must_be_short_plain_words(runtime: Runtime, label: str) -> None:
    async with runtime.session_factory() as session:
        with pytest.raises(SegmentError, match="cannot be a segment label") as error:
            await save_segment(session, label, Segment(), "f" * 64)
        assert repr(label) in str(error.value)


async def test_a_label_may_be_in_any_script(runtime: Runtime) -> None:
    async with runtime.session_factory() as session:
        await save_segment(session, "نساء الشمال", parse("gender=woman"), "f" * 64)
        await save_segment(session, "x" * 40, Segment(), "f" * 64)
        assert await load_segment(session, "نساء الشمال") == parse("gender=woman")


async def test_damaged_saved_filters_name_the_segment(runtime: Runtime) -> None:
    async with runtime.session_factory() as session:
        session.add(SavedSegment(label="broken", filters="{", created_by="f" * 64))
        await session.flush()
        with pytest.raises(SegmentError, match="'broken'"):
            await load_segment(session, "broken")


# ------------------------------------------------------------------ reading what was typed


@pytest.mark.parametrize("text", ["", "   ", "everyone", "Everyone"])
def test_nothing_or_everyone_is_everyone(text: str) -> None:
    segment = parse(text)
    assert segment == Segment() and segment.is_everyone
    assert segment.describe() == "everyone"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("language=FR,ar,fr", Segment(languages=("fr", "ar"))),
        ("age=youth", Segment(age_bands=("18-24", "25-29"))),
        ("age=18-29", Segment(age_bands=("18-24", "25-29"))),
        ("age=25-29,youth,60-plus", Segment(age_bands=("25-29", "18-24", "60-plus"))),
        ("age=prefer-not", Segment(age_bands=(PREFER_NOT_TO_SAY,))),
        ("gender=woman,prefer-not", Segment(genders=("woman", PREFER_NOT_TO_SAY))),
        ('region="North Kivu",ituri', Segment(regions=("North Kivu", "Ituri"))),
        ("region=“South Kivu”", Segment(regions=("South Kivu",))),
        ('region="Côte d\'Ivoire"', Segment(regions=("Côte d'Ivoire",))),
        ("region=prefer-not", Segment(regions=(PREFER_NOT_TO_SAY,))),
        ("role=faith-leader,prefer-not", Segment(roles=("faith-leader", PREFER_NOT_TO_SAY))),
        ("source=evt-Youth_2027", Segment(join_sources=("evt-Youth_2027",))),
        ("answered=baseline,endline", Segment(answered=("baseline", "endline"))),
        ("not-answered=baseline", Segment(not_answered=("baseline",))),
        ("active-since=2027-01-15", Segment(active_since=date(2027, 1, 15))),
        ("active-since=7d", Segment(active_since=date(2027, 3, 24))),
        ("active-since=30d", Segment(active_since=date(2027, 3, 1))),
        ("Language=ar Gender=woman", Segment(languages=("ar",), genders=("woman",))),
    ],
)
def test_each_field_is_read(text: str, expected: Segment) -> None:
    assert parse(text) == expected


def test_without_deployment_regions_any_region_word_is_taken() -> None:
    assert parse_segment('region="Anywhere At All"') == Segment(regions=("Anywhere At All",))


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("langauge=fr", ["'langauge'", "did you mean language", "active-since"]),
        ("colour=red", ["'colour'", "language, age, gender"]),
        ("language=de", ["'de'", "en, fr, ar, es"]),
        ("age=17", ["'17'", "18-24", "youth", "18-29", "prefer-not"]),
        ("gender=x", ["'x'", "woman, man, another, prefer-not"]),
        ("region=Mars", ["'Mars'", '"North Kivu"', "Ituri", "prefer-not"]),
        ("role=boss", ["'boss'", "faith-leader", "prefer-not"]),
        ('source="two words"', ["'two words'", "A-Z"]),
        ("source=" + "x" * 65, ["x" * 65, "64"]),
        ("answered=Base_line", ["'Base_line'", "survey id"]),
        ("not-answered=" + "a" * 41, ["a" * 41, "at most 40"]),
        ("language=fr gender=woman language=ar", ["'language' is given twice"]),
        ("active-since=2027-02-30", ["'2027-02-30'", "YYYY-MM-DD", "7d"]),
        ("active-since=yesterday", ["'yesterday'", "YYYY-MM-DD"]),
        ("active-since=2027-04-01", ["2027-04-01", "after today"]),
        ("language", ["'language' is not a filter", "field=value"]),
        ("language=", ["'language='", "empty value"]),
        ("language=fr,,ar", ["'language=fr,,ar'", "empty value"]),
        ('region="North Kivu', ["quote"]),
        ("everyone language=fr", ["'everyone'"]),
        ("answered=baseline not-answered=baseline", ["'baseline'", "both"]),
    ],
)
def test_a_mistake_is_refused_naming_the_bad_part(text: str, mentions: list[str]) -> None:
    with pytest.raises(SegmentError) as error:
        parse(text)
    for part in mentions:
        assert part in str(error.value), (part, str(error.value))


# ------------------------------------------------------------------ writing it back


def test_describe_writes_the_fields_in_the_order_parse_reads() -> None:
    segment = parse('gender=woman language=ar,fr age=youth region="North Kivu",Ituri')
    assert (
        segment.describe()
        == 'language=ar,fr age=18-24,25-29 gender=woman region="North Kivu",Ituri'
    )


@pytest.mark.parametrize(
    "text",
    [
        "everyone",
        'region="Côte d\'Ivoire","Zone \\"A\\"",prefer-not',
        "source=evt-youthforum-north answered=baseline not-answered=endline active-since=7d",
        "language=es age=prefer-not gender=another role=other,civil-society",
    ],
)
def test_describe_reads_back_as_the_same_segment(text: str) -> None:
    segment = parse(text)
    assert parse(segment.describe()) == segment


def unique(values: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(values, unique=True, max_size=3).map(tuple)


survey_ids = st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True)
typed_segments = st.builds(
    Segment,
    languages=unique(st.sampled_from(("en", "fr", "ar", "es"))),
    age_bands=unique(st.sampled_from((*AGE_BANDS, PREFER_NOT_TO_SAY))),
    genders=unique(st.sampled_from((*GENDERS, PREFER_NOT_TO_SAY))),
    regions=unique(st.sampled_from((*REGIONS, PREFER_NOT_TO_SAY))),
    roles=unique(st.sampled_from((*ROLES, PREFER_NOT_TO_SAY))),
    join_sources=unique(st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True)),
    answered=unique(survey_ids.filter(lambda s: s < "m")),
    not_answered=unique(survey_ids.filter(lambda s: s >= "m")),
    active_since=st.none() | st.dates(max_value=TODAY),
)


@given(typed_segments)
def test_any_segment_describes_itself_in_words_parse_reads_back(segment: Segment) -> None:
    assert parse(segment.describe()) == segment


@given(
    st.builds(
        Segment,
        **{
            name: unique(st.text(min_size=1))
            for name in ("languages", "age_bands", "genders", "regions", "roles", "join_sources")
        },
        answered=unique(st.text(min_size=1)),
        not_answered=unique(st.text(min_size=1)),
        active_since=st.none() | st.dates(),
    )
)
def test_any_segment_survives_json(segment: Segment) -> None:
    assert Segment.from_json(segment.to_json()) == segment


def test_everyone_is_stored_as_an_empty_object() -> None:
    assert Segment().to_json() == "{}"
    assert Segment.from_json("{}") == Segment()


@pytest.mark.parametrize(
    ("stored", "mentions"),
    [
        ("not json", "not JSON"),
        ("", "not JSON"),
        ('["fr"]', "JSON object"),
        ('{"colour": ["red"]}', "'colour'"),
        ('{"languages": "fr"}', "languages"),
        ('{"languages": [1]}', "languages"),
        ('{"genders": [""]}', "genders"),
        ('{"active_since": "tomorrow"}', "'tomorrow'"),
        ('{"active_since": 5}', "active_since"),
    ],
)
def test_damaged_json_is_refused(stored: str, mentions: str) -> None:
    with pytest.raises(SegmentError, match=mentions):
        Segment.from_json(stored)


# ------------------------------------------------------------------ being active


async def test_writing_to_the_bot_records_the_day(running_bot: RunningBot) -> None:
    alice = running_bot.person("Alice", "en")
    await join(alice, "en")
    async with running_bot.runtime.session_factory() as session:
        await session.execute(
            update(Participant)
            .where(Participant.pseudonym == pseudonym_of(alice))
            .values(last_active_on=date(2020, 1, 1))
        )
        await session.commit()
    before = datetime.now(UTC).date()
    await alice.send("/help")
    recorded = (await participant_of(running_bot, alice)).last_active_on
    assert recorded in {before, datetime.now(UTC).date()}
