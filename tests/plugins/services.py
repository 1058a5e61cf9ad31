"""How tests find the external services, and whether a missing one skips or fails the test.

Outside CI a missing PostgreSQL or Redis skips the tests that need it, with the reason. Under
``CI=true`` the services are required: a missing one fails the test instead of hiding it.
"""

from __future__ import annotations

import os

import pytest

from newscrawl.urls import mask_url

POSTGRES_URL = os.environ.get(
    "NEWSCRAWL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("NEWSCRAWL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def running_in_ci() -> bool:
    """Whether ``$CI`` says the tests run in continuous integration."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(name: str, url: str, error: BaseException) -> None:
    """Skip (locally) or fail (under CI=true) because ``name`` at ``url`` is not reachable."""
    message = f"{name} not reachable at {mask_url(url)}: {error}"
    if running_in_ci():
        pytest.fail(f"{message} (required under CI=true)")
    pytest.skip(message)
