"""Word lists of the question vocabulary in English, French and Spanish (data only, no logic), merged
at the end with those of Arabic, Chinese and Russian (services/words_un.py).

Entries are written naturally; the vocabulary folds case and accents when it loads them.
"""

from __future__ import annotations

from typing import Any, TypeVar

from . import words_un

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "webinar": (
        "webinar", "webinars", "web seminar", "web seminars", "web-seminar", "webinaire",
        "webinaires", "séminaire en ligne", "séminaires en ligne", "séminaire web",
        "séminaires web", "seminario web", "seminarios web", "seminario en línea",
        "seminarios en línea", "webinario", "webinarios", "webinar session",
    ),
    "workshop": (
        "workshop", "workshops", "atelier", "ateliers", "taller", "talleres", "seminar",
        "seminars", "séminaire", "séminaires", "seminario", "seminarios",
    ),
    "training": (
        "training", "trainings", "training course", "training courses", "trainings course",
        "training session", "training sessions", "course", "courses", "formation",
        "formations", "stage de formation", "cours", "formación", "formaciones",
        "capacitación", "capacitaciones", "curso", "cursos", "curso de capacitación",
        "cursos de capacitación", "entrenamiento", "entrenamientos",
    ),
    "e-learning": (
        "e-learning", "elearning", "e-learning course", "e-learning courses", "online course",
        "online courses", "self-paced course", "self-paced courses", "online training",
        "cours en ligne", "formation en ligne", "formations en ligne", "apprentissage en ligne",
        "curso en línea", "cursos en línea", "curso virtual", "cursos virtuales",
        "curso online", "cursos online", "aprendizaje en línea", "formación en línea",
    ),
    "online-meeting": (
        "online meeting", "online meetings", "virtual meeting", "virtual meetings",
        "online consultation", "online consultations", "video conference", "videoconference",
        "réunion en ligne", "réunions en ligne", "réunion virtuelle", "réunions virtuelles",
        "visioconférence", "visioconférences", "reunión en línea", "reuniones en línea",
        "reunión virtual", "reuniones virtuales", "videoconferencia", "videoconferencias",
    ),
    "expert-meeting": (
        "expert meeting", "expert meetings", "experts meeting", "experts meetings",
        "expert group meeting", "expert working group", "réunion d'experts",
        "réunions d'experts", "groupe d'experts", "reunión de expertos", "reuniones de expertos",
        "grupo de expertos",
    ),
    "pilot-project": (
        "pilot project", "pilot projects", "pilot", "pilots", "projet pilote", "projets pilotes",
        "proyecto piloto", "proyectos piloto", "proyectos pilotos",
    ),
    "directors-meeting": (
        "directors meeting", "directors' meeting", "directors meetings", "directors' meetings",
        "réunion des directeurs", "réunions des directeurs", "reunión de directores",
        "reuniones de directores",
    ),
}

# A general word for meetings covers every meeting kind.
MEETING_WORDS: tuple[str, ...] = (
    "meeting", "meetings", "réunion", "réunions", "reunión", "reuniones",
)
MEETING_KINDS: tuple[str, ...] = ("online-meeting", "expert-meeting", "directors-meeting")

KIND_NAMES: dict[str, dict[str, str]] = {
    "webinar": {"en": "webinars", "fr": "webinaires", "es": "seminarios web"},
    "workshop": {"en": "workshops", "fr": "ateliers", "es": "talleres"},
    "training": {"en": "trainings", "fr": "formations", "es": "capacitaciones"},
    "e-learning": {"en": "e-learning", "fr": "cours en ligne", "es": "cursos en línea"},
    "online-meeting": {"en": "online meetings", "fr": "réunions en ligne", "es": "reuniones en línea"},
    "expert-meeting": {"en": "expert meetings", "fr": "réunions d'experts", "es": "reuniones de expertos"},
    "pilot-project": {"en": "pilot projects", "fr": "projets pilotes", "es": "proyectos piloto"},
    "directors-meeting": {
        "en": "directors' meetings", "fr": "réunions des directeurs", "es": "reuniones de directores",
    },
}

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "cancelled": (
        "cancelled", "canceled", "cancellations", "called off", "annulé", "annulés", "annulée",
        "annulées", "annulation", "annulations", "cancelado", "cancelados", "cancelada",
        "canceladas", "suspendido", "suspendidos", "suspendida", "suspendidas", "anulado",
        "anulados", "anulada", "anuladas",
    ),
    "postponed": (
        "postponed", "delayed", "deferred", "reporté", "reportés", "reportée", "reportées",
        "ajourné", "ajournés", "ajournée", "ajournées", "aplazado", "aplazados", "aplazada",
        "aplazadas", "pospuesto", "pospuestos", "pospuesta", "pospuestas", "postergado",
        "postergados", "postergada", "postergadas",
    ),
    "confirmed": (
        "confirmed", "confirmé", "confirmés", "confirmée", "confirmées", "confirmado",
        "confirmados", "confirmada", "confirmadas",
    ),
}

