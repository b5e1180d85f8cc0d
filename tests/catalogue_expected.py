"""What the reference catalogue must contain, written by hand from a reading of the seeds.

The seeds are the five source documents of the project (technical assistance plan 2018-2021,
programme of technical assistance activities 2013-2015, Stockholm regional centres note,
Stockholm Convention leaflet, status report on joint activities). These lists are kept apart
from catalogue.json on purpose: a slip in the data must not silently rewrite the expectation.
"""

EXPECTED_CONVENTIONS = {"basel": "BC", "rotterdam": "RC", "stockholm": "SC"}

EXPECTED_REGION_SLUGS = [
    "africa",
    "asia-pacific",
    "central-eastern-europe",
    "latin-america-caribbean",
    "western-europe-others",
    "global",
]

# The 23 programmes of the 2013-2015 programme of technical assistance (seed 001), in the
# order of the brochure, plus the coordination of the regional centres (seeds 000, 002, 004).
EXPECTED_PROGRAMME_SLUGS = [
    # National plans and strategies: development, review and update
    "country-led-initiative",
    "national-action-plans",
    "nip-updating",
    # Environmentally sound management of priority hazardous and other wastes
    "emergency-mechanism",
    "e-waste",
    "used-batteries",
    "mercury-wastes",
    "ship-dismantling",
    "used-oils",
    "waste-tyres",
    "co-processing-cement-kilns",
    "pops-wastes",
    # Stockholm Convention Annex A and B chemicals
    "pops-in-articles",
    # Stockholm Convention Annex C chemicals: unintentional POPs
    "unintentional-pops-toolkit",
    # Pesticides
    "pesticide-alternatives",
    "shpf",
    # Industrial chemicals listed in the Rotterdam Convention
    "industrial-chemicals",
    # Cross-cutting
    "clearing-house-mechanism",
    "national-reporting",
    "scientific-bodies",
    "customs-training",
    "resource-mobilization",
    "national-coordination",
    "regional-centres",
]

# Every target audience named in seed 001 (and the audiences of 000, 002, 004), normalised.
EXPECTED_AUDIENCE_SLUGS = [
    "basel-competent-authorities",
    "basel-focal-points",
    "rotterdam-dnas",
    "rotterdam-focal-points",
    "stockholm-official-contact-points",
    "stockholm-national-focal-points",
    "saicm-focal-points",
    "regional-centres",
    "customs-officers",
    "enforcement-officers",
    "port-authorities",
    "ngos",
    "private-sector",
    "crc-members",
    "poprc-members",
    "oewg-members",
    "farmers",
    "ministries-of-agriculture",
    "ministries-of-health",
    "ministries-of-environment",
    "ministries-of-industry-and-commerce",
    "chemicals-regulatory-authorities",
    "national-officials",
    "national-experts",
    "academia",
    "intergovernmental-organizations",
    "unep-fao-regional-offices",
    "donors-and-gef-agencies",
    "emergency-responders",
    "permanent-missions",
    "statistical-offices",
]

# Regional centres named in the seeds (003 lists them by region; 002 adds VNII Ekologia),
# as (slug, ISO country code, region slug, conventions).
EXPECTED_CENTRES = [
    ("bcrc-senegal", "SN", "africa", {"basel", "stockholm"}),
    ("cntpp-algeria", "DZ", "africa", {"stockholm"}),
    ("bcrc-china", "CN", "asia-pacific", {"basel", "stockholm"}),
    ("bcrc-iran", "IR", "asia-pacific", {"basel", "stockholm"}),
    ("kisr-kuwait", "KW", "asia-pacific", {"stockholm"}),
    ("recetox-czech-republic", "CZ", "central-eastern-europe", {"stockholm"}),
    ("ano-cip-russian-federation", "RU", "central-eastern-europe", {"basel", "stockholm"}),
    ("vnii-ekologia-russian-federation", "RU", "central-eastern-europe", {"basel"}),
    ("cetesb-brazil", "BR", "latin-america-caribbean", {"stockholm"}),
    ("cenica-mexico", "MX", "latin-america-caribbean", {"stockholm"}),
    ("ciimet-panama", "PA", "latin-america-caribbean", {"stockholm"}),
    ("bcrc-uruguay", "UY", "latin-america-caribbean", {"basel", "stockholm"}),
    ("rac-cp-spain", "ES", "western-europe-others", {"stockholm"}),
]
EXPECTED_CENTRE_SLUGS = [slug for slug, *_ in EXPECTED_CENTRES]

