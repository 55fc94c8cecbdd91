"""Export: a survey's responses written as CSV and XLSX by services.export, against
PostgreSQL's own `COPY (SELECT …) TO STDOUT WITH CSV` of the same answer rows, in the same
run, on the same scratch database.

Setup (not timed): a scratch PostgreSQL database (bench_export_<pid>, created on the server
given by --database-url, migrated, dropped at the end); N participants (--participants,
100,000) with a profile spread over age bands, genders, five regions, roles and join links;
each finished benchmarks/fixtures/ten-questions.yaml once: ten answers each (choices,
ticks, a ranking, scales, numbers, and two free-text questions: the first answered by
everyone, the second by one in five), free text sealed with each participant's own data key
exactly as the bot stores it. Rows are loaded with COPY.

Timed, each in a fresh child process (so each has its own peak memory), --repeat times,
in turns:
- baseline: `COPY (SELECT answers.* of the survey's finished responses) TO STDOUT WITH CSV`
  through asyncpg into a file: about N x 10 narrow rows, the floor for moving these answers
  out of the database;
- CSV: services.export.export_responses into a .csv file as `peacebot export` makes it:
  the pivot into one row per response, respondent ids, small-group blanking, free text
  opened and scrubbed (the default);
- CSV without free text (--no-free-text);
- XLSX (write-only workbook in a thread, with the codebook and details sheets).
The time is from the start of the work (database connected, survey loaded) to the file
closed; the child's peak resident memory is its VmHWM at the end (Linux). With free text,
`peacebot export` opens and scrubs it in a second process (a fork) while the first reads
and writes: its peak is shown apart (an upper bound: it counts the pages shared at the
fork).

Printed: each run's times, the medians, CSV time / COPY time (goal <= 2), XLSX time, the
peak memory of every export process (goal < 200 MB), and checks that each export has N rows
and contains no participant's pseudonym. The exit status is 1 when a goal is missed.

    .venv/bin/python -m benchmarks.export --database-url postgresql+asyncpg://HOST:PORT/DB
        [--participants 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.scratch import scratch_database

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ten-questions.yaml"
SURVEY_ID = "ten-questions"
KINDS = ("copy", "csv", "csv-no-free-text", "xlsx")
RATIO_GOAL = 2.0
MEMORY_GOAL_MB = 200
COMMENTS = [
    "The road to the market floods every rainy season.",
    "We need a clinic closer to the village; call me on 0912 345 678.",
    "Young women want a say in the local council meetings.",
    "Water is expensive and the well is far.",
    "More jobs for young people, please.",
    "Les routes sont mauvaises et il n'y a pas d'électricité le soir.",
    "نحتاج إلى مدرسة قريبة للبنات",
    "Queremos más seguridad en el camino a la escuela.",
]


def _survey() -> Any:
    from content.surveys import load_survey_file

    survey, problems = load_survey_file(FIXTURE)
    if survey is None:
        raise SystemExit(f"{FIXTURE}: {problems}")
    return survey


# ------------------------------------------------------------------ setup


async def seed(url: str, participants: int, master_key: bytes) -> None:
    import asyncpg

    from services.encryption import new_data_key, seal_text, wrap_data_key
    from services.free_text import answer_context
    from storage.database import create_engine
    from storage.migrate import upgrade

    engine = create_engine(url)
    await upgrade(engine)
    await engine.dispose()
    survey = _survey()
    version = survey.recorded_version
    rng = random.Random(7)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    ages = ["18-24", "25-29", "30-39", "40-59", "60-plus", None]
    genders = ["woman", "man", "another", "prefer-not", None]
    regions = ["North", "South", "East", "West", "Lakeside"]
    roles = ["community-member", "womens-group", "youth-group", "civil-society", None]
    sources = ["youth-forum", "radio", "market-day", None]
    people, keys, responses, answers = [], [], [], []
    for n in range(1, participants + 1):
        pseudonym = f"{rng.getrandbits(256):064x}"
        profile = (
            rng.choice(ages), rng.choice(genders), rng.choice(regions),
            rng.choice(roles), rng.choice(sources),
        )  # fmt: skip
        started = now + timedelta(minutes=n % 40_000)
        people.append(
            (n, pseudonym, "en", "1", started, *profile, False, False, False, started, started)
        )
        data_key = new_data_key()
        keys.append((n, wrap_data_key(master_key, data_key, pseudonym), started))
        responses.append((n, SURVEY_ID, version, n, False, *profile, started, started))
        done = started + timedelta(minutes=4)

        def plain(question: str, value: object) -> None:
            answers.append((n, question, json.dumps(value), None, done))  # noqa: B023

        def sealed(question: str, text: str) -> None:
            blob = seal_text(data_key, text, answer_context(n, question))  # noqa: B023
            answers.append((n, question, None, blob, done))  # noqa: B023

        plain("safe", rng.choice(["yes", "no", "unsure"]))
        plain("problems", rng.sample(["roads", "power", "water", "jobs"], rng.randint(1, 2)))
        plain("trust", rng.randint(1, 5))
        plain("minutes", rng.randint(0, 120))
        plain("needs", rng.sample(["school", "clinic", "market"], 3))
        sealed("comment", rng.choice(COMMENTS))
        plain("meetings", rng.choice(["yes", "no"]))
        plain("hope", rng.randint(1, 5))
        plain("household", rng.randint(1, 12))
        if n % 5 == 0:
            sealed("message", rng.choice(COMMENTS))
        else:
            answers.append((n, "message", None, None, done))  # skipped
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        await connection.copy_records_to_table(
            "participants",
            records=people,
            columns=[
                "id", "pseudonym", "language", "consent_version", "consented_at",
                "age_band", "gender", "region", "role", "join_source",
                "broadcast_opt_in", "silent_delivery", "drip_opt_in", "created_at", "updated_at",
            ],
        )  # fmt: skip
        await connection.copy_records_to_table(
            "data_keys", records=keys, columns=["participant_id", "wrapped_key", "created_at"]
        )
        await connection.copy_records_to_table(
            "responses",
            records=responses,
            columns=[
                "id", "survey_id", "survey_version", "participant_id", "paused",
                "age_band", "gender", "region", "role", "join_source",
                "started_at", "completed_at",
            ],
        )  # fmt: skip
        await connection.copy_records_to_table(
            "answers",
            records=answers,
            columns=["response_id", "question", "value", "sealed", "answered_at"],
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


# ------------------------------------------------------------------ one timed run (child)


async def child(kind: str, url: str, out: Path) -> float:
    """Run one export (or the COPY baseline) and return its seconds (imports not timed)."""
    import asyncpg

    from bot.settings import decode_master_key
    from services.export import ExportRequest, export_responses
    from services.export_columns import ExportShape
    from services.export_files import export_file, open_export
    from services.response_filter import ResponseFilter
    from storage.database import create_engine, create_session_factory

    start = time.perf_counter()
    if kind == "copy":
        connection = await asyncpg.connect(_asyncpg_dsn(url))
        try:
            with out.open("wb") as file:

                async def write(chunk: bytes) -> None:
                    file.write(chunk)

                await connection.copy_from_query(
                    "SELECT a.* FROM answers a JOIN responses r ON r.id = a.response_id "
                    f"WHERE r.survey_id = '{SURVEY_ID}' AND r.completed_at IS NOT NULL",
                    output=write,
                    format="csv",
                )
        finally:
            await connection.close()
        return time.perf_counter() - start

    survey = _survey()
    file_kind = "xlsx" if kind == "xlsx" else "csv"
    request = ExportRequest(
        survey=survey,
        which=ResponseFilter(SURVEY_ID),
        shape=ExportShape(free_text=kind != "csv-no-free-text"),
        format=file_kind,
        threshold=10,
        actor="benchmark",
    )
    master_key = decode_master_key(os.environ["ENCRYPTION_KEY"])
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            with open_export(out, file_kind) as stream:
                await export_responses(
                    session,
                    request,
                    export_file(file_kind, stream),
                    master_key,
                    b"e" * 32,
                    text_worker=True,  # as `peacebot export` does
                )
    finally:
        await engine.dispose()
    return time.perf_counter() - start


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, it starts again at exec,
    so the parent's size at the fork does not count)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc/self/status: peak memory needs Linux")


def run_child(kind: str, url: str, out: Path, master_key: str) -> tuple[float, float, float]:
    """(seconds, peak resident MB, its free-text worker's peak MB) of one child process."""
    command = [sys.executable, "-m", "benchmarks.export", "--child", kind, "--database-url", url]
    command += ["--out", str(out)]
    env = {**os.environ, "ENCRYPTION_KEY": master_key}
    done = subprocess.run(command, stdout=subprocess.PIPE, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} run failed (exit {done.returncode})")
    result = json.loads(done.stdout)
    return float(result["seconds"]), float(result["peak_mb"]), float(result["worker_mb"])


# ------------------------------------------------------------------ the run


async def main(args: argparse.Namespace) -> int:
    master_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    from bot.settings import decode_master_key

    async with scratch_database(args.database_url, "export") as (url, where):
        print(f"participants: {args.participants}; database: {where}")
        began = time.perf_counter()
        await seed(url, args.participants, decode_master_key(master_key))
        print(
            f"setup (not timed, {time.perf_counter() - began:.1f} s): {args.participants} "
            f"finished responses of {SURVEY_ID}, ten answers each, free text sealed"
        )
        pseudonyms = await _some_pseudonyms(url)
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        memory: dict[str, float] = dict.fromkeys(KINDS, 0.0)
        workers: dict[str, float] = dict.fromkeys(KINDS, 0.0)
        problems: list[str] = []
        with tempfile.TemporaryDirectory(prefix="peacebot-export-bench-") as folder:
            for turn in range(args.repeat):
                for kind in KINDS:
                    out = Path(folder) / f"{kind}.{'xlsx' if kind == 'xlsx' else 'csv'}"
                    seconds, peak, worker = run_child(kind, url, out, master_key)
                    times[kind].append(seconds)
                    memory[kind] = max(memory[kind], peak)
                    workers[kind] = max(workers[kind], worker)
                    print(
                        f"  run {turn + 1} {kind:<17} {seconds:6.2f} s  peak {peak:6.1f} MB"
                        + (f" (free-text worker {worker:.0f} MB)" if worker else "")
                    )
                    if turn == 0:
                        problems += _check(kind, out, args.participants, pseudonyms)
    return report(times, memory, workers, problems)


async def _some_pseudonyms(url: str) -> list[str]:
    import asyncpg

    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        rows = await connection.fetch("SELECT pseudonym FROM participants ORDER BY id LIMIT 200")
    finally:
        await connection.close()
    return [row[0] for row in rows]


def _check(kind: str, out: Path, participants: int, pseudonyms: list[str]) -> list[str]:
    if kind == "copy":
        return []
    if kind == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(out, read_only=True)
        rows = sum(1 for _ in book["responses"].iter_rows(values_only=True)) - 1
        book.close()
        text = ""
    else:
        text = out.read_text(encoding="utf-8-sig")
        rows = text.count("\n") - 1
    found = []
    if rows != participants:
        found.append(f"{kind}: {rows} rows, expected {participants}")
    if any(pseudonym in text for pseudonym in pseudonyms):
        found.append(f"{kind}: a participant's pseudonym is in the file")
    return found


def report(
    times: dict[str, list[float]],
    memory: dict[str, float],
    workers: dict[str, float],
    problems: list[str],
) -> int:
    median = {kind: statistics.median(values) for kind, values in times.items()}
    ratio = median["csv"] / median["copy"]
    print()
    print(f"{'':<19}{'median s':>9}{'peak MB':>9}{'worker MB':>10}   runs")
    for kind in KINDS:
        runs = " · ".join(f"{value:.2f}" for value in times[kind])
        worker = f"{workers[kind]:10.0f}" if workers[kind] else f"{'-':>10}"
        print(f"{kind:<19}{median[kind]:9.2f}{memory[kind]:9.1f}{worker}   {runs}")
    print()
    goals = [
        (f"CSV export / COPY of the same answer rows: {ratio:.2f}", f"<= {RATIO_GOAL}",
         ratio <= RATIO_GOAL),
        (f"CSV without free text / COPY: {median['csv-no-free-text'] / median['copy']:.2f}",
         "", True),
        (f"XLSX export: {median['xlsx']:.2f} s ({median['xlsx'] / median['copy']:.2f} x COPY)",
         "", True),
        (
            "peak memory of an export process: "
            f"{max(memory[k] for k in KINDS if k != 'copy'):.0f} MB",
            f"< {MEMORY_GOAL_MB}",
            max(memory[k] for k in KINDS if k != "copy") < MEMORY_GOAL_MB,
        ),
        (f"checks (rows, no pseudonym): {'; '.join(problems) or 'all fine'}", "", not problems),
    ]  # fmt: skip
    missed = 0
    for line, goal, ok in goals:
        mark = ("ok" if ok else "MISSED") if goal else ("" if ok else "FAILED")
        print(f"{line:<72} {goal:>8}  {mark}")
        missed += not ok
    print("OK: every goal met" if not missed else f"FAILED: {missed} goal(s) missed")
    return 1 if missed else 0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.export",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--database-url",
        required=True,
        help="postgresql+asyncpg://... server to create a scratch database on",
    )
    parser.add_argument("--participants", type=int, default=100_000, metavar="N")
    parser.add_argument("--repeat", type=int, default=3, metavar="K")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    options = arguments()
    if options.child:
        seconds = asyncio.run(child(options.child, options.database_url, options.out))
        # The worker that opens free text is a fork of this process: its peak counts what it
        # shares with this one at the fork, so it is an upper bound.
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "peak_mb": peak_memory_mb(), "worker_mb": worker}))
        sys.exit(0)
    sys.exit(asyncio.run(main(options)))
