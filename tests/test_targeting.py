"""The targeting rules and the question search, with no bot at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.factory import topic_names
from bot.i18n import Catalogue
from content.explainers import Explainer, Library, load_library
from services.explainer_search import ExplainerIndex, fold
from services.targeting import Reader, audiences_of, candidates, suggest, topics_for


def explainer(
    id: str,
    *,
    audiences: tuple[str, ...] = ("everyone",),
    topic: str = "participation",
    priority: int = 50,
    language: str = "en",
    age_bands: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    title: str = "",
    short: str = "",
) -> Explainer:
    return Explainer(
        id, language, title or id, topic, audiences, age_bands, regions, priority, (), (),
        True, short or f"About {id}.", None, Path(f"{id}/{language}.md"),
    )  # fmt: skip


LIBRARY = Library(
    [
        explainer("rights", topic="what-are-rights", priority=90),
        explainer("participation", priority=80),
        explainer("participation-youth", audiences=("youth",), priority=60),
        explainer("women-peace", audiences=("women",), topic="women-peace-security", priority=55),
        explainer("faith", audiences=("faith-leaders",), priority=85),
        explainer("north-land", topic="land-property", regions=("North",), priority=95),
        explainer("young-adults", audiences=("youth",), age_bands=("25-29",), priority=70),
        explainer("rights", language="fr", topic="what-are-rights", priority=90),
    ]
)


def ids(reader: Reader) -> list[str]:
    return [e.id for e in candidates(LIBRARY, reader)]


def test_a_young_woman_in_a_youth_group_gets_youth_and_women_first() -> None:
    reader = Reader("en", age_band="18-24", gender="woman", role="youth-group")
    order = ids(reader)
    assert set(order[:2]) == {"participation-youth", "women-peace"}
    assert "young-adults" not in order  # for 25-29 only
    assert "faith" not in order
    first = suggest(LIBRARY, reader)
    assert first is not None and first.explainer.id == "participation-youth"
    assert first.reason.key == "reason-role-youth-group"


def test_an_unknown_profile_gets_everyone_content_by_priority() -> None:
    assert ids(Reader("en")) == ["rights", "participation"]
    chosen = suggest(LIBRARY, Reader("en"))
    assert chosen is not None and chosen.reason.key == "reason-everyone"


def test_an_unknown_age_does_not_exclude_but_an_unknown_area_does() -> None:
    assert "young-adults" in ids(Reader("en", role="youth-group"))
    assert "north-land" not in ids(Reader("en"))
    assert ids(Reader("en", region="North"))[0] == "north-land"


def test_nothing_is_repeated_until_everything_that_fits_was_read() -> None:
    reader = Reader("en", role="faith-leader")
    seen = []
    while (chosen := suggest(LIBRARY, reader)) is not None:
        seen.append(chosen.explainer.id)
        reader = Reader("en", role="faith-leader", read=reader.read | {chosen.explainer.id})
    assert seen == ["faith", "rights", "participation"]


def test_the_same_inputs_give_the_same_choice() -> None:
    reader = Reader("en", gender="woman", join_source="evt-youthforum-north")
    assert len({suggest(LIBRARY, reader) for _ in range(5)}) == 1


def test_a_join_link_named_for_a_group_counts_as_that_audience() -> None:
    assert set(audiences_of(Reader("en", join_source="evt-youthforum-north"))) == {"youth"}
    assert audiences_of(Reader("en", join_source="radio-east")) == {}


def test_an_unhelpful_rating_moves_that_topic_down() -> None:
    reader = Reader("en", read=frozenset({"rights"}), unhelpful=frozenset({"rights"}))
    assert ids(reader)[0] == "participation"
    liked = Reader("en", read=frozenset({"participation"}), unhelpful=frozenset({"participation"}))
    assert ids(liked) == ["rights", "participation"]


def test_a_topic_limits_the_choice_and_says_so() -> None:
    chosen = suggest(LIBRARY, Reader("en", topic="participation"))
    assert chosen is not None and chosen.explainer.id == "participation"
    assert chosen.reason.key == "reason-topic"


def test_a_language_with_fewer_explainers_offers_what_it_has() -> None:
    assert ids(Reader("fr", role="youth-group")) == ["rights"]
    assert topics_for(LIBRARY, Reader("fr")) == ["what-are-rights"]
    assert suggest(LIBRARY, Reader("fr", read=frozenset({"rights"}))) is None
    assert suggest(LIBRARY, Reader("ar")) is None


# ------------------------------------------------------------------ search


def test_folding_ignores_accents_vowel_marks_letter_variants_and_the_article() -> None:
    assert fold("Éducation") == fold("education")
    assert fold("المُشَارَكَة") == fold("مشاركه")
    assert fold("الأرض") == fold("ارض")


@pytest.fixture(scope="module")
def index() -> ExplainerIndex:
    library, problems = load_library()
    assert problems == []
    return ExplainerIndex(library, topic_names(Catalogue()))


@pytest.mark.parametrize(
    ("language", "question", "expected"),
    [
        ("en", "someone took my land, can I get my house back?", "land-property"),
        ("fr", "on a pris ma terre, est-ce que je peux récupérer ma maison ?", "land-property"),
        ("es", "¿me pueden obligar a ir a una reunión?", "expression-assembly"),
        ("ar", "هل يحق لي أن أستعيد أرضي وبيتي؟", "land-property"),
        ("ar", "هل يمكن للنساء المشاركة في محادثات السلام؟", "women-peace-security"),
        # The same, typed with vowel marks: they must not split the words.
        ("ar", "هَلْ يُمْكِنُ لِلنِّسَاءِ المُشَارَكَةُ فِي مُحَادَثَاتِ السَّلَامِ؟", "women-peace-security"),
    ],
)
def test_a_question_finds_the_explainer_on_that_topic(
    index: ExplainerIndex, language: str, question: str, expected: str
) -> None:
    hits = index.search(question, language)
    assert hits, "nothing found"
    assert expected in [hit.explainer.id for hit in hits]
    assert all(hit.explainer.language == language for hit in hits)


def test_a_question_about_something_else_finds_nothing(index: ExplainerIndex) -> None:
    assert index.search("what is the weather tomorrow in the football match", "en") == []
