"""URL helpers: canonical form, tracking-parameter removal, host checks, and service URLs
with their password masked for logs."""

from __future__ import annotations

from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track where a reader came from; they never select content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid",
        "yclid", "_ga", "_gl", "ref_src", "cmpid", "ito", "ncid", "sr_share", "mkt_tok",
        "spm", "share", "amp",
    }
)
TRACKING_PREFIXES = ("utm_", "hsa_", "pk_", "mtm_", "ga_", "oly_")


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track the visit (``utm_source``, ``fbclid``…)."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize_url(url: str) -> str:
    """Return ``url`` in canonical form.

    Lower-cases scheme and host, drops default ports, the fragment and tracking parameters,
    and keeps the remaining query parameters in their original order (order can matter to
    some CMSs, so it is not sorted). Raises ``ValueError`` for a malformed URL (a bad port, an
    invalid IPv6 literal), as :func:`urllib.parse.urlsplit` does.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    # hostname drops an IPv6 literal's brackets; without them the port would be ambiguous.
    netloc = f"[{host}]" if ":" in host else host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{netloc}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in pairs if not is_tracking_param(k)])
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The lower-cased host of ``url`` (no port); ``""`` when it has none or is malformed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def site_of(url: str) -> str:
    """The site name used in the database: the host without a leading ``www.``."""
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, hosts: set[str] | frozenset[str]) -> bool:
    """True when ``url``'s host, ignoring ``www.``, is one of ``hosts`` (also ignoring ``www.``)."""
    normalized = {h[4:] if h.startswith("www.") else h for h in hosts}
    return site_of(url) in normalized


def is_http_url(url: str) -> bool:
    """True only for well-formed absolute http(s) URLs with a host."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and _port_ok(parts)
    except ValueError:
        return False


def _port_ok(parts: SplitResult) -> bool:
    parts.port  # noqa: B018 -- raises ValueError for an out-of-range or non-numeric port
    return True


def mask_url(url: str) -> str:
    """A service URL (database, Redis) fit for logs: any password replaced by ``***``
    (``redis://user:***@host:6379/0``).

    An unparseable URL is not echoed at all, since it may still contain a secret; nor is a
    string with an ``@`` but no scheme (``not a url :s3cret@``).
    """
    try:
        parts = urlsplit(url)
        password = parts.password
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<unparseable URL>"
    if password is None:
        return "<unparseable URL>" if not parts.scheme and "@" in url else url
    user = parts.username or ""
    netloc = f"{user}:***@{host}" + (f":{port}" if port is not None else "")
    return urlunsplit(parts._replace(netloc=netloc))
