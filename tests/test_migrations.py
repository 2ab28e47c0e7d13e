"""The Alembic migrations build exactly the schema the models describe, and go back down."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import data.models  # noqa: F401
from data.schema import alembic_config, upgrade
from data.store import make_engine


def test_upgrade_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_downgrade_to_base_and_up_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    assert set(inspect(make_engine(url)).get_table_names()) <= {"alembic_version"}
    upgrade(url)
    assert {"case", "conversation", "message", "optout"} <= set(
        inspect(make_engine(url)).get_table_names()
    )


def test_upgrade_is_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    upgrade(url)


def test_the_tests_copy_of_the_template_is_what_upgrade_makes(tmp_path, migrate):
    """Other tests' databases are copies of one migrated template (tests/conftest.py)."""
    import sqlite3
    from contextlib import closing

    def schema(path):
        with closing(sqlite3.connect(path)) as db:
            return (
                db.execute(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
                ).fetchall(),
                db.execute("SELECT version_num FROM alembic_version").fetchall(),
                db.execute("PRAGMA journal_mode").fetchall(),
            )

    upgrade(f"sqlite:///{tmp_path / 'alembic.db'}")
    migrate(f"sqlite:///{tmp_path / 'copy.db'}")
    assert schema(tmp_path / "copy.db") == schema(tmp_path / "alembic.db")
