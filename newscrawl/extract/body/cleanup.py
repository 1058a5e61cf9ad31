"""Line filters: furniture lines, related-story lists, datelines, disclaimers, credits."""

from __future__ import annotations

import re

from newscrawl.extract.body.lines import Line
from newscrawl.extract.body.vocabulary import HEADING_TAGS, LINK_HEAVY, MIN_PARAGRAPH_CHARS

# Whole lines that are furniture, not story ("Advertisement", "Share this article").
BOILERPLATE_LINE_RE = re.compile(
    r"^(?:advertisement|advertising|anzeige|werbung|publicité|publicidad|pubblicità|sponsored|"
    r"share|share this(?: article| story| post)?|share on \w+|tweet|e-?mail|print|whatsapp|"
    r"facebook|twitter|linkedin|pinterest|reddit|copy link|link copied|"
    r"read more|read next|see also|related(?: articles| stories| posts| content)?|"
    r"recommended(?: for you)?|more from \w+|click here.*|sign up.*|subscribe.*|"
    r"follow us.*|leave a (?:comment|reply)|comments?|\d+ comments?|"
    r"(?:image|photo|picture|foto|bild)(?: credit)?:.*|getty images|"
    r"all rights reserved.*|©.*|copyright.*|loading.*|skip to .*|back to top|top|"
    r"continue reading.*|weiterlesen|mehr zum thema.*|lire aussi.*|lea también.*|"
    r"this (?:article|story) (?:first appeared|was originally published).*|"
    r"you may also like|most popular|trending now|people are also reading.*|"
    r"(?:get|want) (?:more|all the latest|unlimited access|the latest).*|"
    r"(?:sign up|subscribe|register) (?:for|to) (?:our|the) .*|"
    r"we use cookies.*|accept(?: all)?(?: cookies)?|advertisement - scroll to continue|"
    r"story continues below.*|article continues below.*|scroll to continue.*|"
    r"swipe to scroll.*|listen to (?:this )?(?:article|story).*|\d+ min(?:ute)?s? read|"
    r"reklama|anzeigen?|- anzeige -|publicidade|valora esta noticia|síguenos en.*|siguenos en.*|"
    r"zum shop|lust auf mehr\?|zum vergrößern.*|bild(?:er)? vergrößern|"
    r"(?:foto|photo|bild|titelbild|beitragsbild|abbildung)\s*:.*|telefon:.*|e-mail:.*|"
    r"advertisement - (?:page|story|article) continues below|after newsletter promotion|"
    r"you might (?:also )?like|your e-?mail\*?|enter your e-?mail.*)"
    r"[.:!…]*$",
    re.IGNORECASE,
)


# Headings of boxes that point elsewhere ("Related coverage", "Das könnte Sie auch
# interessieren"): the heading and the short lines under it are dropped.
RELATED_HEADING_RE = re.compile(
    r"^(?:related(?: coverage| articles| stories| posts| content| reading| links| topics)?|"
    r"more (?:on|about) (?:this|the) (?:story|topic)|explore further|see also|read also|"
    r"you (?:may|might) also (?:like|enjoy)|recommended(?: articles| stories| for you)?|"
    r"more stories|more from .{1,40}|most (?:read|popular|viewed)|"
    r"about the author|über (?:den|die) autor(?:in)?|"
    r"das könnte (?:sie|dich) auch interessieren|lesen sie auch.*|lies auch|mehr zum thema.*|"
    r"weitere (?:infos?|informationen|artikel|themen|beiträge|meldungen).*|"
    r"weiterführende (?:links?|informationen|artikel)|ähnliche (?:themen|artikel|beiträge)|"
    r"empfohlene (?:beiträge|artikel)|mehr (?:kolumnen|artikel|zum thema|aus .{1,30})|"
    r"schlagworte|schlagwörter|themen|tags|stichworte|"
    r"(?:à )?lire aussi|sur le même (?:sujet|thème)|voir aussi|à voir aussi|"
    r"lea también|te puede interesar|noticias relacionadas|contexto de la noticia|"
    r"leggi anche|potrebbe interessarti|zobacz także|czytaj także|"
    r"table of contents|inhaltsverzeichnis|contents)[.:!…]*$",
    re.IGNORECASE,
)


MAX_UNDER_RELATED_CHARS = 150


