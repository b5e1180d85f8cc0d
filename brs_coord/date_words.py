"""Date vocabulary of English, French, Spanish, Russian and Arabic, folded and lowercase (Russian
й and ё as и and е; Arabic without hamza on alef, ة as ه, ى as ي; see folding). Chinese phrases,
written without spaces, are in date_han."""

from __future__ import annotations

import re
from collections.abc import Iterable

MONTHS: dict[str, int] = {
    "january": 1, "janvier": 1, "enero": 1,
    "february": 2, "fevrier": 2, "febrero": 2,
    "march": 3, "mars": 3, "marzo": 3,
    "april": 4, "avril": 4, "abril": 4,
    "may": 5, "mai": 5, "mayo": 5,
    "june": 6, "juin": 6, "junio": 6,
    "july": 7, "juillet": 7, "julio": 7,
    "august": 8, "aout": 8, "agosto": 8,
    "september": 9, "septembre": 9, "septiembre": 9, "setiembre": 9,
    "october": 10, "octobre": 10, "octubre": 10,
    "november": 11, "novembre": 11, "noviembre": 11,
    "december": 12, "decembre": 12, "diciembre": 12,
    **{form: number for number, forms in enumerate((
        "январь января январе", "февраль февраля феврале", "март марта марте",
        "апрель апреля апреле", "маи мая мае", "июнь июня июне", "июль июля июле",
        "август августа августе", "сентябрь сентября сентябре", "октябрь октября октябре",
        "ноябрь ноября ноябре", "декабрь декабря декабре",
    ), start=1) for form in forms.split()},
    # Arabic: the Gregorian names (Egypt, the Gulf), the Syriac ones (the Levant, Iraq) and the
    # French-derived ones (the Maghreb)
    **{form: number for number, forms in enumerate((
        "يناير|كانون الثاني|جانفي", "فبراير|شباط|فيفري", "مارس|اذار", "ابريل|نيسان|افريل",
        "مايو|ايار", "يونيو|حزيران|جوان", "يوليو|تموز|جويليه", "اغسطس|اوت",
        "سبتمبر|ايلول", "اكتوبر|تشرين الاول", "نوفمبر|تشرين الثاني", "ديسمبر|كانون الاول",
    ), start=1) for form in forms.split("|")},
}  # fmt: skip

MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "janv": 1, "ene": 1, "feb": 2, "fev": 2, "fevr": 2, "mar": 3,
    "apr": 4, "avr": 4, "abr": 4, "jun": 6, "jul": 7, "juil": 7, "aug": 8, "ago": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "dic": 12,
}  # fmt: skip

# Month words that are also ordinary words: accepted only next to a day, a year or "in".
CONTEXT_ONLY_MONTHS: frozenset[str] = frozenset({"may", *MONTH_ABBREVIATIONS})

WEEKDAYS: dict[str, int] = {
    "monday": 0, "lundi": 0, "lunes": 0,
    "tuesday": 1, "mardi": 1, "martes": 1,
    "wednesday": 2, "mercredi": 2, "miercoles": 2,
    "thursday": 3, "jeudi": 3, "jueves": 3,
    "friday": 4, "vendredi": 4, "viernes": 4,
    "saturday": 5, "samedi": 5, "sabado": 5,
    "sunday": 6, "dimanche": 6, "domingo": 6,
    "понедельник": 0, "вторник": 1, "среда": 2, "среду": 2, "четверг": 3, "пятница": 4,
    "пятницу": 4, "суббота": 5, "субботу": 5, "воскресенье": 6,
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}  # fmt: skip

WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6, "lun": 0, "mer": 2, "jeu": 3, "ven": 4,
    "sam": 5, "dim": 6, "mie": 2, "jue": 3, "vie": 4, "sab": 5, "dom": 6,
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "quinze": 15, "quince": 15,
    "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "واحد": 1, "ثلاثه": 3, "اربعه": 4, "خمسه": 5, "سته": 6, "سبعه": 7, "عشره": 10,
}  # fmt: skip

# Counted days that mean weeks: « dans quinze jours », « dans huit jours », "en quince días".
DAYS_MEANING_WEEKS: dict[str, int] = {"quinze": 2, "quince": 2, "huit": 1, "ocho": 1}

