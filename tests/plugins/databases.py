"""Database fixtures: a fresh SQLite file, and a fresh PostgreSQL schema, per test.

``db_url`` is parametrised over both backends, so a storage test written once runs on each.
PostgreSQL isolation uses one schema per test (``search_path``), which is much faster than a
database per test and lets tests run against the shared ``test`` database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, make_engine, upgrade_database
from tests.plugins.services import POSTGRES_URL, service_missing


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """URL of a new, empty SQLite database file."""
    return f"sqlite:///{tmp_path / 'newscrawl-test.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of the test PostgreSQL server, pinned to a new empty schema dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, poolclass=sa.pool.NullPool)
    try:
        with admin.begin() as conn:
            conn.execute(sa.schema.CreateSchema(schema))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        service_missing("PostgreSQL", POSTGRES_URL, exc)
    url = sa.engine.make_url(POSTGRES_URL).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.schema.DropSchema(schema, cascade=True, if_exists=True))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request) -> str:
    """A fresh database URL, once for SQLite and once for PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """An engine on a fresh database (SQLite, then PostgreSQL) with the schema at head."""
    engine = make_engine(db_url)
    upgrade_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: sa.Engine) -> ArticleStore:
    return ArticleStore(engine)