# The same boxes when their heading only contains the words ("Vanity Fair's Most Read").
RELATED_HEADING_WORDS_RE = re.compile(
    r"\b(?:most (?:read|popular|viewed|shared)|trending|related (?:stories|articles|posts)|"
    r"recommended|more stories|top stories|editor'?s picks|meistgelesen|les plus lus|"
    r"lo más leído)\b",
    re.IGNORECASE,
)


# Affiliate and consent disclaimers printed inside articles.
DISCLAIMER_RE = re.compile(
    r"\bwe may (?:earn|receive|get) (?:a |an )?(?:small )?(?:commission|compensation|"
    r"affiliate (?:fee|commission)|share of (?:sales|revenue))|\bby using this site, you "
    r"(?:consent|agree)|\bwe (?:use|are using) cookies\b|\baffiliate links?\b.{0,80}"
    r"\bcommission|\bsubject to copyright\b|^disclaimer\s*:|\ball rights reserved\b|"
    r"\bno part (?:of this .{0,30})?may be reproduced\b|^(?:keep reading|continue reading) for\b|"
    r"\balready a subscriber\b|\bfree articles? (?:left|remaining)?\s*subscribe\b",
    re.IGNORECASE,
)


MAX_DISCLAIMER_CHARS = 500


MAX_STRAY_LABEL_WORDS = 2


MAX_CREDIT_WORDS = 6


_SLASH_CREDIT_RE = re.compile(r"^\(?[\w .'’-]+/[\w .'’-]+\)?$")


_LABEL_KEEPING_TAGS = HEADING_TAGS | {"p", "li", "blockquote", "pre", "figcaption"}


_DECORATION = " -–—|•·*_=~"


_DISCLAIMER_WORDS = (
    "commission", "compensation", "consent", "agree", "cookie", "copyright", "reserved",
    "reproduced", "reading", "subscri", "disclaimer", "affiliate",
)


MIN_REPEAT_CHARS = 40


# Lines this short before the first paragraph are labels ("Shopping", "CELEBS").
MAX_LABEL_WORDS = 3


SENTENCE_ENDS = (".", "!", "?", "”", '"', "»", "“", ")", "…")


# A closing line about the author ("Jane Doe is a science journalist based in Boston").
AUTHOR_BIO_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s){1,4}(?:is|was|has been|writes|covers|reports|ist|war|schreibt)\b"
    r".{0,120}\b(?:journalist|writer|reporter|editor|correspondent|columnist|analyst|author|"
    r"contributor|producer|critic|freelancer|blogger|photographer|editor-in-chief|expert|"
    r"redakteur|autor|journalistin|korrespondent|kolumnist|head of)(?:s|in|innen)?\b",
)


# Closing lines that speak to the reader about the site, not the story ("Follow us on
# Instagram", "If you enjoyed this post...", "Subscribe to read the full story", "© 2020").
TRAILING_PROMO_RE = re.compile(
    r"\b(?:follow|keep up with|find|connect with) (?:us|me|@?\w+(?: \w+){0,3}) on (?:twitter|x|"
    r"facebook|instagram|linkedin|tiktok|threads|bluesky|mastodon|youtube)\b|"
    r"\bif you (?:enjoyed|liked|like|enjoy) (?:reading )?(?:this|our)\b|"
    r"\b(?:subscribe|sign up|register|log in)\b.{0,80}\b(?:to (?:read|view|continue|access)|"
    r"full (?:story|article))\b|^(?:copyright\b|©)|\ball rights reserved\b|"
    r"^(?:pour (?:lire la suite|accéder)|para (?:seguir leyendo|leer más))\b|"
    r"^(?:send us|write to us|contact us|tips\?)\b|"
    r"^(?:this entry was posted|(?:der|dieser) beitrag wurde am|posted in|filed under|"
    r"suggested citation|cite (?:this|as))\b|"
    r"\b(?:vervielfältigung|reproduction|reprint)\b.{0,40}\b(?:genehmigung|permission)\b|"
    r"\b(?:licensed under|published under the licen[cs]e|unter der lizenz)\b",
    re.IGNORECASE,
)


MAX_TRAILING_PROMO_CHARS = 300


# Trailing labels ("Tagged in:", "Author", a lone name) are at most this many words.
MAX_TRAILING_LABEL_WORDS = 3


# Picture credits ("Jared Siskin/Getty Images", "(AP Photo/Jane Doe)", "Photo: Reuters").
CREDIT_LINE_RE = re.compile(
    r"(?:getty(?: images)?|shutterstock|istock(?:photo)?|ap photo|associated press|reuters|"
    r"afp|epa|alamy|dpa|imago|picture alliance|image credit|photo credit|photograph|"
    r"courtesy(?: of)?|handout|unsplash|pexels|wikimedia commons)\b",
    re.IGNORECASE,
)


