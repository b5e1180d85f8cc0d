"""How people ask for the next session of a series (issue 19), the one place of that wording:
"the next session of the PIC webinar series", "when is the next module of the e-learning course on
chemicals?", « la prochaine séance de la série … », «la próxima sesión del curso …», "下一场电子废物
网络研讨会系列", «следующее занятие серии вебинаров …», "الجلسة التالية من سلسلة …". ``next_asked``
gives what names the series (the words of its title, and the text for the question service to read
a programme from) and the kind of series the words hint at, or None when the question is not one of
these; no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .folding import fold
from .series_domain import SeriesKind

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


# Chinese, Russian and Arabic: a "next" word and a word of sessions or series anywhere in the question
# (folded: Russian й is и, Arabic without its short vowels)
_NEXT_ELSEWHERE = re.compile(
    r"下一次|下一场|下一节|下一期|下一个|下一|下次|следующ\w*|ближаиш\w*"
    + fold(r"|(?:ال)?(?:تالية|تالي|قادمة|قادم|مقبلة|مقبل)(?!\w)")
)
_SERIES_ELSEWHERE = re.compile(
    r"系列|课程|会议|研讨会|讲座|单元|模块|场次"
    r"|сери\w*|курс\w*|заняти\w*|модул\w*|вебинар\w*|встреч\w*|сесси\w*|совещани\w*|урок\w*"
    + fold(r"|(?:ال)?(?:سلسلة|دورة|جلسة|ندوة|ندوات|اجتماع|وحدة|حلقة)")
)
# "next month", "next week": a period, not a session ("下个月的网络研讨会", «на следующей неделе»)
_NEXT_PERIOD = re.compile(
    r"下一?个?(?:月|周|星期|礼拜|年|季度)|下(?:周|月)"
    r"|следующ\w*\s+(?:месяц\w*|недел\w*|год\w*|дн\w*|квартал\w*)"
    + fold(r"|(?:ال)?(?:شهر|أسبوع|سنة|عام|يوم)\s+(?:ال)?(?:قادم|مقبل|تالي)\w*")
)
_QUESTION_WORDS = re.compile(
    r"是什么时候|什么时候|何时|是哪天|在哪天|когда|будет|состоится|متى|ما\s+هو|ما\s+هي|[?？!！.。،,，]"
)
_KIND_HINTS: tuple[tuple[SeriesKind, re.Pattern[str]], ...] = (
    (SeriesKind.COURSE, re.compile(
        r"(?<!\w)(?:course|courses|cours|curso|cursos|module|modules|modulo|modulos|e-learning|elearning"
        r"|formation|formations|lesson|class)(?!\w)|课程|单元|模块|курс\w*|модул\w*|урок\w*"
        + fold("|دورة|وحدة"))),
    (SeriesKind.WEBINAR_SERIES, re.compile(
        r"(?<!\w)(?:webinars?|webinaires?|seminarios?\s+web|seminarios?)(?!\w)|研讨会|讲座|вебинар\w*"
        + fold("|ندوة|ندوات"))),
    (SeriesKind.RECURRING_MEETING, re.compile(
        r"(?<!\w)(?:meetings?|reunions?|reuniones|rencontres?)(?!\w)|会议|встреч\w*|совещани\w*|اجتماع")),
)


@dataclass(frozen=True)
class NextAsked:
    """A "next session of …" question: the folded ``words`` that may name the series by its title,
    the ``text`` naming it (for the question service to read a programme from), and the ``kind``
    of series its words hint at (a course, a webinar series, a meeting)."""

    words: tuple[str, ...]
    text: str
    kind: SeriesKind | None


def next_asked(question: str) -> NextAsked | None:
    """What a "next session of …" question asks about; None when it is not such a question."""
    folded = fold(question).strip()
    match = _ASKED.match(folded)
    if match is not None:
        name = match.group("name")
    else:
        unperiod = _NEXT_PERIOD.sub(" ", folded)
        if not (_NEXT_ELSEWHERE.search(unperiod) and _SERIES_ELSEWHERE.search(unperiod)):
            return None
        name = _QUESTION_WORDS.sub(" ", _NEXT_ELSEWHERE.sub(" ", unperiod)).strip()
    kind = next((kind for kind, hint in _KIND_HINTS if hint.search(folded)), None)
    return NextAsked(words_of(name), name, kind)


def asked_series(question: str) -> tuple[str, ...] | None:
    """The words naming the series a "next session of …" question asks about by its title (None:
    not such a question, or one that names no series by words of a title)."""
    asked = next_asked(question)
    return (asked.words or None) if asked is not None else None


def names(title_words: tuple[str, ...], asked: tuple[str, ...]) -> bool:
    """True when every asked word begins a word of the title ("PIC" names "Webinar series on PIC")."""
    return all(any(word.startswith(a) for word in title_words) for a in asked)
