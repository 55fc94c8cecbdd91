"""Authenticated encryption of participants' free text with per-participant data keys.

Each participant has a random 256-bit data key. It is stored only wrapped
(encrypted) by the deployment's master key, bound to the participant's pseudonym
so a wrapped key cannot be moved to another row. Free text is sealed with the
data key using AES-256-GCM. Destroying the wrapped key makes every copy of that
participant's sealed text, including those in old backups, unreadable.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_FORMAT_VERSION = b"\x01"
_NONCE_BYTES = 12
_KEY_BYTES = 32


class DecryptionError(Exception):
    """Sealed data was tampered with, or opened with the wrong key or context."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=_KEY_BYTES * 8)


def _seal(key: bytes, plaintext: bytes, context: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return _FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def _open(key: bytes, blob: bytes, context: bytes) -> bytes:
    return _open_with(AESGCM(key), blob, context)


def _open_with(cipher: AESGCM, blob: bytes, context: bytes) -> bytes:
    if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _FORMAT_VERSION:
        raise DecryptionError("not sealed data of a known format")
    nonce, ciphertext = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
    try:
        return cipher.decrypt(nonce, ciphertext, context)
    except InvalidTag as error:
        raise DecryptionError("sealed data failed authentication") from error


def wrap_data_key(master_key: bytes, data_key: bytes, pseudonym: str) -> bytes:
    """Encrypt a data key under the master key, bound to the participant's pseudonym."""
    return _seal(master_key, data_key, b"data-key:" + pseudonym.encode())


def unwrap_data_key(master_key: bytes, wrapped: bytes, pseudonym: str) -> bytes:
    return _open(master_key, wrapped, b"data-key:" + pseudonym.encode())


def seal_text(data_key: bytes, text: str, context: str) -> bytes:
    """Encrypt text; `context` (e.g. "response:42:q3") must be given again to open it."""
    return _seal(data_key, text.encode("utf-8"), context.encode())


def open_text(data_key: bytes, blob: bytes, context: str) -> str:
    return _open(data_key, blob, context.encode()).decode("utf-8")


class SealedTextOpener:
    """Opens many participants' sealed texts in a row (an export): the master key's cipher
    is made once, each participant's once per call of `data_key`."""

    def __init__(self, master_key: bytes) -> None:
        self._master = AESGCM(master_key)

    def data_key(self, wrapped: bytes, pseudonym: str) -> AESGCM:
        return AESGCM(_open_with(self._master, wrapped, b"data-key:" + pseudonym.encode()))

    @staticmethod
    def text(data_key: AESGCM, blob: bytes, context: str) -> str:
        return _open_with(data_key, blob, context.encode()).decode("utf-8")
