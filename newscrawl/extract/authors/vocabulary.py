"""Word lists and patterns that tell a person's name from roles, outlets, dates and credits."""

from __future__ import annotations

import re

MAX_AUTHORS = 12
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60

BY_RE = re.compile(
    r"^\s*(?:written|posted|reported|compiled|edited|text|story|words|photos?|published|"
    r"submitted|interview|reporting|more|mehr|alles|veröffentlicht|geschrieben|verfasst|erstellt|eingetragen|gespeichert|"
    r"pressemitteilung|publié|écrit|publicado|escrito|pubblicato|scritto|"
    r"(?:zeige\s+|view\s+|see\s+|show\s+)?all(?:e)?\s+(?:posts|articles|beiträge|artikel))?\s*"
    r"(?:by|von|par|por|di|door|de|av|af)\s*[:\-]?\s+",
    re.IGNORECASE,
)
# Lower-case words that never start or end a name ("in Uncategorized", "Jane Doe at").
EDGE_STOPWORDS = frozenset(
    {
        "in",
        "bei",
        "on",
        "at",
        "um",
        "am",
        "for",
        "für",
        "with",
        "mit",
        "from",
        "aus",
        "and",
        "und",
        "http",
        "https",
        "www",
        "veröffentlicht",
        "posted",
        "published",
        "von",
        "by",
    }
)
# Words that mark a line as something else than a name.
NOT_A_NAME_WORDS = frozenset(
    {
        "kommentar",
        "kommentare",
        "comment",
        "comments",
        "hinterlasse",
        "uncategorized",
        "allgemein",
        "eingetragen",
        "reply",
        "antworten",
        "share",
        "teilen",
    }
)
HANDLE_RE = re.compile(r"^[\w.’'-]{2,30}$")
LABEL_RE = re.compile(
    r"^\s*(?:(?:authors?|autor(?:in|en)?|auteur|writer|byline)\s*[:\-]"
    # "Text und Bilder: …", "Text & Photos: …": the writer credited with the pictures too.
    r"|text\s*(?:(?:und|and|&|/|,)\s*(?:fotos?|bilder?|photos?)\s*)?:)"
    r"\s*",
    re.IGNORECASE,
)
# Conjunctions only in lower case (and "AND"): "Jane Y. Doe" must not split at "Y".
SPLIT_RE = re.compile(r"\s*(?:,|;|\||\n|/|&|·)\s*|\s+(?:and|AND|And|und|et|y|e|en)\s+")
# Roles and affiliations that follow a name ("Jane Doe, Staff Writer", "John Roe - Reuters").
ROLE_WORDS = frozenset(
    {
        "staff",
        "writer",
        "writers",
        "reporter",
        "reporters",
        "correspondent",
        "editor",
        "editors",
        "contributor",
        "contributing",
        "columnist",
        "senior",
        "chief",
        "associate",
        "associated",
        "press",
        "news",
        "desk",
        "team",
        "service",
        "bureau",
        "producer",
        "journalist",
        "redaktion",
        "redakteur",
        "autor",
        "updated",
        "published",
        "posted",
        "editorial",
        "board",
        "wire",
        "agency",
        "analyst",
        "opinion",
        "guest",
        "special",
        "contributors",
        "photographer",
        "photography",
        "illustration",
        "video",
        "host",
        "anchor",
        "reuters",
        "afp",
        "ap",
        "dpa",
        "upi",
        "staffer",
        "managing",
        "deputy",
        "political",
        "business",
        "science",
        "sports",
        "health",
        "technology",
        "tech",
        "national",
        "international",
        "foreign",
        "affairs",
        "more",
        "about",
        "view",
        "all",
        "posts",
        "articles",
        "follow",
        "email",
        "twitter",
        "read",
        "bio",
        "author",
        "by",
        "officer",
        "head",
        "president",
        "director",
        "ceo",
        "founder",
        "cofounder",
        "sponsored",
        "fellow",
        "professor",
        "expert",
        "reviewer",
        "reviewed",
        "edited",
        "fact",
        "checked",
        "minute",
        "minutes",
        "min",
        "share",
        "last",
        "the",
        "alle",
        "artikel",
        "beiträge",
        "mehr",
        "interview",
        "auteurs",
        "autoren",
        "autorin",
        "rechtsanwalt",
        "rechtsanwältin",
        "cto",
        "cfo",
        "coo",
        "vp",
    }
)
CREDIT_WORDS = frozenset({"image", "images", "photo", "photos", "credit", "picture", "source"})
# Weekdays, English and German, as bylines print them beside a date.
WEEKDAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
)  # fmt: skip
DATE_WORD_RE = re.compile(
    r"\b(?:\d{1,4}[./-]\d{1,2}|\d{1,2}:\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec)[a-z]*\.?\s+\d{1,2}|\d{4}|ago|updated|published|am|pm|" + "|".join(WEEKDAYS) + r")\b",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"\S+@\S+")
