"""The one settings object, read from the environment (nested with ``__``) and ``.env``.

Nothing reads settings at import time: the composition root calls :func:`load_settings`
once and hands the sections to what needs them. ``.env.example`` mirrors every field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class TelegramSettings(BaseModel):
    token: SecretStr = SecretStr("")
    api_url: str = "https://api.telegram.org"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    # Webhook mode (runtime.webhook): an empty URL means long polling.
    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr("")
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = "/telegram/webhook"
    webhook_max_connections: int = Field(default=1, ge=1, le=100)
    webhook_delete_on_stop: bool = False

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", "").split(",") if part]
        if isinstance(value, int):
            return [value]
        return value


class PostgresSettings(BaseModel):
    dsn: SecretStr = SecretStr("postgresql://jobbot@127.0.0.1:54329/jobbot")
    pool_min: int = 1
    pool_max: int = 10


class RedisSettings(BaseModel):
    url: str = ""


class SearchSettings(BaseModel):
    url: str = "sqlite:///var/index.sqlite"
    embedding_model: str = "all-MiniLM-L6-v2"
    embedding_batch: int = 64
    openai_embeddings: bool = False
    expire_days: int = 45


class LLMSettings(BaseModel):
    openai_api_key: SecretStr = SecretStr("")
    openai_base_url: str = "https://api.openai.com/v1"
    openai_model: str = "gpt-4o-mini"
    groq_api_key: SecretStr = SecretStr("")
    groq_base_url: str = "https://api.groq.com"
    groq_model: str = "llama-3.1-8b-instant"
    temperature: float = Field(default=0.1, ge=0.0, le=0.2)
    timeout_s: float = 20.0
    top_k: int = 10
    concurrency: int = 4
    daily_budget_per_user: int = 60


class MatchSettings(BaseModel):
    # "learned": the weights of scoring/data/blend_weights.json over every part; "seed":
    # embed_weight·embedding + (1 − embed_weight)·rubric, the seed's blend.
    blend: Literal["learned", "seed"] = "learned"
    embed_weight: float = Field(default=0.42, ge=0.0, le=1.0)
    thresholds: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [85, 70, 55])
    min_results: int = 5
    candidates: int = 100

    @field_validator("thresholds", mode="before")
    @classmethod
    def _split_thresholds(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", "").split(",") if part]
        return value


class ScrapeSettings(BaseModel):
    companies_file: Path = Path("scrapers/companies.toml")
    user_agent: str = "JobbotCrawler/0.1 (+https://github.com/jobbot/jobbot)"
    contact_email: str = "jobbot@example.org"
    timeout_s: float = 30.0
    max_response_bytes: int = 20_000_000
    min_gap_s: float = 1.0
    requests_per_host: int = 200
    allow_private_hosts: bool = False
    backoff_base_s: float = Field(default=1.0, gt=0)
    backoff_cap_s: float = Field(default=60.0, gt=0)
    max_retry_after_s: float = Field(default=300.0, ge=0)
    breaker_failures: int = Field(default=3, ge=1)
    breaker_cooldown_h: float = Field(default=6.0, gt=0)
    block_h: float = Field(default=12.0, gt=0)


class AlertSettings(BaseModel):
    enabled: bool = True
    max_per_day: int = 10
    min_score: int = 70
    check_interval_min: int = 30
    # Digests (delivery.digest): entries per digest (never more than max_per_day) and how often
    # the worker looks for digests that fell due.
    digest_size: int = Field(default=5, ge=1, le=20)
    digest_check_s: float = Field(default=60.0, gt=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
    )

    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    postgres: PostgresSettings = Field(default_factory=PostgresSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    match: MatchSettings = Field(default_factory=MatchSettings)
    scrape: ScrapeSettings = Field(default_factory=ScrapeSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Read settings from the environment and, if present, ``env_file``."""
    return Settings(_env_file=env_file)


def env_names(settings_cls: type[BaseSettings] = Settings) -> list[str]:
    """Every environment variable the settings read, e.g. ``TELEGRAM__TOKEN``."""
    names: list[str] = []
    for section, field in settings_cls.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += [f"{section}__{sub}".upper() for sub in annotation.model_fields]
        else:
            names.append(section.upper())
    return names
