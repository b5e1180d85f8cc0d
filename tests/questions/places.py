"""Places: countries (names, aliases, en/fr/es), cities, region words as people mean them."""

from __future__ import annotations

from . import Row, row

EUROPE = ["central-eastern-europe", "western-europe-others"]
MIDDLE_EAST = ["BH", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE"]

ROWS: list[Row] = [
    # a country's name means the events held there, in every language
    row("events in Kenya", countries=["KE"]),
    row("webinars in Kenya", kinds=["webinar"], countries=["KE"]),
    row("événements au Kenya", countries=["KE"], lang="fr"),
    row("eventos en Kenia", countries=["KE"], lang="es"),
    row("ateliers pour les douaniers au Sénégal", kinds=["workshop"], audiences=["customs-officers"],
        countries=["SN"], lang="fr"),
    row("talleres en México", kinds=["workshop"], countries=["MX"], lang="es"),
    row("workshops in Mexico", kinds=["workshop"], countries=["MX"]),
    row("formations en Algérie", kinds=["training"], countries=["DZ"], lang="fr"),
    row("capacitaciones en Argelia", kinds=["training"], countries=["DZ"], lang="es"),
    row("trainings in South Africa", kinds=["training"], countries=["ZA"]),
    row("workshops in Switzerland", kinds=["workshop"], countries=["CH"]),
    row("ateliers en Suisse", kinds=["workshop"], countries=["CH"], lang="fr"),
    row("talleres en Suiza", kinds=["workshop"], countries=["CH"], lang="es"),
    # aliases people use
    row("events in the USA", countries=["US"]),
    row("workshops in the UK", kinds=["workshop"], countries=["GB"]),
    row("Ivory Coast", countries=["CI"]),
    row("Côte d'Ivoire", countries=["CI"]),
    row("Turkey", countries=["TR"]),
    row("Türkiye", countries=["TR"]),
    row("trainings in Russia", kinds=["training"], countries=["RU"]),
    row("Iran workshops", kinds=["workshop"], countries=["IR"]),
    row("Viet Nam", countries=["VN"]),
    row("Vietnam", countries=["VN"]),
    row("México", countries=["MX"], lang="es"),
    row("Czech Republic", countries=["CZ"]),
    row("la République tchèque", countries=["CZ"], lang="fr"),
    row("Estados Unidos", countries=["US"], lang="es"),
    # capital-letter aliases are not words written in small letters ("eau" is not the UAE)
    row("de l'eau", unknown=("eau",), answerable=False, lang="fr"),
    row("EAU", countries=["AE"], lang="fr"),
    # cities
    row("à Genève", cities=["geneva"], lang="fr"),
    row("workshops in Geneva", kinds=["workshop"], cities=["geneva"]),
    row("talleres en Ginebra", kinds=["workshop"], cities=["geneva"], lang="es"),
    row("Nairobi", cities=["nairobi"]),
    row("trainings in Mexico City", kinds=["training"], cities=["mexico-city"]),
    row("talleres en Ciudad de México", kinds=["workshop"], cities=["mexico-city"], lang="es"),
    row("formations à Alger", kinds=["training"], cities=["algiers"], lang="fr"),
    row("events in Moscow", cities=["moscow"]),
    row("ateliers à Moscou", kinds=["workshop"], cities=["moscow"], lang="fr"),
    row("Panama City", cities=["panama-city"]),
    row("Panama", countries=["PA"]),
    # a country plus a kind plus a month
    row("workshops in Kenya in March", ("2027-03-01", "2027-04-01"), kinds=["workshop"], countries=["KE"]),
    row("ateliers au Sénégal en février", ("2027-02-01", "2027-03-01"), kinds=["workshop"],
        countries=["SN"], lang="fr"),
    row("talleres en México en mayo", ("2027-05-01", "2027-06-01"), kinds=["workshop"],
        countries=["MX"], lang="es"),
    # region words keep meaning regions, as participants mean them
    row("Europe", regions=EUROPE),
    row("webinars for Europe", kinds=["webinar"], regions=EUROPE),
    row("webinaires en Europe", kinds=["webinar"], regions=EUROPE, lang="fr"),
    row("seminarios web en Europa", kinds=["webinar"], regions=EUROPE, lang="es"),
    row("Western Europe", regions=["western-europe-others"]),
    row("Eastern Europe", regions=["central-eastern-europe"]),
    row("Asia", regions=["asia-pacific"]),
    row("webinars in Asia", kinds=["webinar"], regions=["asia-pacific"]),
    row("Pacific", regions=["asia-pacific"]),
    row("Latin America", regions=["latin-america-caribbean"]),
    row("ateliers en Amérique latine", kinds=["workshop"], regions=["latin-america-caribbean"], lang="fr"),
    row("talleres en el Caribe", kinds=["workshop"], regions=["latin-america-caribbean"], lang="es"),
    row("Caribbean", regions=["latin-america-caribbean"]),
    row("Africa", regions=["africa"]),
    # "Middle East" is a set of countries (see services/words.py COUNTRY_GROUPS)
    row("Middle East", countries=MIDDLE_EAST),
    row("workshops in the Middle East", kinds=["workshop"], countries=MIDDLE_EAST),
    row("ateliers au Moyen-Orient", kinds=["workshop"], countries=MIDDLE_EAST, lang="fr"),
    row("talleres en Oriente Medio", kinds=["workshop"], countries=MIDDLE_EAST, lang="es"),
]
