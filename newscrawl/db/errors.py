"""Telling database outages from refused data, and describing errors safely in logs."""

from __future__ import annotations

import sqlalchemy as sa

# Longest error text copied into a log line.
MAX_ERROR_CHARS = 300


def is_transient(error: BaseException) -> bool:
    """True for errors that a later attempt may not meet: the database, not the data
    (connection refused or lost, server restarting, lock timeout, deadlock, pool exhausted)."""
    if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(
        error,
        sa.exc.OperationalError
        | sa.exc.InterfaceError
        | sa.exc.TimeoutError
        | sa.exc.DisconnectionError,
    )


def describe_error(error: BaseException, secret: str | None = None) -> str:
    """A one-line description of ``error`` for logs: no SQL, no parameters, no password."""
    original = getattr(error, "orig", None) or error
    lines = str(original).strip().splitlines() or [""]
    text = f"{type(original).__name__}: {lines[0]}"
    if secret:
        text = text.replace(secret, "***")
    return text[:MAX_ERROR_CHARS]
