"""Finding explainers for a question typed in the chat: BM25 over each language's library,
in process (the library is small), with text folded so that accents, Arabic vowel marks and
letter variants, and the Arabic article do not stop a match. The question is not kept."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from content.explainers import LANGUAGES, Explainer, Library

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
# Words too common to tell explainers apart (the rest is left to BM25's weighting).
_STOP = frozenset(
    " ".join(
        [
            "a an the of to and or in on for is are be can i my me you your what how do does",
            "le la les de des du un une et ou en au aux pour est je mon ma mes tu ton ta qui",
            "el los las del y o por para es yo mi mis tú tu que qué cómo como",
            "في من على إلى عن ما هل أن او و",
        ]
    ).split()
)
MIN_SCORE = 1.5


def fold(word: str) -> str:
    """Lowercase, no accents, Arabic without vowel marks, letter variants or the article."""
    word = _ARABIC_MARKS.sub("", word.lower()).translate(_ARABIC_LETTERS)
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


_ARABIC_CLITICS = ("و", "ف", "ب", "ل", "ك")
_ARABIC_ENDINGS = ("ات", "ون", "ين", "ها", "هم", "نا", "ي", "ه", "ك")
_LATIN_ENDINGS = ("mente", "ment", "ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A light stem, enough for "lands"/"land", "أرضي"/"أرض", "وبيتي"/"بيت"."""
    if "\u0600" <= word[:1] <= "\u06ff":
        if word[:1] in _ARABIC_CLITICS and len(word) >= 5:
            word = word[1:]
        for ending in _ARABIC_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
        return word
    for ending in _LATIN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def terms(text: str) -> list[str]:
    # Marks off the whole text first: "\w" does not match a combining mark, so a vowelled
    # Arabic word or a decomposed accent would otherwise split in two.
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKD", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    folded = (fold(w) for w in _WORD.findall(text))
    return [stem(w) for w in folded if len(w) > 1 and w not in _STOP and not w.isdigit()]


@dataclass(frozen=True)
class Hit:
    explainer: Explainer
    score: float


class ExplainerIndex:
    """BM25 (k1 1.5, b 0.75) over the title and the topic's name in that language (each
    counted three times), the short part and the tell-me-more part."""

    def __init__(
        self,
        library: Library,
        topic_names: dict[tuple[str, str], str] | None = None,
        k1: float = 1.5,
        b: float = 0.75,
    ):
        names = topic_names or {}
        self._having: dict[str, Counter[str]] = {}
        self._k1, self._b = k1, b
        self._documents: dict[str, list[tuple[Explainer, Counter[str], int]]] = {}
        for language in LANGUAGES:
            documents = []
            for explainer in library.in_language(language):
                topic = names.get((explainer.topic, language), explainer.topic)
                heading = f"{explainer.title} {topic} "
                words = terms(heading * 3 + f"{explainer.short} {explainer.more or ''}")
                documents.append((explainer, Counter(words), len(words)))
            self._documents[language] = documents
            self._having[language] = Counter(t for _, counts, _ in documents for t in counts)

    def search(self, question: str, language: str, limit: int = 3) -> list[Hit]:
        documents = self._documents.get(language, [])
        if not documents:
            return []
        average = sum(length for _, _, length in documents) / len(documents)
        hits = []
        asked = set(terms(question))
        for explainer, counts, length in documents:
            score, matched = 0.0, 0
            for term in asked:
                frequency = counts.get(term, 0)
                if not frequency:
                    continue
                matched += 1
                having = self._having[language][term]
                idf = math.log(1 + (len(documents) - having + 0.5) / (having + 0.5))
                norm = self._k1 * (1 - self._b + self._b * length / average)
                score += idf * frequency * (self._k1 + 1) / (frequency + norm)
            # One common word out of a long question is chance, not an answer.
            if score >= MIN_SCORE and matched * 3 >= len(asked):
                hits.append(Hit(explainer, score))
        hits.sort(key=lambda hit: (-hit.score, hit.explainer.id))
        return hits[:limit]
