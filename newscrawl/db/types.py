"""Column types shared by the models and the migrations.

``UTCDateTime`` exists because SQLite has no timezone-aware timestamp: SQLAlchemy's SQLite
``DateTime`` silently drops the offset of an aware value, so ``12:00+02:00`` would be read back
as ``12:00`` in an unknown zone. Converting every value to UTC on the way in and marking it UTC
on the way out gives both backends the same, unambiguous behaviour.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A ``DateTime(timezone=True)`` that stores UTC and always returns aware UTC datetimes.

    Naive datetimes are taken to be UTC already (items are supposed to be aware; a naive value
    is a bug upstream, and assuming UTC is the least surprising reading of it).
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = as_utc(value)
        # SQLite's DateTime formats the wall-clock fields and ignores tzinfo: hand it naive UTC.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value)


def as_utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC datetime (naive values are read as UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def id_type() -> sa.types.TypeEngine[int]:
    """Surrogate key type: BIGINT on PostgreSQL, INTEGER on SQLite.

    SQLite only auto-assigns ``INTEGER PRIMARY KEY`` columns (an alias of the rowid), so a plain
    BIGINT there would need explicit ids.
    """
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def json_type() -> sa.types.TypeEngine[Any]:
    """JSON document type: JSONB on PostgreSQL (indexable, compact), JSON text on SQLite."""
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