# What the faces may offer when less than a day of the period asked about is left, per language.
OFFER_PHRASES: dict[str, dict[str, str]] = {
    "day": {"en": "tomorrow", "fr": "demain", "es": "mañana", "ar": "غدا", "zh": "明天", "ru": "завтра"},
    "week": {"en": "next week", "fr": "la semaine prochaine", "es": "la próxima semana",
             "ar": "الأسبوع المقبل", "zh": "下周", "ru": "на следующей неделе"},
    "weekend": {"en": "next weekend", "fr": "le week-end prochain",
                "es": "el próximo fin de semana", "ar": "عطلة نهاية الأسبوع المقبلة",
                "zh": "下周末", "ru": "на следующих выходных"},
    "month": {"en": "next month", "fr": "le mois prochain", "es": "el próximo mes",
              "ar": "الشهر المقبل", "zh": "下个月", "ru": "в следующем месяце"},
    "year": {"en": "next year", "fr": "l'année prochaine", "es": "el próximo año",
             "ar": "العام المقبل", "zh": "明年", "ru": "в следующем году"},
}  # fmt: skip

# The first day of the week (0 = Monday) in each interface language's own locale (CLDR, as
# Babel gives it for the bare language code); a test checks the table against Babel so that the
# question path never imports Babel.
FIRST_WEEKDAY: dict[str, int] = {"en": 0, "fr": 0, "es": 0, "ar": 0, "zh": 0, "ru": 0}

UNITS: dict[str, str] = {
    "day": "day", "days": "day", "jour": "day", "jours": "day", "dia": "day", "dias": "day",
    "week": "week", "weeks": "week", "semaine": "week", "semaines": "week",
    "semana": "week", "semanas": "week",
    "month": "month", "months": "month", "mois": "month", "mes": "month", "meses": "month",
    "year": "year", "years": "year", "an": "year", "ans": "year", "annee": "year",
    "annees": "year", "ano": "year", "anos": "year",
    "день": "day", "дня": "day", "днеи": "day", "неделю": "week", "недели": "week",
    "недель": "week", "месяц": "month", "месяца": "month", "месяцев": "month", "год": "year",
    "года": "year", "лет": "year",
    "يوم": "day", "يوما": "day", "ايام": "day", "اسبوع": "week", "اسابيع": "week",
    "شهر": "month", "اشهر": "month", "شهور": "month", "سنه": "year", "سنوات": "year",
    "عام": "year", "اعوام": "year",
}  # fmt: skip

# Time-zone abbreviations read as the real zone they name, never as a fixed offset.
ZONE_ABBREVIATIONS: dict[str, str] = {
    "utc": "UTC", "gmt": "UTC", "z": "UTC",
    "cet": "Europe/Paris", "cest": "Europe/Paris", "mez": "Europe/Berlin",
    "mesz": "Europe/Berlin", "eet": "Europe/Athens", "eest": "Europe/Athens",
    "wet": "Europe/Lisbon", "west": "Europe/Lisbon", "bst": "Europe/London",
    "est": "America/New_York", "edt": "America/New_York",
    "cst": "America/Chicago", "cdt": "America/Chicago",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
}  # fmt: skip

# Words that can take part in a date phrase; a question without any of them (or a digit)
# has no date in it.
TRIGGER_WORDS: tuple[str, ...] = (
    *MONTHS, *WEEKDAYS, "today", "tonight", "tomorrow", "yesterday", "week", "weekend",
    "month", "year", "aujourd", "demain", "hier", "semaine", "mois", "annee", "an",
    "week-end", "hoy", "manana", "ayer", "semana", "mes", "ano", "fin", "end", "noon",
    "midnight", "midi", "minuit", "mediodia", "medianoche", "days", "jours", "dias",
    "weeks", "semaines", "semanas", "months", "meses", "years", "ans", "annees", "anos",
    "easter", "paques", "pascua", "christmas", "xmas", "noel", "navidad", "navidades", "nochebuena",
    "nochevieja", "sylvestre", "quarter", "trimestre", "quinzaine", "fortnight",
    "сегодня", "завтра", "послезавтра", "вчера", "неделе", "неделя", "неделю", "недели",
    "выходных", "выходные", "месяце", "месяц", "месяца", "году", "год", "года", "конце", "через",
    "اليوم", "غدا", "الغد", "غد", "امس", "الاسبوع", "اسبوع", "الشهر", "العام", "السنه", "عام",
    "نهايه", "بعد", "اسبوعين", "يومين", "شهرين", "квартал", "квартале", "квартала", "الربع",
)  # fmt: skip


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of words, longest first so that prefixes never win (flat: a
    trie matches a little faster but compiles slower, and a cold `ask` compiles every rule)."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


