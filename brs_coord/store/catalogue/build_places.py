"""Write the country names (every catalogue language, from Babel's CLDR data) and the cities into
catalogue.json.

Run once when the catalogue changes (``python -m brs_coord.store.catalogue.build_places``): the
names are then package data, so nothing at run time imports Babel to read a country's name.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from ...languages import BY_CODE, CATALOGUE_LANGUAGES, DEFAULT
from ..reference_data import merged_aliases

LANGUAGES = tuple(code for code in CATALOGUE_LANGUAGES if code != DEFAULT)

# Aliases people use beyond the UN and CLDR names (the catalogue's own aliases are kept).
EXTRA_ALIASES: dict[str, dict[str, list[str]]] = {
    "MX": {"en": ["México"], "fr": ["Mexique"], "es": ["México", "Mejico"]},
    "RU": {"en": ["Russia"], "fr": ["Russie"], "es": ["Rusia"], "ar": ["الاتحاد الروسي"],
           "zh": ["俄罗斯联邦"], "ru": ["Российская Федерация", "РФ"]},
    "CN": {"zh": ["中华人民共和国"], "ar": ["جمهورية الصين الشعبية"], "ru": ["КНР"]},
    "TR": {"en": ["Turkey", "Türkiye"], "fr": ["Turquie"], "es": ["Turquía"]},
    "CI": {"en": ["Ivory Coast", "Côte d'Ivoire"]},
    "IR": {"en": ["Iran"], "es": ["Irán"], "ar": ["جمهورية إيران الإسلامية"],
           "zh": ["伊朗伊斯兰共和国"], "ru": ["Исламская Республика Иран"]},
    "VN": {"en": ["Vietnam", "Viet Nam"], "fr": ["Viêt Nam"]},
    "US": {"en": ["USA", "United States", "US"], "fr": ["États-Unis"], "es": ["Estados Unidos"]},
    "GB": {"en": ["UK", "Great Britain", "Britain"], "fr": ["Royaume-Uni"], "es": ["Reino Unido"]},
    "CH": {"fr": ["Suisse"], "es": ["Suiza"]},
    "CZ": {"en": ["Czech Republic"], "fr": ["Tchéquie"], "es": ["Chequia"]},
    "EG": {"ru": ["Египте", "Египта"]},  # Египет drops its е in the other cases
    "KR": {"en": ["South Korea"], "zh": ["大韩民国"], "ar": ["جمهورية كوريا"], "ru": ["Южная Корея"]},
    "SY": {"en": ["Syria"]},
    "TZ": {"en": ["Tanzania"]},
    "BO": {"en": ["Bolivia"]},
    "VE": {"en": ["Venezuela"]},
}

# The United Nations' official short names where CLDR's differ (secretariat outputs use these), in
# the catalogue languages but English (the catalogue's own name); CLDR's name stays an alias.
UN_NAMES: dict[str, dict[str, str]] = {
    "IR": {
        "fr": "Iran (République islamique d')",
        "es": "Irán (República Islámica del)",
        "ar": "إيران (جمهورية - الإسلامية)",
        "zh": "伊朗伊斯兰共和国",
        "ru": "Иран (Исламская Республика)",
    },
    "BO": {
        "fr": "Bolivie (État plurinational de)",
        "es": "Bolivia (Estado Plurinacional de)",
        "ar": "بوليفيا (دولة - المتعددة القوميات)",
        "zh": "多民族玻利维亚国",
        "ru": "Боливия (Многонациональное Государство)",
    },
    "VE": {
        "fr": "Venezuela (République bolivarienne du)",
        "es": "Venezuela (República Bolivariana de)",
        "ar": "فنزويلا (جمهورية - البوليفارية)",
        "zh": "委内瑞拉玻利瓦尔共和国",
        "ru": "Венесуэла (Боливарианская Республика)",
    },
    "KR": {
        "fr": "République de Corée",
        "es": "República de Corea",
        "ar": "جمهورية كوريا",
        "zh": "大韩民国",
        "ru": "Республика Корея",
    },
    "KP": {
        "fr": "République populaire démocratique de Corée",
        "es": "República Popular Democrática de Corea",
        "ar": "جمهورية كوريا الشعبية الديمقراطية",
        "zh": "朝鲜民主主义人民共和国",
        "ru": "Корейская Народно-Демократическая Республика",
    },
    "RU": {
        "fr": "Fédération de Russie",
        "es": "Federación de Rusia",
        "ar": "الاتحاد الروسي",
        "zh": "俄罗斯联邦",
        "ru": "Российская Федерация",
    },
    "SY": {
        "fr": "République arabe syrienne",
        "es": "República Árabe Siria",
        "ar": "الجمهورية العربية السورية",
        "zh": "阿拉伯叙利亚共和国",
        "ru": "Сирийская Арабская Республика",
    },
    "TZ": {
        "fr": "République-Unie de Tanzanie",
        "es": "República Unida de Tanzanía",
        "ar": "جمهورية تنزانيا المتحدة",
        "zh": "坦桑尼亚联合共和国",
        "ru": "Объединенная Республика Танзания",
    },
    "VN": {
        "fr": "Viet Nam",
        "es": "Viet Nam",
        "ar": "فييت نام",
    },
    "LA": {
        "fr": "République démocratique populaire lao",
        "es": "República Democrática Popular Lao",
        "ar": "جمهورية لاو الديمقراطية الشعبية",
        "zh": "老挝人民民主共和国",
        "ru": "Лаосская Народно-Демократическая Республика",
    },
    "MD": {
        "fr": "République de Moldova",
        "es": "República de Moldova",
        "ar": "جمهورية مولدوفا",
        "zh": "摩尔多瓦共和国",
        "ru": "Республика Молдова",
    },
    "GB": {
        "fr": "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "es": "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "ar": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "zh": "大不列颠及北爱尔兰联合王国",
        "ru": "Соединенное Королевство Великобритании и Северной Ирландии",
    },
    "US": {
        "fr": "États-Unis d'Amérique",
        "es": "Estados Unidos de América",
        "ar": "الولايات المتحدة الأمريكية",
        "zh": "美利坚合众国",
        "ru": "Соединенные Штаты Америки",
    },
    "TR": {
        "fr": "Türkiye",
        "es": "Türkiye",
    },
}

# The cities of the seed centres and of the demo venues: slug, English name, country, the names in
# the other catalogue languages, aliases.
CITIES: tuple[tuple[str, str, str, dict[str, str], tuple[str, ...]], ...] = (
    ("geneva", "Geneva", "CH", {
        "fr": "Genève", "es": "Ginebra", "ar": "جنيف", "zh": "日内瓦", "ru": "Женева",
    }, ("Geneve", "Genf")),
    ("nairobi", "Nairobi", "KE", {
        "fr": "Nairobi", "es": "Nairobi", "ar": "نيروبي", "zh": "内罗毕", "ru": "Найроби",
    }, ()),
    ("dakar", "Dakar", "SN", {
        "fr": "Dakar", "es": "Dakar", "ar": "داكار", "zh": "达喀尔", "ru": "Дакар",
    }, ()),
    ("pretoria", "Pretoria", "ZA", {
        "fr": "Pretoria", "es": "Pretoria", "ar": "بريتوريا", "zh": "比勒陀利亚", "ru": "Претория",
    }, ("Tshwane",)),
    ("algiers", "Algiers", "DZ", {
        "fr": "Alger", "es": "Argel", "ar": "الجزائر العاصمة", "zh": "阿尔及尔", "ru": "Алжир (город)",
    }, ()),
    ("bangkok", "Bangkok", "TH", {
        "fr": "Bangkok", "es": "Bangkok", "ar": "بانكوك", "zh": "曼谷", "ru": "Бангкок",
    }, ()),
    ("tehran", "Tehran", "IR", {
        "fr": "Téhéran", "es": "Teherán", "ar": "طهران", "zh": "德黑兰", "ru": "Тегеран",
    }, ()),
    ("beijing", "Beijing", "CN", {
        "fr": "Pékin", "es": "Pekín", "ar": "بكين", "zh": "北京", "ru": "Пекин",
    }, ("Peking", "Beijing")),
    ("jakarta", "Jakarta", "ID", {
        "fr": "Jakarta", "es": "Yakarta", "ar": "جاكرتا", "zh": "雅加达", "ru": "Джакарта",
    }, ()),
    ("panama-city", "Panama City", "PA", {
        "fr": "Panama (ville)", "es": "Ciudad de Panamá", "ar": "مدينة بنما", "zh": "巴拿马城",
        "ru": "Панама (город)",
    }, ("Panama City",)),
    ("montevideo", "Montevideo", "UY", {
        "fr": "Montevideo", "es": "Montevideo", "ar": "مونتيفيديو", "zh": "蒙得维的亚",
        "ru": "Монтевидео",
    }, ()),
    ("brasilia", "Brasília", "BR", {
        "fr": "Brasilia", "es": "Brasilia", "ar": "برازيليا", "zh": "巴西利亚", "ru": "Бразилиа",
    }, ()),
    ("mexico-city", "Mexico City", "MX", {
        "fr": "Mexico (ville)", "es": "Ciudad de México", "ar": "مدينة مكسيكو", "zh": "墨西哥城",
        "ru": "Мехико",
    }, ("Ciudad de Mexico", "CDMX", "Mexico DF")),
    ("port-of-spain", "Port of Spain", "TT", {
        "fr": "Port-d'Espagne", "es": "Puerto España", "ar": "بورت أوف سبين", "zh": "西班牙港",
        "ru": "Порт-оф-Спейн",
    }, ("Port-of-Spain",)),
    ("prague", "Prague", "CZ", {
        "fr": "Prague", "es": "Praga", "ar": "براغ", "zh": "布拉格", "ru": "Прага",
    }, ("Praha",)),
    ("bratislava", "Bratislava", "SK", {
        "fr": "Bratislava", "es": "Bratislava", "ar": "براتيسلافا", "zh": "布拉迪斯拉发",
        "ru": "Братислава",
    }, ()),
    ("moscow", "Moscow", "RU", {
        "fr": "Moscou", "es": "Moscú", "ar": "موسكو", "zh": "莫斯科", "ru": "Москва",
    }, ("Moskva",)),
    ("kuwait-city", "Kuwait City", "KW", {
        "fr": "Koweït (ville)", "es": "Ciudad de Kuwait", "ar": "مدينة الكويت", "zh": "科威特城",
        "ru": "Эль-Кувейт",
    }, ()),
    ("brno", "Brno", "CZ", {
        "fr": "Brno", "es": "Brno", "ar": "برنو", "zh": "布尔诺", "ru": "Брно",
    }, ()),
    ("sao-paulo", "São Paulo", "BR", {
        "fr": "São Paulo", "es": "São Paulo", "ar": "ساو باولو", "zh": "圣保罗", "ru": "Сан-Паулу",
    }, ("Sao Paulo",)),
    ("barcelona", "Barcelona", "ES", {
        "fr": "Barcelone", "es": "Barcelona", "ar": "برشلونة", "zh": "巴塞罗那", "ru": "Барселона",
    }, ()),
)


def country_entry(country: dict[str, Any]) -> dict[str, Any]:
    """A catalogue country with its CLDR names and the aliases people use."""
    from babel import Locale

    code = country["code"]
    cldr_names = {lang: _cldr_name(lang, code) for lang in LANGUAGES}
    names = {**cldr_names, **UN_NAMES.get(code, {})}
    english = str(Locale("en").territories[code])
    cldr = {"en": [english] if english != country["name"] else []}
    cldr |= {lang: [name] for lang, name in cldr_names.items() if name != names[lang]}
    every: dict[str, list[str]] = {lang: [] for lang in ("en", *LANGUAGES)}
    aliases = merged_aliases(every, country.get("aliases", {}), cldr, EXTRA_ALIASES.get(code, {}))
    for lang, name in names.items():
        aliases[lang] = [alias for alias in aliases[lang] if alias != name]
    aliases["en"] = [alias for alias in aliases["en"] if alias != country["name"]]
    return {**country, "names": names, "aliases": aliases}


def _cldr_name(lang: str, code: str) -> str:
    """A territory's name in a language from CLDR, without the bidi marks CLDR puts in some."""
    from babel import Locale

    locale = Locale.parse(BY_CODE[lang].cldr or lang)
    return str(locale.territories[code]).replace("\u200f", "").replace("\u200e", "")


def city_entries() -> list[dict[str, Any]]:
    return [
        {"slug": slug, "name": name, "country": code, "names": dict(names),
         "aliases": {"en": list(aliases)}}
        for slug, name, code, names, aliases in CITIES
    ]


def build(data: dict[str, Any]) -> dict[str, Any]:
    """The catalogue with country names and cities (the other tables untouched)."""
    built = {key: value for key, value in data.items() if key != "cities"}
    built["countries"] = [country_entry(country) for country in data["countries"]]
    ordered = list(built.items())
    index = [key for key, _ in ordered].index("countries") + 1
    ordered.insert(index, ("cities", city_entries()))
    return dict(ordered)


def main() -> None:
    path = Path(str(resources.files("brs_coord.store.catalogue").joinpath("catalogue.json")))
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(build(data), ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