STATUS_NAMES: dict[str, dict[str, str]] = {
    "cancelled": {"en": "cancelled", "fr": "annulés", "es": "cancelados"},
    "postponed": {"en": "postponed", "fr": "reportés", "es": "aplazados"},
    "confirmed": {"en": "confirmed", "fr": "confirmés", "es": "confirmados"},
}

PAST_WORDS: tuple[str, ...] = (
    "past", "previous", "earlier", "former", "held", "last", "recent", "already held",
    "took place", "happened", "passé", "passés", "passée", "passées", "précédent", "précédents",
    "précédente", "précédentes", "dernier", "derniers", "dernière", "dernières", "anciens",
    "anciennes", "tenu", "tenus", "tenue", "tenues", "ont eu lieu", "déjà eu lieu", "pasado",
    "pasados", "pasada", "pasadas", "anterior", "anteriores", "último", "últimos", "última",
    "últimas", "celebrado", "celebrados", "celebrada", "celebradas", "realizado", "realizados",
    "realizada", "realizadas", "recientes",
)

# ISO 639-1 code -> how people name the language (with "in"/"en" written out or not).
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "english", "in english", "english-speaking", "anglophone", "anglais", "en anglais",
        "inglés", "en inglés",
    ),
    "fr": (
        "french", "in french", "french-speaking", "francophone", "francophones", "français",
        "en français", "francés", "en francés", "francófono", "francófonos",
    ),
    "es": (
        "spanish", "in spanish", "spanish-speaking", "hispanophone", "hispanophones", "espagnol",
        "en espagnol", "español", "en español", "castellano", "en castellano", "hispanohablante",
        "hispanohablantes",
    ),
    "ar": ("arabic", "in arabic", "arabe", "en arabe", "árabe", "en árabe"),
    "ru": ("russian", "in russian", "russe", "en russe", "ruso", "en ruso"),
    "zh": ("chinese", "in chinese", "chinois", "en chinois", "chino", "en chino"),
    "pt": ("portuguese", "in portuguese", "portugais", "en portugais", "portugués", "en portugués"),
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "in English", "fr": "en anglais", "es": "en inglés"},
    "fr": {"en": "in French", "fr": "en français", "es": "en francés"},
    "es": {"en": "in Spanish", "fr": "en espagnol", "es": "en español"},
    "ar": {"en": "in Arabic", "fr": "en arabe", "es": "en árabe"},
    "ru": {"en": "in Russian", "fr": "en russe", "es": "en ruso"},
    "zh": {"en": "in Chinese", "fr": "en chinois", "es": "en chino"},
    "pt": {"en": "in Portuguese", "fr": "en portugais", "es": "en portugués"},
}

# Languages named in a sentence ("I read questions in English, French and Spanish").
LANGUAGE_TITLES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "fr": "anglais", "es": "inglés"},
    "fr": {"en": "French", "fr": "français", "es": "francés"},
    "es": {"en": "Spanish", "fr": "espagnol", "es": "español"},
    "ar": {"en": "Arabic", "fr": "arabe", "es": "árabe"},
    "ru": {"en": "Russian", "fr": "russe", "es": "ruso"},
    "zh": {"en": "Chinese", "fr": "chinois", "es": "chino"},
}

# Region words as participants mean them, beyond the catalogue's region names and aliases:
# (region slugs, phrases). "Europe" is both European groups (Western Europe and Others, Central
# and Eastern Europe); "Asia", "Pacific", "Latin America", « Amérique latine », "el Caribe" are the
# catalogue's own aliases of Asia-Pacific and Latin America and the Caribbean.
REGION_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("western-europe-others", "central-eastern-europe"), (
        "Europe", "European", "Europa", "européen", "européens", "européenne", "européennes",
        "europeo", "europeos", "europea", "europeas",
    )),
)

