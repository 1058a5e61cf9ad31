"""Shared pytest fixtures. Service fixtures live in small plugin modules, one concern each."""

pytest_plugins = ["tests.plugins.databases", "tests.plugins.http", "tests.plugins.redis"]
