"""Text patterns: comment headings, placeholders, control lines, author lines, and limits."""

from __future__ import annotations

import re

PROFILE_HREF_RE = re.compile(
    r"/(?:users?|profil|profile|profiles|members?|mitglied|benutzer|author|autor|u|people"
    r"|community/user|forum/member)[/.?=]|blogger\.com/profile|/!ku\d",
    re.IGNORECASE,
)
SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# The verb after a commenter's name ("Jane says:", "Hans sagt:", Blogger's "Jane said..."),
# and "by"/"von" before it.
AUTHOR_NOISE_RE = re.compile(
    r"\s*(?:says|said|wrote|writes|sagt|schreibt|schrieb|meint|kommentierte|dit|a écrit"
    r"|écrit|dice|dijo|escribió|ha scritto|scrive|disse|schreef|zegt|napisał|napisała"
    r"|commented)\s*(?::|\.{3}|…)?\s*$"
    r"|^\s*(?:by|von|par|por|di|door|od|posted by|kommentar von|comment by)\s+"
    r"|\s*[:|]\s*$",
    re.IGNORECASE,
)
# Lines that are controls, not words of the comment.
CONTROL_LINE_RE = re.compile(
    r"^(?:reply|antworten|beantworten|répondre|repondre|responder|rispondi|odpowiedz|reageer"
    r"|reageren|svara|svar|report|melden|edit|bearbeiten|like|share|quote|zitieren|permalink"
    r"|löschen|delete|cancel reply|log in to reply|login to reply|flag|daumen hoch"
    r"|daumen runter|upvote|downvote|translate|original|show all|mehr anzeigen|read more"
    r"|weiterlesen|\d+\s+likes?|\d+)$",
    re.IGNORECASE,
)
LEAVE_HEADING_RE = re.compile(
    r"^\s*(?:leave a (?:comment|reply)|post a comment|add (?:a |your )?comment|write a comment"
    r"|join the discussion|join the conversation|submit a comment|your comment|comment form"
    r"|kommentar (?:schreiben|verfassen|hinzufügen|abgeben)|schreibe einen kommentar"
    r"|hinterlasse einen kommentar|einen kommentar schreiben|dein(?:e)? (?:kommentar|meinung)"
    r"|ihr kommentar|ihre meinung|was (?:sagst du|meinen sie) dazu\??"
    r"|laisser un commentaire|laissez un commentaire|ajouter un commentaire|votre commentaire"
    r"|deja un comentario|deja una respuesta|dejar un comentario|escribe un comentario"
    r"|lascia un commento|scrivi un commento|laat een reactie achter"
    r"|plaats een reactie|reageer|dodaj komentarz|napisz komentarz"
    r"|deixe (?:um comentário|uma resposta)|lämna en kommentar|skriv en kommentar"
    r"|legg igjen en kommentar|efterlad en kommentar|přidat komentář|napsat komentář)"
    r"\s*[.!:…]*\s*$",
    re.IGNORECASE,
)
# "3 Comments", "Kommentare (12)", "2 thoughts on “Title”". A singular word or an ambiguous
# one ("Kommentar" heads opinion pieces, "Discussion" a paper's section) needs a number.
COUNT_HEADING_RE = re.compile(
    r"^\s*(?:"
    r"(?:\d+\s+)?(?:comments|kommentare|leserkommentare|leserbriefe|commentaires|comentarios"
    r"|comentários|commenti|reacties|komentarze|komentáře|kommentarer|reader comments"
    r"|readers' comments)"
    r"|(?:\d+|one|ein|eine|un|une|uno|una|um|jeden)\s+(?:comment|kommentar|commentaire|comentario"
    r"|comentário"
    r"|commento|reactie|komentarz|responses?|replies|reply|reactions?|réponses?|respuestas?"
    r"|risposte|antworten|discussion|diskussion)"
    r"|\d+\s+(?:thoughts? on|antworten auf|gedanken zu|réponses? à|respuestas? a"
    r"|réflexions? sur|comentarios? en|comentários? (?:em|sobre)|commenti su|reacties op"
    r"|kommentarer til)\b.*"
    r")\s*(?:\(\d+\))?\s*[.!:…]*\s*$",
    re.IGNORECASE,
)
# "Customer Reviews", "Kundenbewertungen (12)", "12 Reviews": a shop's review widget, whose
# entries are readers' words like comments. A bare "Reviews" heads an editorial section, so
# it needs a reader word or a number.
REVIEW_HEADING_RE = re.compile(
    r"^\s*(?:"
    r"(?:\d+\s+)?(?:customer|user|reader|buyer|guest|product)s?'?\s+reviews"
    r"|(?:\d+\s+)?(?:kundenbewertungen|kundenrezensionen|kundenmeinungen|avis clients"
    r"|avis de nos clients|opiniones de (?:los )?clientes|recensioni dei clienti"
    r"|klantbeoordelingen|klantenreviews|opinie klientów)"
    r"|\d+\s+(?:reviews|bewertungen|rezensionen|avis|opiniones|recensioni|beoordelingen"
    r"|opinii|opinie)"
    r"|(?:reviews|bewertungen|rezensionen|avis|opiniones|recensioni|beoordelingen|opinie)"
    r"\s*\(\d+\)"
    r")\s*[.!:…]*\s*$",
    re.IGNORECASE,
)
# A star rating written out for screen readers: "5 star review", "Rated 4 out of 5 stars",
# "4,5 von 5 Sternen".
RATING_LABEL_RE = re.compile(
    r"\b\d(?:[.,]\d+)?\s*(?:(?:/|out of|of|von|sur|su|de|van|z)\s*\d+\s*)?"
    r"(?:stars?|sterne?n?|étoiles?|estrellas?|stelle|sterren|gwiazd\w*)\b",
    re.IGNORECASE,
)
NAME_SEPARATOR_RE = re.compile(r"\s+[|·•/–—]\s+|,\s+(?=\w+,?\s+\d)")
# Entries that only say there is nothing to show.
PLACEHOLDER_RE = re.compile(
    r"^(?:there are )?no comments(?: yet)?\b|^be the first to comment|^comments are closed"
    r"|^(?:noch )?keine kommentare|^kommentare sind geschlossen|^es gibt noch keine kommentare"
    r"|^aucun commentaire|^(?:no hay|sin) comentarios|^nessun commento|^nog geen reacties"
    r"|^brak komentarzy|^(?:schreib(?:e|en sie)?|verfasse) den ersten kommentar"
    r"|^(?:be|sei|seien sie|soyez|sé|sea) (?:the first|der erste|die erste|le premier|la premi"
    r"ère|el primero|la primera)|^write the first comment|^start the (?:conversation|discussion)",
    re.IGNORECASE,
)
# "Betina sagt:" / "Ramón dijo:" as the first line of a comment: the name, not the text.
SAYS_LINE_RE = re.compile(
    r"^(?P<name>[^\n]{1,60}?)\s+(?:says|said|wrote|sagt|schreibt|schrieb|meint|dijo|escribió"
    r"|dice|a écrit|écrit|ha scritto|scrive|disse|schreef|zegt|napisał|napisała)\s*:?$",
    re.IGNORECASE,
)

