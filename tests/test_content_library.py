"""The starter library itself: complete, valid, and covering what the issue asks for."""

from __future__ import annotations

from content.explainers import AUDIENCES, LANGUAGES, TOPICS, load_library, render


def test_the_starter_library_has_no_problems_and_at_least_15_explainers_in_4_languages() -> None:
    library, problems = load_library()
    assert [str(p) for p in problems] == []
    assert len(library.ids()) >= 15
    for explainer_id in library.ids():
        assert library.languages_of(explainer_id) == list(LANGUAGES), explainer_id


def test_it_covers_every_topic_and_has_audience_variants() -> None:
    library, _ = load_library()
    english = library.in_language("en")
    assert {e.topic for e in english} == set(TOPICS)
    participation = {a for e in english if e.topic == "participation" for a in e.audiences}
    assert {"everyone", "youth", "faith-leaders"} <= participation
    assert {a for e in english for a in e.audiences} <= set(AUDIENCES)


def test_every_explainer_renders_within_telegrams_limit_with_a_local_help_text() -> None:
    library, _ = load_library()
    for language in LANGUAGES:
        for explainer in library.in_language(language):
            short = render(explainer, "short", "the Lakeside legal aid desk, +000 123")
            assert len(short) <= 4096 and "{local_help}" not in short
            if explainer.more:
                assert len(render(explainer, "more", "x")) <= 4096
