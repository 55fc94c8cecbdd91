"""`peacebot content check` names each problem with its file and line; render() makes Telegram HTML.

Each folder in tests/fixtures/explainers_broken/ is a whole library with one kind of problem.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from content.explainers import (
    AGE_BANDS,
    LANGUAGES,
    LIBRARY_DIR,
    ContentProblem,
    Explainer,
    load_library,
    render,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = FIXTURES / "explainers_broken"
VALID = FIXTURES / "explainers_valid"

# Each case's problems, in order, as `file:line: message` (file relative to the case's folder);
# a problem must start with the text given.
EXPECTED: dict[str, list[str]] = {
    "no-header": [
        'a/en.md:1: no header: the file must start with a line "---", the header, and another '
        'line "---"'
    ],
    "header-not-closed": ['a/en.md:1: the header is not closed: add a line "---"'],
    "yaml-syntax-error": [
        "a/fr.md:4: the header is not valid YAML: mapping values are not allowed here. "
        'Put a value in quotes if it contains ": "'
    ],
    "header-not-field-value-lines": ['a/en.md:2: the header must be lines of "field: value"'],
    "missing-field": ['a/en.md:1: missing field "sources" in the header'],
    "unknown-field": ['a/en.md:10: unknown field "reading_level" (one of: id, language,'],
    "field-twice": ['a/en.md:10: "topic" appears twice in the header: keep one'],
    "wrong-type-priority": [
        'a/en.md:10: "priority" must be a whole number from 0 to 100, not text'
    ],
    "wrong-type-audiences": [
        'a/en.md:6: "audiences" must be a list such as [youth, women], not text'
    ],
    "wrong-type-required": ['a/en.md:9: "required" must be true or false, not text'],
    "empty-audiences": ['a/en.md:6: "audiences" is empty: give at least one'],
    "id-not-folder-name": ['a/en.md:2: id "b" does not match the folder\'s name "a"'],
    "id-not-allowed": [
        'Youth_Rights/en.md:2: id "Youth_Rights" may only have lowercase letters a-z, digits '
        'and "-", at most 40 characters'
    ],
    "language-not-file-name": ['a/fr.md:3: language "en" does not match the file\'s name "fr.md"'],
    "unknown-language": ['a/de.md:3: unknown language "de" (one of: en, fr, ar, es)'],
    "unknown-topic": ['a/en.md:5: unknown topic "peace" (one of: what-are-rights,'],
    "unknown-audience": ['a/en.md:6: unknown audience "youht" (did you mean "youth"?)'],
    "unknown-audience-block-list": ['a/en.md:8: unknown audience "farmers" (one of: everyone,'],
    "unknown-age-band": ['a/en.md:10: unknown age band "18-29" (did you mean "18-24"?)'],
    "priority-out-of-range": ["a/en.md:10: priority 150 is outside 0 to 100"],
    "title-too-long": ["a/en.md:4: the title has 121 characters; at most 100"],
    "duplicate": [
        'a/fr.md:2: another file has the same id "a" and language "en": a/en.md',
        'a/fr.md:3: language "en" does not match the file\'s name "fr.md"',
    ],
    "related-does-not-exist": ['a/en.md:10: related explainer "participation" does not exist'],
    "missing-translations": [
        "a/en.md:9: missing translations: ar.md, es.md (an explainer is needed in en, fr, ar, "
        'es unless its header says "required: false")'
    ],
    "short-too-long": ["a/en.md:11: the short part has 121 words; at most 120"],
    "more-too-long": ['a/en.md:15: the "tell me more" part has 301 words; at most 300'],
    "short-part-empty": ["a/en.md:11: the short part is empty: write it after the header"],
    "heading": ['a/en.md:11: headings ("#") are not allowed'],
    "html": ['a/en.md:11: HTML is not allowed ("<b>"): write **bold**, _italic_ or'],
    "html-comment": ['a/en.md:12: HTML is not allowed ("<!-- check with Sara -->")'],
    "table": ["a/en.md:13: tables are not allowed (Telegram cannot show them)"],
    "image": ['a/en.md:13: images ("![...](...)") are not allowed'],
    "placeholder": ['a/en.md:11: unknown placeholder "{name}": only {local_help} is filled in'],
    "link-not-web-address": [
        'a/en.md:11: the link "www.ohchr.org" cannot be shown as a link: it must be a web '
        "address starting with https:// (or http://), with no spaces or brackets"
    ],
    "more-marker-twice": ['a/en.md:17: a second "<!-- more -->": there can be only one'],
    "more-marker-not-alone": ['a/en.md:11: "<!-- more -->" must be alone on its line'],
    "short-too-long-for-telegram": [
        "a/en.md:11: the short part with its title is 4121 characters in Telegram (keeping "
        "200 for {local_help}); at most 4096"
    ],
    "more-too-long-for-telegram": [
        'a/en.md:15: the "tell me more" part is 4097 characters in Telegram'
    ],
    "empty-library": [".: no explainers here: add a folder per explainer"],
}


def _problems(directory: Path) -> list[str]:
    _, problems = load_library(directory)
    return [str(ContentProblem(p.path.relative_to(directory), p.line, p.message)) for p in problems]


def test_every_broken_fixture_says_what_it_expects() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_broken_library_names_the_file_and_line(case: str) -> None:
    found = _problems(BROKEN / case)
    expected = EXPECTED[case]
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), found


def test_the_valid_library_passes() -> None:
    library, problems = load_library(VALID)
    assert problems == []
    assert library.ids() == ["speak-freely", "take-part"]
    assert len(library) == 8  # README.md and take-part/notes.txt are not explainers
    for explainer_id in library.ids():
        assert library.languages_of(explainer_id) == list(LANGUAGES)
    assert [e.id for e in library.in_language("ar")] == ["take-part", "speak-freely"]  # priority

    take_part = library.get("take-part", "en")
    assert take_part is not None
    assert take_part.audiences == ("youth", "women")
    assert take_part.age_bands == ("18-24", "25-29")
    assert take_part.priority == 80
    assert take_part.required is True
    assert take_part.short.startswith("Amal wants to speak")
    assert take_part.more is not None and take_part.more.endswith("{local_help}.")
    assert take_part.path == VALID / "take-part" / "en.md"

    speak_freely = library.get("speak-freely", "es")
    assert speak_freely is not None
    assert speak_freely.priority == 50  # the default
    assert speak_freely.more is None
    assert library.get("speak-freely", "de") is None


def test_the_profile_and_the_explainers_know_the_same_age_bands() -> None:
    from services.profile import AGE_BANDS as PROFILE_AGE_BANDS

    assert AGE_BANDS == PROFILE_AGE_BANDS


def test_the_library_folder_is_next_to_the_module() -> None:
    assert (LIBRARY_DIR / "README.md").is_file()


def test_a_file_with_a_problem_is_left_out_and_the_others_stay(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "library")
    french = tmp_path / "library" / "take-part" / "fr.md"
    french.write_text(
        french.read_text(encoding="utf-8").replace("[youth, women]", "[youth, femmes]"),
        encoding="utf-8",
    )
    library, problems = load_library(tmp_path / "library")
    assert len(problems) == 1
    assert str(problems[0]).startswith(f'{french}:6: unknown audience "femmes" (one of: ')
    assert library.get("take-part", "fr") is None
    assert library.get("take-part", "en") is not None
    assert len(library) == 7


def _one_explainer(tmp_path: Path, body: str) -> tuple[list[str], Explainer | None]:
    folder = tmp_path / "library" / "a"
    folder.mkdir(parents=True)
    (folder / "fr.md").write_text(
        "---\nid: a\nlanguage: fr\ntitle: Puis-je participer ?\ntopic: participation\n"
        "audiences: [everyone]\nsources: [Pacte, article 25]\nrequired: false\n---\n" + body,
        encoding="utf-8",
    )
    library, problems = load_library(tmp_path / "library")
    return [p.message for p in problems], library.get("a", "fr")


def test_120_words_fit_and_punctuation_alone_is_not_a_word(tmp_path: Path) -> None:
    # French puts a space before "?", ":" and "!": those are not words.
    body = " ".join(["**mot**"] * 117) + " [le Pacte](https://example.org) ? : ! —\n"
    problems, explainer = _one_explainer(tmp_path, body)
    assert problems == []
    assert explainer is not None


def test_an_empty_header_names_every_missing_field(tmp_path: Path) -> None:
    folder = tmp_path / "library" / "a"
    folder.mkdir(parents=True)
    (folder / "en.md").write_text("---\n---\nText.\n", encoding="utf-8")
    _, problems = load_library(tmp_path / "library")
    assert [str(p) for p in problems] == [
        f'{folder / "en.md"}:1: missing field "{name}" in the header'
        for name in ("id", "language", "title", "topic", "audiences", "sources")
    ]


def test_a_file_that_is_not_utf8_is_named_at_its_line(tmp_path: Path) -> None:
    # Not a fixture file: ruff reads every file under tests/ and stops at one that is not UTF-8.
    folder = tmp_path / "library" / "a"
    folder.mkdir(parents=True)
    text = (
        "---\nid: a\nlanguage: en\ntitle: Can I read?\ntopic: information\n"
        "audiences: [everyone]\nsources: [ICCPR, article 19]\nrequired: false\n---\n"
        "Amal reads at the café.\n"  # line 10, saved in Latin-1
    )
    (folder / "en.md").write_bytes(text.encode("latin-1"))
    _, problems = load_library(tmp_path / "library")
    assert [str(p) for p in problems] == [
        f"{folder / 'en.md'}:10: the file is not UTF-8 text: save it with the UTF-8 encoding"
    ]


def test_a_missing_folder_is_a_problem(tmp_path: Path) -> None:
    library, problems = load_library(tmp_path / "nowhere")
    assert len(library) == 0
    assert [str(p) for p in problems] == [f"{tmp_path / 'nowhere'}: there is no such folder"]


def test_a_problem_reads_path_line_message() -> None:
    problem = ContentProblem(Path("participation/fr.md"), 6, 'unknown audience "youht"')
    assert str(problem) == 'participation/fr.md:6: unknown audience "youht"'


# --- render ----------------------------------------------------------------------------------


def _explainer(short: str, more: str | None = None, title: str = "Can I speak?") -> Explainer:
    return Explainer(
        id="speak",
        language="en",
        title=title,
        topic="expression-assembly",
        audiences=("everyone",),
        age_bands=(),
        regions=(),
        priority=50,
        related=(),
        sources=("ICCPR, article 19",),
        required=True,
        short=short,
        more=more,
        path=Path("speak/en.md"),
    )


def _short(markdown: str, local_help: str = "the town hall") -> str:
    """The rendered short part without its title."""
    rendered = render(_explainer(markdown), "short", local_help)
    title, _, body = rendered.partition("\n\n")
    assert title == "<b>Can I speak?</b>"
    return body


def test_the_short_part_starts_with_the_title_in_bold() -> None:
    rendered = render(_explainer("Yes.", title="Rights & <duties>?"), "short", "")
    assert rendered == "<b>Rights &amp; &lt;duties&gt;?</b>\n\nYes."


def test_bold_and_italic() -> None:
    assert _short("You **have the right** to _speak_.") == (
        "You <b>have the right</b> to <i>speak</i>."
    )


def test_snake_case_words_stay_as_they_are() -> None:
    assert _short("Write to peace_desk_north or _here_.") == (
        "Write to peace_desk_north or <i>here</i>."
    )


def test_web_links_become_links_and_other_links_stay_text() -> None:
    assert _short("Read [the Covenant](https://www.ohchr.org/ccpr?a=1&b=2).") == (
        'Read <a href="https://www.ohchr.org/ccpr?a=1&amp;b=2">the Covenant</a>.'
    )
    assert _short("See [this](http://example.org).") == (
        'See <a href="http://example.org">this</a>.'
    )
    rendered = _short("Press [here](javascript:alert(1)).")
    assert "<a" not in rendered
    assert rendered == "Press [here](javascript:alert(1))."


def test_html_in_the_text_is_shown_not_run() -> None:
    assert _short("<script>alert('x')</script> & 5 > 3") == (
        "&lt;script&gt;alert('x')&lt;/script&gt; &amp; 5 &gt; 3"
    )


def test_list_items_get_bullets_and_paragraphs_stay_apart() -> None:
    markdown = "What you can do:\n- ask\n- bring a\n  friend\n\nA new\nparagraph."
    assert _short(markdown) == "What you can do:\n• ask\n• bring a friend\n\nA new paragraph."


def test_local_help_is_filled_in_and_escaped() -> None:
    rendered = _short("Help: {local_help}.", local_help="Call <Sara> & _Omar_ **now**")
    assert rendered == "Help: Call &lt;Sara&gt; &amp; _Omar_ **now**."


def test_the_more_part_has_no_title() -> None:
    explainer = _explainer("Short.", more="More **here**.")
    assert render(explainer, "more", "") == "More <b>here</b>."
    with pytest.raises(ValueError, match="tell me more"):
        render(_explainer("Short."), "more", "")


def test_arabic_stays_intact() -> None:
    library, _ = load_library(VALID)
    arabic = library.get("take-part", "ar")
    assert arabic is not None
    short = render(arabic, "short", "مركز الحي")
    assert short.startswith("<b>هل يمكنني أن أشارك برأيي في محادثات السلام؟</b>\n\n")
    assert "<b>لك الحق في المشاركة</b>" in short
    assert "<i>مباشرة</i>" in short
    assert "• اسأل عن موعد المشاورة القادمة." in short
    more = render(arabic, "more", "مركز الحي")
    assert ">المادة 25 من العهد</a>" in more
    assert more.endswith("أين تجد المساعدة: مركز الحي.")


@pytest.mark.parametrize(
    "markdown",
    [
        "**a _b** c_",
        "_a **b_ c**",
        "_**both**_",
        "**see [the text](https://example.org) here**",
        "[**half](https://example.org) bold**",
        "a ** b ** c and 2*3*4",
        "_a_b_ __c__ _",
        "x < y & z > w <b>",
    ],
)
def test_odd_markup_still_gives_tags_telegram_accepts(markdown: str) -> None:
    rendered = render(_explainer(markdown), "short", "")
    opened: list[str] = []
    for closing, name in re.findall(r"<(/?)(\w+)[^>]*>", rendered):
        assert name in ("b", "i", "a"), rendered
        if closing:
            assert opened and opened.pop() == name, rendered
        else:
            opened.append(name)
    assert opened == [], rendered
    assert "<" not in re.sub(r"</?(b|i|a)( [^>]*)?>", "", rendered), rendered


# --- the command -----------------------------------------------------------------------------


def _check(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    # Only what the process needs: nothing leaks in from the developer's shell or .env.
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_command_names_the_file_and_line_and_fails(tmp_path: Path) -> None:
    result = _check("--dir", str(BROKEN / "unknown-audience"), home=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "tests/fixtures/explainers_broken/unknown-audience/a/en.md:6: "
        'unknown audience "youht" (did you mean "youth"?)',
        "0 explainers in 0 languages: 1 problem",
    ]


def test_the_command_passes_a_good_library(tmp_path: Path) -> None:
    result = _check("--dir", str(VALID), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["2 explainers in 4 languages: no problems"]
