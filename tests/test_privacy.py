"""Pseudonyms and encryption at rest: keyed, stable, tamper-evident, erasable."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (
    Column,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url

from bot.factory import Runtime
from services.encryption import (
    DecryptionError,
    new_data_key,
    open_text,
    seal_text,
    unwrap_data_key,
    wrap_data_key,
)
from services.participants import enrol_participant, erase_participant, find_participant
from services.pseudonyms import pseudonym_for
from services.sealed_text import DataKeyDestroyed, open_for, seal_for
from storage.models import Contact, DataKey, Participant

PEPPER = b"a-pepper-of-at-least-thirty-two-bytes!!"
SECRET_ANSWER = "The checkpoint commander at the north bridge took my brother's land papers"


# ------------------------------------------------------------------ pseudonyms


@given(st.integers(min_value=1, max_value=2**63 - 1))
def test_pseudonym_is_stable_and_keyed(user_id: int) -> None:
    first = pseudonym_for(PEPPER, user_id)
    assert first == pseudonym_for(PEPPER, user_id)
    assert len(first) == 64
    assert first != pseudonym_for(PEPPER + b"x", user_id), "another pepper, another pseudonym"
    assert first != hashlib.sha256(str(user_id).encode()).hexdigest(), "never an unkeyed hash"


def test_different_people_get_different_pseudonyms() -> None:
    pseudonyms = {pseudonym_for(PEPPER, user_id) for user_id in range(1, 2001)}
    assert len(pseudonyms) == 2000


def test_an_empty_pepper_is_refused() -> None:
    with pytest.raises(ValueError):
        pseudonym_for(b"", 42)


# ------------------------------------------------------------------ encryption


@given(st.text(max_size=2000))
def test_sealed_text_round_trips(plain: str) -> None:
    key = new_data_key()
    assert open_text(key, seal_text(key, plain, "answer:1"), "answer:1") == plain


def test_sealing_twice_gives_different_ciphertexts() -> None:
    key = new_data_key()
    assert seal_text(key, SECRET_ANSWER, "c") != seal_text(key, SECRET_ANSWER, "c")


def test_tampering_wrong_key_or_wrong_context_is_detected() -> None:
    key = new_data_key()
    blob = bytearray(seal_text(key, SECRET_ANSWER, "answer:1"))
    blob[-1] ^= 0x01
    with pytest.raises(DecryptionError):
        open_text(key, bytes(blob), "answer:1")
    good = seal_text(key, SECRET_ANSWER, "answer:1")
    with pytest.raises(DecryptionError):
        open_text(new_data_key(), good, "answer:1")
    with pytest.raises(DecryptionError):
        open_text(key, good, "answer:2")
    with pytest.raises(DecryptionError):
        open_text(key, b"garbage", "answer:1")


def test_a_wrapped_data_key_is_bound_to_its_pseudonym() -> None:
    master, data_key = os.urandom(32), new_data_key()
    wrapped = wrap_data_key(master, data_key, "pseudonym-a")
    assert unwrap_data_key(master, wrapped, "pseudonym-a") == data_key
    with pytest.raises(DecryptionError):
        unwrap_data_key(master, wrapped, "pseudonym-b")
    with pytest.raises(DecryptionError):
        unwrap_data_key(os.urandom(32), wrapped, "pseudonym-a")


# ------------------------------------------------------- through the database


async def _enrol(runtime: Runtime, user_id: int) -> Participant:
    pepper = runtime.settings.require_pepper()
    async with runtime.session_factory() as session:
        participant = await enrol_participant(
            session,
            pseudonym=pseudonym_for(pepper, user_id),
            chat_id=user_id,
            language="en",
            consent_version="test-1",
        )
        await session.commit()
        return participant


# A stand-in for the answers table that a later issue adds: it holds what seal_for returns.
_samples = Table(
    "sealed_samples",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sealed", LargeBinary),
    Column("clear", Text),
)


async def _database_bytes(runtime: Runtime) -> bytes:
    """Everything the database holds on disk (SQLite: the file and its WAL; PostgreSQL: a dump)."""
    path = runtime.settings.sqlite_path
    if path is not None:
        async with runtime.engine.connect() as connection:
            await connection.execute(text("PRAGMA wal_checkpoint(FULL)"))
        return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is needed to check a PostgreSQL database for plaintext")
    url = make_url(runtime.settings.database_url).set(drivername="postgresql")
    process = await asyncio.create_subprocess_exec(
        "pg_dump",
        "--data-only",
        url.render_as_string(hide_password=False),
        stdout=asyncio.subprocess.PIPE,
    )
    dump, _ = await process.communicate()
    assert process.returncode == 0, "pg_dump failed"
    return dump


async def test_the_database_holds_no_plaintext_of_sealed_text(runtime: Runtime) -> None:
    master = runtime.settings.require_master_key()
    alice = await _enrol(runtime, 5001)
    async with runtime.engine.begin() as connection:
        await connection.run_sync(_samples.metadata.create_all)
    async with runtime.session_factory() as session:
        sealed = await seal_for(session, master, alice, SECRET_ANSWER, "sample:1")
        await session.execute(insert(_samples).values(id=1, sealed=sealed, clear=None))
        await session.commit()
    dump = await _database_bytes(runtime)
    assert SECRET_ANSWER.encode() not in dump
    assert b"land papers" not in dump
    assert str(5001).encode() + b"," not in dump

    # The same check sees clear text when it is there: the test can fail.
    async with runtime.session_factory() as session:
        await session.execute(insert(_samples).values(id=2, sealed=None, clear=SECRET_ANSWER))
        await session.commit()
    assert SECRET_ANSWER.encode() in await _database_bytes(runtime)

    async with runtime.session_factory() as session:
        blob = (
            await session.execute(select(_samples.c.sealed).where(_samples.c.id == 1))
        ).scalar_one()
        assert await open_for(session, master, alice, blob, "sample:1") == SECRET_ANSWER


async def test_erasing_a_participant_destroys_their_key_and_spares_others(runtime: Runtime) -> None:
    master = runtime.settings.require_master_key()
    alice, bob = await _enrol(runtime, 6001), await _enrol(runtime, 6002)
    async with runtime.session_factory() as session:
        alice_blob = await seal_for(session, master, alice, SECRET_ANSWER, "answer:1")
        bob_blob = await seal_for(session, master, bob, "Bob's answer", "answer:2")
        await session.commit()

    async with runtime.session_factory() as session:
        await erase_participant(session, alice)
        await session.commit()

    async with runtime.session_factory() as session:
        for model in (Participant, Contact, DataKey):
            column = model.id if model is Participant else model.participant_id  # type: ignore[attr-defined]
            count = await session.scalar(
                select(func.count()).select_from(model).where(column == alice.id)
            )
            assert count == 0, model.__tablename__
        assert await find_participant(session, alice.pseudonym) is None
        with pytest.raises(DataKeyDestroyed):
            await open_for(session, master, alice, alice_blob, "answer:1")
        still_bob = await find_participant(session, bob.pseudonym)
        assert still_bob is not None
        assert await open_for(session, master, still_bob, bob_blob, "answer:2") == "Bob's answer"
        contacts = await session.scalar(select(func.count()).select_from(Contact))
        assert contacts == 1


async def test_no_table_stores_the_telegram_id_outside_contacts(runtime: Runtime) -> None:
    user_id = 987654321
    participant = await _enrol(runtime, user_id)
    async with runtime.session_factory() as session:
        row = (
            await session.execute(select(Participant).where(Participant.id == participant.id))
        ).scalar_one()
        values = [str(getattr(row, c.key)) for c in Participant.__table__.columns]
        assert not any(str(user_id) in value for value in values)
