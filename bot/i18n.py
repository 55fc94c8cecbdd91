"""Translation catalogue (Fluent files under content/locales) and language choice."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.settings import SUPPORTED_LANGUAGES, Settings

LOCALES_DIR = Path(__file__).resolve().parent.parent / "content" / "locales"
RIGHT_TO_LEFT = frozenset({"ar"})
_COMMAND = re.compile(r"(?<![\w/\u2068])(/[A-Za-z][A-Za-z0-9_]{0,31})(?!\w)")


class MissingTranslation(Exception):
    """A key is absent from a language's catalogue."""


@dataclass(frozen=True)
class Translator:
    """Every user-visible string for one language."""

    language: str
    _bundle: FluentBundle

    def __call__(self, key: str, **arguments: Any) -> str:
        message = self._bundle.get_message(key) if self._bundle.has_message(key) else None
        if message is None or message.value is None:
            raise MissingTranslation(f"{self.language}: no message {key!r}")
        text, errors = self._bundle.format_pattern(message.value, arguments)
        if errors:
            raise MissingTranslation(f"{self.language}: {key!r}: {errors[0]}")
        if self.language in RIGHT_TO_LEFT:
            # In a right-to-left line "/start" shows as "start/"; isolated, it reads right
            # and stays a tappable command (the mark is not a word character).
            return _COMMAND.sub("\u2068\\1\u2069", str(text))
        return str(text)


class Catalogue:
    """All languages' translations, loaded once at start-up."""

    def __init__(
        self, locales_dir: Path = LOCALES_DIR, languages: Iterable[str] = SUPPORTED_LANGUAGES
    ):
        self.languages = tuple(languages)
        self._translators: dict[str, Translator] = {}
        for language in self.languages:
            # Unicode isolation marks keep Latin placeholders from scrambling RTL lines.
            bundle = FluentBundle([language], use_isolating=language in RIGHT_TO_LEFT)
            for path in sorted((locales_dir / language).glob("*.ftl")):
                bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
            self._translators[language] = Translator(language, bundle)

    def translator(self, language: str) -> Translator:
        return self._translators[language]

    def in_every_language(self, key: str) -> dict[str, str]:
        """One message in each language, e.g. for a file read in several."""
        return {language: self.translator(language)(key) for language in self.languages}

    def keys(self, language: str) -> list[str]:
        return sorted(self._translators[language]._bundle._messages)

    def pick_language(
        self, chosen: str | None, telegram_language_code: str | None, default: str
    ) -> str:
        """The participant's own choice wins; Telegram's language_code is only a first guess."""
        if chosen in self._translators:
            return chosen
        if telegram_language_code:
            guess = telegram_language_code.split("-")[0].lower()
            if guess in self._translators:
                return guess
        return default


def consent_wording(settings: Settings, translate: Translator) -> dict[str, str]:
    """The deployment's words for the consent notice and /help, or the catalogue's general
    words in that language where a setting is empty."""
    return {
        "organisation": settings.organisation_name or translate("default-organisation"),
        "contact": settings.organisation_contact or translate("default-contact"),
        "shared_with": settings.data_shared_with or translate("default-shared-with"),
    }


# Texts Telegram shows in a pop-up (answerCallbackQuery) are cut at 200 characters.
ALERT_KEYS = (
    "quick-exit-limits",
    "private-only",
    "slow-down",
    "button-expired",
    "survey-button-old",
    "survey-refused-use-buttons",
    "survey-refused-choose",
    "survey-refused-required",
    "survey-refused-rank-incomplete",
    "survey-unavailable-closed",
    "survey-unavailable-draft",
    "survey-unavailable-not-invited",
    "survey-unavailable-already-answered",
    "survey-unavailable-not-in-language",
    "staff-opened",
    "staff-reopen-closed",
    "staff-closed",
)
ALERT_LIMIT = 200


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _messages(directory: Path) -> tuple[dict[str, set[str]], list[str]]:
    """Message id -> variables it uses; and syntax problems, with file and line."""
    found: dict[str, set[str]] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.ftl")):
        source = path.read_text(encoding="utf-8")
        for entry in FluentParser().parse(source).body:
            if isinstance(entry, ast.Junk):
                line = source.count("\n", 0, entry.span.start if entry.span else 0) + 1
                shown = (entry.content or "").strip()[:60]
                problems.append(f"{path}:{line}: cannot parse {shown!r}")
            elif isinstance(entry, ast.Message):
                visitor = _Variables()
                visitor.visit(entry)
                found[entry.id.name] = visitor.names
    return found, problems


def catalogue_problems(
    locales_dir: Path = LOCALES_DIR,
    languages: Iterable[str] = SUPPORTED_LANGUAGES,
    reference: str = "en",
) -> list[str]:
    """Every way the catalogues disagree: a key missing or extra in a language, a placeholder
    renamed, dropped or added, a pop-up text too long, a file that does not parse."""
    expected, problems = _messages(locales_dir / reference)
    if not expected:
        problems.append(f"{locales_dir / reference}: no messages")
    for language in languages:
        directory = locales_dir / language
        theirs, syntax = _messages(directory)
        if language != reference:
            problems += syntax
        for key in sorted(expected.keys() - theirs.keys()):
            problems.append(f"{directory}: {key} is missing")
        for key in sorted(theirs.keys() - expected.keys()):
            problems.append(f"{directory}: {key} is not in {reference}")
        for key in sorted(expected.keys() & theirs.keys()):
            if expected[key] != theirs[key]:
                problems.append(
                    f"{directory}: {key} uses {{{', '.join(sorted(theirs[key]))}}}, "
                    f"{reference} uses {{{', '.join(sorted(expected[key]))}}}"
                )
    if problems:
        return problems
    catalogue = Catalogue(locales_dir, languages)
    for language in catalogue.languages:
        for key in ALERT_KEYS:
            # Placeholders at a typical length (a date is 10 characters).
            values = dict.fromkeys(expected.get(key, ()), "2027-01-31")
            text = catalogue.translator(language)(key, **values) if key in expected else ""
            if len(text) > ALERT_LIMIT:
                problems.append(f"{language}: {key} is longer than {ALERT_LIMIT} characters")
    return problems