PLACEHOLDER_SCAN_CHARS = 300
MAX_HEADING_CHARS = 120
MIN_RECORD_CHARS = 20
# How many bare <div> levels up a comment's id may sit (JComments: comment-item-7 > rbox > box).
WRAPPER_ID_DEPTH = 3
# "Posted by: Jane |", "Kommentar von Jane am …": a name in a footer or meta line.
POSTED_BY_RE = re.compile(
    r"(?:posted|written|submitted|comment(?:ed)?|kommentar|geschrieben|verfasst|publié|publicado"
    r"|scritto|geplaatst)\s+(?:by|von|par|por|da|door)\s*:?\s+"
    r"(?P<name>[^|·•,\n]{1,60}?)(?=\s*(?:[|·•,]|\s(?:on|at|am|um|le|el|il|op)\s|$))",
    re.IGNORECASE,
)
# Share of a container's text its comments must make up for it to count as the comment area.
COVER_SHARE = 0.7
# Text in an area that is neither comments nor forms, above which it may be the article.
MAX_FOREIGN_CHARS = 5000
MAX_AUTHOR_CHARS = 80
MAX_AUTHOR_WORDS = 8
# Blogger's comment permalinks: "?showComment=1700000000000" (milliseconds since the epoch).
SHOW_COMMENT_RE = re.compile(r"[?&]showComment=(\d{12,13})\b")
MIN_STAMP_YEAR = 1995
MAX_STAMP_YEAR = 2100
# An unmarked date line of a comment: among its first lines outside the text, and short.
MAX_META_LINES = 8
MAX_META_LINE_CHARS = 40
