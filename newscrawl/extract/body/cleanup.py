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
    r"you might (?:also )?like|your e-?mail\*?|enter your e-?mail.*|"
    # rating widgets, embed placeholders, downloads, media availability, article paging
    r"\(?(?:noch keine bewertungen|no ratings yet|be the first to rate.*)\)?|"
    r"besuchen sie die webseite,? um dieses element zu sehen|"
    r"(?:.{0,40} )?als pdf herunterladen|download (?:this )?(?:as )?(?:a )?pdf|"
    r"(?:video|audio|sendung) verfügbar bis .*|"
    r"(?:vorschau auf den )?(?:nächsten?|vorherigen?) (?:artikel|beitrag)|"
    r"(?:next|previous) (?:article|post|story)|"
    r"comments are closed|kommentare sind geschlossen|watch(?: this| now)?\s*:.*|"
    r"submit (?:your|a) letter to the editor.*|"
    # paywall counters, log-in notices, like buttons, box titles, correction labels
    r"\d+ free (?:articles?|stories) (?:left|remaining).*|thank you for registering|"
    r"like this|like loading.*|editor['’]?s picks?|more for you|"
    r"click to (?:read|view|see) more.*|newsletters?|jump to .{1,40}|journal information:.*|"
    # gallery counters, video and podcast links
    r"(?:(?:image|photo|picture|slide|bild|foto) )?\d{1,3} (?:of|von|de|/) \d{1,3}|"
    r"more (?:\w+ ){0,2}videos|(?:also )?(?:available|listen) on (?:apple|google|spotify).*|"
    r"(?:updated |posted )?\d{1,2} (?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago|"
    # A correction's label alone, or with its date; a correction's text is the story's.
    r"(?:correction|clarification)s?(?:\s*[,:]\s*(?:[a-z]{3,9}\.? \d{1,2},? \d{4}|"
    r"\d{1,2}\.? [a-z]{3,9}\.? \d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}))?)"
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
    r"table of contents|inhaltsverzeichnis|contents|shop (?:this|the) (?:story|look|post)|"
    r"markiert mit|verschlagwortet mit|tagged(?: with| in| as)?|"
    r"mehr (?:kolumnen|artikel|beiträge|news|stories|videos)(?: (?:auf|von|bei|aus) .{1,30})?|"
    r"weitere (?:\w+ )?(?:infos?|informationen|artikel|themen|beiträge|meldungen|nachrichten)"
    r"(?: .{1,40})?|"
    r"(?:entdecke|entdecken sie) (?:weitere|mehr)\b.{0,40}|discover more\b.{0,40}|"
    r"empfehlungen (?:aus|der|für) .{1,40}|"
    r"(?:haftungsbeschränkung|haftungsausschluss|haftungshinweis)(?: .{1,40})?|"
    r"alle (?:nachrichten|news|artikel|beiträge|meldungen) (?:zu|zum|zur|über|aus) .{1,40})"
    r"[.:!…]*$",
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
    # "we/this site may earn a commission", or any subject on a line about links or buying
    r"\b(?:we|this (?:site|website|blog|page|post|article|story)|our (?:site|website|editors))"
    r" (?:may|might|could) (?:earn|receive|get) (?:a |an )?(?:small )?(?:commission|compensation|"
    r"affiliate (?:fee|commission)|share of (?:sales|revenue))|"
    r"^(?=.*\b(?:links?|purchases?|affiliate|buy through)\b).*?\bmay (?:earn|receive|get) "
    r"(?:a |an )?(?:small )?(?:commission|compensation|affiliate (?:fee|commission)|"
    r"share of (?:sales|revenue))|"
    r"\bby using this site, you (?:consent|agree)|\bwe (?:use|are using) cookies\b|"
    r"\baffiliate links?\b.{0,80}"
    r"\bcommission|\bsubject to copyright\b|^disclaimer\s*:|\ball rights reserved\b|"
    r"\bno part (?:of this .{0,30})?may be reproduced\b|^(?:keep reading|continue reading) for\b|"
    r"\balready a subscriber\b|\bfree articles? (?:left|remaining)?\s*subscribe\b|"
    # paywalls, advertising labels, embed consent and link liability notes
    r"\bto (?:view|read|continue reading|access) (?:the|this) full (?:story|article)\b|"
    r"\bsubscribers? (?:also )?(?:receive|get) (?:a|an|our)\b|"
    r"^pour (?:lire la suite|accéder en illimité)\b|"
    r"^\W*(?:werbung|anzeige|advertorial)\s*[.:|*)]|"
    r"\b(?:dieser (?:beitrag|artikel)|this (?:post|article|video)) (?:enthält|contains) "
    r"(?:werbung|affiliate|sponsored|paid)|"
    r"\b(?:handelt es sich um|these are|contains?) (?:\w+ )?affiliate[- ]links?\b|"
    r"\b(?:wir respektieren (?:deine|ihre) privatsphäre|we respect your privacy)\b|"
    r"\bkeinen einfluss auf die inhalte\b|\bno control over the content\b|"
    r"\b(?:erhalten sie|und erhalte|and get) exklusive\b|"
    r"\b(?:cancel (?:at )?any ?time|cancela cuando quieras|jederzeit kündbar)\b|"
    # consent to e-mails and ads
    r"\bi (?:agree|consent) to (?:the use of my|receiv)|"
    r"\bby (?:clicking|tapping|signing up|subscribing)\b.{0,30}\byou (?:agree|consent)\b"
)  # matched against the lower-cased line (case-insensitive patterns are far slower)


