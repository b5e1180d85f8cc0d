"""Date phrases: holidays, quarters, parts of months, open ranges, counted weeks and days, this
week near its end, misspelt date words (asked Saturday 21 November 2026 10:00 UTC in Paris unless
a row says otherwise). Easter is 28 March 2027 and 16 April 2028: "Easter" is Good Friday to Easter
Monday, "Easter week" the Monday before Easter to Easter Monday, Christmas 24-26 December."""

from __future__ import annotations

from datetime import UTC, datetime

from . import MEETINGS, Row, row

SUNDAY_EVENING = datetime(2026, 11, 22, 19, 0, tzinfo=UTC)  # 20:00 in Paris
AFTER_CHRISTMAS = datetime(2026, 12, 27, 10, 0, tzinfo=UTC)
SPRING = datetime(2027, 4, 10, 10, 0, tzinfo=UTC)  # Easter 2027 is over

ROWS: list[Row] = [
    # holidays
    row("trainings before Easter", ("2026-11-21", "2027-03-26"), kinds=["training"]),
    row("webinars after Christmas", ("2026-12-27", None), kinds=["webinar"]),
    row("workshops at Easter", ("2027-03-26", "2027-03-30"), kinds=["workshop"]),
    row("Easter week", ("2027-03-22", "2027-03-30")),
    row("Easter 2028", ("2028-04-14", "2028-04-18")),
    row("Easter", ("2028-04-14", "2028-04-18"), now=SPRING),
    row("before Christmas", ("2026-11-21", "2026-12-24")),
    row("at Christmas", ("2026-12-24", "2026-12-27")),
    row("Christmas", ("2027-12-24", "2027-12-27"), now=AFTER_CHRISTMAS),
    row("New Year", ("2027-01-01", "2027-01-02")),
    row("avant Pâques", ("2026-11-21", "2027-03-26"), lang="fr"),
    row("ateliers après Noël", ("2026-12-27", None), kinds=["workshop"], lang="fr"),
    row("webinaires à Noël", ("2026-12-24", "2026-12-27"), kinds=["webinar"], lang="fr"),
    row("Pâques 2027", ("2027-03-26", "2027-03-30"), lang="fr"),
    row("talleres antes de Semana Santa", ("2026-11-21", "2027-03-22"), kinds=["workshop"],
        lang="es"),
    row("después de Navidad", ("2026-12-27", None), lang="es"),
    row("seminarios web en Pascua", ("2027-03-26", "2027-03-30"), kinds=["webinar"], lang="es"),
    # quarters (Q1 asked in November is next year's; Q4 is still this year's)
    row("Q1", ("2027-01-01", "2027-04-01")),
    row("Q1 2027", ("2027-01-01", "2027-04-01")),
    row("Q3", ("2027-07-01", "2027-10-01")),
    row("Q4", ("2026-10-01", "2027-01-01")),
    row("webinars in the first quarter", ("2027-01-01", "2027-04-01"), kinds=["webinar"]),
    row("next quarter", ("2027-01-01", "2027-04-01")),
    row("this quarter", ("2026-11-21", "2027-01-01")),
    row("premier trimestre", ("2027-01-01", "2027-04-01"), lang="fr"),
    row("ateliers le deuxième trimestre 2027", ("2027-04-01", "2027-07-01"), kinds=["workshop"],
        lang="fr"),
    row("le trimestre prochain", ("2027-01-01", "2027-04-01"), lang="fr"),
    row("primer trimestre", ("2027-01-01", "2027-04-01"), lang="es"),
    row("talleres el segundo trimestre", ("2027-04-01", "2027-07-01"), kinds=["workshop"],
        lang="es"),
    # early / mid / late of a month
    row("early March", ("2027-03-01", "2027-03-11")),
    row("mid-March", ("2027-03-11", "2027-03-21")),
    row("trainings in late March", ("2027-03-21", "2027-04-01"), kinds=["training"]),
    row("end of March", ("2027-03-21", "2027-04-01")),
    row("late February 2028", ("2028-02-21", "2028-03-01")),
    row("early November", ("2027-11-01", "2027-11-11")),
    row("late November", ("2026-11-21", "2026-12-01")),
    row("début mars", ("2027-03-01", "2027-03-11"), lang="fr"),
    row("mi-mars", ("2027-03-11", "2027-03-21"), lang="fr"),
    row("formations fin mars", ("2027-03-21", "2027-04-01"), kinds=["training"], lang="fr"),
    row("a principios de marzo", ("2027-03-01", "2027-03-11"), lang="es"),
    row("a mediados de marzo", ("2027-03-11", "2027-03-21"), lang="es"),
    row("a finales de marzo", ("2027-03-21", "2027-04-01"), lang="es"),
    # open ranges bounded by today
    row("avant fin février", ("2026-11-21", "2027-03-01"), lang="fr"),
    row("until March", ("2026-11-21", "2027-04-01")),
    row("from March", ("2027-03-01", None)),
    row("webinars after 15 January", ("2027-01-16", None), kinds=["webinar"]),
    row("until mid-March", ("2026-11-21", "2027-03-21")),
    row("before next week", ("2026-11-21", "2026-11-23")),
    row("jusqu'à fin mars", ("2026-11-21", "2027-04-01"), lang="fr"),
    row("à partir de la semaine prochaine", ("2026-11-23", None), lang="fr"),
    row("hasta finales de marzo", ("2026-11-21", "2027-04-01"), lang="es"),
    row("a partir de enero", ("2027-01-01", None), lang="es"),
    # weeks and days counted ahead
    row("the week after next", ("2026-11-30", "2026-12-07")),
    row("workshops in two weeks", ("2026-11-30", "2026-12-07"), kinds=["workshop"]),
    row("in 3 days", ("2026-11-24", "2026-11-25")),
    row("dans deux semaines", ("2026-11-30", "2026-12-07"), lang="fr"),
    row("dans quinze jours", ("2026-11-30", "2026-12-07"), lang="fr"),
    row("dans 3 jours", ("2026-11-24", "2026-11-25"), lang="fr"),
    row("dentro de dos semanas", ("2026-11-30", "2026-12-07"), lang="es"),
    row("en dos semanas", ("2026-11-30", "2026-12-07"), lang="es"),
    # "this week" on a Sunday evening: the rest of today (the faces offer next week)
    row("this week", ("2026-11-22", "2026-11-23"), now=SUNDAY_EVENING),
    row("webinaires cette semaine", ("2026-11-22", "2026-11-23"), kinds=["webinar"],
        now=SUNDAY_EVENING, lang="fr"),
    # misspelt date words, read and reported
    row("meetings tomorow", ("2026-11-22", "2026-11-23"), kinds=MEETINGS,
        corrections=(("tomorow", "tomorrow"),)),
    row("webinars in decmber", ("2026-12-01", "2027-01-01"), kinds=["webinar"],
        corrections=(("decmber", "december"),)),
    row("nxt week", ("2026-11-23", "2026-11-30"),
        corrections=(("nxt", "next"),)),
    row("trainings in Febuary", ("2027-02-01", "2027-03-01"), kinds=["training"],
        corrections=(("Febuary", "february"),)),
    row("ateliers demian", ("2026-11-22", "2026-11-23"), kinds=["workshop"], lang="fr",
        corrections=(("demian", "demain"),)),
    row("talleres mañna", ("2026-11-22", "2026-11-23"), kinds=["workshop"], lang="es",
        corrections=(("mañna", "mañana"),)),
]