# Place words that name a set of countries rather than a region: (phrases, ISO codes). "Middle
# East" spans two UN groups (Asia-Pacific, Africa for Egypt) and neither is what people mean by
# it, so it means the events held in these countries (and the answer adds the online events open
# to their regions).
MIDDLE_EAST = (
    "BH", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE",
)
COUNTRY_GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Middle East", "the Middle East", "Mideast", "Moyen-Orient", "Proche-Orient", "Oriente Medio",
      "Medio Oriente", "Oriente Próximo", "Próximo Oriente"), MIDDLE_EAST),
)

# The names of the values of the facets that are not catalogue entries, by facet name.
VALUE_NAMES: dict[str, dict[str, dict[str, str]]] = {
    "kind": KIND_NAMES, "status": STATUS_NAMES, "language": LANGUAGE_NAMES,
}

# Words that carry no filter: function words, question words and generic nouns.
STOP_WORDS: dict[str, str] = {
    "en": (
        "a an the and or of on in at to for from by with about into over under any some all "
        "there is are was were be been will would can could do does did have has had what "
        "which when where who whom whose why how me my i we our us you your show list find "
        "give tell get see search look looking please want need know any anything something "
        "event events activity activities session sessions upcoming coming future next soon "
        "planned scheduled programmed available open new more other also this that these "
        "those it its than then only just like s up whats happening many much very"
    ),
    "fr": (
        "le la les l un une des du de d au aux et ou en dans sur sous pour par avec sans "
        "est sont y a-t-il t il ils elle elles on nous vous je j me m moi mon ma mes notre "
        "nos votre vos quel quels quelle quelles quoi quand où qui que qu comment combien "
        "montre montrez montre-moi affiche liste cherche trouve donne dis voir veux voudrais "
        "savoir événement événements evenement evenements activité activités session sessions "
        "prochain prochains prochaine prochaines à venir futur futurs futures prévu prévus "
        "prévue prévues programmé programmés ce cet cette ces autres aussi svp s'il "
        "plaît ne pas plus rien quelque chose neuf nouveau nouveaux nouvelle nouvelles il ya "
        "toi lui leur ce ci là est-ce qu'est-ce c'est ça cela peux pouvez"
    ),
    "es": (
        "el la los las lo un una unos unas y o u de del al a en con sin por para sobre "
        "entre hay es son está están qué que cuál cuáles cuándo dónde donde quién quiénes "
        "cómo como cuántos cuántas me mi mis yo nosotros nos tu tus su sus muestra muéstrame muestrame "
        "dime lista busca buscar encuentra ver quiero quisiera saber evento eventos "
        "actividad actividades sesión sesiones próximo próximos próxima próximas futuro "
        "futuros programado programados programada programadas previsto previstos prevista "
        "previstas este esta estos estas otro otros también por favor no más algo "
        "nada nuevo nuevos nueva nuevas dame enséñame ensename búscame buscame puedes "
        "ti él ella se le les"
    ),
}

# Words before a topic that say it is the audience ("workshops for customs").
AUDIENCE_CUES: frozenset[str] = frozenset({
    "for", "pour", "para", "aux", "destinés", "destinées", "destiné", "destinée", "dirigido",
    "dirigidos", "dirigida", "dirigidas", "targeting", "aimed",
})

