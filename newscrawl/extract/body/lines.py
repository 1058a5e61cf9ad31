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
    """Accumulates inline text (``parts``, ``link_chars``) and cuts it into lines at block
    boundaries and ``<br>``."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.block_tags: list[str] = ["div"]
        self.captions = 0  # how many of ``block_tags`` are caption blocks

    def open_block(self, tag: str) -> None:
        """End the current line and enter block ``tag``."""
        if self.parts:
            self.cut()
        self.block_tags.append(tag)
        if tag in CAPTION_TAGS:
            self.captions += 1

    def close_block(self) -> None:
        """End the current line and leave the innermost block."""
        if self.parts:
            self.cut()
        if self.block_tags.pop() in CAPTION_TAGS:
            self.captions -= 1

    def cut(self) -> None:
        """End the current line (nothing is added when it is empty)."""
        text = "".join(self.parts)
        # Most cuts hold only the white space between two blocks: no line, and nothing to
        # clean (the invisible characters are not white space).
        if not text.isspace():
            self._add_line(text)
        self.parts.clear()  # the same list: ``lines_of`` appends to it directly
        self.link_chars = 0

    def _add_line(self, text: str) -> None:
        """Append ``text``, cleaned, as a line of the current block (unless it is empty)."""
        if _INVISIBLE_RE.search(text):
            text = _INVISIBLE_RE.sub("", text)
        text = " ".join(text.split())
        if text:
            self.lines.append(
                Line(text, min(self.link_chars, len(text)), self.block_tags[-1], self.captions > 0)
            )


def lines_of(container: lxml.html.HtmlElement) -> list[Line]:
    """The text of ``container`` cut into lines at block boundaries and ``<br>``."""
    writer = _LineWriter()
    parts = writer.parts
    link_depth = 0
    for event, element in etree.iterwalk(container, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                writer.open_block(tag)
            elif tag == "br":
                writer.cut()
            elif tag == "a":
                link_depth += 1
            text = element.text
        else:
            if tag in BLOCK_TAGS:
                writer.close_block()
            elif tag == "a":
                link_depth -= 1
            if element is container:
                continue
            text = element.tail
        if text:
            parts.append(text)
            if link_depth:
                writer.link_chars += len(text.strip())
    writer.cut()
    return writer.lines
