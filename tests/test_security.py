"""Security and politeness: what the crawler never does, and the defaults that keep it civil.

A real crawl runs over site A (127.0.0.1) whose robots.txt, sitemap, pages and redirects try
to lead it elsewhere: to disallowed paths, to site B (127.0.0.2, another host) and to
non-http(s) URLs. Site B and the disallowed paths must see no request at all.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from scrapy.settings import Settings

from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import CrawlResult, article_html, listing_html, run_crawl

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CODE = ("newscrawl", "spiders", "pipelines")
PUBLIC = "/2025/11/public-story-here/"
LISTED = "/2025/11/story-from-the-listing/"
PRIVATE = "/private/2025/11/secret-story/"


@pytest.fixture(scope="module")
def other_host() -> Iterator[LocalSite]:
    """Site B, on another loopback address: a different host as far as URLs go."""
    with LocalSite(host="127.0.0.2") as site:
        site.set_page("/", Page.html(article_html("Elsewhere")))
        yield site


@pytest.fixture(scope="module")
def guarded_crawl(tmp_path_factory, other_host) -> Iterator[tuple[CrawlResult, LocalSite]]:
    """One crawl of site A, which links, lists and redirects everywhere it should not."""
    elsewhere = other_host.url("/2025/11/other-host-story/")
    with LocalSite() as site:
        hostile_links = [
            elsewhere, "file:///etc/passwd", "ftp://127.0.0.1/story", "javascript:alert(1)",
            "data:text/html,<h1>x</h1>", site.url(PRIVATE), site.url(LISTED),
        ]
        locs = [
            site.url(PUBLIC), site.url(PRIVATE), site.url("/news/"), elsewhere,
            site.url("/go/elsewhere/"), site.url("/go/file/"), "file:///etc/passwd",
            "ftp://127.0.0.1/x", "gopher://127.0.0.1/1",
        ]
        urlset = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
        site.set_pages({
            "/robots.txt": Page.text(
                f"User-agent: *\nDisallow: /private/\nSitemap: {site.url('/sitemap.xml')}\n"
            ),
            "/sitemap.xml": Page.xml(f"<urlset>{urlset}</urlset>"),
            PUBLIC: Page.html(article_html("Public")),
            LISTED: Page.html(article_html("Listed")),
            PRIVATE: Page.html(article_html("Private")),
            "/news/": Page.html(listing_html(hostile_links)),
            "/go/elsewhere/": Page.redirect(elsewhere),
            "/go/file/": Page.redirect("file:///etc/passwd"),
        })
        # Not FAST_CRAWL_SETTINGS' concern here: robots.txt and the User-Agent stay default.
        result = run_crawl([site.url("/robots.txt")], tmp_path_factory.mktemp("guarded"))
        yield result, site


def test_crawl_stores_only_the_allowed_articles(guarded_crawl):
    result, site = guarded_crawl
    assert result.returncode == 0, result.log[-3000:]
    stored = set(result.article_urls())
    assert site.url(PUBLIC) in stored
    assert stored <= {site.url(PUBLIC), site.url(LISTED)}


def test_robots_txt_is_obeyed(guarded_crawl):
    result, site = guarded_crawl
    assert not [p for p in site.requested_paths() if p.startswith("/private/")]
    assert result.stat("newscrawl/fetch_failed/robots_forbidden") >= 1
    assert site.requested_paths()[0] == "/robots.txt"


def test_never_leaves_the_crawled_host_not_even_by_redirect(guarded_crawl, other_host):
    result, site = guarded_crawl
    assert "/go/elsewhere/" in site.requested_paths()  # the redirect itself was fetched
    assert other_host.requests == []
    assert result.stat("newscrawl/skipped/off_site") >= 1  # the sitemap's entry on site B


def test_only_http_and_https_urls_are_fetched(guarded_crawl):
    result, site = guarded_crawl
    assert "/go/file/" in site.requested_paths()
    assert "root:x:0:0" not in result.log  # /etc/passwd was never read
    assert not [u for u in result.article_urls() if not u.startswith("http://")]
    assert result.stat("newscrawl/skipped/bad_url") >= 3  # file:, ftp:, gopher: in the sitemap


def test_user_agent_names_the_project(guarded_crawl):
    _, site = guarded_crawl
    agents = {request.headers.get("User-Agent") for request in site.requests}
    assert len(agents) == 1
    [agent] = agents
    assert agent.startswith("newscrawl/") and "+http" in agent


def _project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    return settings


def test_politeness_is_on_by_default() -> None:
    settings = _project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert 1 <= settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 8
    assert settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") <= 8
    assert "newscrawl" in settings.get("USER_AGENT")
    assert not settings.getbool("TELNETCONSOLE_ENABLED")


def test_database_password_is_masked_in_logs_and_stats(local_site, tmp_path, postgres_url):
    local_site.set_pages({PUBLIC: Page.html(article_html("Secret-safe"))})
    local_site.set_page("/sitemap.xml", Page.xml(f"<urlset><url><loc>{local_site.url(PUBLIC)}"
                                                 "</loc></url></urlset>"))
    # The test server trusts local connections, so any password gets in.
    secret = "Hunter2-Sup3r-Secret"
    url = sa.engine.make_url(postgres_url).set(password=secret).render_as_string(False)
    result = run_crawl(
        [local_site.url("/sitemap.xml")], tmp_path, database_url=url,
        settings={"LOG_LEVEL": "DEBUG"},
    )

    assert result.returncode == 0, result.log[-3000:]
    assert result.article_urls() == [local_site.url(PUBLIC)]
    assert secret not in result.log
    assert "postgres:***@" in result.log
    [(stats,)] = result.rows("SELECT stats FROM crawl_runs")
    assert secret not in (stats if isinstance(stats, str) else json.dumps(stats))


def _sql_built_from_strings(path: Path) -> list[str]:
    """Calls of text()/execute()/exec_driver_sql() whose SQL is an f-string, a % or + of
    strings, or a .format() call, unless it only interpolates UPPER_CASE constants."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in ("text", "execute", "exec_driver_sql", "executescript"):
            continue
        sql = node.args[0]
        built = (
            (isinstance(sql, ast.JoinedStr) and not _only_constants(sql))
            or (isinstance(sql, ast.BinOp) and isinstance(sql.op, ast.Mod | ast.Add))
            or (isinstance(sql, ast.Call) and getattr(sql.func, "attr", None) == "format")
        )
        if built:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _only_constants(fstring: ast.JoinedStr) -> bool:
    values = [v.value for v in fstring.values if isinstance(v, ast.FormattedValue)]
    return all(isinstance(v, ast.Name) and v.id.isupper() for v in values)


def test_no_sql_is_built_from_strings() -> None:
    files = [p for package in SHIPPED_CODE for p in (ROOT / package).rglob("*.py")]
    assert len(files) > 20
    offenders = [hit for path in files for hit in _sql_built_from_strings(path)]
    assert offenders == []


def test_the_sql_check_catches_string_building(tmp_path) -> None:
    sample = ROOT / "tests" / "_sql_sample_for_security_test.py"
    code = (
        "conn.execute(text(f'SELECT * FROM t WHERE id = {user_id}'))\n"
        "conn.execute('DELETE FROM t WHERE name = %s' % name)\n"
        "conn.exec_driver_sql('SELECT ' + column)\n"
        "cursor.execute(f'PRAGMA busy_timeout = {TIMEOUT_MS}')\n"
        "conn.execute(text('SELECT * FROM t WHERE id = :id'), {'id': user_id})\n"
    )
    sample.write_text(code, encoding="utf-8")
    try:
        hits = _sql_built_from_strings(sample)
    finally:
        sample.unlink()
    assert sorted(int(hit.rsplit(":", 1)[1]) for hit in hits) == [1, 2, 3]
