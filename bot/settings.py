"""The one settings object: read from the environment and an optional `.env` file."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from content.survey_model import MAX_RETENTION_DAYS

DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/peacebot.sqlite3"
SUPPORTED_LANGUAGES = ("en", "fr", "ar", "es")

_TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_MIN_PEPPER_LENGTH = 32


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says how to fix it."""


class Settings(BaseSettings):
    """Every knob of a deployment. Environment variables win over `.env`."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    bot_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_TELEGRAM_API_URL
    bot_username: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    pseudonym_pepper: SecretStr | None = None
    encryption_key: SecretStr | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_language: str = "en"

    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_path: str = "/telegram/webhook"
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)

    # Who runs this deployment and how to reach them, as the consent notice says it; and who
    # else sees the answers (e.g. "the peace secretariat, as totals only"). Shown as written
    # in every language; unset, each language says it in general words.
    organisation_name: str | None = None
    organisation_contact: str | None = None
    data_shared_with: str | None = None
    # Raise it when the meaning of the notice changes: everyone is asked again. (A change of
    # the notice's wording or of the three settings above re-asks by itself, see
    # services/consent.py.) At most 23 characters: a digest is added to it.
    consent_version: str = Field(default="1", pattern=r"^[A-Za-z0-9._-]{1,23}$")
    # The areas participants can choose from, comma-separated, in the deployment's own words.
    regions: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # May people under 18 take part? If not, they are told why and nothing is kept.
    minors_may_continue: bool = False
    # Where to get help locally, for the end of each explainer (unset: general words).
    local_help: str | None = None
    # "One explainer a week": how often, and how often the bot looks for who is due.
    drip_period_days: float = Field(default=7.0, gt=0)
    drip_check_seconds: float = Field(default=3600.0, ge=1)
    # How many updates the bot handles at once (the others wait their turn); the database
    # pool keeps as many connections. With PostgreSQL, replicas x this must stay below the
    # server's max_connections.
    max_concurrent_updates: int = Field(default=16, ge=1, le=500)
    # Connections to Redis per process; a handler waits for a free one rather than failing.
    redis_max_connections: int = Field(default=64, ge=4, le=10_000)
    # The folder of survey files (unset: the bot's own content/surveys/).
    surveys_dir: Path | None = None

    # Broadcasts. Messages a second for all workers together (Telegram's ceiling is about
    # 30; keep room for replies to people chatting). Sends kept on their way at once
    # (0: enough for the rate). A worker's hold on a delivery it took; after a crash its
    # deliveries are taken over once this has passed. Attempts after network errors.
    broadcast_rate: float = Field(default=25.0, gt=0, le=1000)
    broadcast_in_flight: int = Field(default=0, ge=0, le=1000)
    broadcast_lease_seconds: float = Field(default=60.0, ge=1)
    broadcast_max_attempts: int = Field(default=5, ge=1, le=50)
    # `peacebot run` also sends broadcasts; false when separate `peacebot worker`s do.
    run_worker: bool = True
    # The deployment's time zone, for scheduled broadcasts (e.g. Africa/Khartoum).
    time_zone: str = "UTC"

    # Exports and reports. Counts below this are hidden ("<10"), with whatever would let
    # them be worked out again; `--internal` uses 5 (services.suppression).
    suppression_threshold: int = Field(default=10, ge=5, le=1000)
    # The key behind export respondent ids: two exports share ids only if made with the
    # same key (give each organisation its own). Unset: every export gets a fresh one.
    export_key: SecretStr | None = None
    # How many days survey responses are kept before `peacebot purge` removes them, for
    # surveys that do not set their own `retention_days`. Unset (or empty): kept until
    # someone deletes them.
    response_retention_days: int | None = Field(default=None, ge=1, le=MAX_RETENTION_DAYS)

    flood_limit: int = Field(default=20, ge=1)
    flood_window_seconds: float = Field(default=10.0, gt=0)
    state_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    shutdown_grace_seconds: float = Field(default=10.0, ge=0)
    log_level: str = "INFO"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _TOKEN_PATTERN.match(value.get_secret_value()):
            raise ValueError(
                "does not look like a bot token (digits, a colon, then letters); "
                "copy it again from @BotFather"
            )
        return value

    @field_validator("telegram_api_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// address")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// "
                f"(default {DEFAULT_DATABASE_URL})"
            )
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("export_key")
    @classmethod
    def _export_key_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < _MIN_PEPPER_LENGTH:
            raise ValueError(
                f"is too short (at least {_MIN_PEPPER_LENGTH} characters); make one with "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        return value

    @field_validator("pseudonym_pepper")
    @classmethod
    def _pepper_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < _MIN_PEPPER_LENGTH:
            raise ValueError(
                f"is too short (at least {_MIN_PEPPER_LENGTH} characters); "
                "run `peacebot init` to generate one"
            )
        return value

    @field_validator("encryption_key")
    @classmethod
    def _key_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        decode_master_key(value.get_secret_value())
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if not re.match(r"^[A-Za-z0-9_-]{16,256}$", value.get_secret_value()):
            raise ValueError("must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("response_retention_days", mode="before")
    @classmethod
    def _blank_is_forever(cls, value: object) -> object:
        # RESPONSE_RETENTION_DAYS= (left empty in .env) means "no limit", like leaving it out.
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.isdigit() for part in parts):
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890")
            return [int(part) for part in parts]
        return value

    @field_validator("regions", mode="before")
    @classmethod
    def _comma_separated_regions(cls, value: object) -> object:
        if isinstance(value, str):
            regions = [part.strip() for part in value.split(",") if part.strip()]
            if any(len(region) > 64 for region in regions):
                raise ValueError("each region name must be at most 64 characters")
            if len(regions) > 40:
                raise ValueError("at most 40 regions (one button each); group smaller areas")
            return regions
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                "is not a time zone name; use one like Africa/Khartoum, Asia/Aden or UTC"
            ) from None
        return value

    @property
    def export_key_bytes(self) -> bytes | None:
        return self.export_key.get_secret_value().encode() if self.export_key else None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    # --- what each entry point needs, checked with a message that says how to fix it ---

    def require_bot_token(self) -> str:
        if self.bot_token is None:
            raise SettingsError(
                "BOT_TOKEN is not set: get a token from @BotFather in Telegram and put "
                "BOT_TOKEN=... in .env (or run `peacebot init`)"
            )
        return self.bot_token.get_secret_value()

    def require_pepper(self) -> bytes:
        if self.pseudonym_pepper is None:
            raise SettingsError(
                "PSEUDONYM_PEPPER is not set: run `peacebot init` to generate the secrets"
            )
        return self.pseudonym_pepper.get_secret_value().encode()

    def require_master_key(self) -> bytes:
        if self.encryption_key is None:
            raise SettingsError(
                "ENCRYPTION_KEY is not set: run `peacebot init` to generate the secrets"
            )
        return decode_master_key(self.encryption_key.get_secret_value())

    def require_webhook(self) -> tuple[str, str]:
        if not self.webhook_url:
            raise SettingsError(
                "WEBHOOK_URL is not set: give the public https:// address Telegram should call"
            )
        if self.webhook_secret is None:
            raise SettingsError(
                "WEBHOOK_SECRET is not set: run `peacebot init` or set 16+ characters "
                "of A-Z, a-z, 0-9, _ and -"
            )
        return self.webhook_url, self.webhook_secret.get_secret_value()

    def secrets(self) -> list[str]:
        """Every secret value, so that log output can be scrubbed of them."""
        values = [self.bot_token, self.pseudonym_pepper, self.encryption_key, self.webhook_secret]
        return [value.get_secret_value() for value in values if value is not None]

    @property
    def sqlite_path(self) -> Path | None:
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url[len(prefix) :])
        return None


def decode_master_key(text: str) -> bytes:
    """The master key is 32 bytes written as URL-safe base64 (what `peacebot init` writes)."""
    try:
        key = base64.urlsafe_b64decode(text.encode() + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("is not URL-safe base64; run `peacebot init` to generate one") from error
    if len(key) != 32:
        raise ValueError(
            f"must decode to 32 bytes, not {len(key)}; run `peacebot init` to generate one"
        )
    return key


def load_settings(env_file: Path | str | None = ".env") -> Settings:
    """Read settings, turning validation errors into one line per setting."""
    try:
        return Settings(_env_file=env_file)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
            message = str(problem["msg"]).removeprefix("Value error, ")
            lines.append(f"{name} {message}")
        raise SettingsError("\n".join(lines)) from None