# Phrase fragments over folded text; "'" stands for any apostrophe.
# Russian after its preposition (absorbed by LEAD: «на следующей неделе», «в этом месяце»);
# Arabic with its article ("الأسبوع المقبل", "هذا الشهر").
_AR_NEXT = r"(?:المقبل|القادم|المقبله|القادمه|التالي|التاليه)"
_AR_LAST = r"(?:الماضي|الماضيه|السابق|السابقه|المنصرم)"
_AR_YEAR = r"(?:العام|السنه|عام|سنه)"
TODAY = (
    r"today|tonight|this\s+(?:morning|afternoon|evening)|aujourd['\s]?hui|ce\s+(?:soir|matin)"
    r"|cet\s+apres[-\s]?midi|hoy|esta\s+(?:noche|manana|tarde)|сегодня|اليوم|هذا\s+اليوم"
)
TOMORROW = r"tomorrow|demain|(?<!la\s)(?<!por\s)manana|завтра|غدا|(?<!بعد\s)الغد"
DAY_AFTER_TOMORROW = (
    r"(?:the\s+)?day\s+after\s+tomorrow|apres[-\s]?demain|pasado\s+manana|послезавтра"
    r"|بعد\s+(?:ال)?غد"
)
YESTERDAY = r"yesterday|hier|ayer|вчера|امس"
THIS_WEEK = (
    r"this\s+week|current\s+week|cette\s+semaine|semaine\s+en\s+cours|esta\s+semana"
    r"|этои\s+неделе|эта\s+неделя|эту\s+неделю|текущеи\s+неделе|هذا\s+الاسبوع"
    r"|الاسبوع\s+(?:الحالي|الجاري)"
)
NEXT_WEEK = (
    r"next\s+week|following\s+week|semaine\s+(?:prochaine|suivante)|prochaine\s+semaine"
    r"|proxima\s+semana|semana\s+(?:proxima|que\s+viene|siguiente)"
    rf"|следующеи\s+неделе|следующая\s+неделя|следующую\s+неделю|الاسبوع\s+{_AR_NEXT}"
)
LAST_WEEK = (
    r"last\s+week|previous\s+week|semaine\s+(?:derniere|passee)|semana\s+pasada"
    rf"|прошлои\s+неделе|прошлая\s+неделя|прошлую\s+неделю|الاسبوع\s+{_AR_LAST}"
)
THIS_WEEKEND = (
    r"(?:this\s+)?week[-\s]?end|ce\s+week[-\s]?end|(?:este\s+)?fin\s+de\s+semana"
    r"|(?:эти[хм]?\s+)?выходн(?:ых|ые)|(?:عطله\s+)?نهايه\s+(?:هذا\s+)?الاسبوع"
)
NEXT_WEEKEND = (
    r"next\s+week[-\s]?end|week[-\s]?end\s+prochain|prochain\s+week[-\s]?end"
    r"|proximo\s+fin\s+de\s+semana|fin\s+de\s+semana\s+(?:proximo|que\s+viene)"
    rf"|следующих\s+выходных|следующие\s+выходные|(?:عطله\s+)?نهايه\s+الاسبوع\s+{_AR_NEXT}"
)
THIS_MONTH = (
    r"this\s+month|current\s+month|ce\s+mois(?:[-\s]ci)?|mois\s+en\s+cours|este\s+mes"
    r"|mes\s+en\s+curso|этом\s+месяце|этот\s+месяц|текущем\s+месяце|هذا\s+الشهر"
    r"|الشهر\s+(?:الحالي|الجاري)"
)
NEXT_MONTH = (
    r"next\s+month|following\s+month|mois\s+(?:prochain|suivant)|prochain\s+mois"
    r"|proximo\s+mes|mes\s+(?:proximo|que\s+viene|siguiente)"
    r"|следующем\s+месяце|следующии\s+месяц|следующего\s+месяца|будущем\s+месяце"
    rf"|الشهر\s+{_AR_NEXT}"
)
LAST_MONTH = (
    r"last\s+month|previous\s+month|mois\s+(?:dernier|passe)|mes\s+pasado"
    rf"|прошлом\s+месяце|прошлыи\s+месяц|прошлого\s+месяца|الشهر\s+{_AR_LAST}"
)
THIS_YEAR = (
    r"this\s+year|current\s+year|cette\s+annee|annee\s+en\s+cours|este\s+ano"
    r"|этом\s+году|этот\s+год|текущем\s+году|этого\s+года|(?:هذا\s+العام|هذه\s+السنه)"
    r"|(?:العام|السنه)\s+(?:الحالي|الحاليه|الجاري|الجاريه)"
)
NEXT_YEAR = (
    r"next\s+year|following\s+year|annee\s+(?:prochaine|suivante)|an\s+prochain"
    r"|proximo\s+ano|ano\s+(?:proximo|que\s+viene|siguiente)"
    rf"|следующем\s+году|следующии\s+год|будущем\s+году|следующего\s+года|{_AR_YEAR}\s+{_AR_NEXT}"
)
LAST_YEAR = (
    r"last\s+year|previous\s+year|annee\s+(?:derniere|passee)|an\s+dernier|ano\s+pasado"
    rf"|прошлом\s+году|прошлыи\s+год|прошлого\s+года|{_AR_YEAR}\s+{_AR_LAST}"
)
END_OF_YEAR = (
    r"end\s+of\s+(?:the\s+|this\s+)?year|year[-\s]end"
    r"|fin\s+(?:de\s+l'\s*annee|d'\s*annee|de\s+l'\s*an|de\s+cette\s+annee)"
    r"|(?:fin|final|finales)\s+(?:de|del)\s+(?:este\s+)?ano"
    r"|конц[ае]\s+(?:этого\s+)?года|نهايه\s+(?:هذا\s+)?(?:العام|السنه)"
)
# Holidays; the spans they stand for are in date_rules.HOLIDAY_SPANS.
EASTER_WEEK = (
    r"easter\s+week|holy\s+week|semaine\s+(?:sainte|de\s+paques)"
    r"|semana\s+(?:santa|de\s+pascua)"
)
EASTER = (
    r"easter(?:\s+(?:weekend|holidays?|break))?|(?:(?:week[-\s]?end|vacances|fetes)\s+de\s+)?paques"
    r"|(?:(?:vacaciones|fin\s+de\s+semana)\s+de\s+)?pascua"
)
CHRISTMAS_EVE = r"christmas\s+eve|(?:veille|reveillon)\s+de\s+noel|nochebuena"
CHRISTMAS_DAY = r"christmas\s+day|jour\s+de\s+noel|dia\s+de\s+navidad"
CHRISTMAS = (
    r"(?:christ|x)mas(?:\s+(?:holidays?|break|period))?|(?:(?:vacances|fetes)\s+de\s+)?noel"
    r"|(?:(?:vacaciones|fiestas)\s+de\s+)?navidad(?:es)?"
)
NEW_YEARS_EVE = (
    r"new\s+year'?s?\s+eve|(?:la\s+)?saint[-\s]sylvestre|reveillon\s+du\s+nouvel\s+an|nochevieja"
)
NEW_YEAR = r"new\s+year'?s?(?:\s+day)?|nouvel\s+an|jour\s+de\s+l'\s*an|ano\s+nuevo"
HOLIDAY = (
    r"(?:(?:at|around|a|por|vers|hacia)\s+(?:(?:the|la)\s+)?)?"
    rf"(?:(?P<easterweek>{EASTER_WEEK})|(?P<xmaseve>{CHRISTMAS_EVE})|(?P<xmasday>{CHRISTMAS_DAY})"
    rf"|(?P<nye>{NEW_YEARS_EVE})|(?P<easter>{EASTER})|(?P<xmas>{CHRISTMAS})|(?P<newyear>{NEW_YEAR}))"
    r"(?:,?\s+(?:de\s+|del\s+|of\s+)?(?P<hy>\d{4})(?!\d))?"
)
# Quarters: "Q1 2027", "the first quarter of 2027", « le premier trimestre », "el 2º trimestre".
QUARTER_ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "premier": 1, "1er": 1, "deuxieme": 2, "2e": 2, "2eme": 2, "troisieme": 3,
    "3e": 3, "3eme": 3, "quatrieme": 4, "4e": 4, "4eme": 4, "primer": 1, "primero": 1, "1o": 1,
    "segundo": 2, "2o": 2, "tercer": 3, "tercero": 3, "3o": 3, "3er": 3, "cuarto": 4, "4o": 4,
    "первом": 1, "первыи": 1, "втором": 2, "второи": 2, "третьем": 3, "третии": 3, "четвертом": 4,
    "четвертыи": 4,
}  # fmt: skip
# Arabic puts the ordinal after the noun: "الربع الأول" (the first quarter).
ARABIC_QUARTERS: dict[str, int] = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4}
QUARTER = (
    r"(?:q(?P<qn>[1-4])|(?P<qo>" + "|".join(sorted(QUARTER_ORDINALS, key=len, reverse=True))
    + r")\s+(?:quarter|trimestre|квартал[еа]?)|الربع\s+(?P<qa>" + alternation(ARABIC_QUARTERS) + r"))"
    r"(?:(?:,?\s+(?:of|de|del|de\s+l'\s*annee|من)\s+|[\s/-]+)(?P<qy>\d{4})(?!\d)(?:\s*года)?)?"
)
THIS_QUARTER = (
    r"(?:this|current)\s+quarter|ce\s+trimestre|trimestre\s+(?:en\s+cours|actual)|este\s+trimestre"
    r"|(?:этом|текущем)\s+квартале|هذا\s+الربع|الربع\s+(?:الحالي|الجاري)"
)
NEXT_QUARTER = (
    r"(?:next|following)\s+quarter|trimestre\s+(?:prochain|suivant|que\s+viene|siguiente)"
    rf"|(?:prochain|proximo|siguiente)\s+trimestre|следующем\s+квартале|الربع\s+{_AR_NEXT}"
)
LAST_QUARTER = (
    r"(?:last|previous)\s+quarter|trimestre\s+(?:dernier|passe|pasado|anterior)"
    rf"|прошлом\s+квартале|الربع\s+{_AR_LAST}"
)
# Gates of the rules above: a word each of their phrases holds.
HOLIDAY_GATE = (
    r"easter|paques|pascua|christmas|xmas|noel|navidad|nochebuena|nochevieja|sylvestre"
    r"|new\s+year|nouvel|jour\s+de\s+l'|ano\s+nuevo|holy|sainte|santa"
)
QUARTER_GATE = r"quarter|trimestre|квартал|الربع|(?<!\w)q[1-4]"
MONTH_PART_GATE = (
    r"(?<!\w)(?:early|beginning|start|debut|principios|comienzos|inicios|mid|mi|middle"
    r"|mediados|milieu|late|end|fin|finales|fines|final|начал[еоа]|середин[еуа]|конц[еа]|конец"
    r"|اوايل|بدايه|مطلع|منتصف|اواسط|اواخر|نهايه)(?![a-z])"
)
WEEK_AFTER_NEXT_GATE = r"after\s+next|d'\s*apres|despues"
# "the week after next"; "in two weeks", « dans deux semaines », "en dos semanas": counted ahead.
WEEK_AFTER_NEXT = (
    r"(?:the\s+)?week\s+after\s+next|la\s+semaine\s+d'\s*apres\s+la\s+prochaine"
    r"|la\s+semana\s+despues\s+de\s+la\s+proxima"
)
END_OF_MONTH = (
    r"end\s+of\s+(?:the\s+|this\s+)?month|fin\s+(?:du|de\s+ce)\s+mois"
    r"|(?:fin|final|finales)\s+(?:de|del)\s+(?:este\s+)?mes"
    r"|конц[ае]\s+(?:этого\s+)?месяца|نهايه\s+(?:هذا\s+)?الشهر"
)
BEFORE = r"before|prior\s+to|avant|antes\s+del?|перед|قبل"
UNTIL = (
    r"by|until|till|up\s+to|through|no\s+later\s+than|d['\s]?ici(?:\s+a)?"
    r"|jusqu['\s]?(?:a|au|en)|hasta|до|حتي"
)
AFTER = r"after|apres|despues\s+del?|после|بعد"
SINCE = (
    r"from|starting(?:\s+(?:from|on))?|as\s+of|a\s+partir\s+(?:du|de|d')|des\s+le|desde"
    r"|начиная\s+с|с|со|ابتداء\s+من|اعتبارا\s+من|بدءا\s+من|من"
)
# Leading words absorbed into a phrase so that the remainder reads cleanly.
LEAD = (
    r"(?:(?:on|in|during|for|over|en|au|pour|pendant|durant|dans|sur|durante|para|в|во|на"
    r"|في|خلال|يوم|شهر)\s+)?"
    r"(?:(?:the|le|la|les|el|los|las)\s+|l'\s*)?"
)
LEAD_PREPOSITIONS: frozenset[str] = frozenset(
    {"on", "in", "during", "for", "over", "en", "au", "pour", "pendant", "durant", "dans", "sur",
     "durante", "para"}
)  # fmt: skip
RANGE_START = r"between|from|entre|du|de|del|desde|с|со|من"
CONNECTOR = (
    r"\s*[-\u2013\u2014]\s*|\s+(?:and|to|till|until|through|thru|et|au|a|al|y|hasta|по|до|الي|حتي)\s+"
)
CONNECTORS_NEEDING_START: frozenset[str] = frozenset({"and", "et", "y"})
PART_OF_DAY_PM = (
    r"du\s+soir|de\s+l'\s*apres[-\s]?midi|de\s+la\s+(?:tarde|noche)"
    r"|in\s+the\s+(?:afternoon|evening)"
)
PART_OF_DAY_AM = r"du\s+matin|de\s+la\s+manana|in\s+the\s+morning"
# Words that may surround a typed date and time without changing it.
FILLER_WORDS: frozenset[str] = frozenset(
    {"at", "on", "the", "le", "la", "las", "el", "a", "de", "du", "t", "h", "for", "of", "des"}
)

