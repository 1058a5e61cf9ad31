"""Authors: site rules, JSON-LD ``author``, meta tags, microdata, then the visible byline.

Whatever the source, names are cleaned the same way: no "By", no roles, no dates, no
e-mail addresses, split on "and"/"&"/commas, duplicates removed (case-insensitive).
"""

from __future__ import annotations

import html
import re
from typing import Any

from lxml import etree

from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules

MAX_AUTHORS = 12
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60

_BY_RE = re.compile(
    r"^\s*(?:written|posted|reported|compiled|edited|text|story|words|photos?|published|"
    r"submitted|interview|reporting|more|mehr|alles|veröffentlicht|geschrieben|verfasst|erstellt|eingetragen|gespeichert|"
    r"pressemitteilung|publié|écrit|publicado|escrito|pubblicato|scritto|"
    r"(?:zeige\s+|view\s+|see\s+|show\s+)?all(?:e)?\s+(?:posts|articles|beiträge|artikel))?\s*"
    r"(?:by|von|par|por|di|door|de|av|af)\s*[:\-]?\s+",
    re.IGNORECASE,
)
# Lower-case words that never start or end a name ("in Uncategorized", "Jane Doe at").
_EDGE_STOPWORDS = frozenset(
    {"in", "bei", "on", "at", "um", "am", "for", "für", "with", "mit", "from", "aus", "and",
     "und", "http", "https", "www", "veröffentlicht", "posted", "published", "von", "by"}
)
# Words that mark a line as something else than a name.
_NOT_A_NAME_WORDS = frozenset(
    {"kommentar", "kommentare", "comment", "comments", "hinterlasse", "uncategorized",
     "allgemein", "eingetragen", "reply", "antworten", "share", "teilen"}
)
_HANDLE_RE = re.compile(r"^[\w.’'-]{2,30}$")
_LABEL_RE = re.compile(r"^\s*(?:authors?|autor(?:in|en)?|auteur|writer|byline)\s*[:\-]\s*",
                       re.IGNORECASE)
# Conjunctions only in lower case (and "AND"): "Jane Y. Doe" must not split at "Y".
_SPLIT_RE = re.compile(r"\s*(?:,|;|\||\n|/|&|·)\s*|\s+(?:and|AND|And|und|et|y|e|en)\s+")
# Roles and affiliations that follow a name ("Jane Doe, Staff Writer", "John Roe - Reuters").
ROLE_WORDS = frozenset(
    {
        "staff", "writer", "writers", "reporter", "reporters", "correspondent", "editor",
        "editors", "contributor", "contributing", "columnist", "senior", "chief", "associate",
        "associated", "press", "news", "desk", "team", "service", "bureau", "producer",
        "journalist", "redaktion", "redakteur", "autor", "updated", "published", "posted",
        "editorial", "board", "wire", "agency", "analyst", "opinion", "guest", "special",
        "contributors", "photographer", "photography", "illustration", "video", "host",
        "anchor", "reuters", "afp", "ap", "dpa", "upi", "staffer", "managing", "deputy",
        "political", "business", "science", "sports", "health", "technology", "tech",
        "national", "international", "foreign", "affairs", "more", "about", "view", "all",
        "posts", "articles", "follow", "email", "twitter", "read", "bio", "author", "by",
        "officer", "head", "president", "director", "ceo", "founder", "cofounder", "sponsored",
        "fellow", "professor", "expert", "reviewer", "reviewed",
        "edited", "fact", "checked", "minute", "minutes", "min", "share", "last", "the",
        "alle", "artikel", "beiträge", "mehr", "interview", "auteurs", "autoren", "autorin",
        "rechtsanwalt", "rechtsanwältin", "cto", "cfo", "coo", "vp",
    }
)
CREDIT_WORDS = frozenset({"image", "images", "photo", "photos", "credit", "picture", "source"})
_DATE_WORD_RE = re.compile(
    r"\b(?:\d{1,4}[./-]\d{1,2}|\d{1,2}:\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec)[a-z]*\.?\s+\d{1,2}|\d{4}|ago|updated|published|am|pm|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag)\b",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"\S+@\S+")
_CONTRIBUTORS_RE = re.compile(
    r"\b(?:contributions?\s+(?:from|by)|additional\s+reporting|with\s+reporting|"
    r"reporting\s+by|edited\s+by|reviewed\s+by|fact[\s-]checked\s+by|"
    r"medically\s+reviewed)\b",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net|html?)\b", re.IGNORECASE)
