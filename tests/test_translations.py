"""Every message exists in every language, with the same placeholders; the check can fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.i18n import LOCALES_DIR, Catalogue, catalogue_problems
from bot.settings import SUPPORTED_LANGUAGES


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
    arguments = dict.fromkeys(
        [
            "bot_name", "organisation", "contact", "shared_with", "language", "age_band",
            "gender", "region", "role", "updates", "silent", "reference", "consent_version",
            "consented_at", "source", "created_at",
        ],
        "X",
    )  # fmt: skip
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
