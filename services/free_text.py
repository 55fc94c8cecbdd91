"""The free-text answers of an export, opened and scrubbed a batch at a time: each with its
participant's own key, then cleaned of contact details (services.scrubbing).

This is the slow part of a large export (a key to unwrap, a text to open and to scrub per
answer), so it is kept light enough to run in a worker process beside the one reading the
database: it imports no database code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.encryption import DecryptionError, SealedTextOpener
from services.scrubbing import scrub

# Said in a cell whose text could not be opened (its key is gone, or it was tampered with).
UNREADABLE = "[unreadable]"


def answer_context(response_id: int, question: str) -> str:
    """What a sealed answer is bound to: moved to another row, it does not open."""
    return f"answer:{response_id}:{question}"


# One response's free text to open: its id, the participant's pseudonym and wrapped data
# key, and its sealed answers in the order of the questions (None: not answered). Sealed
# bytes may come as hex text (PostgreSQL's COPY).
Sealed = tuple[int, str, bytes | str | None, tuple[bytes | str | None, ...]]


@dataclass(frozen=True)
class OpenedTexts:
    # One list per question, one text (or None) per response.
    texts: list[list[str | None]]
    scrubbed: int  # phone numbers, emails, handles and links taken out
    unreadable: int


def open_free_text(
    master_key: bytes, questions: Sequence[str], batch: Sequence[Sealed]
) -> OpenedTexts:
    opener = SealedTextOpener(master_key)
    texts: list[list[str | None]] = [[] for _ in questions]
    scrubbed = unreadable = 0
    for response_id, pseudonym, wrapped, sealed in batch:
        data_key = None
        for column, (question, blob) in enumerate(zip(questions, sealed, strict=True)):
            if not blob:
                texts[column].append(None)
                continue
            try:
                if data_key is None:
                    if not wrapped:
                        raise DecryptionError("no data key")
                    data_key = opener.data_key(_bytes(wrapped), pseudonym)
                text = opener.text(data_key, _bytes(blob), answer_context(response_id, question))
            except (DecryptionError, ValueError):
                unreadable += 1
                texts[column].append(UNREADABLE)
                continue
            cleaned = scrub(text)
            scrubbed += cleaned.total
            texts[column].append(cleaned.text)
    return OpenedTexts(texts, scrubbed, unreadable)


def _bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else bytes.fromhex(value)