DESCRIBE_LABELS: dict[str, dict[str, str]] = {
    "understood": {"en": "I understood", "fr": "J'ai compris", "es": "Entendí"},
    "anything": {"en": "all events", "fr": "tous les événements", "es": "todos los eventos"},
    "from_now": {"en": "from now on", "fr": "à partir de maintenant", "es": "de ahora en adelante"},
    "past": {"en": "past events", "fr": "événements passés", "es": "eventos pasados"},
    "text": {"en": "words", "fr": "mots", "es": "palabras"},
    "unknown": {"en": "Not understood", "fr": "Pas compris", "es": "No entendido"},
    "nothing": {"en": "nothing", "fr": "rien", "es": "nada"},
    "suggest": {"en": "did you mean", "fr": "vouliez-vous dire", "es": "quiso decir"},
    "corrected": {"en": "Read as", "fr": "Lu comme", "es": "Leído como"},
    "offer": {
        "en": "Less than a day of it is left — ask for {next}?",
        "fr": "Il en reste moins d'un jour — demander {next} ?",
        "es": "Queda menos de un día — ¿preguntar por {next}?",
    },
    "unset": {"en": "Not set for you", "fr": "Non renseigné pour vous", "es": "Sin indicar para usted"},
    "personal": {"en": "for you", "fr": "pour vous", "es": "para usted"},
    "unset_audiences": {"en": "your audience", "fr": "votre public", "es": "su público"},
    "unset_languages": {"en": "your language", "fr": "votre langue", "es": "su idioma"},
    "unset_countries": {"en": "your country", "fr": "votre pays", "es": "su país"},
    # a results tag named in "I understood" ({code}: BC-2-v, BC-1-out-iii)
    "result_indicator": {"en": "indicator {code}", "fr": "indicateur {code}", "es": "indicador {code}"},
    "result_output": {"en": "output {code}", "fr": "produit {code}", "es": "producto {code}"},
    "help_intro": {
        "en": "I answer questions about the technical-assistance events of the Basel, Rotterdam and "
              "Stockholm conventions. Ask in your own words, for example:",
        "fr": "Je réponds aux questions sur les activités d'assistance technique des conventions de "
              "Bâle, Rotterdam et Stockholm. Demandez avec vos mots, par exemple :",
        "es": "Respondo preguntas sobre las actividades de asistencia técnica de los convenios de "
              "Basilea, Rotterdam y Estocolmo. Pregunte con sus palabras, por ejemplo:",
    },
    "help_languages": {
        "en": "I read questions in {languages}.", "fr": "Je lis les questions en {languages}.",
        "es": "Leo preguntas en {languages}.",
    },
    "and": {"en": "and", "fr": "et", "es": "y"},
    "list": {"en": ", ", "fr": ", ", "es": ", "},
}

# Examples of questions the help answer offers, in each interface language.
HELP_EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": ("webinars on e-waste next month", "workshops for customs officers in Africa",
           "anything for me?"),
    "fr": ("webinaires sur les déchets électroniques le mois prochain",
           "ateliers pour les douaniers en Afrique", "quoi de neuf pour moi ?"),
    "es": ("seminarios web sobre residuos electrónicos el próximo mes",
           "talleres para aduanas en África", "¿qué hay para mí?"),
}

# The conventions' names in the other interface languages (the catalogue holds the English ones).
CONVENTION_NAMES: dict[str, dict[str, str]] = {
    "basel": {"fr": "Convention de Bâle", "es": "Convenio de Basilea"},
    "rotterdam": {"fr": "Convention de Rotterdam", "es": "Convenio de Rotterdam"},
    "stockholm": {"fr": "Convention de Stockholm", "es": "Convenio de Estocolmo"},
}

# Greetings, thanks, goodbyes and calls for help, by language: a message of nothing else is not a
# question (it gets the help answer); in a question they carry no filter, like stop words.
COURTESY_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "hello", "hi", "hey", "hiya", "howdy", "greetings", "good morning", "good afternoon",
        "good evening", "good day", "hi there", "hello there", "thanks", "thank you", "thank",
        "thx", "ty", "cheers", "many thanks", "thanks a lot", "thank you very much", "thanks so much",
        "bye", "goodbye", "ok", "okay",
        "help", "help me", "sorry", "yes", "great", "cool", "nice",
    ),
    "fr": (
        "bonjour", "bonsoir", "salut", "coucou", "allô", "allo", "bonne journée", "bonne soirée",
        "merci", "merci beaucoup", "au revoir", "d'accord", "aide", "aidez-moi", "aide-moi",
        "à l'aide", "au secours", "pardon", "oui", "super",
    ),
    "es": (
        "hola", "buenos días", "buenas tardes", "buenas noches", "buenas", "saludos", "gracias",
        "muchas gracias", "adiós", "chao", "vale", "ayuda", "ayúdame", "ayudame", "socorro",
        "perdón", "sí", "genial",
    ),
}

