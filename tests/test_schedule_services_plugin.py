"""The service fixtures never print a password (CI logs are often public)."""

from __future__ import annotations

import pytest

from tests.plugins import services


def test_a_missing_service_is_reported_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        services.service_missing(
            "PostgreSQL", "postgresql+psycopg://ci:hunter2@db:5432/test", OSError("refused")
        )
    assert "hunter2" not in str(skipped.value)
    assert "ci:***@db:5432" in str(skipped.value)
