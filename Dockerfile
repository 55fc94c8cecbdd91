# syntax=docker/dockerfile:1
#
# peacebot container image.
#
#   docker build -t peacebot .
#   docker run --rm --env-file .env -v peacebot-data:/app/data peacebot          # long polling
#   docker run --rm --env-file .env -p 8080:8080 peacebot run --webhook          # webhook server
#
# No secrets are baked in: BOT_TOKEN, PSEUDONYM_PEPPER, ENCRYPTION_KEY, WEBHOOK_SECRET, ...
# come from the environment at run time (see compose.yaml and `peacebot init`).

ARG PYTHON_IMAGE=python:3.11-slim

# --- build stage: install peacebot and its dependencies into a self-contained venv ---
FROM ${PYTHON_IMAGE} AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

WORKDIR /src

# Dependencies first, read from the project's own pyproject.toml (runtime only, no dev
# extra), so that editing the code does not reinstall them on every build.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt

# Then the project itself (a regular, non-editable install: the source tree is not needed
# at run time; translations and migrations ship as package data).
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY storage ./storage
COPY services ./services
COPY emulator ./emulator
RUN pip install --no-deps . \
 && peacebot --help > /dev/null

# --- runtime stage: only the venv, run as an unprivileged user ---
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH"

RUN groupadd --system --gid 10001 peacebot \
 && useradd --system --uid 10001 --gid peacebot --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin peacebot \
 && mkdir -p /app/data \
 && chown -R peacebot:peacebot /app

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
USER peacebot:peacebot

# The default DATABASE_URL (sqlite+aiosqlite:///data/peacebot.sqlite3) is relative to
# WORKDIR, i.e. /app/data/peacebot.sqlite3. Mount a volume here to keep it.
VOLUME ["/app/data"]

# Only used by `peacebot run --webhook` (WEBHOOK_PORT, default 8080).
EXPOSE 8080

# `peacebot run` stops cleanly on SIGTERM, finishing updates in flight
# (SHUTDOWN_GRACE_SECONDS); give `docker stop` / compose enough time (stop_grace_period).
STOPSIGNAL SIGTERM

ENTRYPOINT ["peacebot"]
CMD ["run"]
