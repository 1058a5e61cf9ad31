"""Secrets out of log lines: service URLs with their password replaced by ``***``."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (``redis://user:***@host:6379/0``).

    An unparseable URL is not echoed at all, since it may still contain a secret.
    """
    try:
        parts = urlsplit(url)
        password = parts.password
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<unparseable URL>"
    if password is None:
        return url
    user = parts.username or ""
    netloc = f"{user}:***@{host}" + (f":{port}" if port is not None else "")
    return urlunsplit(parts._replace(netloc=netloc))