MAX_CREDIT_CHARS = 80
# A picture's caption printed as a paragraph ends with its credit ("... Picture: Jane Doe",
# "... (Photo by Jane Doe/Getty Images)"); story sentences do not.
CREDIT_ENDING_RE = re.compile(
    r"(?:\b(?:picture|photo|image|credit|foto|bild)s?\s*:\s*"
    r"(?-i:[A-Z][\w.'’-]*(?:[ /&,-]+[A-Z][\w.'’-]*){0,6})|"
    r"\((?:ap |afp |reuters )?(?:photo|image|picture|credit)s?(?: by| credit)?\b[^()]{2,60}\)|"
    r"\b(?:getty images|shutterstock)|©\s*(?-i:[A-Z0-9])[^.©,;]{1,60}|"
    r"\(c\)\s*(?-i:[A-Z])[^.()]{1,60}|"
    r"\([^()]{2,40}/\s*(?:istock(?:photo)?(?:\.com)?|getty images|shutterstock|dpa|afp|"
    r"reuters|imago|picture alliance|unsplash|pexels)[^()]{0,20}\)|"
    r"\bcc[- ]by(?:[- ](?:sa|nd|nc))*(?:[- ]\d\.\d)?)\.?$",
    re.IGNORECASE,
)
# Numbered figure captions ("Abbildung 4: ...", "Figure 2: ...").
FIGURE_LABEL_RE = re.compile(
    r"^(?:abbildung|abb\.|figure|fig\.|grafik|chart|bild|image|photo|foto)\s*\d+\s*[:.]\s",
    re.IGNORECASE,
)
MAX_CREDITED_CAPTION_CHARS = 300


# Before the first real paragraph, short lines with a date or a "By" are the byline block.
_LEADING_META_RE = re.compile(
    r"^(?:by|von|par|por)\s|\b(?:19|20)\d\d\b|\b\d{1,2}:\d{2}\b|\bupdated\b|\bpublished\b",
    re.IGNORECASE,
)


# Datelines and update stamps inside the story ("December 22, 2023", "Updated 6:00 a.m. PT").
MAX_DATELINE_CHARS = 90


_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


_DATE_WORDS_RE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|"
    r"wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
    r"\d{1,4}(?:st|nd|rd|th)?|a\.?m|p\.?m|utc|gmt|[ecmp][sd]?t|bst|cet|cest|at|on|"
    r"updated|published|posted|last updated|modified)\b\.?",
    re.IGNORECASE,
)


_STAMP_START_RE = re.compile(
    r"^(?:updated|published|posted|last updated|first published|modified)\b", re.IGNORECASE
)


_BYLINE_ONLY_RE = re.compile(
    r"^(?i:(?:written|reported|posted|story|words) by|by)\s+(?:[A-Z][\w.'’-]+\s?){1,4}$"
)


def finish(lines: list[Line], title: str | None) -> str:
    """The body text from ``lines``: furniture lines, repeats and related-story lists dropped,
    leading caption/byline lines and trailing headings trimmed, one line per paragraph."""
    kept = _drop_related_sections(_drop_repeats([ln for ln in lines if _keep_line(ln, title)]))
    # Before the first paragraph: the lead picture's caption and the byline/date block.
    first = next(
        (i for i, ln in enumerate(kept) if len(ln.text) >= MIN_PARAGRAPH_CHARS and not ln.caption),
        0,
    )
    while first and _is_leading_furniture(kept[0]):
        kept.pop(0)
        first -= 1
    # Headings with nothing after them ("Related stories" over a removed list) go too.
    while kept and (kept[-1].tag in HEADING_TAGS or _is_trailing_furniture(kept[-1])):
        kept.pop()
    return "\n".join(line.text for line in kept)