# Dated calendar lines, one entry per (line, year) and per month when a line names several.
# Seed 001, per programme:
#   country-led-initiative 1 + 3; national-action-plans 3 + 2 + 1; nip-updating 6 + 3;
#   emergency-mechanism 3 + 1; e-waste 2 + 3 + 1; the five waste streams (batteries, mercury,
#   ships, oils, tyres) share "Webinars: June-December 2013, 2014, 2015" -> 5 x 3;
#   co-processing 2 + 3; pops-wastes 3 + 3 + 2; pops-in-articles 3 + 1 + 3;
#   unintentional-pops-toolkit 6 + 6; pesticide-alternatives 1; shpf 3 + 3;
#   industrial-chemicals 3; clearing-house-mechanism 3; national-reporting 2 + 2;
#   scientific-bodies 1 + 3; customs-training 1; resource-mobilization 2 + 2;
#   national-coordination 2 + 1 + 1.                                          -> 106
# Seed 002: directors' meetings October 2015 and October 2016; online meetings and
#   webinars 2015, 2016.                                                       -> 4
# Seed 004: directors' meeting October 2012; NIP guidance webinars 2012; San Salvador
#   ODS/POPs workshop March 2012.                                              -> 3
EXPECTED_HISTORICAL_COUNT = 113
EXPECTED_HISTORICAL_FROM_001 = 106

# Spot checks: (programme, kind, year, month or None, location or None)
EXPECTED_HISTORICAL_SPOT_CHECKS = [
    ("country-led-initiative", "workshop", 2013, 12, None),
    ("country-led-initiative", "workshop", 2015, 11, None),
    ("national-action-plans", "workshop", 2013, None, "Manama, Bahrain"),
    ("nip-updating", "workshop", 2014, 9, None),
    ("nip-updating", "workshop", 2015, 12, None),
    ("emergency-mechanism", "webinar", 2013, 6, None),
    ("e-waste", "webinar", 2014, 7, None),
    ("pops-in-articles", "expert-meeting", 2013, 8, None),
    ("unintentional-pops-toolkit", "webinar", 2014, 10, None),
    ("customs-training", "e-learning", 2013, None, None),
    ("national-coordination", "online-meeting", 2014, 2, None),
    ("regional-centres", "directors-meeting", 2015, 10, "Geneva, Switzerland"),
    ("regional-centres", "directors-meeting", 2016, 10, "Geneva, Switzerland"),
]

# Undated calendar lines stay planned activities of their programme: (programme, words).
EXPECTED_PLANNED_SPOT_CHECKS = [
    ("country-led-initiative", "E-learning courses for police and enforcement officers"),
    ("customs-training", "Green Customs Initiative"),
]

# Programme -> audiences it must name (from its "Target audience" section).
EXPECTED_PROGRAMME_AUDIENCES = [
    ("country-led-initiative", {"basel-competent-authorities", "basel-focal-points"}),
    ("national-action-plans", {"rotterdam-dnas", "saicm-focal-points", "customs-officers"}),
    ("e-waste", {"stockholm-official-contact-points", "regional-centres", "private-sector"}),
    ("pesticide-alternatives", {"farmers", "rotterdam-dnas"}),
    ("shpf", {"rotterdam-dnas", "ministries-of-agriculture", "ministries-of-health"}),
    ("pops-in-articles", {"crc-members", "poprc-members"}),
    ("scientific-bodies", {"crc-members", "poprc-members", "oewg-members"}),
    ("customs-training", {"customs-officers", "port-authorities", "enforcement-officers"}),
    ("resource-mobilization", {"regional-centres"}),
]

# Free-text words a participant would type, and the audience or programme they must reach:
# (list, language, alias, slug).
EXPECTED_ALIAS_SPOT_CHECKS = [
    ("audiences", "en", "DNAs", "rotterdam-dnas"),
    ("audiences", "en", "OCPs", "stockholm-official-contact-points"),
    ("audiences", "en", "NFPs", "stockholm-national-focal-points"),
    ("audiences", "fr", "autorités nationales désignées", "rotterdam-dnas"),
    ("audiences", "fr", "douaniers", "customs-officers"),
    ("audiences", "es", "aduanas", "customs-officers"),
    ("audiences", "es", "agricultores", "farmers"),
    ("audiences", "es", "autoridades nacionales designadas", "rotterdam-dnas"),
    ("programmes", "en", "WEEE", "e-waste"),
    ("programmes", "fr", "déchets électroniques", "e-waste"),
    ("programmes", "es", "residuos electrónicos", "e-waste"),
    ("programmes", "en", "PCBs", "pops-wastes"),
    ("programmes", "en", "NIP", "nip-updating"),
    ("programmes", "en", "SHPF", "shpf"),
]

# Countries: ISO code -> UN regional group slug.
EXPECTED_COUNTRY_SPOT_CHECKS = [
    ("KE", "africa"),
    ("SN", "africa"),
    ("BH", "asia-pacific"),
    ("CN", "asia-pacific"),
    ("KI", "asia-pacific"),
    ("CZ", "central-eastern-europe"),
    ("RU", "central-eastern-europe"),
    ("BR", "latin-america-caribbean"),
    ("TT", "latin-america-caribbean"),
    ("CH", "western-europe-others"),
    ("TR", "western-europe-others"),
    ("IL", "western-europe-others"),
    ("US", "western-europe-others"),
]

# Country variants Babel would not give: (code, language, alias).
EXPECTED_COUNTRY_ALIASES = [
    ("CI", "en", "Ivory Coast"),
    ("CZ", "en", "Czech Republic"),
    ("US", "en", "USA"),
    ("GB", "en", "UK"),
    ("VN", "en", "Vietnam"),
]

UN_MEMBER_STATES = 193