AS_TOLD_TO_RE = re.compile(r"\bas\s+told\s+to\s+", re.IGNORECASE)
# A capitalised "By" inside a line, where the byline starts after a date.
INNER_BY_RE = re.compile(r"(?<=\s)(?:By|BY|Von|VON|Par|Por)\s+(?=\w)")
# "for" before a capitalised word ends a name: "Jane Doe for The Example Times".
FOR_OUTLET_RE = re.compile(r"\s+(?:for|For|FOR)\s+(?=[A-Z])")
CONTRIBUTORS_RE = re.compile(
    r"\b(?:contributions?\s+(?:from|by)|additional\s+reporting|with\s+reporting|"
    r"reporting\s+by|edited\s+by|reviewed\s+by|fact[\s-]checked\s+by|"
    r"medically\s+reviewed)\b",
    re.IGNORECASE,
)
URL_RE = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net|html?)\b", re.IGNORECASE)
NAME_CHAR_RE = re.compile(r"[^\w\s.'’\-]")
# Editorial-team bylines that stand for an author on their own ("Redaktion" alone).
TEAM_BYLINES = frozenset({"redaktion", "rédaction", "redacción", "redazione", "redactie"})
# Words with which a newsroom, rather than a person, signs an article ("Example Staff",
# "Sports Desk", "Metro Bureau", "News Service"); section words ("Business", "Opinion") are
# not among them: alone they name a rubric, not a signer.
SIGNING_WORDS = frozenset(
    {
        "staff",
        "desk",
        "team",
        "newsroom",
        "bureau",
        "wire",
        "wires",
        "service",
        "reporters",
        "editors",
        *TEAM_BYLINES,
    }
)
# News agencies that sign wire copy under their own name.
AGENCY_NAMES = frozenset(
    {
        "associated press",
        "the associated press",
        "ap",
        "reuters",
        "afp",
        "dpa",
        "ansa",
        "efe",
        "pa",
        "upi",
        "aap",
        "apa",
        "kna",
        "epd",
        "sda",
        "ats",
        "anp",
        "belga",
        "kyodo",
        "xinhua",
        "ians",
        "pti",
        "bloomberg",
    }
)
# First words of a date line, never a user name ("Veröffentlicht 18.10.2019", "Montag 18.10.").
DATE_LINE_WORDS = frozenset(
    {
        "veröffentlicht",
        "aktualisiert",
        "stand",
        "datum",
        "erstellt",
        "geschrieben",
        "published",
        "updated",
        "posted",
        "date",
        "modified",
        "created",
        "geändert",
        "zuletzt",
        *WEEKDAYS,
        "heute",
        "gestern",
        "today",
        "yesterday",
    }
)

NAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "bin",
        "al",
        "ter",
        "zu",
        "y",
    }
)

CREDIT_START_RE = re.compile(
    r"^\W*(?:(?:images?|photos?|pictures?|credits?|source|fotos?|bild(?:er)?)\s*:|copyright\b)",
    re.IGNORECASE,
)
# Last words of outlets and institutions that follow a byline's names.
OUTLET_WORDS = frozenset(
    {
        "Times",
        "Journal",
        "Report",
        "Post",
        "Herald",
        "Tribune",
        "Gazette",
        "Magazine",
        "News",
        "Daily",
        "Press",
        "Network",
        "Institute",
        "University",
        "College",
        "Agency",
        "Media",
        "Observer",
        "Chronicle",
        "Telegraph",
        "Guardian",
        "Independent",
        "Express",
        "Mirror",
        "Weekly",
        "Review",
        "Insider",
        "Wire",
        "Foundation",
        "Center",
        "Centre",
        "Association",
        "Society",
        "Council",
        "Department",
        "Ministry",
        "School",
        "Hospital",
        "Zeitung",
        "Verlag",
    }
)

# "John Q. Example III": part of the name, not a credential.
GENERATION_SUFFIXES = frozenset({"II", "III", "IV", "V", "VI"})
AFFILIATION_WORDS = frozenset({"of", "at", "for", "from", "bei", "von", "de", "der"})
COMPANY_WORDS = frozenset(
    {"gmbh", "ag", "inc", "ltd", "llc", "plc", "corp", "e.v", "ev", "kg", "sarl", "s.a", "bv"}
)
SYSTEM_ACCOUNTS = ("admin", "webmaster", "wordpress", "administrator")
