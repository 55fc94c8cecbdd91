"""Every message exists in every language, with the same placeholders; the check can fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bidi import get_display

from bot.i18n import LOCALES_DIR, Catalogue, catalogue_problems
from bot.settings import SUPPORTED_LANGUAGES
from tests.journey import PLACEHOLDERS


def test_the_catalogues_agree() -> None:
    assert catalogue_problems() == []


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    return tmp_path / "locales"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_missing_key_is_named(broken_copy: Path) -> None:
    french = broken_copy / "fr" / "bot.ftl"
    lines = french.read_text(encoding="utf-8").splitlines()
    french.write_text(
        "\n".join(line for line in lines if not line.startswith("menu-help")), encoding="utf-8"
    )
    problems = catalogue_problems(broken_copy)
    assert any("fr" in p and "menu-help is missing" in p for p in problems), problems


def test_a_renamed_placeholder_is_named(broken_copy: Path) -> None:
    _edit(broken_copy / "es" / "bot.ftl", "{ $bot_name }", "{ $nombre }")
    problems = catalogue_problems(broken_copy)
    assert any("es" in p and "welcome uses {nombre}" in p for p in problems), problems


def test_a_syntax_error_names_file_and_line(broken_copy: Path) -> None:
    arabic = broken_copy / "ar" / "bot.ftl"
    arabic.write_text(arabic.read_text(encoding="utf-8") + "\nthis is not fluent\n")
    problems = catalogue_problems(broken_copy)
    assert any(f"{arabic}:" in p and "cannot parse" in p for p in problems), problems


def test_every_message_formats_in_every_language() -> None:
    catalogue = Catalogue()
    arguments = dict.fromkeys(PLACEHOLDERS, "X")
    for language in SUPPORTED_LANGUAGES:
        translate = catalogue.translator(language)
        for key in catalogue.keys(language):
            assert translate(key, **arguments).strip(), f"{language}: {key} is empty"


def test_arabic_isolates_latin_placeholders() -> None:
    text = Catalogue().translator("ar")("welcome", bot_name="Peacebot")
    assert "\u2068Peacebot\u2069" in text


def test_language_choice_beats_telegrams_guess() -> None:
    catalogue = Catalogue()
    assert catalogue.pick_language("ar", "fr-FR", "en") == "ar"
    assert catalogue.pick_language(None, "fr-FR", "en") == "fr"
    assert catalogue.pick_language(None, "ko", "es") == "es"
    assert catalogue.pick_language("xx", None, "en") == "en"


def _shown(text: str) -> str:
    """The line as a screen lays it out, left to right (the Unicode bidirectional algorithm)."""
    return "\n".join(get_display(line) for line in text.splitlines())


def test_arabic_lines_show_commands_and_latin_names_the_right_way_round() -> None:
    arabic = Catalogue().translator("ar")
    arguments = dict.fromkeys(PLACEHOLDERS, "1")
    arguments.update(contact="UN Women office, t.me/peace_desk", organisation="Peace Forum 2026")
    commands = ["/start", "/menu", "/settings", "/mydata", "/delete", "/stop", "/language"]
    checked = 0
    for key in Catalogue().keys("ar"):
        text = arabic(key, **arguments)
        shown = _shown(text)
        for command in commands:
            if command in text:
                checked += 1
                assert command in shown, f"{key}: {command} shows as {shown!r}"
        for name in ("UN Women office, t.me/peace_desk", "Peace Forum 2026"):
            if name in text:
                checked += 1
                assert name in shown, f"{key}: {name!r} is scrambled: {shown!r}"
    assert checked > 10


def test_without_isolation_the_check_would_fail() -> None:
    # The control: the same kind of line with no marks is laid out wrongly.
    assert "/start" not in _shown("أرسل /start للبدء.")
