"""Every message exists in every language, with the same placeholders."""

from __future__ import annotations

from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import LOCALES_DIR, Catalogue
from bot.settings import SUPPORTED_LANGUAGES


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _messages(language: str) -> dict[str, set[str]]:
    """Message id -> the names of the variables it uses."""
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, ast.Junk), f"{path}: cannot parse {entry.content!r}"
            if isinstance(entry, ast.Message):
                visitor = _Variables()
                visitor.visit(entry)
                found[entry.id.name] = visitor.names
    return found


def test_every_language_has_every_message_with_the_same_placeholders() -> None:
    english = _messages("en")
    assert english, "the English catalogue is empty"
    for language in SUPPORTED_LANGUAGES:
        theirs = _messages(language)
        assert set(theirs) == set(english), f"{language}: {set(english) ^ set(theirs)}"
        for key, names in english.items():
            assert theirs[key] == names, f"{language}: {key} uses {theirs[key]}, English {names}"


def test_every_message_formats_without_errors() -> None:
    catalogue = Catalogue()
    for language in SUPPORTED_LANGUAGES:
        translate = catalogue.translator(language)
        for key in _messages(language):
            assert translate(key, bot_name="Peacebot").strip()


def test_arabic_isolates_latin_placeholders() -> None:
    text = Catalogue().translator("ar")("welcome", bot_name="Peacebot")
    assert "\u2068Peacebot\u2069" in text


def test_language_choice_beats_telegrams_guess() -> None:
    catalogue = Catalogue()
    assert catalogue.pick_language("ar", "fr-FR", "en") == "ar"
    assert catalogue.pick_language(None, "fr-FR", "en") == "fr"
    assert catalogue.pick_language(None, "ko", "es") == "es"
    assert catalogue.pick_language("xx", None, "en") == "en"
