"""Alembic environment: migrates the database named by DATABASE_URL (or the caller's URL)."""

from alembic import context
from sqlmodel import SQLModel

import data.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from data.store import make_engine

config = context.config
url: str = config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or ""
if not url:
    from amparo.settings import get_settings

    url = get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=SQLModel.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        # Batch mode lets SQLite alter tables (it rebuilds them).
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
