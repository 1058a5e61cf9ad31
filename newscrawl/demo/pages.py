"""Render the bundled demo site, "Ledger Street", into :class:`~newscrawl.localsite.Page` objects.

The stories are data (``site/articles.toml``) and the markup is a handful of templates
(``site/*.html``) in the style of a WordPress finance-news theme: an "Updated on" line,
sub-headings, share buttons, an in-content ad, related posts, a newsletter box, "Leave a
Comment" and threaded comments. Around the articles the site has what a crawler meets on real sites:

- ``/robots.txt`` with a ``Sitemap:`` line, ``/sitemap_index.xml`` pointing to a gzip-compressed
  post sitemap (``/post-sitemap.xml.gz``) and a page sitemap, and an RSS feed at ``/feed/``;
- a paginated home page (``/``, ``/page/2/``…), category, author and tag listings, an about page;
- one story under three more URLs: with ``utm_*`` tracking parameters (linked from the home page
  and the feed) and as a WordPress short link ``/?p=<id>`` whose page names the real URL only in
  its ``<link rel="canonical">`` (the home page's "Editor's pick"); and a republished copy of
  another story under a new slug (linked from the last listing page), so that deduplication has
  work to do, before fetching and after.

Every URL is absolute on ``base_url``, which is only known once the server has a port.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import quote

from newscrawl.localsite import RSS, Page

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SITE_PACKAGE = "newscrawl.demo.site"
# The one story that is also linked with tracking parameters, and where.
TRACKED_STORY_ID = 1107
HOME_TRACKING = "?utm_source=newsletter&utm_medium=email&utm_campaign=daily"
FEED_TRACKING = "?utm_source=rss&utm_medium=rss"
# The same story's short link: served as the article itself, canonical link to the real URL.
SHORTLINK_PATH = f"/?p={TRACKED_STORY_ID}"
# A story republished under a second slug with the same text (a content duplicate).
REPUBLISHED_STORY_ID = 1104
REPUBLISHED_PATH = "/2025/11/dividend-growers-trail-the-market-in-q3/"


@dataclass(frozen=True)
class Comment:
    """One comment of a demo story."""

    id: int
    author: str
    posted: datetime
    text: str
    parent: int | None = None


@dataclass(frozen=True)
class Story:
    """One demo article, as written in ``articles.toml``."""

    id: int
    slug: str
    title: str
    author: str
    category: str
    tags: tuple[str, ...]
    published: datetime
    updated: datetime
    excerpt: str
    body: str
    comments: tuple[Comment, ...] = field(default_factory=tuple)

    @property
    def path(self) -> str:
        """``/YYYY/MM/slug/``, WordPress's date-based permalink."""
        return f"/{self.published:%Y/%m}/{self.slug}/"

    def paragraphs(self) -> list[str]:
        """The body's blocks: paragraphs, and sub-headings starting with ``## ``."""
        return [block.strip() for block in self.body.strip().split("\n\n") if block.strip()]


@dataclass(frozen=True)
class DemoContent:
    """Everything ``articles.toml`` holds."""

    site: dict[str, Any]
    categories: dict[str, str]
    authors: dict[str, str]
    stories: tuple[Story, ...]

    def story(self, story_id: int) -> Story:
        """The story with ``story_id``."""
        return next(s for s in self.stories if s.id == story_id)


def load_content() -> DemoContent:
    """Read the bundled ``articles.toml``."""
    data = tomllib.loads(_resource("articles.toml"))
    stories = tuple(
        Story(
            id=a["id"],
            slug=a["slug"],
            title=a["title"],
            author=a["author"],
            category=a["category"],
            tags=tuple(a.get("tags", ())),
            published=datetime.fromisoformat(a["published"]),
            updated=datetime.fromisoformat(a["updated"]),
            excerpt=a["excerpt"],
            body=a["body"],
            comments=tuple(
                Comment(
                    id=c["id"],
                    author=c["author"],
                    posted=datetime.fromisoformat(c["posted"]),
                    text=c["text"],
                    parent=c.get("parent"),
                )
                for c in a.get("comments", ())
            ),
        )
        for a in data["articles"]
    )
    return DemoContent(
        site=data["site"],
        categories={c["slug"]: c["name"] for c in data["categories"]},
        authors={a["slug"]: a["name"] for a in data["authors"]},
        stories=stories,
    )


