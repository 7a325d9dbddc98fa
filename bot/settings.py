"""Typed settings from the environment and `.env`, one class per section. `.env.example` lists them all."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

FACTS_DIR = Path(__file__).resolve().parent.parent / "facts"


def _config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=prefix, env_file=".env", extra="ignore", env_ignore_empty=True)


class CoreSettings(BaseSettings):
    model_config = _config("COMPANION_")

    db: Annotated[str, BeforeValidator(str)] = Field(
        default="companion.db", description="A SQLite file (a path), sqlite:///path, or a postgresql:// URL"
    )
    db_pool: int = Field(default=10, ge=1, le=1000, description="PostgreSQL connections per process")
    facts: Path = FACTS_DIR
    show: str | None = Field(default=None, description="Which show folder to serve when facts/ holds several")
    log_level: str = "INFO"
    press_queue: int = Field(
        default=1000, ge=1, description="Button presses one process holds waiting; more are told to press again"
    )
    secret_key: SecretStr | None = Field(
        default=None, description="Fernet keys sealing secrets at rest, comma-separated, newest first"
    )

    @field_validator("log_level")
    @classmethod
    def _a_known_level(cls, level: str) -> str:
        if level.upper() not in logging.getLevelNamesMapping():
            raise ValueError("should be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level.upper()


class DiscordSettings(BaseSettings):
    model_config = _config("DISCORD_")

    token: SecretStr | None = None
    guild_id: int | None = None
    shard_count: int | None = None
    guild_ready_timeout: float = 2.0
    message_content: bool = False
    """The privileged Message Content intent: only the spoiler guard needs it (enable it in the portal too)."""


class SlackSettings(BaseSettings):
    model_config = _config("SLACK_")

    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    api_url: str | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    command_prefix: str = ""
    allow_plaintext_tokens: bool = False
    guard: bool = False
    """The spoiler guard reads members' messages: OAuth installs then ask for channels:history too."""


class HttpSettings(BaseSettings):
    model_config = _config("")

    host: str = "127.0.0.1"
    port: int = 3000


class Settings:
    """All sections, read once."""

    def __init__(self) -> None:
        self.core = CoreSettings()
        self.discord = DiscordSettings()
        self.slack = SlackSettings()
        self.http = HttpSettings()