# Notes about the page rather than the story: log-in prompts, citation stamps, editorial-
# process, republication and interview notes, widget errors, inbox prompts. (Correction
# notes are kept: what a story got wrong and when is part of the story.)
EDITORIAL_NOTE_RE = re.compile(
    r"\bplease refresh (?:the|this|your) (?:page|browser)\b|"
    r"\bretrieved (?:on )?.{0,40}\bfrom https?://|"
    r"\b(?:reviewed according to|read our) .{0,30}\beditorial (?:process|policy|policies|"
    r"guidelines|standards)\b|"
    r"\bthis (?:article|story|piece|post|column|essay|interview) (?:was |has been )?"
    r"(?:originally (?:appeared|published|ran|posted)|first (?:appeared|published))\b|"
    r"\ba version of this (?:article|story|piece|post) (?:appeared|was published|ran)\b|"
    r"\b(?:has|have) been (?:lightly )?(?:condensed and )?edited(?: and condensed)?"
    r"(?: for (?:length|clarity|brevity)| and/or)|"
    r"\b(?:this|the) feature is (?:currently|temporarily) unavailable\b|"
    r"\bthis (?:article|story|post) (?:was|is) featured in\b|"
    r"\b(?:sign up|subscribe)\b.{0,60}\b(?:in|to) your inbox\b|"
    # An editor's note says how the piece came about or where more of it is; a correction's
    # text (kept) starts with "Correction" instead.
    r"^editor[’']?s note\b"
)  # matched against the lower-cased line (case-insensitive patterns are far slower)


MAX_DISCLAIMER_CHARS = 500


# Notices the site prints to its visitor, never a story's sentence about cookies, browsers
# or newsletters: each names the site or the reader as its subject ("We use cookies", "Your
# browser is outdated", "Please enable JavaScript", "Sign up for our newsletter").
_SITE_NOTICE_RE = re.compile(
    r"\b(?:we|our (?:site|website|web site)|this (?:site|website|web site)) (?:use|uses|are using|"
    r"is using) (?:\w+ ){0,2}cookies\b|"
    r"\b(?:wir (?:verwenden|nutzen|setzen)|diese (?:website|webseite|seite) (?:verwendet|nutzt|"
    r"setzt)) (?:\w+ ){0,2}cookies\b|"
    r"\bby (?:continuing|using|browsing)\b.{0,80}\byou (?:accept|agree|consent)\b.{0,60}"
    r"\bcookies?\b|"
    r"\byour (?:web )?browser (?:is|seems|appears) (?:to be )?(?:outdated|out of date|too old|"
    r"not supported|unsupported|no longer supported)\b|"
    r"\b(?:ihr|dein) (?:web-?)?browser (?:ist (?:veraltet|zu alt|nicht mehr aktuell)|wird nicht "
    r"(?:mehr )?unterstützt)|"
    r"\bplease (?:enable|turn on|activate) javascript\b|\bbitte aktivieren sie javascript\b|"
    r"\bjavascript is (?:disabled|turned off|not enabled) in your browser\b|"
    r"\bsign up (?:for|to) our (?:\w+ )?newsletters?\b"
)
# Only lines with one of these are tried against :data:`_SITE_NOTICE_RE`.
_SITE_NOTICE_WORDS = ("cookie", "browser", "javascript", "newsletter")


