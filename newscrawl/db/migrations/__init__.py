"""Alembic migrations for newscrawl's schema (run with ``newscrawl db upgrade``)."""
