"""The benchmark's pages: the naeb article pages, replicated under distinct URLs to reach N.

Page ``i`` (0 <= i < N) is naeb page ``i mod B`` (B base pages, sorted by file name) served at
``/2024/05/story-number-<i>.html``. Every served copy carries a token of its own (`` ref<i>``)
before each ``</p>``, ``</h1>`` and ``</title>``, so that each copy has a different title and
body: without it, a crawler that drops repeated content within a run (as newscrawl does) would
store only the B originals, and the benchmark would compare different amounts of work.

Each base page also gets ``<base href="...">`` as the first element of its ``<head>``: its
original URL (from ``news_articles.json``), resolved against the page's own first ``<base>`` if
it had one (that tag is then renamed ``<x-base>`` so that only one base is left). Relative links
and relative canonical URLs thus resolve as they did on the page's own site. Without it, every
copy of a page whose canonical link is relative would claim the same canonical URL on the
benchmark's host, and a page's relative links would send crawlers to hundreds of 404s there.

The pages are read from the dataset folder at run time and never copied anywhere else.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

#: Environment variable naming the folder that holds ``naeb/`` (shared with ``newscrawl evaluate``).
DATASETS_ENV = "NEWSCRAWL_DATASETS"
#: URLs per sitemap file; the sitemap index lists as many files as needed.
SITEMAP_CHUNK = 5000
#: Closing tags before which the per-copy token is inserted.
_MARKED_TAGS = (b"</p>", b"</P>", b"</h1>", b"</H1>", b"</title>", b"</TITLE>")
_HEAD_TAG = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_BASE_TAG = re.compile(rb"<base(?=[\s/>])([^>]*)>", re.IGNORECASE)
_HREF = re.compile(rb"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_PAGE_PATH = re.compile(r"^/2024/05/story-number-(\d+)\.html$")
_SITEMAP_PATH = re.compile(r"^/sitemap-(\d+)\.xml$")
_REPO_ROOT = Path(__file__).resolve().parents[2]


class DatasetMissingError(FileNotFoundError):
    """The naeb dataset folder (with its ``html/`` pages) cannot be found."""


def find_naeb_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The naeb folder: ``explicit``, else ``$NEWSCRAWL_DATASETS/naeb``, else the shared copy.

    The shared copy is ``../shared/datasets/naeb`` beside the repository. Raises
    :class:`DatasetMissingError` when the chosen folder has no ``html/*.html`` pages.
    """
    if explicit:
        candidate = Path(explicit)
    elif os.environ.get(DATASETS_ENV):
        candidate = Path(os.environ[DATASETS_ENV]) / "naeb"
    else:
        candidate = _REPO_ROOT.parent / "shared" / "datasets" / "naeb"
    if not any((candidate / "html").glob("*.html")):
        raise DatasetMissingError(
            f"no naeb pages in {candidate / 'html'}: pass --naeb DIR or set "
            f"{DATASETS_ENV} to the folder holding naeb/"
        )
    return candidate


def base_pages(naeb_dir: Path) -> list[Path]:
    """The naeb HTML files, sorted by name so every run serves the same pages in the same order."""
    return sorted((naeb_dir / "html").glob("*.html"))


def original_urls(naeb_dir: Path) -> dict[str, str]:
    """The original URL of each page, by HTML file stem (empty without ``news_articles.json``)."""
    index_file = naeb_dir / "news_articles.json"
    if not index_file.exists():
        return {}
    entries = json.loads(index_file.read_text(encoding="utf-8"))
    return {
        str(e["html_file"]): str(e["link"])
        for e in entries
        if isinstance(e, dict) and e.get("html_file") and e.get("link")
    }