# Grammar: regex fragments and compiled patterns over folded text.
MONTH_WORDS: dict[str, int] = {**MONTHS, **MONTH_ABBREVIATIONS}
MONTH = alternation(MONTH_WORDS)
MONTH_FULL = alternation(MONTHS)
WEEKDAY = alternation(WEEKDAYS)
WEEKDAY_ANY = alternation({**WEEKDAYS, **WEEKDAY_ABBREVIATIONS})
NUMBER = r"\d{1,4}|" + alternation(NUMBER_WORDS)
UNIT = alternation(UNITS)
ORDINAL = r"(?:st|nd|rd|th|er|re|eme|e|o)?"
ARTICLE = r"(?:the\s+|le\s+|la\s+|el\s+|l'\s*)?"
YEAR_AFTER_MONTH = (
    r"(?:,?\s+(?:de\s+|del\s+)?(?P<{}>\d{{4}})(?!\d)(?:\s*(?:года|году|г\.?)(?!\w))?)?"
)
TRIGGER = re.compile(
    r"\d|[今明昨后周月年星礼季圣复元未接]|(?<!\w)(?:" + alternation(TRIGGER_WORDS) + r")(?!\w)"
)
MONTH_OR_NUMERIC_DATE = re.compile(rf"(?<!\w)(?:{MONTH})(?!\w)|\d[/.-]\d")
WORD = re.compile(r"\w+")


