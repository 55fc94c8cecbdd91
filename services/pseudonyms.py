"""Pseudonyms: the keyed hash under which everything about a participant is stored."""

from __future__ import annotations

import hashlib
import hmac


def pseudonym_for(pepper: bytes, telegram_user_id: int) -> str:
    """HMAC-SHA256(pepper, user id) in hex.

    Keyed, so that someone holding a database dump but not the pepper cannot test a
    known Telegram id against it (an unkeyed hash of a 10-digit id is reversed in
    minutes). Stable, so the same person always maps to the same row.
    """
    if not pepper:
        raise ValueError("the pseudonym pepper must not be empty")
    message = str(int(telegram_user_id)).encode()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()
