"""The role a class, id or microdata attribute gives an element: item, area, replies, form."""

from __future__ import annotations

from lxml import etree

from newscrawl.extract.comments.ids import STRICT_ID_RE
from newscrawl.extract.comments.markup import INLINE_TAGS
from newscrawl.extract.comments.vocabulary import (
    ACTION_WORDS,
    AREA,
    AREA_SUFFIXES,
    AUTHOR,
    BODY,
    CHILDREN,
    CHILDREN_WORDS,
    FORM,
    FORM_AFTER_WORDS,
    FORM_BEFORE_WORDS,
    ITEM,
    ITEM_SUFFIXES,
    LABEL,
    LABEL_DISPLAY_WORDS,
    PART_WORDS,
    PLURAL_CONTENT_WORDS,
    PLURAL_ROOTS,
    SINGULAR_AREA_SUFFIXES,
    SINGULAR_ROOTS,
    STRUCTURAL,
    WEAK_BODY_WORDS,
    class_words,
)


def token_role(token: str) -> str | None:
    """The structural role one class or id token gives its element, if any."""
    words = class_words(token)
    for index, word in enumerate(words):
        plural = word in PLURAL_ROOTS
        if not plural and word not in SINGULAR_ROOTS:
            continue
        before = words[:index]
        after = words[index + 1:]
        return role_around_root(plural, before, after)
    if any(word in CHILDREN_WORDS for word in words) and "comment" not in words:
        # "children", "sub-replies": lists of replies even without a comment word.
        return CHILDREN if words[-1] in CHILDREN_WORDS or words[0] in CHILDREN_WORDS else None
    if words and words[0] == "respond":
        return FORM
    return None


def role_around_root(plural: bool, before: list[str], after: list[str]) -> str | None:
    """The role given by the words before and after a comment root in one token."""
    previous = before[-1] if before else None
    if previous in CHILDREN_WORDS:
        return CHILDREN  # "child-comments", "sub-comments"
    if previous in FORM_BEFORE_WORDS:
        return FORM  # "comment-form" spelled "form-comment", "leave-comment", "add-comment"
    if previous == "post":
        # "post-comments" is the post's comment area; "post-comment" a form or a button.
        if not plural:
            return FORM
    elif previous in ACTION_WORDS:
        return None  # "recent-comments", "fa-comment", "has-comments", "comment-count"
    if not after:
        return AREA if plural else ITEM
    first, last = after[0], after[-1]
    if first in CHILDREN_WORDS or last in CHILDREN_WORDS:
        return CHILDREN  # "comment-replies", "comment-children"
    if first in FORM_AFTER_WORDS:
        return FORM  # "comment-form", "comment-respond", "comments-form"
    if plural and first in PLURAL_CONTENT_WORDS:
        return AREA  # "comments-content", "comments-inner": the inside of the section
    if first in PART_WORDS or first in ACTION_WORDS:
        return None  # a part of a comment, or a control: "comment-content", "comments-link"
    if plural:
        return AREA if last in AREA_SUFFIXES or last in ITEM_SUFFIXES else None
    if last in SINGULAR_AREA_SUFFIXES:
        return AREA
    if last in ITEM_SUFFIXES:
        return ITEM
    # "comment-wrapper" is a whole section in Drupal and one comment elsewhere: undecided.
    return None


def memo_token_role(token: str, memo: dict[str, str | None]) -> str | None:
    """:func:`token_role` with a per-analysis memo: pages repeat the same classes a lot."""
    if token not in memo:
        memo[token] = token_role(token)
    return memo[token]


def part_role(token: str) -> str | None:
    """The role a class token gives an element inside one comment: body, author, date, noise."""
    role = None
    words = class_words(token)
    for index, word in enumerate(words):
        found = PART_WORDS.get(word)
        if found == LABEL and words[index + 1: index + 2] and (
            words[index + 1] in LABEL_DISPLAY_WORDS
        ):
            return None
        if found is not None:
            role = found  # the last known word decides: "comment-author-jane" is an author
    return role


# What one class token says inside a comment: part role, a strong body?, an author word?
TokenFacts = tuple[str | None, bool, bool]


def token_facts(token: str) -> TokenFacts:
    """Part role of a token inside a comment, whether it is a strong body, an author word."""
    role = part_role(token)
    words = class_words(token)
    strong_body = role == BODY and bool(words) and words[-1] not in WEAK_BODY_WORDS
    authorish = any(PART_WORDS.get(word) == AUTHOR for word in words)
    return role, strong_body, authorish


def names_a_list(el: etree._Element) -> bool:
    """True when the class says "list of comments" outright (comment-list, comments-area)."""
    return any(
        word in SINGULAR_AREA_SUFFIXES
        for token in class_tokens(el)
        for word in class_words(token)
    )


def class_tokens(el: etree._Element) -> list[str]:
    """The element's class names."""
    value = el.get("class")
    return value.split() if value else []


def is_microdata_comment(el: etree._Element) -> bool:
    """True for a schema.org ``Comment`` (microdata ``itemtype`` or RDFa ``typeof``)."""
    itemtype = el.get("itemtype") or ""
    typeof = el.get("typeof") or ""
    for value in (itemtype, typeof):
        for kind in value.split():
            tail = kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1].rsplit("#", 1)[-1]
            if tail in {"Comment", "UserComments"}:
                return True
    return el.get("itemprop") == "comment" and el.get("itemscope") is not None


def element_role(el: etree._Element, memo: dict[str, str | None]) -> str | None:
    """Structural role of a candidate: item, area, children (replies list), form or None."""
    tag = el.tag
    if not isinstance(tag, str) or tag in INLINE_TAGS:
        return None
    if is_microdata_comment(el):
        return ITEM
    if tag == "form":
        action = (el.get("action") or "").lower()
        if any(stem in action for stem in ("comment", "omment", "reply", "respond")):
            return FORM
        return FORM if el.find(".//textarea") is not None else None
    roles = {memo_token_role(token, memo) for token in class_tokens(el)}
    for role in STRUCTURAL:
        if role in roles:
            return role
    el_id = el.get("id") or ""
    if el_id:
        if STRICT_ID_RE.match(el_id):
            return ITEM
        if not any(part_role(token) for token in class_tokens(el)):
            role = memo_token_role(el_id, memo)
            if role in (AREA, FORM, CHILDREN):
                return role
    return None
