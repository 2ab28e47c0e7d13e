"""All of Amparo's settings, read from the environment (documented in the README)."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from data.directory import known_zone

ROOT = Path(__file__).resolve().parent.parent
# SECRET_KEY's default, and .env.example's: refused outside development.
PLACEHOLDER_SECRETS = ("dev-only-change-me", "change-me-to-a-long-random-value")


class Settings(BaseSettings):
    """Environment variables, with the embedded defaults of `make run`."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    environment: str = Field(
        "production",
        pattern="^(development|production)$",
        description="development allows the placeholder SECRET_KEY (your own machine only).",
    )
    database_url: str = Field("sqlite:///amparo.db", description="Any SQLAlchemy URL.")
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    log_format: str = Field("text", pattern="^(text|json)$", description="text or json lines.")
    secret_key: SecretStr = Field(
        SecretStr(PLACEHOLDER_SECRETS[0]),
        description="Keys the opt-out register's sender hashes; set a long random value.",
    )
    intents_dir: Path = ROOT / "intents"
    reference_dir: Path = ROOT / "data" / "reference"
    canned_replies_path: Path = Field(
        ROOT / "intents" / "canned_replies.yml",
        description="Agents' canned replies; supervisors edit them in the console.",
    )
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

    # channels: a channel is on when its credentials are set
    public_url: str | None = Field(
        None, description="The public base URL providers call (behind a proxy), for signatures."
    )
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_sms_from: str | None = Field(None, description="E.164 number SMS replies come from.")
    twilio_whatsapp_from: str | None = Field(None, description="WhatsApp-enabled Twilio number.")
    twilio_api_url: str = "https://api.twilio.com"
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_api_url: str = "https://graph.facebook.com"
    whatsapp_api_version: str = "v21.0"
    telegram_bot_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    # e-mail, for notifying officials only (nobody writes to Amparo by e-mail)
    smtp_host: str | None = Field(None, description="SMTP server for e-mail notifications.")
    smtp_port: int = 587
    smtp_from: str | None = Field(None, description="The From address of notifications.")
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = Field(True, description="Upgrade the SMTP connection with STARTTLS.")

    # the phone line (Twilio Voice; on when Twilio is configured)
    voice_queue: str = Field("amparo", description="Twilio queue callers wait in for an agent.")
    voice_agent_numbers: str | None = Field(
        None, description="Comma-separated numbers to <Dial> instead of queueing."
    )
    voice_queue_timeout_seconds: int = Field(
        120, ge=10, description="Wait for an agent before offering to leave a message."
    )
    voice_record_max_seconds: int = Field(120, ge=10)
    voice_gather_timeout_seconds: int = Field(6, ge=2)
    voice_hold_music_url: str | None = None
    voice_recordings_dir: Path = Field(
        ROOT / "data" / "recordings", description="Recorded prompts: <dir>/<language>/<name>.mp3."
    )

    # console and case work
    ack_deadlines_minutes: str = Field(
        "15,60,240,1440", description="Minutes to acknowledge a case of priority 1,2,3,4."
    )
    distress_ack_minutes: int = Field(15, ge=1, description="A distress case's deadline at most.")
    human_request_minutes: int = Field(
        10, ge=1, description="Minutes within which someone asking for a person gets one."
    )
    session_hours: float = Field(12, gt=0, description="Lifetime of a login (token or cookie).")
    console_time_zone: str = Field(
        "UTC",
        description="The console's times for users without their own choice or a consulate "
        "(IANA name: the call centre's, e.g. America/Chicago).",
    )
    login_max_failures: int = Field(5, ge=1, description="Wrong passwords before a lockout.")
    login_lockout_minutes: int = Field(15, ge=1)
    cookie_secure: bool = Field(
        False, description="Send the console cookie over HTTPS only (set true in production)."
    )

    # data protection
    retention_days: int = Field(
        365, ge=1, description="Days after which finished cases and silent conversations go."
    )
    purge_every_hours: float = Field(24, gt=0, description="How often the purge runs.")

    # production mode: several processes on Redis (and PostgreSQL as DATABASE_URL)
    redis_url: str | None = Field(
        None, description="Redis for the shared queue and console events; unset: in process."
    )
    worker_in_api: bool | None = Field(
        None, description="Handle messages inside `amparo serve` (default: yes without Redis)."
    )
    redis_partitions: int = Field(16, ge=1, description="Redis stream partitions.")

    # delivery
    worker_partitions: int = Field(4, ge=1, description="Parallel conversations in a process.")
    send_retry_budget_minutes: float = Field(
        60.0, gt=0, description="How long a reply is retried before it fails for good."
    )
    outbox_backoff_seconds: float = Field(1.0, gt=0)
    outbox_max_backoff_seconds: float = Field(
        60.0, gt=0, description="Longest wait between two tries of one message."
    )
    send_timeout_seconds: float = Field(10.0, gt=0)
    max_webhook_bytes: int = 1_000_000
    sender_limit_per_minute: int = Field(
        20, ge=1, description="Messages a sender gets answered per minute; more are kept unread."
    )
    ip_limit_per_minute: int = Field(
        3000, ge=1, description="Requests per client IP per minute on /api and /console."
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses or networks of the proxies in front, whose "
        "X-Forwarded-For names the client; from anyone else it is ignored.",
    )
    metrics_token: SecretStr | None = Field(
        None, description="Bearer token for GET /metrics on the API's port; unset: not served."
    )
    # Bulk sends (alerts) per second per channel, i.e. per sending number; 0: no limit.
    # Defaults: Twilio long code 1 msg/s, WhatsApp (Cloud API and Twilio) 80 msg/s,
    # Telegram about 30 msg/s per bot.
    send_rate_sms_per_second: float = Field(1.0, ge=0)
    send_rate_twilio_whatsapp_per_second: float = Field(80.0, ge=0)
    send_rate_whatsapp_per_second: float = Field(80.0, ge=0)
    send_rate_telegram_per_second: float = Field(30.0, ge=0)

    def send_rates(self) -> dict[str, float]:
        """Bulk messages per second each channel may send (channels without a limit absent)."""
        rates = {
            "sms": self.send_rate_sms_per_second,
            "twilio_whatsapp": self.send_rate_twilio_whatsapp_per_second,
            "whatsapp": self.send_rate_whatsapp_per_second,
            "telegram": self.send_rate_telegram_per_second,
        }
        return {channel: rate for channel, rate in rates.items() if rate > 0}

    @field_validator("console_time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            return known_zone(value)
        except ValueError as exc:
            raise ValueError(f"CONSOLE_TIME_ZONE: {exc}") from exc

    @model_validator(mode="after")
    def _channels_complete(self) -> "Settings":
        """A channel half configured is a mistake to catch at start-up, not at the first message."""
        groups = {
            "Twilio": ["twilio_account_sid", "twilio_auth_token"],
            "WhatsApp": [
                "whatsapp_verify_token",
                "whatsapp_app_secret",
                "whatsapp_token",
                "whatsapp_phone_number_id",
            ],
            "Telegram": ["telegram_bot_token", "telegram_webhook_secret"],
            "E-mail": ["smtp_host", "smtp_from"],
            "SMTP login": ["smtp_username", "smtp_password"],
        }
        for channel, names in groups.items():
            given = [n for n in names if getattr(self, n)]
            if given and len(given) != len(names):
                missing = ", ".join(n.upper() for n in names if n not in given)
                raise ValueError(f"{channel} is partly configured: set {missing}")
        if self.twilio_account_sid and not (self.twilio_sms_from or self.twilio_whatsapp_from):
            raise ValueError("Twilio is configured: set TWILIO_SMS_FROM or TWILIO_WHATSAPP_FROM")
        return self

    @model_validator(mode="after")
    def _secrets_set(self) -> "Settings":
        """Outside development, a known or empty SECRET_KEY would key the opt-out register
        with a value anyone can read in this repository."""
        key = self.secret_key.get_secret_value()
        if self.environment != "development" and (not key.strip() or key in PLACEHOLDER_SECRETS):
            raise ValueError(
                "SECRET_KEY is unset or the placeholder: set a long random value "
                "(or ENVIRONMENT=development, on your own machine only)"
            )
        return self

    def proxy_options(self) -> dict[str, Any]:
        """uvicorn's X-Forwarded-For handling: only from TRUSTED_PROXIES, so the per-IP limit
        counts the real client, not an address anyone can write in a header."""
        if not self.trusted_proxies.strip():
            return {"proxy_headers": False}
        return {"proxy_headers": True, "forwarded_allow_ips": self.trusted_proxies}

    @property
    def runs_worker_in_api(self) -> bool:
        return self.worker_in_api if self.worker_in_api is not None else not self.redis_url


def secret(value: SecretStr | None) -> str:
    """A secret setting's value ("" when unset), where it is handed to a library."""
    return value.get_secret_value() if value else ""


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