_NAME_CHAR_RE = re.compile(r"[^\w\s.'’\-]")
# Classes of byline elements (matched in Python over the page's element list: one pass, far
# cheaper than an XPath testing a dozen ``contains()`` on every element).
_BYLINE_CLASS_RE = re.compile(
    r"(?:^|\s)author(?:\s|$)|byline|author-name|AuthorName|article-author|post-author"
    r"|entry-author|author__name|authorName|contributor|writer|signature|autor|auteur|firma"
)
MAX_BYLINE_CANDIDATES = 20


# Looser markup, tried only when nothing above named anyone: any class mentioning an author,
# a ``<byline>`` element, forum and blog user names. Comment areas are skipped: their user
# names are readers, not the article's author.
_LOOSE_BYLINE_XPATH = etree.XPath(
    "//body//*[(contains(@class, 'author') or contains(@class, 'Author') or self::byline"
    " or contains(@class, 'username') or contains(@class, 'submitted'))"
    " and not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or contains(@class, 'Comment')])]"
)
# "Autor: Jane Doe", "Autorin: …", "Author: …", "Text: …", "Written by …" in a short text node.
_LABELLED_TEXT_XPATH = etree.XPath(
    "//body//text()[starts-with(normalize-space(.), 'Autor') or starts-with(normalize-space(.),"
    " 'Author') or starts-with(normalize-space(.), 'Text:') or starts-with(normalize-space(.),"
    " 'Written by') or starts-with(normalize-space(.), 'Von') or starts-with("
    "normalize-space(.), 'By ') or starts-with(normalize-space(.), 'Redaktion:')]"
    "[string-length(.) < 200]"
)
_LABELLED_RE = re.compile(
    r"^\s*(?:autor(?:in|en)?|authors?|text|von|by|redaktion|written\s+by)\s*[:\-]?\s*",
    re.IGNORECASE,
)
# "By Jane Doe" / "Von Jane Doe" without a colon: only a short line that is just a name.
_BARE_PREFIX_RE = re.compile(r"^\s*(?:by|von)\s+\w", re.IGNORECASE)
MAX_BARE_BYLINE_CHARS = 60
# Editorial-team bylines that stand for an author on their own ("Redaktion" alone).
TEAM_BYLINES = frozenset({"redaktion", "rédaction", "redacción", "redazione", "redactie"})
MAX_LOOSE_CANDIDATES = 30


def extract_authors(page: Page, rules: SiteRules | None = None) -> list[str]:
    """The article's authors as a clean list of names (possibly empty).

    Sources are tried in order; names that are the site's or publisher's own name are not
    authors, and a source yielding only such names gives way to the next one.
    """
    organisations = _organisation_names(page)
    visible_sources = (_from_byline, _from_title_neighbours, _from_loose_byline,
                       _from_labelled_text, _from_author_links)
    for source in (_from_rules, _from_json_ld, _from_meta, _from_itemprop, *visible_sources):
        raw = source(page, rules)
        names = [n for n in clean_author_names(raw) if not _is_organisation(n, organisations)]
        if source in visible_sources:
            # Visible text is noisier: one-word leftovers ("The", "Last") are not names, but
            # an element holding one word only is a handle ("gnaddrig").
            names = [n for n in names if len(n.split()) >= 2]
            if not names:
                handles = [_handle(text) for text in raw]
                names = [h for h in handles if h and not _is_organisation(h, organisations)]
            if not names:
                names = [team for team in map(_team_byline, raw) if team]
        if names:
            if source in (_from_json_ld, _from_meta):
                return _reconciled_with_byline(names, page, organisations)
            return names
    return []


def _reconciled_with_byline(
    structured: list[str], page: Page, organisations: set[str]
) -> list[str]:
    """The byline's names when they overlap the structured ones but differ from them.

    Structured data often lists only the first of several authors, or adds contributors
    and editors that the byline shows apart; the byline is what the reader sees.
    """
    raw = _from_byline(page, None)
    shown = [
        n for n in clean_author_names(raw)
        if len(n.split()) >= 2 and not _is_organisation(n, organisations)
    ]
    structured_keys = {_squash(n) for n in structured}
    # Extra names must read as names: template leftovers ("monthFull day") do not.
    shown = [n for n in shown if _squash(n) in structured_keys or _looks_like_name(n)]
    shown_keys = {_squash(n) for n in shown}
    if shown and shown_keys & structured_keys and shown_keys != structured_keys:
        return shown
    return structured