# A line that reports what someone said is the story's, whatever it is about.
_REPORTING_RE = re.compile(
    r"\b(?:said|says|according to|told|reported|warned|sagte|sagt|erklärte|erklärt|teilte|"
    r"berichtete|warnte|laut)\b"
)


MAX_SITE_NOTICE_CHARS = 160


MAX_STRAY_LABEL_WORDS = 2


MAX_CREDIT_WORDS = 6


_SLASH_CREDIT_RE = re.compile(r"^\(?[\w .'’-]+/[\w .'’-]+\)?$")


_LABEL_KEEPING_TAGS = HEADING_TAGS | {"p", "li", "blockquote", "pre", "figcaption"}


_DECORATION = " -–—|•·*_=~"


_DISCLAIMER_WORDS = (
    "commission",
    "compensation",
    "consent",
    "agree",
    "cookie",
    "copyright",
    "reserved",
    "reproduced",
    "reading",
    "subscri",
    "disclaimer",
    "affiliate",
    "full story",
    "full article",
    "suite",
    "illimité",
    "werbung",
    "anzeige",
    "advertorial",
    "sponsored",
    "privat",
    "privacy",
    "einfluss",
    "control over",
    "exklusive",
    "cancel",
    "kündbar",
)


# Every :data:`EDITORIAL_NOTE_RE` match holds one of these.
_EDITORIAL_NOTE_WORDS = (
    "refresh",
    "retrieved",
    "editorial",
    "originally",
    "first appeared",
    "first published",
    "version of this",
    "edited",
    "unavailable",
    "featured in",
    "inbox",
    "s note",
)


MIN_REPEAT_CHARS = 40


# Lines this short before the first paragraph are labels ("Shopping", "CELEBS").
MAX_LABEL_WORDS = 3


SENTENCE_ENDS = (".", "!", "?", "”", '"', "»", "“", ")", "…")


# A closing line about the author ("Jane Doe is a science journalist based in Boston").
AUTHOR_BIO_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s){1,4}(?:\([a-z]+/[a-z]+\)\s)?"
    r"(?:is|was|has been|writes|covers|reports|ist|war|schreibt)\b"
    r".{0,120}\b(?i:journalist|writer|reporter|editor|correspondent|columnist|analyst|author|"
    r"contributor|producer|critic|freelancer|blogger|photographer|editor-in-chief|expert|"
    r"redakteur|autor|journalistin|korrespondent|kolumnist|head of)(?:s|in|innen)?\b",
)


# A bio naming another trade ("Jane Doe is a professor ..."): the same words open story
# sentences about the people in it, so it counts only with a mark only bios have on the line
# (:data:`_BIO_MARK_RE`), and never with a pronoun or article for the name.
_TRADE_BIO_RE = re.compile(
    r"^(?!(?i:he|she|they|it|we|i|you|the|a|an|this|that|his|her|their|er|sie|es|der|die|das|"
    r"ein|eine|dieser|diese)\s)(?:[A-Z][\w.'’-]+\s){1,4}"
    r"(?:is|was|has been|ist|war)\b.{0,120}\b(?i:founder|co-founder|consultant|gründer|"
    r"mitgründer|inhaber|geschäftsführer|berater|professor|lecturer|researcher|novelist|poet|"
    r"podcaster)(?:s|in|innen)?\b",
)
_BIO_MARK_RE = re.compile(
    r"\b(?:based in|writes about|is the author of|schreibt über)\b|"
    r"[\w.+-]+@[\w-]+\.[a-z]|(?:^|\s)@\w{2,}",
    re.IGNORECASE,
)