def _drop_repeats(lines: list[Line]) -> list[Line]:
    """A paragraph printed twice (summary box and body, mobile and desktop copy) once."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = line.text.casefold()
        if len(key) >= MIN_REPEAT_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def _drop_related_sections(lines: list[Line]) -> list[Line]:
    """Drop "Related stories"-like headings and the short lines (teasers) under them."""
    kept: list[Line] = []
    skipping = False
    for line in lines:
        if _is_related_heading(line):
            skipping = True
            continue
        if skipping and _is_teaser(line):
            continue
        skipping = False
        kept.append(line)
    return kept


def _is_related_heading(line: Line) -> bool:
    if len(line.text) >= 80:
        return False
    if RELATED_HEADING_RE.match(line.text):
        return True
    return line.tag in HEADING_TAGS and bool(RELATED_HEADING_WORDS_RE.search(line.text))


def _is_trailing_furniture(line: Line) -> bool:
    """After the last paragraph: labels ("Tagged in:", "Author"), names, an author's bio,
    calls to follow or subscribe, copyright notes."""
    text = line.text
    if len(text.split()) <= MAX_TRAILING_LABEL_WORDS and not text.endswith(SENTENCE_ENDS):
        return True
    if len(text) < MAX_TRAILING_PROMO_CHARS and TRAILING_PROMO_RE.search(text):
        return True
    if text.endswith(":") and len(text) < MAX_UNDER_RELATED_CHARS:
        return True  # a label whose list or box was removed ("You might also like:")
    return len(text) < 400 and bool(AUTHOR_BIO_RE.match(text))


def _is_teaser(line: Line) -> bool:
    """A short non-heading line, or a linked one: what lists under "Related" are made of."""
    short = len(line.text) < MAX_UNDER_RELATED_CHARS and line.tag not in HEADING_TAGS
    return short or line.links > len(line.text) * 0.3


def _is_leading_furniture(line: Line) -> bool:
    """Before the first paragraph: captions, the byline/date block, rubric labels."""
    if line.caption:
        return True
    if len(line.text) < MIN_PARAGRAPH_CHARS and _LEADING_META_RE.search(line.text):
        return True
    return len(line.text.split()) <= MAX_LABEL_WORDS and line.tag not in HEADING_TAGS


def _keep_line(line: Line, title: str | None) -> bool:
    text = line.text
    if line.links > len(text) * LINK_HEAVY and len(text) < 400:
        return False
    if len(text) < 120 and BOILERPLATE_LINE_RE.match(text.strip(_DECORATION)):
        return False
    if line.tag not in _LABEL_KEEPING_TAGS and _is_stray_label(text):
        return False
    if line.tag not in HEADING_TAGS and len(text) <= MAX_DATELINE_CHARS and _is_dateline(text):
        return False
    if len(text) <= MAX_CREDIT_CHARS and CREDIT_LINE_RE.search(text) and _looks_like_credit(text):
        return False
    if (
        not line.caption
        and len(text) <= MAX_CREDITED_CAPTION_CHARS
        and (CREDIT_ENDING_RE.search(text) or FIGURE_LABEL_RE.match(text))
    ):
        return False  # a caption printed as a paragraph (real ``<figcaption>``s are kept)
    if title and same_text(text, title):
        return False
    if len(text) <= MAX_DISCLAIMER_CHARS and _may_be_disclaimer(text) and DISCLAIMER_RE.search(
        text
    ):
        return False
    return any(ch.isalnum() for ch in text)


def _is_dateline(text: str) -> bool:
    """A line that is only a date and time, or a byline/update stamp ("Updated Nov. 6, 2023
    6:00 a.m. PT Written by Jane Doe"), wherever the page prints it in the story."""
    if text.endswith(("!", "?")) or not _YEAR_RE.search(text):
        return bool(_BYLINE_ONLY_RE.match(text))
    rest = _DATE_WORDS_RE.sub(" ", text)
    if not rest.strip(" .,:;|/-–—·•()"):
        return True
    return bool(_STAMP_START_RE.match(text)) and not text.endswith(".")


def _is_stray_label(text: str) -> bool:
    """One or two words without sentence punctuation outside headings and lists: a box's
    label ("Pros", "Newsletter"), a table cell, a photo credit ("Jane Doe/Agency")."""
    words = text.split()
    if len(words) <= MAX_STRAY_LABEL_WORDS:
        return not text.endswith(SENTENCE_ENDS)
    return len(words) <= MAX_CREDIT_WORDS and bool(_SLASH_CREDIT_RE.match(text))


def _may_be_disclaimer(text: str) -> bool:
    """Cheap test before the disclaimer pattern: one of its key words is there."""
    lowered = text.lower()
    return any(word in lowered for word in _DISCLAIMER_WORDS)


def _looks_like_credit(text: str) -> bool:
    """A short line naming a picture agency, not a sentence that mentions one."""
    stripped = text.strip("()[] .")
    return len(stripped.split()) <= 8 and not stripped.endswith(("?", "!"))


def same_text(a: str, b: str) -> bool:
    """Equal once case and white space are ignored."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