_NAME_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin",
     "al", "ter", "zu", "y"}
)


def _looks_like_name(name: str) -> bool:
    """Every word capitalised (particles like "van" aside), and the last one too."""
    words = name.split()
    return len(words) >= 2 and words[-1][:1].isupper() and all(
        word[:1].isupper() or word in _NAME_PARTICLES for word in words
    )


def _organisation_names(page: Page) -> set[str]:
    names = [*page.meta.get("og:site_name", ()), *page.meta.get("application-name", ())]
    for node in page.json_ld:
        if _is_organization(node) or "website" in str(node.get("@type")).lower():
            names.append(node.get("name") if isinstance(node.get("name"), str) else "")
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    host = page.url.split("//", 1)[-1].split("/", 1)[0].split(":")[0].lower()
    labels = [label for label in host.split(".") if label not in ("www", "com", "co", "org",
                                                                   "net", "uk", "news")]
    names.extend(labels)
    return {_squash(name) for name in names if name and len(_squash(name)) >= 3}


def _is_organisation(name: str, organisations: set[str]) -> bool:
    squashed = _squash(name)
    if squashed.startswith("the"):
        squashed = squashed[3:]
    return any(
        squashed == org
        or (len(squashed) >= 4 and org in squashed)
        or (len(squashed) >= 4 and squashed in org and not _is_owners_site(name, org))
        for org in organisations
    )


def _is_owners_site(name: str, org: str) -> bool:
    """A personal site named after its author ("Jane Doe's Blog"): the name is an author."""
    return len(name.split()) >= 2 and org.startswith(_squash(name) + "s")


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _from_rules(page: Page, rules: SiteRules | None) -> list[str]:
    if rules is None:
        return []
    for selector in rules.selectors("authors"):
        values = selector.values(page.root)
        if values:
            return values
    return []


def _from_json_ld(page: Page, rules: SiteRules | None) -> list[str]:
    for node in page.article_nodes():
        names = _names_of(node.get("author"), page)
        if names:
            return names
    return []