def day_re(name: str) -> str:
    """Return a regex for a day of the month with an optional ordinal suffix."""
    return rf"(?<![\d:/.])(?P<{name}>[0-3]?\d){ORDINAL}(?!\d)"


def date_re(p: str) -> str:
    """Return a regex for one explicit date, its groups prefixed with p (see date_parts)."""
    weekday = rf"(?:(?:{WEEKDAY_ANY})\.?,?\s+{ARTICLE})?"
    dmy = rf"{weekday}{day_re(p + 'd')}(?:\s+of|\s+de)?\s+(?P<{p}m>{MONTH})\.?"
    mdy = rf"{weekday}(?P<{p}mm>{MONTH})\.?\s+(?:the\s+)?{day_re(p + 'md')}(?![:h])"
    iso = rf"(?<![\d/.-])(?P<{p}iy>\d{{4}})[-/.](?P<{p}im>[01]?\d)[-/.](?P<{p}id>[0-3]?\d)(?![\d/])"
    num = rf"(?<![\d/.-])(?P<{p}nd>[0-3]?\d)[/.-](?P<{p}nm>[01]?\d)[/.-](?P<{p}ny>\d{{4}}|\d\d)"
    dmy += YEAR_AFTER_MONTH.format(p + "y")
    mdy += YEAR_AFTER_MONTH.format(p + "my")
    return rf"(?:{iso}|{num}(?![\d/.-])|{dmy}|{mdy})"