def _is_author_bio(text: str) -> bool:
    """Whether ``text`` reads as a closing note about the author (:data:`AUTHOR_BIO_RE`, or
    :data:`_TRADE_BIO_RE` with a bio's mark on the line)."""
    if AUTHOR_BIO_RE.match(text):
        return True
    return bool(_BIO_MARK_RE.search(text)) and bool(_TRADE_BIO_RE.match(text))


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
    r"\b(?:licensed under|published under the licen[cs]e|unter der lizenz)\b|"
    # newsletters, apps, donations and the site's other pages
    r"newsletter|\bdownload (?:the|our) .{0,40}\bapps?\b|"
    r"\b(?:ios|android)\b.{0,12}\b(?:ios|android)\b|"
    r"\b(?:consider supporting|support (?:our|independent) (?:work|journalism)|"
    r"unsere arbeit (?:zu )?unterstützen|unterstütze (?:uns|\w+ (?:bereits )?mit))\b|"
    r"^(?:entdecke|entdecken sie|discover) (?:weitere|mehr|more)\b|"
    r"\b(?:findest du|finden sie|find (?:out )?more) hier\b|"
    r"\blast (?:modified|updated)\s*:|\bsign up here\b|"
    r"^(?:read the original (?:article|story|post)|cross-posted from|originally published "
    r"(?:on|in|at|by))\b|"
    r"(?:^|\s)(?:categor(?:y|ies)|kategorien?|tags?|schlagw[oö]rte)\s*:",
    re.IGNORECASE,
)


MAX_TRAILING_PROMO_CHARS = 300


# Appeals that close a post (support us, get our app): unlike a newsletter box, which pages
# also print between paragraphs, nothing of the story follows them.
CLOSING_APPEAL_RE = re.compile(
    r"\bif you (?:enjoyed|liked|like|enjoy) (?:reading )?(?:this|our)\b|"
    r"\b(?:consider supporting|support (?:our|independent) (?:work|journalism)|"
    r"unsere arbeit (?:zu )?unterstützen|unterstütze (?:uns|\w+ (?:bereits )?mit))\b|"
    r"\bdownload (?:the|our) .{0,40}\bapps?\b|\b(?:ios|android)\b.{0,12}\b(?:ios|android)\b",
    re.IGNORECASE,
)


# Closing stamps that start the line ("This entry was posted in ...", "Der Beitrag wurde am
# ...") run long: they list every category and tag of the post.
TRAILING_STAMP_RE = re.compile(
    r"^(?:this entry was posted|(?:der|dieser) beitrag wurde am|posted in|filed under)\b",
    re.IGNORECASE,
)


MAX_TRAILING_STAMP_CHARS = 600


# All-capital lines of a few words after the story are box titles ("MOST POPULAR PRODUCTS").
MAX_CAPS_LABEL_WORDS = 8


# A closing note naming the story's sources ("Source: Al Jazeera and news agencies").
_SOURCE_NOTE_RE = re.compile(r"^sources?\s*:", re.IGNORECASE)


MAX_SOURCE_NOTE_CHARS = 100


# A closing reference to the paper a story reports on ("More information: Jane Doe et al,
# Title, Journal (2023). DOI: 10.1000/xyz", "J. Doe et al. 2023. Title. Journal 12: 3-4").
_PAPER_REFERENCE_RE = re.compile(
    r"\bet al\b.{0,400}\bdoi\b|\bet al\.? (?:\(\d{4}\)|\d{4}\.)|^more information\s*:",
    re.IGNORECASE,
)


MAX_PAPER_REFERENCE_CHARS = 600


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


# "By Jane Doe", "By Jane Doe, Staff Writer"
_BYLINE_ONLY_RE = re.compile(
    r"^(?i:(?:written|reported|posted|story|words) by|by)\s+(?:[A-Z][\w.'’-]+\s?){1,4}"
    r"(?:,\s+(?:[A-Z][\w'’-]+\s?){1,4})?$"
)


