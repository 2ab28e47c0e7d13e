"""Apply and check the Alembic migrations from code (start-up, tests, `amparo migrate`)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    """Alembic's configuration, pointed at this URL."""
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["url"] = url
    return config


def upgrade(url: str) -> None:
    """Bring the database at `url` to the latest schema."""
    command.upgrade(alembic_config(url), "head")