def date_parts(m: re.Match[str], p: str) -> tuple[int | None, int, int] | None:
    """Return (year or None, month, day) of the date matched by date_re(p)."""
    groups = m.groupdict()
    for day_key, month_key, year_key in (("d", "m", "y"), ("md", "mm", "my"),
                                         ("id", "im", "iy"), ("nd", "nm", "ny")):  # fmt: skip
        day_text = groups.get(p + day_key)
        if not day_text:
            continue
        month_text = groups[p + month_key]
        month = int(month_text) if month_text.isdigit() else MONTH_WORDS[month_text]
        year_text = groups.get(p + year_key)
        year = int(year_text) if year_text else None
        if year is not None and year < 100:
            year += 2000
        return year, month, int(day_text)
    return None


_DURATION_FORMS = (
    r"(?:next|coming|following)\s+(?P<n1>{n})\s+(?P<u1>{u})",
    r"within\s+(?:the\s+next\s+)?(?P<n2>{n})\s+(?P<u2>{u})",
    r"(?P<n3>{n})\s+prochaine?s\s+(?P<u3>{u})",
    r"proxim[oa]s\s+(?P<n4>{n})\s+(?P<u4>{u})",
    r"d['\s]?ici(?:\s+a)?\s+(?P<n5>{n})\s+(?P<u5>{u})",
    r"(?:ближаишие|следующие|ближаишии|следующии)\s+(?P<n6>{n})\s+(?P<u6>{u})",
    r"(?:خلال|في)\s+(?:ال)?(?P<n7>{n})\s+(?P<u7>{u})\s+(?:ال)?(?:المقبله|القادمه|المقبل|القادم)",
)
# Rolling spans such as 'next 30 days' or 'd'ici 2 semaines'.
DURATION = "|".join(form.format(n=NUMBER, u=UNIT) for form in _DURATION_FORMS)
# "in 3 days", "in two weeks' time", « dans quinze jours », "dentro de dos semanas": a time ahead.
AHEAD = (
    rf"(?:in|dans|en|dentro\s+de|через|بعد)\s+(?P<an>{NUMBER})\s+(?P<au>{UNIT})(?:'?s?\s+time)?"
    r"|(?:in|dans)\s+(?:a\s+|une\s+)?(?P<fortnight>fortnight|quinzaine)"
    r"|через\s+(?P<one>неделю|месяц|год)|بعد\s+(?P<dual>يومين|اسبوعين|شهرين|سنتين|عامين)"
    r"|بعد\s+(?P<arone>اسبوع|شهر|عام|سنه)"
)
# A unit said once ("через неделю", "بعد شهر") or twice in one Arabic word (the dual: "أسبوعين").
ONE_UNIT: dict[str, str] = {
    "неделю": "week", "месяц": "month", "год": "year", "اسبوع": "week", "شهر": "month",
    "عام": "year", "سنه": "year",
}
DUAL_UNIT: dict[str, str] = {
    "يومين": "day", "اسبوعين": "week", "شهرين": "month", "سنتين": "year", "عامين": "year",
}
AHEAD_GATE = rf"(?<!\w)(?:{UNIT}|fortnight|quinzaine|{alternation(DUAL_UNIT)})(?!\w)"
# The words of an open range: 'before/until/after/from' then any phrase the rules read.
BOUND_WORD = re.compile(
    rf"(?<!\w)(?:(?P<before>{BEFORE})|(?P<until>{UNTIL})|(?P<after>{AFTER})|(?P<since>{SINCE}))"
    r"(?:\s+|(?<='))"
)
BOUND_WORD_BEFORE = re.compile(f"(?:{BOUND_WORD.pattern})$")
# ... and the ends of periods that only bounds read: 'by the end of the year/month'.
BOUND = (
    rf"(?:(?P<before>{BEFORE})|(?P<until>{UNTIL})|(?P<after>{AFTER})|(?P<since>{SINCE}))"
    r"(?:\s+|(?<='))(?:(?:the|le|la|el)\s+|l'\s*)?"
    rf"(?:(?P<eoy>{END_OF_YEAR})|(?P<eom>{END_OF_MONTH}))"
)
_RANGE_OPEN = rf"(?:(?P<pre>{RANGE_START})\s+{ARTICLE})?"
_CONN = rf"(?P<conn>{CONNECTOR})"
RANGE_DATES = rf"{_RANGE_OPEN}{date_re('a')}{_CONN}{ARTICLE}{date_re('b')}"
RANGE_DAY_FIRST = rf"{_RANGE_OPEN}{day_re('d1')}{_CONN}{ARTICLE}{date_re('b')}"
RANGE_MONTH_FIRST = (
    rf"{_RANGE_OPEN}(?P<m1>{MONTH})\.?\s+{day_re('d1')}{_CONN}{day_re('d2')}(?![:h])"
    r"(?:,?\s+(?P<y2>\d{4})(?!\d))?"
)
RANGE_MONTHS = (
    r"(?P<pre>(?:from|between|entre|desde|du\s+mois\s+de|de)\s+|d'\s*)"
    rf"(?P<m1>{MONTH_FULL})(?:\s+(?P<y1>\d{{4}}))?{_CONN}(?P<m2>{MONTH_FULL})"
    + YEAR_AFTER_MONTH.format("y2")
)
# Parts of a month: "early/mid/late March" (days 1-10, 11-20, 21 to the end), « début mars »,
# « mi-mars », « fin mars », "a principios/mediados/finales de marzo"; "end of March" is late
# March, but a bound before or until it runs to the month's end (« avant fin février »).
MONTH_PART = (
    r"(?:(?P<early>early|(?:the\s+)?(?:beginning|start)\s+of|debut(?:\s+d[eu]|\s+d')?"
    r"|(?:a\s+)?(?:principios|comienzos|inicios)\s+de|начал[еоа]|اوايل|بدايه|مطلع)"
    r"|(?P<mid>mid|(?:the\s+)?middle\s+of|mi|(?:a\s+)?mediados\s+de|milieu\s+d(?:e|u|')"
    r"|середин[еуа]|منتصف|اواسط)"
    r"|(?P<late>late|اواخر)|(?P<endof>(?:the\s+)?end\s+of|fin(?:\s+d[eu]|\s+d')?"
    r"|(?:a\s+)?(?:finales|fines|final)\s+de|конц[еа]|конец|نهايه))"
    r"(?:\s*-\s*|\s+|(?<='))(?:(?:the\s+)?month\s+of\s+|mois\s+d(?:e\s+|')|mes\s+de\s+)?"
    rf"(?P<pmo>{MONTH_FULL})\.?" + YEAR_AFTER_MONTH.format("py")
)
NEXT_WEEKDAY = (
    rf"(?:next|prochain|proximo|следующии|следующую|следующее)\s+(?P<wd1>{WEEKDAY})"
    rf"|(?:يوم\s+)?(?P<wd2>{WEEKDAY})\s+(?:prochain|proximo|que\s+viene|{_AR_NEXT})"
)
WEEKDAY_NEXT_WEEK = (
    rf"(?P<wd1>{WEEKDAY})\s+(?:of\s+)?next\s+week|(?P<wd2>{WEEKDAY})\s+de\s+la\s+(?:{NEXT_WEEK})"
)
LAST_WEEKDAY = (
    rf"(?:last|прошлыи|прошлую|прошлое)\s+(?P<wd1>{WEEKDAY})"
    rf"|(?:يوم\s+)?(?P<wd2>{WEEKDAY})\s+(?:dernier|pasado|{_AR_LAST})"
)
THIS_WEEKDAY = rf"(?:this\s+(?:coming\s+)?|coming\s+|ce\s+|este\s+)?(?P<wd1>{WEEKDAY})"
MONTH_NAME = (
    r"(?:(?:the\s+)?month\s+of\s+|mois\s+d(?:e\s+|')|mes\s+de\s+|شهر\s+)?"
    rf"(?P<mo>{MONTH})\.?{YEAR_AFTER_MONTH.format('y')}"
)
YEAR_NUMBER = (
    r"(?:in|en|during|durante|pendant|for|в|во|عام|سنه|العام)\s+(?P<y>(?:19|20|21)\d\d)(?!\d)"
    r"(?:\s*(?:году|год|г\.?)(?!\w))?"
)