def finish(lines: list[Line], title: str | None) -> str:
    """The body text from ``lines``: furniture lines, repeats and related-story lists dropped,
    leading caption/byline lines and trailing headings trimmed, one line per paragraph."""
    # The title is compared with every line: normalised once.
    title_key = comparable_text(title) if title else None
    kept = _drop_related_sections(_drop_repeats([ln for ln in lines if _keep_line(ln, title_key)]))
    # Before the first paragraph: the lead picture's caption and the byline/date block.
    first = next(
        (i for i, ln in enumerate(kept) if len(ln.text) >= MIN_PARAGRAPH_CHARS and not ln.caption),
        0,
    )
    while first and _is_leading_furniture(kept[0]):
        kept.pop(0)
        first -= 1
    kept = _without_lead_caption(kept, first)
    if _repeats_story(kept):
        del kept[0]
    # Headings with nothing after them ("Related stories" over a removed list) go too.
    # A list that ends the story (past winners, ingredients) is made of short items too:
    # they are not labels.
    in_list = _ends_with_list(kept)
    _drop_trailing_furniture(kept, in_list)
    # The author's bio, a contact line or a call to subscribe ends the story: what a page
    # prints after it (a sign-off, a video teaser, the rest of a support box) is not the
    # story's either. A box can hold several such notes, each within the last lines once the
    # ones below it are gone.
    for _ in range(MAX_CLOSING_NOTES):
        end = _closing_note_near_end(kept)
        if end is None:
            break
        del kept[end:]
        _drop_trailing_furniture(kept, in_list=False)
    return "\n".join(line.text for line in kept)


# A summary line whose sentences the story repeats word for word (a "key points" box made of
# the lead's sentences) is a copy; its sentences are compared from this length.
MIN_SUMMARY_SENTENCE_CHARS = 40


_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")


SUMMARY_LEAD_WINDOW = 3


def _repeats_story(kept: list[Line]) -> bool:
    """Whether the first line is only sentences that the story prints again further on."""
    if len(kept) < 3 or kept[0].tag in HEADING_TAGS or len(kept[0].text) < MIN_PARAGRAPH_CHARS:
        return False
    sentences = [
        sentence
        for sentence in _SENTENCE_SPLIT_RE.split(kept[0].text)
        if len(sentence) >= MIN_SUMMARY_SENTENCE_CHARS
    ]
    if sum(len(sentence) for sentence in sentences) < 0.8 * len(kept[0].text):
        return False
    # The lead that repeats the summary's first sentence comes right after it; the whole
    # story is searched only then.
    if not any(sentences[0] in line.text for line in kept[1 : 1 + SUMMARY_LEAD_WINDOW]):
        return False
    rest = "\n".join(line.text for line in kept[1:])
    return all(sentence in rest for sentence in sentences)


def _without_lead_caption(kept: list[Line], first: int) -> list[Line]:
    """Drop the lead picture's caption printed between the standfirst (the first paragraph)
    and the story's second paragraph, as it is dropped when it comes first."""
    second = next(
        (
            i
            for i in range(first + 1, len(kept))
            if len(kept[i].text) >= MIN_PARAGRAPH_CHARS and not kept[i].caption
        ),
        None,
    )
    if second is None or not any(line.caption for line in kept[first + 1 : second]):
        return kept
    between = [line for line in kept[first + 1 : second] if not line.caption]
    return kept[: first + 1] + between + kept[second:]


def _drop_trailing_furniture(kept: list[Line], in_list: bool) -> None:
    while kept and (
        kept[-1].tag in HEADING_TAGS or _is_trailing_furniture(kept[-1], in_list=in_list)
    ):
        kept.pop()


# How far from the end an author's note is looked for, in lines (and never in the first
# half of the story).
AUTHOR_NOTE_WINDOW = 3


# "Jane Doe can be reached at jane@example.com", "Reach him at ...".
_CONTACT_RE = re.compile(
    r"\b(?:(?:can|may) be (?:reached|contacted)|reach (?:him|her|me|the author)) (?:at|via|by)\b|"
    r"^(?:contact|email|e-mail) (?:the )?(?:reporter|writer|author|editor)\b|"
    # "Jane Doe writes about local news for the Courier Post"
    r"^(?-i:(?:[A-Z][\w.'’-]+\s){1,4})(?:writes about|covers|reports on)\b.{0,200}"
    r"\b(?:for|at) (?:the )?(?-i:[A-Z])",
    re.IGNORECASE,
)


MAX_CLOSING_NOTES = 3