def _names_of(value: Any, page: Page) -> list[str]:
    """Names from a JSON-LD ``author`` value: a string, a Person, a list of them, or an @id."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value for name in _names_of(item, page)]
    if isinstance(value, dict):
        if _is_organization(value):
            return []
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        ref = value.get("@id")
        if isinstance(ref, str):
            for node in page.json_ld:
                if node.get("@id") == ref and node is not value and isinstance(
                    node.get("name"), str
                ):
                    return [] if _is_organization(node) else [node["name"]]
    return []


def _is_organization(node: dict[str, Any]) -> bool:
    """Typed as an organisation and not also as a person (Yoast types a blog's owner as
    ``["Person", "Organization"]``)."""
    kind = node.get("@type")
    kinds = [k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
    return any("organization" in k for k in kinds) and "person" not in kinds


def _from_meta(page: Page, rules: SiteRules | None) -> list[str]:
    for name in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                 "dcterms.creator", "byl", "cxenseparse:author", "twitter:creator:name"):
        values = [v for v in page.meta.get(name, ()) if v and not _URL_RE.search(v)]
        if values:
            return values
    return _from_twitter_labels(page)


# Yoast and similar plugins state the author as a labelled Twitter card field.
_WRITTEN_BY_LABEL_RE = re.compile(
    r"^\s*(?:written\s+by|verfasst\s+von|geschrieben\s+von|écrit\s+par|escrito\s+por|"
    r"scritto\s+da|geschreven\s+door|author)\s*:?\s*$",
    re.IGNORECASE,
)


def _from_twitter_labels(page: Page) -> list[str]:
    """``twitter:dataN`` whose ``twitter:labelN`` reads "Written by" (or its translation)."""
    for index in range(1, 5):
        labels = page.meta.get(f"twitter:label{index}", ())
        if labels and _WRITTEN_BY_LABEL_RE.match(labels[0]):
            return [v for v in page.meta.get(f"twitter:data{index}", ()) if v][:1]
    return []


def _from_itemprop(page: Page, rules: SiteRules | None) -> list[str]:
    names: list[str] = []
    for element in [*page.itemprops.get("author", ()), *page.itemprops.get("creator", ())]:
        if element.tag == "meta":
            names.append(element.get("content") or "")
            continue
        inner = element.xpath(".//*[@itemprop='name']")
        if inner:
            names.extend(n.get("content") or n.text_content() for n in inner)
        else:
            names.append(element.text_content())
    return names


def _from_byline(page: Page, rules: SiteRules | None) -> list[str]:
    for element in _byline_elements(page):
        if element.tag in ("script", "style", "meta", "link", "body", "html", "article"):
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if not 3 <= len(text) <= 120:
            continue
        if clean_author_names([text]) or _handle(text):
            return [text]
    return []


def _byline_elements(page: Page) -> list[Any]:
    """The first elements, in document order, marked as a byline (class or ``rel=author``)."""
    found: list[Any] = []
    for element in page.elements or page.root.iter():
        classes = element.get("class")
        if (classes and _BYLINE_CLASS_RE.search(classes)) or element.get("rel") == "author":
            found.append(element)
            if len(found) >= MAX_BYLINE_CANDIDATES:
                break
    return found


# Links to an author's page ("/author/jane-doe/", "/writer/123/Jane_Doe/", "/autoren/…").
_AUTHOR_HREF_RE = re.compile(
    r"/(?:author|authors|writer|writers|autor|autoren|auteur|auteurs|journalist|journalists"
    r"|reporter|reporters|columnist|columnists|staff)/[^/?#]+",
    re.IGNORECASE,
)


def _from_author_links(page: Page, rules: SiteRules | None) -> list[str]:
    """The text of the first link to an author page after the headline (outside comment
    areas, navigation, sidebars and footers: those link to other stories' authors)."""
    checked = 0
    elements = page.elements or list(page.root.iter())
    start = _index_of_headline(page, elements)
    for element in elements[start:]:
        if element.tag != "a" or not _AUTHOR_HREF_RE.search(element.get("href") or ""):
            continue
        checked += 1
        if checked > MAX_LOOSE_CANDIDATES:
            break
        if _in_comments(element) or _in_page_furniture(element):
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if 3 <= len(text) <= 60 and clean_author_names([text]):
            return [text]
    return []


def _index_of_headline(page: Page, elements: list[Any]) -> int:
    """Position of the first ``<h1>`` in ``elements`` (0 when there is none)."""
    if not page.h1s:
        return 0
    first = page.h1s[0]
    for index, element in enumerate(elements):
        if element is first:
            return index
    return 0


def _in_page_furniture(element: Any) -> bool:
    """Whether ``element`` sits in ``<nav>``, ``<aside>`` or ``<footer>``."""
    return any(a.tag in ("nav", "aside", "footer") for a in element.iterancestors())


def _in_comments(element: Any) -> bool:
    """Whether ``element`` sits in a comment area (class or id mentioning comments)."""
    for ancestor in element.iterancestors():
        marker = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if "comment" in marker:
            return True
    return False


def _from_loose_byline(page: Page, rules: SiteRules | None) -> list[str]:
    """The first short element whose class mentions an author or user name."""
    for element in _LOOSE_BYLINE_XPATH(page.root)[:MAX_LOOSE_CANDIDATES]:
        if element.tag in ("script", "style", "meta", "link", "img", "article"):
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if not 2 <= len(text) <= 80:
            continue
        if clean_author_names([text]) or _handle(text):
            return [text]
        team = _team_byline(text)
        if team:
            return [team]
    return []


def _team_byline(text: str) -> str | None:
    """"von Redaktion," → "Redaktion": a byline naming only the editorial team."""
    stripped = _BY_RE.sub("", text.strip()).strip(" ,.:;|-–—")
    return stripped if stripped.lower() in TEAM_BYLINES else None


def _from_labelled_text(page: Page, rules: SiteRules | None) -> list[str]:
    """A text node labelled "Autor:", "Author:", "Text:" or "Written by" (the name may follow
    in the next element, as in ``<span>Autor:</span> Jane Doe``)."""
    for node in _LABELLED_TEXT_XPATH(page.root)[:MAX_LOOSE_CANDIDATES]:
        text = " ".join(str(node).split())
        match = _LABELLED_RE.match(text)
        if not match:
            continue
        bare = bool(_BARE_PREFIX_RE.match(text))
        if bare and len(text) > MAX_BARE_BYLINE_CHARS:
            continue
        rest = text[match.end():]
        if not rest:
            rest = _text_after(node)
        # "Jane Doe, Projektleiterin der …", "Jane Doe (Pressesprecher)": the name comes first.
        name = re.split(r"[,(]", rest, maxsplit=1)[0].strip()
        cleaned = clean_author_names([name]) if name else []
        if cleaned and (not bare or all(_looks_like_name(n) for n in cleaned)):
            return [name]
    return []


def _text_after(node: Any) -> str:
    """The text that follows a label node: the labelling element's tail, else the text of the
    next element (``<span>Autor:</span> Jane Doe`` or ``<b>Von:</b><a>Jane Doe</a>``)."""
    element = node.getparent()  # the element holding the text (or, for a tail, preceding it)
    if element is None:
        return ""
    if not node.is_tail:
        tail = " ".join((element.tail or "").split())
        if tail:
            return tail
    following = element.getnext()
    while following is not None and not " ".join(following.itertext()).strip():
        following = following.getnext()  # skip <br> and empty wrappers
    return " ".join(" ".join(following.itertext()).split()) if following is not None else ""


_BYLINE_START_RE = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s+\w", re.IGNORECASE)


def _from_title_neighbours(page: Page, rules: SiteRules | None) -> list[str]:
    """A short "By …" line right after the headline."""
    if not page.h1s:
        return []
    h1 = page.h1s[0]
    neighbours = [el for el in h1.itersiblings() if isinstance(el.tag, str)][:4]
    parent = h1.getparent()
    if parent is not None:
        neighbours += [el for el in parent.itersiblings() if isinstance(el.tag, str)][:3]
    for element in neighbours:
        text = " ".join(" ".join(element.itertext()).split())
        if len(text) <= 120 and _BYLINE_START_RE.match(text):
            return [text]
    return []


def clean_author_names(raw: list[str]) -> list[str]:
    """Split, clean and de-duplicate raw author strings into a list of names."""
    names: list[str] = []
    seen: set[str] = set()
    for value in raw:
        if not isinstance(value, str):
            continue
        for name in _split_names(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
            if len(names) >= MAX_AUTHORS:
                return names
    return names


def _dedupe_repeated(words: list[str]) -> list[str]:
    """"Jane Doe Jane Doe" (a name printed twice, e.g. avatar text and link) → "Jane Doe"."""
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return words[:half]
    return words


def _split_names(value: str) -> list[str]:
    # JSON-LD often carries HTML entities ("O&#039;Neil").
    text = " ".join(_EMAIL_RE.sub(" ", html.unescape(value)).split())
    # "By Jane Doe Contributions from John Roe": contributors and editors are not authors.
    contributors = _CONTRIBUTORS_RE.search(text)
    if contributors and contributors.start() > 0:
        text = text[: contributors.start()]
    if _CREDIT_START_RE.match(text):
        return []  # "(Image: Instagram/jdoe)": a picture credit, not a byline
    text = _LABEL_RE.sub("", text)
    text = _BY_RE.sub("", text)
    names = []
    for index, part in enumerate(_SPLIT_RE.split(text)):
        if index and _is_affiliation(part):
            break  # "Jane Doe, The Daily Example": the rest names the outlet
        name = _clean_name(part)
        if name:
            names.append(name)
    return names


_CREDIT_START_RE = re.compile(
    r"^\W*(?:images?|photos?|pictures?|credits?|source|fotos?|bild(?:er)?)\s*:", re.IGNORECASE
)
# Last words of outlets and institutions that follow a byline's names.
OUTLET_WORDS = frozenset(
    {"Times", "Journal", "Report", "Post", "Herald", "Tribune", "Gazette", "Magazine", "News",
     "Daily", "Press", "Network", "Institute", "University", "College", "Agency", "Media",
     "Observer", "Chronicle", "Telegraph", "Guardian", "Independent", "Express", "Mirror",
     "Weekly", "Review", "Insider", "Wire", "Foundation", "Center", "Centre", "Association",
     "Society", "Council", "Department", "Ministry", "School", "Hospital", "Zeitung", "Verlag"}
)


def _is_affiliation(part: str) -> bool:
    """A byline part naming an outlet or institution ("The Jersey Journal", "Bleacher
    Report", "U.S. National Institute of Allergy") rather than a person."""
    words = part.split()
    if not words:
        return False
    if words[0] in ("The", "the") and len(words) >= 2:
        return True
    if any(word.strip(".,") in OUTLET_WORDS for word in words):
        return True
    # "… Institute of Allergy": a lower-case joining word inside a long capitalised part
    return len(words) >= 3 and any(word in ("of", "for") for word in words[1:-1])


# "George T. Conway III": part of the name, not a credential.
_GENERATION_SUFFIXES = frozenset({"II", "III", "IV", "V", "VI"})
_AFFILIATION_WORDS = frozenset({"of", "at", "for", "from", "bei", "von", "de", "der"})


def _drop_trailing_affiliation(words: list[str]) -> list[str]:
    """"Craig Meyer USA TODAY NETWORK" → "Craig Meyer"; "Jane Doe jdoe" → "Jane Doe".

    Trailing all-capitals words (an outlet) or a trailing lower-case word (a handle) follow a
    name written in mixed case; the name itself keeps at least two words.
    """
    capitalised = [w for w in words if w[:1].isupper() and not w.isupper()]
    if len(capitalised) < 2:
        return words
    while len(words) > 2 and (
        (words[-1].isupper() and len(words[-1]) > 1 and "." not in words[-1]
         and words[-1] not in _GENERATION_SUFFIXES)
        or (words[-1].islower() and words[-1] not in _EDGE_STOPWORDS)
    ):
        words = words[:-1]
    return words


COMPANY_WORDS = frozenset(
    {"gmbh", "ag", "inc", "ltd", "llc", "plc", "corp", "e.v", "ev", "kg", "sarl", "s.a", "bv"}
)
_SYSTEM_ACCOUNTS = ("admin", "webmaster", "wordpress", "administrator")


def _handle(raw: str) -> str | None:
    """A user name printed alone in a byline element ("gnaddrig", "HansG")."""
    text = _BY_RE.sub("", raw.strip(" \t-–—:|•·")).strip()
    if not _HANDLE_RE.match(text) or any(ch.isdigit() for ch in text[:1]):
        return None
    lowered = text.lower()
    if lowered in ROLE_WORDS or lowered in CREDIT_WORDS or lowered in _NOT_A_NAME_WORDS:
        return None
    if any(account in lowered for account in _SYSTEM_ACCOUNTS):
        return None  # "wordpressadmin", "webmaster": the blog software's account
    return text


def _clean_name(part: str) -> str | None:
    part = _BY_RE.sub("", part.strip(" \t-–—:|•·")).strip()
    if not part or _URL_RE.search(part) or part.startswith("@"):
        return None
    # Cut at a date or time that trails the name ("Jane Doe Updated 3:04 pm").
    match = _DATE_WORD_RE.search(part)
    if match:
        part = part[: match.start()].strip(" ,-–—|")
    part = _NAME_CHAR_RE.sub(" ", part)
    words = part.split()
    if words and words[0].lower() in CREDIT_WORDS:
        return None  # "Image: FBI", "Photo Reuters"
    if any(word.lower() in _NOT_A_NAME_WORDS for word in words):
        return None
    while words and words[-1].lower() in _EDGE_STOPWORDS:
        words.pop()
    while words and words[0] in _EDGE_STOPWORDS:
        words.pop(0)
    words = _dedupe_repeated(words)
    # Credentials after a name ("Lauren Manaker MS") are not part of it.
    mixed_case = any(not word.isupper() for word in words)
    while (
        mixed_case and len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 4
        and "." not in words[-1] and words[-1] not in _GENERATION_SUFFIXES
    ):
        words.pop()
    while words and words[-1].lower().strip(".") in ROLE_WORDS:
        words.pop()
    had_leading_role = bool(words) and words[0].lower().strip(".") in ROLE_WORDS
    while words and words[0].lower().strip(".") in ROLE_WORDS:
        words.pop(0)
    if had_leading_role and words and words[0] in _AFFILIATION_WORDS:
        return None  # "CTO of Reality Labs": a role and its organisation, no name
    words = _drop_trailing_affiliation(words)
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    if any(word.lower() in ROLE_WORDS for word in words) and len(words) > 3:
        return None
    name = " ".join(words)
    if len(name) > MAX_NAME_CHARS or not any(ch.isalpha() for ch in name):
        return None
    if any(ch.isdigit() for ch in name):
        return None
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
        return None  # "RDN", "AP": credentials and agency codes
    if name.islower():
        return None  # lower-case words are a handle (kept elsewhere) or a stray phrase
    if any(word.endswith(("'s", "’s")) for word in words):
        return None  # "Jane Doe's Journal": a site or column named after someone
    if any(word.lower().strip(".") in COMPANY_WORDS for word in words):
        return None  # "Web Commerce GmbH"
    return name