TIME = re.compile(
    r"(?<!\w)(?:(?P<noon>noon|midday|midi|mediodia)|(?P<midnight>midnight|minuit|medianoche))"
    r"|(?:(?<!\w)(?P<pre>(?:at|a\s+las?|a|vers|hacia|around|@)\s*))?(?<![\d:/.-])(?P<h>[012]?\d)"
    r"(?:\s*(?P<sep>:|h)\s*(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?)?(?!\d)"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?(?!\w)|\s*(?P<hword>h|heures?|horas?|o'clock)(?!\w))?"
    rf"(?:\s+(?P<pm>{PART_OF_DAY_PM})|\s+(?P<am>{PART_OF_DAY_AM}))?"
    r"(?:\s*(?P<offset>z|[+-]\d\d:?\d\d)(?!\w))?"
)
ZONE_NAME = re.compile(
    r"(?<![\w/])(?P<iana>[a-z]+(?:/[a-z0-9_+-]+){1,2})(?![\w/])"
    r"|(?<!\w)(?P<abbr>" + alternation(ZONE_ABBREVIATIONS) + r")(?!\w)"
)
# 'in 2 hours': a duration from now, which typed start times do not accept.
RELATIVE_DURATION = re.compile(
    r"(?<!\w)(?:in|dans|en|within|dentro\s+de)\s+\d+\s*(?:h|hours?|heures?|horas?|min)"
)
# A run of date-like tokens worth showing to dateparser.
DATE_LIKE_RUN = re.compile(
    rf"(?<!\w)(?:(?:\d{{1,4}}{ORDINAL}|{MONTH}|{WEEKDAY_ANY}|of|de|del|the|le|el)"
    r"(?:[.,]?\s+|[/.-](?=\d)|\.?$)){2,8}"
)