def _closing_note_near_end(lines: list[Line]) -> int | None:
    """The index of an author's bio, a contact line or an appeal (:data:`CLOSING_APPEAL_RE`)
    among the last lines, if any."""
    start = max(len(lines) // 2 + 1, len(lines) - AUTHOR_NOTE_WINDOW)
    for index in range(start, len(lines)):
        text = lines[index].text
        if len(text) < MAX_TRAILING_PROMO_CHARS and CLOSING_APPEAL_RE.search(text):
            return index
        if len(text) < MAX_AUTHOR_NOTE_CHARS and (_is_author_bio(text) or _CONTACT_RE.search(text)):
            return index
        if index > start and _is_split_bio(lines[index - 1].text, text):
            return index - 1
    return None


# Bio boxes print the author's name in bold on a line of its own and the bio under it,
# starting with the verb ("Jane Doe" / "is a reporter based in Boston").
_BIO_CONTINUATION_RE = re.compile(r"^(?:is|was|has been|writes|covers|ist|war|schreibt)\s")


def _is_split_bio(name: str, text: str) -> bool:
    """Whether ``name`` (a short line) and ``text`` (a line that goes on from it with a verb)
    read together as an author's bio."""
    if len(text) >= MAX_AUTHOR_NOTE_CHARS or not _BIO_CONTINUATION_RE.match(text):
        return False
    return len(name.split()) <= 5 and _is_author_bio(f"{name} {text}")


MAX_AUTHOR_NOTE_CHARS = 700


# A story that ends with at least this many list items ends with a list, not with labels.
MIN_CLOSING_LIST_ITEMS = 3


def _ends_with_list(lines: list[Line]) -> bool:
    """Whether the last lines are items of one list (``<li>`` lines, or lines numbered or
    bulleted by hand, with little link text)."""
    closing = lines[-MIN_CLOSING_LIST_ITEMS:]
    return len(closing) == MIN_CLOSING_LIST_ITEMS and all(
        _is_list_item(line) and line.links <= len(line.text) * LINK_HEAVY for line in closing
    )


# "12. Jane Doe", "3) Flour", "• Salt": list items written as paragraphs.
_LIST_MARKER_RE = re.compile(r"^(?:\d{1,3}[.)]|[•·▪–-])\s")


def _is_list_item(line: Line) -> bool:
    return line.tag == "li" or bool(_LIST_MARKER_RE.match(line.text))


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


def _is_trailing_furniture(line: Line, *, in_list: bool = False) -> bool:
    """After the last paragraph: labels ("Tagged in:", "Author"), names, an author's bio,
    calls to follow or subscribe, copyright notes. Short items of a closing list
    (``in_list``) are not labels."""
    text = line.text
    short = len(text.split()) <= MAX_TRAILING_LABEL_WORDS and not text.endswith(SENTENCE_ENDS)
    if short and not (in_list and _is_list_item(line)):
        return True
    if len(text) < MAX_TRAILING_PROMO_CHARS and TRAILING_PROMO_RE.search(text):
        return True
    if len(text) < MAX_TRAILING_STAMP_CHARS and TRAILING_STAMP_RE.match(text):
        return True
    if text.isupper() and len(text.split()) <= MAX_CAPS_LABEL_WORDS:
        return True
    if text.endswith(":") and len(text) < MAX_UNDER_RELATED_CHARS:
        return True  # a label whose list or box was removed ("You might also like:")
    if len(text) < MAX_SOURCE_NOTE_CHARS and _SOURCE_NOTE_RE.match(text):
        return True
    if len(text) < MAX_PAPER_REFERENCE_CHARS and _PAPER_REFERENCE_RE.search(text):
        return True
    return len(text) < 400 and _is_author_bio(text)


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


def _keep_line(line: Line, title_key: str | None) -> bool:
    text = line.text
    if line.links > len(text) * LINK_HEAVY and len(text) < 400:
        return False
    if len(text) < 120 and BOILERPLATE_LINE_RE.match(text.strip(_DECORATION)):
        return False
    if line.tag not in _LABEL_KEEPING_TAGS and _is_stray_label(text):
        return False
    if line.caption and _is_caption_credit(text):
        return False
    if line.tag not in HEADING_TAGS and len(text) <= MAX_DATELINE_CHARS and _is_dateline(text):
        return False
    if len(text) <= MAX_CREDIT_CHARS and _looks_like_credit(text) and CREDIT_LINE_RE.search(text):
        return False
    if (
        not line.caption
        and len(text) <= MAX_CREDITED_CAPTION_CHARS
        and (_is_credited(text) or FIGURE_LABEL_RE.match(text))
    ):
        return False  # a caption printed as a paragraph (real ``<figcaption>``s are kept)
    if title_key and _may_read_as(text, title_key) and comparable_text(text) == title_key:
        return False
    if len(text) <= MAX_DISCLAIMER_CHARS:
        lowered = text.lower()
        if _is_disclaimer(lowered):
            return False
        if len(text) <= MAX_SITE_NOTICE_CHARS and _is_site_notice(lowered):
            return False
    return any(ch.isalnum() for ch in text)


def _is_site_notice(lowered: str) -> bool:
    """Whether the short lower-cased line is the site speaking to its visitor about cookies,
    their browser, JavaScript or the site's newsletter (:data:`_SITE_NOTICE_RE`)."""
    if not any(word in lowered for word in _SITE_NOTICE_WORDS):
        return False
    return bool(_SITE_NOTICE_RE.search(lowered)) and not _REPORTING_RE.search(lowered)


def _is_credited(text: str) -> bool:
    """Whether ``text`` ends with a picture credit (:data:`CREDIT_ENDING_RE`); the pattern is
    only tried on lines with one of the marks every credit has (":", "(", "©", an agency)."""
    if ":" not in text and "(" not in text and "©" not in text:
        lowered = text.lower()
        if not any(mark in lowered for mark in _CREDIT_MARKS):
            return False
    return bool(CREDIT_ENDING_RE.search(text))


_CREDIT_MARKS = ("getty", "shutterstock", "cc-by", "cc by")


def _is_dateline(text: str) -> bool:
    """A line that is only a date and time, or a byline/update stamp ("Updated Nov. 6, 2023
    6:00 a.m. PT Written by Jane Doe"), wherever the page prints it in the story."""
    if text.endswith(("!", "?")) or not _YEAR_RE.search(text):
        return bool(_BYLINE_ONLY_RE.match(text))
    rest = _DATE_WORDS_RE.sub(" ", text)
    if not rest.strip(" .,:;|/-–—·•()"):
        return True
    return bool(_STAMP_START_RE.match(text)) and not text.endswith(".")


# A picture's caption block holds the caption and, on a line of its own, the credit: a name
# or an agency of a few words ("Nina Berman", "Terminal Autonomy"). The caption is kept.
MAX_CAPTION_CREDIT_WORDS = 3


def _is_caption_credit(text: str) -> bool:
    """A line of a caption block that is only a name: a few words, no sentence punctuation."""
    return len(text.split()) <= MAX_CAPTION_CREDIT_WORDS and not text.endswith(SENTENCE_ENDS)


def _is_stray_label(text: str) -> bool:
    """One or two words without sentence punctuation outside headings and lists: a box's
    label ("Pros", "Newsletter"), a table cell, a photo credit ("Jane Doe/Agency")."""
    words = text.split()
    if len(words) <= MAX_STRAY_LABEL_WORDS:
        return not text.endswith(SENTENCE_ENDS)
    return len(words) <= MAX_CREDIT_WORDS and bool(_SLASH_CREDIT_RE.match(text))


def _is_disclaimer(lowered: str) -> bool:
    """Whether the lower-cased line is an affiliate, consent, copyright or paywall note
    (:data:`DISCLAIMER_RE`) or a note about the page (:data:`EDITORIAL_NOTE_RE`); each
    pattern is only tried on lines with one of its key words."""
    # Plain loops over the words: faster than one pattern of them, and most lines have none.
    for word in _DISCLAIMER_WORDS:
        if word in lowered:
            if DISCLAIMER_RE.search(lowered):
                return True
            break
    for word in _EDITORIAL_NOTE_WORDS:
        if word in lowered:
            return bool(EDITORIAL_NOTE_RE.search(lowered))
    return False


def _looks_like_credit(text: str) -> bool:
    """A short line naming a picture agency, not a sentence that mentions one."""
    stripped = text.strip("()[] .")
    return len(stripped.split()) <= 8 and not stripped.endswith(("?", "!"))


def same_text(a: str, b: str) -> bool:
    """Equal once case and white space are ignored."""
    return comparable_text(a) == comparable_text(b)


def _may_read_as(text: str, key: str) -> bool:
    """Cheap test before :func:`comparable_text`: case folding at most triples a length."""
    return len(text) <= 3 * len(key) and len(key) <= 3 * len(text)


def comparable_text(text: str) -> str:
    """``text`` case-folded, with its white space collapsed (see :func:`same_text`)."""
    return " ".join(text.casefold().split())