def build_site(base_url: str, content: DemoContent | None = None) -> dict[str, Page]:
    """Every page of the demo site, keyed by path, with absolute links on ``base_url``."""
    return _Renderer(base_url.rstrip("/"), content or load_content()).pages()


def article_urls(base_url: str, content: DemoContent | None = None) -> list[str]:
    """The canonical URLs of the demo's articles (what a crawl should store), newest first."""
    content = content or load_content()
    return [base_url.rstrip("/") + story.path for story in content.stories]


def _resource(name: str) -> str:
    return resources.files(SITE_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def tag_slug(tag: str) -> str:
    """``"hedge fund letters"`` → ``"hedge-fund-letters"``."""
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")


def _human(moment: datetime, joiner: str = " ") -> str:
    """``October 16, 2025 3:35 pm``, as WordPress prints dates (comments say "at")."""
    hour = moment.hour % 12 or 12
    meridiem = "am" if moment.hour < 12 else "pm"
    return f"{moment:%B} {moment.day}, {moment.year}{joiner}{hour}:{moment:%M} {meridiem}"


class _Renderer:
    """Renders the pages; holds the templates and the shared page parts."""

    def __init__(self, base: str, content: DemoContent) -> None:
        self.base = base
        self.content = content
        self.stories = content.stories
        self.templates = {
            name: Template(_resource(f"{name}.html"))
            for name in (
                "layout", "article", "comments", "comment", "listing", "entry", "about",
            )
        }

    def pages(self) -> dict[str, Page]:
        pages: dict[str, Page] = {}
        for story in self.stories:
            pages[story.path] = Page.html(self.article_page(story, story.path))
        tracked = self.content.story(TRACKED_STORY_ID)
        pages[SHORTLINK_PATH] = Page.html(self.article_page(tracked, tracked.path))
        copy = self.content.story(REPUBLISHED_STORY_ID)
        pages[REPUBLISHED_PATH] = Page.html(self.article_page(copy, REPUBLISHED_PATH))
        pages.update(self.listing_pages())
        pages["/about/"] = Page.html(self.static_page("About", "page-about"))
        pages["/privacy-policy/"] = Page.html(self.static_page("Privacy Policy", "page-privacy"))
        pages["/robots.txt"] = Page.text(self.robots())
        pages["/sitemap_index.xml"] = Page.xml(self.sitemap_index())
        # Served as-is: the bytes are already gzip, as real servers store .xml.gz files.
        pages["/post-sitemap.xml.gz"] = Page(
            gzip.compress(self.post_sitemap().encode("utf-8"), mtime=0), "application/x-gzip"
        )
        pages["/page-sitemap.xml"] = Page.xml(self.page_sitemap())
        pages["/feed/"] = Page.xml(self.feed(), RSS)
        return pages

    # -- shared parts ---------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base + path

    def layout(self, *, title: str, canonical: str, head: str, body_class: str, main: str) -> str:
        menu = "\n".join(
            f'      <li class="menu-item"><a href="{self.url(f"/category/{slug}/")}">'
            f"{html.escape(name)}</a></li>"
            for slug, name in self.content.categories.items()
        )
        recent = "\n".join(
            f'      <li><a href="{self.url(s.path)}">{html.escape(s.title)}</a></li>'
            for s in self.stories[:5]
        )
        return self.templates["layout"].substitute(
            page_title=html.escape(title),
            canonical=canonical,
            head=head,
            body_class=body_class,
            main=main,
            menu=menu,
            recent=recent,
            base=self.base,
            site_name=html.escape(self.content.site["name"]),
            tagline=html.escape(self.content.site["tagline"]),
        )

    # -- articles -----------------------------------------------------------------------------

    def article_page(self, story: Story, path: str) -> str:
        canonical = self.url(path)
        author_name = self.content.authors[story.author]
        main = self.templates["article"].substitute(
            id=story.id,
            base=self.base,
            title=html.escape(story.title),
            quoted_url=quote(canonical, safe=""),
            quoted_title=quote(story.title, safe=""),
            category_slug=story.category,
            category_name=html.escape(self.content.categories[story.category]),
            author_slug=story.author,
            author_name=html.escape(author_name),
            published=story.published.isoformat(),
            published_text=_human(story.published),
            updated=story.updated.isoformat(),
            updated_text=_human(story.updated),
            body=self.article_body(story),
            tag_links=", ".join(
                f'<a href="{self.url(f"/tag/{tag_slug(t)}/")}" rel="tag">{html.escape(t)}</a>'
                for t in story.tags
            ),
            related=self.related(story),
            comments=self.comments(story, canonical),
        )
        properties = {
            "og:type": "article",
            "og:title": story.title,
            "og:url": canonical,
            "og:site_name": self.content.site["name"],
            "og:image": self.url(f"/wp-content/uploads/{story.id}.jpg"),
            "article:published_time": story.published.isoformat(),
            "article:modified_time": story.updated.isoformat(),
            "article:section": self.content.categories[story.category],
        }
        head = "\n".join(
            [
                *(
                    f'<meta property="{name}" content="{html.escape(value)}">'
                    for name, value in properties.items()
                ),
                f'<meta name="author" content="{html.escape(author_name)}">',
                '<script type="application/ld+json">'
                + self.article_jsonld(story, canonical)
                + "</script>",
            ]
        )
        return self.layout(
            title=f"{story.title} - {self.content.site['name']}",
            canonical=canonical,
            head=head,
            body_class=f"post-template-default single single-post postid-{story.id}",
            main=main,
        )

    def article_body(self, story: Story) -> str:
        blocks = []
        for block in story.paragraphs():
            text = html.escape(" ".join(block.split()))
            if block.startswith("## "):
                blocks.append(f"    <h2>{text[3:]}</h2>")
            else:
                blocks.append(f"    <p>{text}</p>")
        return "\n".join(blocks)

    def article_jsonld(self, story: Story, canonical: str) -> str:
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "headline": story.title,
                    "datePublished": story.published.isoformat(),
                    "dateModified": story.updated.isoformat(),
                    "author": {"@type": "Person", "name": self.content.authors[story.author]},
                    "articleSection": self.content.categories[story.category],
                    "keywords": list(story.tags),
                    "mainEntityOfPage": canonical,
                    "commentCount": len(story.comments),
                    "publisher": {"@type": "Organization", "name": self.content.site["name"]},
                },
                {"@type": "WebSite", "url": self.url("/"), "name": self.content.site["name"]},
            ],
        }
        return json.dumps(graph).replace("</", "<\\/")

    def related(self, story: Story) -> str:
        others = [s for s in self.stories if s.category == story.category and s.id != story.id]
        return "\n".join(
            f'      <li><a href="{self.url(s.path)}">{html.escape(s.title)}</a></li>'
            for s in others[:3]
        )

    def comments(self, story: Story, canonical: str) -> str:
        if story.comments:
            count = len(story.comments)
            noun = "thought" if count == 1 else "thoughts"
            comment_list = (
                f'  <h2 class="comments-title">{count} {noun} on &ldquo;'
                f"{html.escape(story.title)}&rdquo;</h2>\n"
                f'  <ol class="comment-list">\n{self.comment_items(story, canonical, None, 1)}'
                "\n  </ol>"
            )
        else:
            comment_list = ""
        return self.templates["comments"].substitute(
            comment_list=comment_list, base=self.base, id=story.id
        )

    def comment_items(self, story: Story, canonical: str, parent: int | None, depth: int) -> str:
        items = []
        replies_to = [c for c in story.comments if c.parent == parent]
        for index, comment in enumerate(replies_to):
            children = self.comment_items(story, canonical, comment.id, depth + 1)
            has_children = bool(children)
            items.append(
                self.templates["comment"].substitute(
                    id=comment.id,
                    parity="even" if index % 2 == 0 else "odd",
                    depth=depth,
                    parent_class=" parent" if has_children else "",
                    base=self.base,
                    author=html.escape(comment.author),
                    article_url=canonical,
                    posted=comment.posted.isoformat(),
                    posted_text=_human(comment.posted, joiner=" at "),
                    text=html.escape(comment.text),
                    children=f'<ol class="children">\n{children}\n</ol>' if has_children else "",
                )
            )
        return "\n".join(items)

    # -- listings -----------------------------------------------------------------------------

    def listing_pages(self) -> dict[str, Page]:
        pages: dict[str, Page] = {}
        per_page = int(self.content.site["per_page"])
        chunks = [
            list(self.stories[i : i + per_page]) for i in range(0, len(self.stories), per_page)
        ]
        for number, chunk in enumerate(chunks, start=1):
            path = "/" if number == 1 else f"/page/{number}/"
            extra = (
                [(self.content.story(REPUBLISHED_STORY_ID), REPUBLISHED_PATH)]
                if number == len(chunks)
                else []
            )
            entries = [(s, self._listing_link(s)) for s in chunk] + [
                (s, self.url(p)) for s, p in extra
            ]
            heading = "Latest News" if number == 1 else f"Latest News &ndash; Page {number}"
            pages[path] = Page.html(
                self.listing(
                    path, heading, entries, number, len(chunks), self.editors_pick(number)
                )
            )
        for slug, name in self.content.categories.items():
            stories = [s for s in self.stories if s.category == slug]
            pages.update(self._archive(f"/category/{slug}/", f"Category: {name}", stories))
        for slug, name in self.content.authors.items():
            stories = [s for s in self.stories if s.author == slug]
            pages.update(self._archive(f"/author/{slug}/", f"Author: {name}", stories))
        for tag in dict.fromkeys(t for s in self.stories for t in s.tags):
            stories = [s for s in self.stories if tag in s.tags]
            pages.update(self._archive(f"/tag/{tag_slug(tag)}/", f"Tag: {tag}", stories))
        return pages

    def _archive(self, path: str, heading: str, stories: list[Story]) -> dict[str, Page]:
        links = [(s, self.url(s.path)) for s in stories]
        return {path: Page.html(self.listing(path, html.escape(heading), links))}

    def editors_pick(self, page_number: int) -> str:
        """The home page's "Editor's pick" box, linking a story by its short link."""
        if page_number != 1:
            return ""
        story = self.content.story(TRACKED_STORY_ID)
        return (
            '<aside class="editors-pick"><span>Editor&rsquo;s pick:</span> '
            f'<a href="{self.url(SHORTLINK_PATH)}">{html.escape(story.title)}</a></aside>'
        )

    def _listing_link(self, story: Story) -> str:
        tracking = HOME_TRACKING if story.id == TRACKED_STORY_ID else ""
        return self.url(story.path) + tracking.replace("&", "&amp;")

    def listing(
        self,
        path: str,
        heading: str,
        entries: list[tuple[Story, str]],
        number: int = 1,
        last: int = 1,
        extra: str = "",
    ) -> str:
        rendered = "\n".join(
            self.templates["entry"].substitute(
                id=story.id,
                link=link,
                base=self.base,
                title=html.escape(story.title),
                category_slug=story.category,
                author_slug=story.author,
                author_name=html.escape(self.content.authors[story.author]),
                published=story.published.isoformat(),
                published_text=_human(story.published),
                excerpt=html.escape(story.excerpt),
            )
            for story, link in entries
        )
        links, head = [], ['<meta property="og:type" content="website">']
        if number < last:
            older = self.url(f"/page/{number + 1}/")
            links.append(f'    <div class="nav-previous"><a href="{older}">Older posts</a></div>')
            head.append(f'<link rel="next" href="{older}">')
        if number > 1:
            newer = self.url("/" if number == 2 else f"/page/{number - 1}/")
            links.append(f'    <div class="nav-next"><a href="{newer}">Newer posts</a></div>')
            head.append(f'<link rel="prev" href="{newer}">')
        head.append(
            '<script type="application/ld+json">'
            + json.dumps({"@context": "https://schema.org", "@type": "CollectionPage",
                          "url": self.url(path)})
            + "</script>"
        )
        main = self.templates["listing"].substitute(
            heading=heading, entries=rendered, pagination="\n".join(links), extra=extra
        )
        return self.layout(
            title=f"{html.unescape(heading)} - {self.content.site['name']}",
            canonical=self.url(path),
            head="\n".join(head),
            body_class="home blog" if path == "/" else "archive",
            main=main,
        )

    def static_page(self, title: str, body_class: str) -> str:
        main = self.templates["about"].substitute(site_name=html.escape(self.content.site["name"]))
        if title != "About":
            main = main.replace(f"About {html.escape(self.content.site['name'])}", title)
        path = "/about/" if title == "About" else "/privacy-policy/"
        return self.layout(
            title=f"{title} - {self.content.site['name']}",
            canonical=self.url(path),
            head='<meta property="og:type" content="website">',
            body_class=f"page-template-default page {body_class}",
            main=main,
        )

    # -- discovery documents ------------------------------------------------------------------

    def robots(self) -> str:
        return (
            "User-agent: *\n"
            "Disallow: /wp-admin/\n"
            "Allow: /wp-admin/admin-ajax.php\n"
            "\n"
            f"Sitemap: {self.url('/sitemap_index.xml')}\n"
        )

    def sitemap_index(self) -> str:
        newest = max(s.updated for s in self.stories).isoformat()
        entries = "".join(
            f"  <sitemap><loc>{self.url(path)}</loc><lastmod>{newest}</lastmod></sitemap>\n"
            for path in ("/post-sitemap.xml.gz", "/page-sitemap.xml")
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</sitemapindex>\n"
        )

    def post_sitemap(self) -> str:
        entries = "".join(
            f"  <url><loc>{self.url(s.path)}</loc>"
            f"<lastmod>{s.updated.isoformat()}</lastmod></url>\n"
            for s in self.stories
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n"
        )

    def page_sitemap(self) -> str:
        entries = "".join(f"  <url><loc>{self.url(p)}</loc></url>\n" for p in ("/", "/about/"))
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n"
        )

    def feed(self) -> str:
        items = []
        for story in self.stories:
            link = self.url(story.path)
            if story.id == TRACKED_STORY_ID:
                link += FEED_TRACKING
            items.append(
                "  <item>\n"
                f"    <title>{html.escape(story.title)}</title>\n"
                f"    <link>{html.escape(link)}</link>\n"
                f"    <dc:creator><![CDATA[{self.content.authors[story.author]}]]></dc:creator>\n"
                f"    <pubDate>{story.published:%a, %d %b %Y %H:%M:%S %z}</pubDate>\n"
                f"    <category><![CDATA[{self.content.categories[story.category]}]]></category>\n"
                f'    <guid isPermaLink="false">{self.url(f"/?p={story.id}")}</guid>\n'
                f"    <description><![CDATA[{story.excerpt}]]></description>\n"
                "  </item>\n"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            "<channel>\n"
            f"  <title>{html.escape(self.content.site['name'])}</title>\n"
            f"  <link>{self.url('/')}</link>\n"
            f"  <description>{html.escape(self.content.site['tagline'])}</description>\n"
            f"{''.join(items)}"
            "</channel>\n</rss>\n"
        )
