"""Fields of one comment: body, author and time, from one walk over its own subtree.

Replies and other comments are pruned from the walk. The text comes from the comment's
content part (or its own paragraphs), the author from ``fn``/``author``/``cite``/profile
links, the time from ``time[datetime]``, microdata or its meta line.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.authors import before_separator, clean_author
from newscrawl.extract.comments.markup import (
    BODY_PROPS,
    CONTENT_BLOCK_TAGS,
    DATE_PROPS,
    JUNK_TAGS,
    RDF_ALIASES,
)
from newscrawl.extract.comments.patterns import (
    CONTROL_LINE_RE,
    MAX_META_LINE_CHARS,
    MAX_META_LINES,
    MAX_STAMP_YEAR,
    MIN_STAMP_YEAR,
    PLACEHOLDER_RE,
    PLACEHOLDER_SCAN_CHARS,
    POSTED_BY_RE,
    PROFILE_HREF_RE,
    SHOW_COMMENT_RE,
)
from newscrawl.extract.comments.roles import class_tokens, token_facts
from newscrawl.extract.comments.tree import (
    SkipSet,
    normalise,
    outermost,
    text_lines,
    visible_text_start,
)
from newscrawl.extract.comments.vocabulary import AUTHOR, BODY, DATE, LABEL, NOISE, PART_PRIORITY
from newscrawl.extract.dates import parse_datetime

if TYPE_CHECKING:
    from newscrawl.extract.comments.grouping import Item
    from newscrawl.extract.comments.roles import TokenFacts


class ItemFields:
    """Body, author and time of one comment, from one walk over its own elements."""

    def __init__(
        self, item: Item, prune: Container[etree._Element], memo: dict[str, TokenFacts]
    ) -> None:
        self.item = item
        self.prune = prune
        self.memo = memo
        self.own = set(item.all_elements())
        self.bodies: list[etree._Element] = []
        self.weak_bodies: list[etree._Element] = []
        self.authors: list[etree._Element] = []
        self.dates: list[etree._Element] = []
        self.noise: list[etree._Element] = []
        self.blocks: list[etree._Element] = []
        self.props: dict[str, etree._Element] = {}
        self.times: list[etree._Element] = []
        self.cites: list[etree._Element] = []
        self.fns: list[etree._Element] = []
        self.profile_links: list[etree._Element] = []
        self.author_like: list[etree._Element] = []
        self.frames: list[etree._Element] = []
        self.named_by: etree._Element | None = None
        for member in item.all_elements():
            self._walk(member)
        # A comment written as <dt>name said…</dt><dd>text</dd>: the term holds the name.
        self.author_like.extend(member for member in item.all_elements() if member.tag == "dt")

    def _walk(self, member: etree._Element) -> None:
        """Classify ``member``'s own descendants; note whether each sits inside a meta part."""
        stack: list[tuple[etree._Element, bool]] = [(member, False)]
        while stack:
            el, in_meta = stack.pop()
            role = self._classify(el) if el not in self.own else None
            inside = in_meta or role in (AUTHOR, DATE, NOISE, LABEL)
            if not inside and el.tag in CONTENT_BLOCK_TAGS:
                self.blocks.append(el)
            children = []
            for child in el:
                if not isinstance(child.tag, str) or child in self.prune:
                    continue
                if child.tag in JUNK_TAGS:
                    if child.tag == "meta":
                        self._note_properties(child)  # <meta itemprop=dateCreated content=…>
                    continue
                children.append(child)
            stack.extend((child, inside) for child in reversed(children))

    def _classify(self, el: etree._Element) -> str | None:
        """File ``el`` under the part lists; return the part role its classes give it."""
        self._note_properties(el)
        self._note_tag(el)
        roles, strong_body, has_author_word = self._class_facts(el)
        for role in PART_PRIORITY:  # the most specific role wins
            if role in roles:
                self._file_part(el, role, strong_body)
                if role != LABEL and has_author_word:
                    self.author_like.append(el)  # "comment-author-link", "comment-meta vcard"
                return NOISE if role == LABEL else role
        return None

    def _note_tag(self, el: etree._Element) -> None:
        """Tags that hold a field whatever their class: time, cite, profile links, frames."""
        tag = el.tag
        if tag == "time":
            self.times.append(el)
        elif tag == "cite":
            self.cites.append(el)
        elif tag == "a" and PROFILE_HREF_RE.search(el.get("href") or ""):
            self.profile_links.append(el)
        if tag in ("header", "footer"):
            self.frames.append(el)

    def _class_facts(self, el: etree._Element) -> tuple[set[str], bool, bool]:
        """Part roles of ``el``'s class tokens, a strong body word?, an author word?"""
        roles: set[str] = set()
        strong_body = False
        has_author_word = False
        for token in class_tokens(el):
            facts = self.memo.get(token)
            if facts is None:
                facts = self.memo[token] = token_facts(token)
            role, strong, authorish = facts
            has_author_word |= authorish
            if role is not None:
                roles.add(role)
                strong_body |= strong
            if token == "fn":
                self.fns.append(el)  # hCard's formatted name
        return roles, strong_body, has_author_word

    def _file_part(self, el: etree._Element, role: str, strong_body: bool) -> None:
        """Add ``el`` to the list of its part role."""
        if role == BODY:
            # "comment-body" in WordPress also holds the meta: a weak body, tried after others.
            (self.bodies if strong_body else self.weak_bodies).append(el)
        elif role == AUTHOR:
            self.authors.append(el)
        elif role == DATE:
            self.dates.append(el)
        else:
            self.noise.append(el)  # noise and labels: never the text, sometimes the name

    def _note_properties(self, el: etree._Element) -> None:
        """Microdata ``itemprop`` and RDFa ``property`` names, by local name."""
        for attr in ("itemprop", "property"):
            value = el.get(attr)
            if not value:
                continue
            for prop in value.split():
                name = RDF_ALIASES.get(prop.lower(), prop.rsplit(":", 1)[-1])
                self.props.setdefault(name, el)

    # -- body ----------------------------------------------------------------------------

    def body(self) -> str:
        """The comment's text; call after :meth:`author` so the name's element is left out."""
        parts = {*self.noise, *self.authors, *self.dates, *self.times, *self.fns}
        if self.named_by is not None and not self._inside_body(self.named_by):
            parts.add(self.named_by)
        for containers, extra_skip in self._body_containers():
            lines: list[str] = []
            for container in containers:
                skip = SkipSet(self.prune, parts, extra_skip, kept={container})
                lines.extend(text_lines(container, skip))
            text = "\n".join(line for line in lines if not CONTROL_LINE_RE.match(line))
            if text:
                return text
        return ""

    def _inside_body(self, el: etree._Element) -> bool:
        """True when ``el`` sits inside a body part (then the name is part of the text)."""
        containers = set(self.bodies) | set(self.weak_bodies)
        for ancestor in el.iterancestors():
            if ancestor in containers:
                return True
            if ancestor is self.item.element:
                return False  # the body parts lie inside the comment: no need to go higher
        return False

    def _body_containers(
        self,
    ) -> Iterator[tuple[list[etree._Element], set[etree._Element]]]:
        """Where the text is, most specific first; the comment's whole elements last."""
        nothing: set[etree._Element] = set()
        for prop in BODY_PROPS:
            if prop in self.props:
                yield [self.props[prop]], nothing
        within = self.item.element
        if self.bodies:
            yield outermost(self.bodies, within), nothing
        if self.weak_bodies:
            yield outermost(self.weak_bodies, within), nothing
        if self.blocks:
            yield outermost(self.blocks, within), nothing
        # Last resort: everything but the header, footer and the quoted author line.
        yield (
            self.item.all_elements(),
            {
                el
                for member in self.item.all_elements()
                for el in member.iter(
                    "header", "footer", "cite", "h1", "h2", "h3", "h4", "h5", "h6"
                )
            },
        )

    # -- author --------------------------------------------------------------------------

    def author(self) -> str | None:
        """The commenter's name; remembers the element it came from so the body skips it."""
        for el in self._author_candidates():
            text = normalise(el.text_content())
            name = clean_author(text) or clean_author(before_separator(text))
            if name:
                self.named_by = el
                return name
        return self._posted_by()

    def _author_candidates(self) -> Iterator[etree._Element]:
        """Elements that may hold the name, most telling first."""
        author = self.props.get("author", self.props.get("creator"))
        if author is not None:
            name = author.xpath(".//*[@itemprop='name' or @property='foaf:name']")
            yield name[0] if name else author
        yield from self.fns
        # Innermost author parts first: "comment-author > comment-author-link > a".
        authors = set(self.author_like)
        innermost = [
            el
            for el in self.author_like
            if not any(inner in authors for inner in el.iterdescendants())
        ]
        yield from innermost
        yield from (el for el in self.author_like if el not in innermost)
        yield from self.cites
        yield from self.profile_links
        # A bare name heading or bold name in the comment's header ("<h3>Liberte</h3>").
        for part in self.noise + self.dates + self.frames:
            yield from part.iter("h2", "h3", "h4", "h5", "h6", "strong", "b")

    def _posted_by(self) -> str | None:
        """The name in a "Posted by: Jane | March 3" line of the comment's meta or footer."""
        for part in self.dates + self.noise + self.frames:
            match = POSTED_BY_RE.search(normalise(part.text_content()))
            if match:
                name = clean_author(match.group("name"))
                if name:
                    return name
        return None

    # -- time ----------------------------------------------------------------------------

    def posted_at(self, default_tz: tzinfo = timezone.utc) -> datetime | None:
        """When the comment was posted, if stated; timezone-aware (``default_tz`` when the
        text states no zone)."""
        for text in self._date_texts():
            if not text:
                continue
            value = parse_datetime(text, default_tz=default_tz)
            if value is not None:
                return value
        stamped = self._permalink_stamp()
        if stamped is not None:
            return stamped
        for line in self._meta_lines():
            value = parse_datetime(line, default_tz=default_tz)
            if value is not None:
                return value
        return None

    def _permalink_stamp(self) -> datetime | None:
        """The time in a Blogger permalink (``?showComment=1700000000000``, milliseconds since
        the epoch) when its text only says "21:00"."""
        for part in self.dates + self.noise:
            for link in part.iter("a"):
                match = SHOW_COMMENT_RE.search(link.get("href") or "")
                if match:
                    seconds = int(match.group(1)) // 1000
                    stamp = datetime.fromtimestamp(seconds, tz=timezone.utc)
                    if MIN_STAMP_YEAR <= stamp.year <= MAX_STAMP_YEAR:
                        return stamp
        return None

    def _meta_lines(self) -> Iterator[str]:
        """Short lines of the comment outside its text parts: a date written under the name
        with no class of its own ("<span class=author>Lena</span><br>Mai 3, 2019<p>…")."""
        text_parts = {*self.bodies, *self.weak_bodies, *self.blocks}
        skip = SkipSet(self.prune, text_parts)
        seen = 0
        for member in self.item.all_elements():
            for line in text_lines(member, skip):
                seen += 1
                if seen > MAX_META_LINES:
                    return
                if len(line) <= MAX_META_LINE_CHARS and any(ch.isdigit() for ch in line):
                    yield line

    def _date_texts(self) -> Iterator[str]:
        """Texts that may state the time, most telling first."""
        for prop in DATE_PROPS:
            el = self.props.get(prop)
            if el is not None:
                yield el.get("content") or el.get("datetime") or normalise(el.text_content())
        for el in self.times:
            yield el.get("datetime") or ""
            yield normalise(el.text_content())
        for el in self.dates:
            for abbr in el.iter("abbr"):
                yield abbr.get("title") or ""
            yield normalise(el.text_content())
            yield el.get("title") or ""
        for el in self.noise:
            if el.tag == "a":
                yield el.get("title") or ""
                yield normalise(el.text_content())
        # "Posted by: Nina | March 3, 2015 at 10:12 AM" footers and headers.
        for el in self.noise + self.frames:
            if el.tag != "a":
                yield normalise(el.text_content())


def is_placeholder(item: Item, body: str) -> bool:
    """An entry that only says there are no comments yet (the text or the whole entry)."""
    if PLACEHOLDER_RE.match(body):
        return True
    start = normalise(visible_text_start(item.element, PLACEHOLDER_SCAN_CHARS))
    return bool(PLACEHOLDER_RE.match(start))
