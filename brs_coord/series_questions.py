"""How people ask for the next session of a series (issue 19), the one place of that wording:
"the next session of the PIC webinar series", "when is the next module of the e-learning course on
chemicals?", « la prochaine séance de la série … », «la próxima sesión del curso …». ``asked_series``
gives the words that name the series (its title's words, folded), or None when the question is not
one of these; no I/O."""

from __future__ import annotations

import re

from .folding import fold

_NEXT = r"(?:next|prochaine?|proxima?|siguiente)"
_SESSION = (
    r"(?:session|module|meeting|webinar|class|lesson|seance|reunion|rencontre|webinaire|cours"
    r"|sesion|modulo|clase|seminario\s+web)"
)
_OF = r"(?:of|in|for|de|du|des|del|en|pour|d')"
_ASKED = re.compile(
    rf"^(?:(?:when|what)(?:'s|\s+is)\s+|quand\s+(?:est|a\s+lieu)\s+|cuando\s+es\s+)?"
    rf"(?:the\s+|la\s+|le\s+|el\s+)?{_NEXT}\s+{_SESSION}\s+(?:{_NEXT}\s+)?{_OF}\s*(?P<name>.+?)[\s?!.]*$"
)
# words that say "a series" rather than name one
GENERIC = frozenset({
    "the", "a", "an", "of", "on", "in", "series", "serie", "la", "le", "les", "l", "de", "du",
    "des", "d", "sur", "el", "los", "las", "del", "sobre", "webinar", "webinars", "webinaire",
    "webinaires", "seminarios", "seminario", "web", "course", "courses", "cours", "curso", "cursos",
    "meeting", "meetings", "reunion", "reunions", "reuniones", "e-learning", "elearning", "online",
    "en", "ligne", "linea", "sessions", "seances", "sesiones",
})  # fmt: skip
_WORD = re.compile(r"[\w-]+")


def words_of(text: str) -> tuple[str, ...]:
    """The folded words of a title or a question, generic ones left out."""
    return tuple(w for w in _WORD.findall(fold(text)) if w not in GENERIC)


def asked_series(question: str) -> tuple[str, ...] | None:
    """The words naming the series a "next session of …" question asks about (None: not such a
    question, or one that names no series)."""
    match = _ASKED.match(fold(question).strip())
    if match is None:
        return None
    found = words_of(match.group("name"))
    return found or None


def names(title_words: tuple[str, ...], asked: tuple[str, ...]) -> bool:
    """True when every asked word begins a word of the title ("PIC" names "Webinar series on PIC")."""
    return all(any(word.startswith(a) for word in title_words) for a in asked)