# What people ask how to do with the bot itself ("how do I register?", « comment m'inscrire ? »):
# with a how-word first, or alone, the message asks for help, not for events.
HOW_WORDS: frozenset[str] = frozenset({"how", "comment", "cómo", "como"})
ACTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "register", "registering", "registration", "sign up", "signup", "subscribe",
        "unsubscribe", "subscription", "subscriptions", "remind", "reminder", "reminders",
        "notifications", "notify", "enrol", "enroll", "use this bot", "use the bot", "use you",
        "change my language", "change language", "set my time zone", "join",
    ),
    "fr": (
        "inscrire", "inscris", "inscription", "inscriptions", "désinscrire", "abonner", "abonne",
        "désabonner", "abonnement", "abonnements", "rappel", "rappels", "utiliser", "participer",
        "rejoindre", "changer de langue",
    ),
    "es": (
        "inscribo", "inscribirme", "inscribir", "inscripción", "registro", "registrarme",
        "registrar", "suscribirme", "suscribo", "suscripción", "darme de baja", "recordatorio",
        "recordatorios", "usar", "participar", "unirme", "cambiar el idioma",
    ),
}

# Words that make a question personal ("anything for me?"): it then filters on the asker's profile.
PERSONAL_WORDS: tuple[str, ...] = (
    "for me", "for myself", "for my profile", "pour moi", "para mí", "para mi",
)


# ---- the Arabic, Chinese and Russian lists (words_un) beside these ---------------------------

_T = TypeVar("_T")


def _merged(ours: _T, theirs: _T) -> _T:
    """Two word lists of one shape as one: tuples and strings joined, dicts merged key by key."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        merged: dict[Any, Any] = dict(ours)
        for key, value in theirs.items():
            merged[key] = _merged(merged[key], value) if key in merged else value
        return merged  # type: ignore[return-value]
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        return (*ours, *theirs)  # type: ignore[return-value]
    if isinstance(ours, frozenset) and isinstance(theirs, frozenset):
        return ours | theirs  # type: ignore[return-value]
    return theirs


KIND_WORDS = _merged(KIND_WORDS, words_un.KIND_WORDS)
MEETING_WORDS = _merged(MEETING_WORDS, words_un.MEETING_WORDS)
KIND_NAMES = _merged(KIND_NAMES, words_un.KIND_NAMES)
STATUS_WORDS = _merged(STATUS_WORDS, words_un.STATUS_WORDS)
STATUS_NAMES = _merged(STATUS_NAMES, words_un.STATUS_NAMES)
PAST_WORDS = _merged(PAST_WORDS, words_un.PAST_WORDS)
LANGUAGE_WORDS = _merged(LANGUAGE_WORDS, words_un.LANGUAGE_WORDS)
LANGUAGE_NAMES = _merged(LANGUAGE_NAMES, words_un.LANGUAGE_NAMES)
LANGUAGE_TITLES = _merged(LANGUAGE_TITLES, words_un.LANGUAGE_TITLES)
REGION_WORDS = ((REGION_WORDS[0][0], (*REGION_WORDS[0][1], *words_un.EUROPE_WORDS)),)
COUNTRY_GROUPS = (((*COUNTRY_GROUPS[0][0], *words_un.MIDDLE_EAST_WORDS), MIDDLE_EAST),)
VALUE_NAMES = {"kind": KIND_NAMES, "status": STATUS_NAMES, "language": LANGUAGE_NAMES}
STOP_WORDS = _merged(STOP_WORDS, words_un.STOP_WORDS)
STOP_PHRASES: dict[str, tuple[str, ...]] = words_un.STOP_PHRASES
AUDIENCE_CUES = _merged(AUDIENCE_CUES, words_un.AUDIENCE_CUES)
DESCRIBE_LABELS = _merged(DESCRIBE_LABELS, words_un.DESCRIBE_LABELS)
HELP_EXAMPLES = _merged(HELP_EXAMPLES, words_un.HELP_EXAMPLES)
CONVENTION_NAMES = _merged(CONVENTION_NAMES, words_un.CONVENTION_NAMES)
COURTESY_WORDS = _merged(COURTESY_WORDS, words_un.COURTESY_WORDS)
HOW_WORDS = _merged(HOW_WORDS, words_un.HOW_WORDS)
ACTION_WORDS = _merged(ACTION_WORDS, words_un.ACTION_WORDS)
PERSONAL_WORDS = _merged(PERSONAL_WORDS, words_un.PERSONAL_WORDS)
