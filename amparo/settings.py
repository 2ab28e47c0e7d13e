"""All of Amparo's settings, read from the environment (documented in the README)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Environment variables, with the embedded defaults of `make run`."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    database_url: str = Field("sqlite:///amparo.db", description="Any SQLAlchemy URL.")
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    secret_key: str = Field(
        "dev-only-change-me",
        description="Keys the opt-out register's sender hashes; set a long random value.",
    )
    intents_dir: Path = ROOT / "intents"
    reference_dir: Path = ROOT / "data" / "reference"
    model_path: Path = Field(
        ROOT / ".amparo" / "nlu-model.pkl",
        description="Where `amparo train` stores the model; reused while intents/ is unchanged.",
    )
    rasa_url: str | None = Field(None, description="Rasa server to ask for /model/parse.")
    rasa_timeout: float = 2.0
    default_language: str = "es"
    default_host_country: str | None = Field(
        None, description="ISO code of the host country when a sender's place is unknown."
    )
    max_message_chars: int = 4096


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
