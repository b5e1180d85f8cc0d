"""Ordinary English, French and Spanish words one typing slip away from a date word: never read as
dates ("marsh" is no March, "junior" no junio, "domain" no demain).

Drawn from the en, fr and es word-frequency lists of pyspellchecker: every word of them that
date_typos would otherwise correct, and a few common words those lists lack (``_MISSING``);
tests/test_dates_typos.py checks a sample of them.
"""

from __future__ import annotations

_MISSING: frozenset[str] = frozenset(
    {"todas", "marcho", "marchó", "lunas", "jueces", "mañanas"}
)
ORDINARY: frozenset[str] = _MISSING | frozenset({
    "abri", "abrir", "abris", "agoso", "ananá", "angosto", "aposto", "aprils", "arbil", "arch",
    "asada", "asado", "ascua", "aster", "augusta", "auguste", "augusto", "augusts", "aunes",
    "avail", "añero", "banana", "baril", "basada", "baster", "blast", "bunio", "canana", "cartes",
    "casada", "casado", "caster", "cavidad", "cebrero", "cenero", "charismas", "decembers",
    "denier", "derain", "dernières", "derrière", "detain", "dianche", "dimanches", "domain",
    "doming", "dominio", "domino", "dominó", "dunes", "dédain", "démanche", "démanché",
    "démembré", "dénier", "dénierez", "dómino", "easier", "eastern", "easters", "eater", "enebro",
    "enjero", "entero", "entro", "envero", "ester", "fabril", "faster", "feaster", "febrera",
    "fernier", "ferrero", "frida", "fridays", "févriers", "garzo", "género", "habado", "hardi",
    "hebrero", "his", "hunes", "jaqués", "javier", "jedi", "jeeves", "jeudis", "jonio", "judi",
    "juives", "julia", "julie", "julo", "junco", "junes", "junior", "juno", "junto", "juñir",
    "júnior", "lagosto", "lanes", "laques", "laqués", "larch", "las", "lasto", "lasts", "lat",
    "least", "lebrero", "leñero", "liernes", "lines", "lubes", "lues", "luges", "lundis", "lune",
    "lunel", "lunges", "lungi", "lungs", "luné", "lunée", "lunées", "lures", "lutes", "luxes",
    "luxés", "lévrier", "mach", "magosto", "mahdi", "maltés", "manada", "manama", "mananas",
    "manaza", "mandí", "mangana", "manna", "mantes", "mantés", "manzana", "marc", "marca",
    "marcha", "marche", "marché", "marcs", "marcy", "mardis", "mareo", "mares", "marges", "margo",
    "mari", "maries", "mario", "mariés", "marnes", "maro", "marres", "marri", "marro", "marsh",
    "marso", "marte", "martel", "marten", "martens", "marti", "martres", "marts", "marées",
    "masada", "master", "match", "mates", "mattes", "matzo", "mazo", "mercredis", "monda",
    "mondar", "mondays", "mortes", "nero", "net", "novembers", "octobers", "octobres", "opaques",
    "otubre", "pacada", "pacado", "pajada", "pajado", "palada", "palado", "panada", "panado",
    "papada", "papado", "paqueo", "paquet", "paquets", "parada", "parado", "parch", "parques",
    "parqués", "partes", "parues", "pasador", "pasadía", "pascual", "pasmada", "pasmado",
    "pasuda", "pasudo", "patada", "pausada", "pausado", "pavada", "payada", "pesada", "pesado",
    "piques", "piqués", "pisada", "plaques", "plaqués", "posada", "posado", "prochaines",
    "proximal", "prójima", "prójimo", "pâque", "quartern", "quarters", "quartet", "quartier",
    "quillet", "raster", "remain", "runes", "sabido", "sajado", "salado", "samedis", "saturdays",
    "semanal", "semang", "semant", "septembers", "señero", "sobado", "suivant", "suivantes",
    "suivants", "sunda", "sundae", "sundas", "sundays", "sundry", "sábalo", "sábano", "tanana",
    "tartes", "taster", "thais", "thins", "thursdays", "toady", "toda", "toddy", "tody", "tokay",
    "tomorrows", "trimester", "trimestres", "tuesdays", "tunes", "unes", "uñero", "vaques",
    "vaster", "vendredis", "venero", "vernier", "viennes", "vienés", "vierges", "waster",
    "wednesdays", "weekends", "yesterdays", "zarzo", "éfero", "émana", "éneo", "éster",
})  # fmt: skip
