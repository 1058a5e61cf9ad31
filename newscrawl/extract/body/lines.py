"""Writing a container out as lines: blocks and ``<br>`` cut lines, links are counted."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from newscrawl.extract.body.vocabulary import BLOCK_TAGS

CAPTION_TAGS = frozenset({"figure", "figcaption", "caption"})


# Soft hyphens and zero-width spaces: invisible, but they split the words they sit in
# (joiners stay: Persian and emoji sequences need them).
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")


@dataclass
class Line:
    """One output line: its text, how many of its characters are link text, the block tag
    it came from, and whether it sits in a caption."""

    text: str
    links: int
    tag: str
    caption: bool = False


class _LineWriter:
    """Accumulates inline text and cuts it into lines at block boundaries and ``<br>``."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.block_tags: list[str] = ["div"]

    def add(self, text: str | None, in_link: bool) -> None:
        """Append inline ``text`` to the current line (counted as link text when in a link)."""
        if text:
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text.strip())

    def cut(self) -> None:
        """End the current line (nothing is added when it is empty)."""
        text = "".join(self.parts)
        if _INVISIBLE_RE.search(text):
            text = _INVISIBLE_RE.sub("", text)
        text = " ".join(text.split())
        if text:
            caption = any(tag in CAPTION_TAGS for tag in self.block_tags)
            self.lines.append(
                Line(text, min(self.link_chars, len(text)), self.block_tags[-1], caption)
            )
        self.parts = []
        self.link_chars = 0


def lines_of(container: lxml.html.HtmlElement) -> list[Line]:
    """The text of ``container`` cut into lines at block boundaries and ``<br>``."""
    writer = _LineWriter()
    link_depth = 0
    for event, element in etree.iterwalk(container, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                writer.cut()
                writer.block_tags.append(tag)
            elif tag == "br":
                writer.cut()
            elif tag == "a":
                link_depth += 1
            writer.add(element.text, link_depth > 0)
        else:
            if tag in BLOCK_TAGS:
                writer.cut()
                writer.block_tags.pop()
            elif tag == "a":
                link_depth -= 1
            if element is not container:
                writer.add(element.tail, link_depth > 0)
    writer.cut()
    return writer.lines