def with_base_url(page: bytes, url: str | None) -> bytes:
    """``page`` resolving its relative URLs against ``url`` (unchanged without a URL).

    A ``<base href>`` first in the ``<head>`` says so; the page's own ``<base>`` tags are
    renamed ``<x-base>``, the first one's ``href`` being resolved against ``url`` first.
    """
    if not url:
        return page
    existing = _BASE_TAG.search(page)
    if existing is not None:
        href = _HREF.search(existing.group(1))
        if href is not None:
            value = next(g for g in href.groups() if g is not None)
            url = urljoin(url, html.unescape(value.decode("latin-1")).strip())
        page = _BASE_TAG.sub(lambda m: b"<x-base" + m.group(1) + b">", page)
    tag = b'<base href="%s">' % html.escape(url, quote=True).encode("ascii", "replace")
    head = _HEAD_TAG.search(page)
    if head is None:
        return tag + page
    return page[: head.end()] + tag + page[head.end() :]


def page_path(index: int) -> str:
    """The URL path of page ``index``: dated and slug-like, as a news site's story URLs are."""
    return f"/2024/05/story-number-{index:06d}.html"


def page_index(path: str) -> int | None:
    """The page index in ``path``, or ``None`` when ``path`` is not a page path."""
    match = _PAGE_PATH.match(path)
    return int(match.group(1)) if match else None


def mark_copy(html: bytes, index: int) -> bytes:
    """``html`` with the copy token of page ``index`` before each marked closing tag."""
    token = b" ref%d" % index
    for tag in _MARKED_TAGS:
        html = html.replace(tag, token + tag)
    return html


@dataclass(frozen=True)
class Corpus:
    """N pages made of the given base pages; answers the paths of the benchmark's site."""

    bases: Sequence[bytes]
    size: int

    @classmethod
    def load(cls, naeb_dir: Path, size: int) -> Corpus:
        """Read the base pages needed for ``size`` pages (all of them when ``size`` >= B)."""
        if size < 1:
            raise ValueError("the corpus needs at least one page")
        files = base_pages(naeb_dir)
        if not files:
            raise DatasetMissingError(f"no naeb pages in {naeb_dir / 'html'}")
        origins = original_urls(naeb_dir)
        return cls([with_base_url(f.read_bytes(), origins.get(f.stem)) for f in files[:size]], size)

    def page(self, index: int) -> bytes | None:
        """The HTML of page ``index``, or ``None`` outside the corpus."""
        if not 0 <= index < self.size:
            return None
        return mark_copy(self.bases[index % len(self.bases)], index)

    @property
    def sitemap_count(self) -> int:
        """How many sitemap files the index lists."""
        return (self.size + SITEMAP_CHUNK - 1) // SITEMAP_CHUNK

    def robots_txt(self, base_url: str) -> str:
        """A ``robots.txt`` that allows everything and names the sitemap index."""
        return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap_index.xml\n"

    def sitemap_index(self, base_url: str) -> str:
        """The sitemap index, listing every sitemap file."""
        entries = "".join(
            f"<sitemap><loc>{base_url}/sitemap-{k}.xml</loc></sitemap>"
            for k in range(self.sitemap_count)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</sitemapindex>\n"
        )

    def sitemap(self, base_url: str, number: int) -> str | None:
        """Sitemap file ``number`` (up to :data:`SITEMAP_CHUNK` page URLs), or ``None``."""
        if not 0 <= number < self.sitemap_count:
            return None
        first = number * SITEMAP_CHUNK
        last = min(self.size, first + SITEMAP_CHUNK)
        entries = "".join(
            f"<url><loc>{base_url}{page_path(i)}</loc><lastmod>2024-05-17</lastmod></url>"
            for i in range(first, last)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>\n"
        )

    def resource(self, path: str, base_url: str) -> tuple[bytes, str] | None:
        """The body and content type served at ``path``, or ``None`` for a 404."""
        path = path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.robots_txt(base_url).encode(), "text/plain; charset=utf-8"
        if path == "/sitemap_index.xml":
            return self.sitemap_index(base_url).encode(), "application/xml; charset=utf-8"
        sitemap_match = _SITEMAP_PATH.match(path)
        if sitemap_match:
            text = self.sitemap(base_url, int(sitemap_match.group(1)))
            return (text.encode(), "application/xml; charset=utf-8") if text else None
        index = page_index(path)
        if index is not None:
            html = self.page(index)
            # No charset: the pages come in several encodings, which their <meta> tags declare.
            return (html, "text/html") if html is not None else None
        return None
