"""Translation catalogue (Fluent files under content/locales) and language choice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from bot.settings import SUPPORTED_LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "content" / "locales"
RIGHT_TO_LEFT = frozenset({"ar"})


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
