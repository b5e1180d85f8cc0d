"""CSV/XLSX workplans: the dates staff type, the mapping guessed in en/fr/es or given, month/year
tables, encodings and broken quoting, and an outcome for every row (nothing silently skipped)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from brs_coord.errors import InvalidInput
from brs_coord.partners.upstream import Precision
from brs_coord.partners.workplan import ColumnMapping, RowStatus, Workplan, read_workplan, row_key
from brs_coord.partners.workplan_dates import DateOrder, DateProblem, Span, read_date
from brs_coord.services.workplan_preview import preview_workplan, when
from tests.cli_helpers import invoke
from tests.clocks import NOW

D, M, T = Precision.DAY, Precision.MONTH, Precision.TIMED
NOT_A_DAY = "is not a day of the calendar (day is out of range for month)"


@pytest.mark.parametrize(("cell", "first", "after", "precision"), [
    ("2027-03-12", date(2027, 3, 12), date(2027, 3, 13), D),
    ("12/03/2027", date(2027, 3, 12), date(2027, 3, 13), D),
    ("12.03.27", date(2027, 3, 12), date(2027, 3, 13), D),
    ("12 March 2027", date(2027, 3, 12), date(2027, 3, 13), D),
    ("March 12, 2027", date(2027, 3, 12), date(2027, 3, 13), D),
    ("1st March 2027", date(2027, 3, 1), date(2027, 3, 2), D),
    ("12 Mar 2027", date(2027, 3, 12), date(2027, 3, 13), D),
    ("« 12 mars 2027 »", date(2027, 3, 12), date(2027, 3, 13), D),
    ("1er février 2027", date(2027, 2, 1), date(2027, 2, 2), D),
    ("12 sept. 2027", date(2027, 9, 12), date(2027, 9, 13), D),
    ("12 de marzo de 2027", date(2027, 3, 12), date(2027, 3, 13), D),
    ("12–14 mars 2027", date(2027, 3, 12), date(2027, 3, 15), D),
    ("March 2027", date(2027, 3, 1), date(2027, 4, 1), M),
    ("mars 2027", date(2027, 3, 1), date(2027, 4, 1), M),
    ("marzo 2027", date(2027, 3, 1), date(2027, 4, 1), M),
    ("marzo de 2027", date(2027, 3, 1), date(2027, 4, 1), M),
    ("2027-03", date(2027, 3, 1), date(2027, 4, 1), M),
    ("Q2 2027", date(2027, 4, 1), date(2027, 7, 1), M),
    ("T2 2027", date(2027, 4, 1), date(2027, 7, 1), M),
    ("2T 2027", date(2027, 4, 1), date(2027, 7, 1), M),
    ("Q4 2027", date(2027, 10, 1), date(2028, 1, 1), M),
    ("46458", date(2027, 3, 12), date(2027, 3, 13), D),
    (46458, date(2027, 3, 12), date(2027, 3, 13), D),
    (datetime(2027, 3, 12), date(2027, 3, 12), date(2027, 3, 13), D),
    (date(2027, 3, 12), date(2027, 3, 12), date(2027, 3, 13), D),
])  # fmt: skip
def test_the_dates_staff_type(cell: object, first: date, after: date, precision: Precision) -> None:
    span = read_date(cell)  # type: ignore[arg-type]
    assert (span.first, span.after, span.precision) == (first, after, precision)


def test_timed_cells_and_the_declared_order() -> None:
    assert read_date("2027-03-12 09:30").at == datetime(2027, 3, 12, 9, 30)
    assert read_date(46458.375).at == datetime(2027, 3, 12, 9, 0)
    assert read_date(datetime(2027, 3, 12, 14, 0)).precision is T
    assert read_date("03/12/2027", DateOrder.MONTH_FIRST) == Span.day(date(2027, 3, 12))
    assert read_date("03/12/2027", DateOrder.DAY_FIRST) == Span.day(date(2027, 12, 3))


@pytest.mark.parametrize(("cell", "message"), [
    ("2027", "names only a year"),
    ("31/02/2027", "not a day of the calendar"),
    ("12/13/2027", "no month 13 (the mapping reads dates day-first)"),
    ("next spring", "is not a date"),
    ("14–12 mars 2027", "ends before it starts"),
    (12, "is a number, not a date"),
])  # fmt: skip
def test_what_is_not_a_date_says_why(cell: object, message: str) -> None:
    with pytest.raises(DateProblem, match=re.escape(message)):
        read_date(cell)  # type: ignore[arg-type]


def _rows(plan: Workplan) -> list[tuple[object, ...]]:
    """Each row as (row, status, title, first day, day after, precision) or (row, status, column, reason)."""
    out: list[tuple[object, ...]] = []
    for o in plan.outcomes:
        if o.status is RowStatus.REJECTED:
            out.append((o.row, o.status.value, o.column, o.reason))
        elif not o.events:
            out.append((o.row, o.status.value))
        for e in o.events:
            out.append((o.row, o.status.value, e.title, e.starts.date(), e.ends.date(), e.precision.value))
    return out


ENGLISH = """\
Title,Start date,End date,Type,Target audience,Language,Venue,Link,Notes,Ref
E-waste workshop,12 March 2027,14 March 2027,workshop,customs,en,Panama,https://bcrc.example,"Two days,
then a site visit",BC-27-01
POPs webinar,Q2 2027,,webinar,,en,,,,
NIP update training,2027-05-10,2027-05-12,training,,,,,,BC-27-03

Online course on PIC,June 2027,,e-learning,,,,,,
Without a date,,,,,,,,,
,2027-05-10,,,,,,,,
Enforcement meeting,31/02/2027,,,,,,,,
"""


def test_an_english_workplan_every_row_has_its_outcome() -> None:
    plan = read_workplan(ENGLISH.encode())
    assert plan.guessed and plan.mapping == ColumnMapping(
        title="Title", start="Start date", end="End date", kind="Type", audience="Target audience",
        language="Language", location="Venue", url="Link", description="Notes", external_id="Ref")
    assert _rows(plan) == [
        (1, "header"),
        (2, "ok", "E-waste workshop", date(2027, 3, 12), date(2027, 3, 15), "day"),
        (4, "ok", "POPs webinar", date(2027, 4, 1), date(2027, 7, 1), "month"),
        (5, "ok", "NIP update training", date(2027, 5, 10), date(2027, 5, 13), "day"),
        (6, "blank row"),
        (7, "ok", "Online course on PIC", date(2027, 6, 1), date(2027, 7, 1), "month"),
        (8, "rejected", "Start date", "has no start date"),
        (9, "rejected", "Title", "has no title"),
        (10, "rejected", "Start date", f"'31/02/2027' {NOT_A_DAY}"),
    ]
    workshop = plan.outcomes[1].events[0]
    assert workshop.external_uid == "BC-27-01" and workshop.description == "Two days,\nthen a site visit"
    assert (workshop.location, workshop.url, workshop.categories) == ("Panama", "https://bcrc.example",
                                                                     ("workshop",))
    assert workshop.extra == {"kind": "workshop", "audience": "customs", "language": "en"}
    assert workshop.starts == datetime(2027, 3, 12, tzinfo=UTC) and workshop.zone is None
    assert plan.outcomes[2].events[0].external_uid == row_key("POPs webinar", date(2027, 4, 1))
    parsed = plan.parsed()
    assert len(parsed.events) == 4
    assert [(r.where, r.reason[:16]) for r in parsed.rejected] == [
        ("row 8, column 'Start date'", "has no start dat"), ("row 9, column 'Title'", "has no title"),
        ("row 10, column 'Start date'", "'31/02/2027' is ")]


FRENCH = """\
Programme de travail 2027 — CRCB Sénégal;;;;
Activité;Date de début;Date de fin;Modalité;Public cible;Lieu
Atelier régional sur les DEEE;« 12 mars 2027 »;14 mars 2027;atelier;douanes;Dakar
Webinaire sur les POP;T3 2027;;webinaire;;
Formation des formateurs;1er juin 2027;;formation;;Abidjan
Cours en ligne;mars 2027;mai 2027;cours en ligne;;
Réunion des points focaux;2027;;;;
"""


def test_a_french_workplan_in_cp1252_with_semicolons_and_a_title_line() -> None:
    plan = read_workplan(FRENCH.replace("«", '"').replace("»", '"').encode("cp1252"))
    assert (plan.mapping.title, plan.mapping.start, plan.mapping.end, plan.mapping.kind,
            plan.mapping.audience, plan.mapping.location) == (
        "Activité", "Date de début", "Date de fin", "Modalité", "Public cible", "Lieu")
    assert _rows(plan) == [
        (1, "header"), (2, "header"),
        (3, "ok", "Atelier régional sur les DEEE", date(2027, 3, 12), date(2027, 3, 15), "day"),
        (4, "ok", "Webinaire sur les POP", date(2027, 7, 1), date(2027, 10, 1), "month"),
        (5, "ok", "Formation des formateurs", date(2027, 6, 1), date(2027, 6, 2), "day"),
        (6, "ok", "Cours en ligne", date(2027, 3, 1), date(2027, 6, 1), "month"),
        (7, "rejected", "Date de début",
         "'2027' names only a year: give a month ('March 2027') or a quarter ('Q2 2027')"),
    ]


SPANISH = (
    "Título\tFecha de inicio\tFecha de fin\tTipo\tIdioma\tLugar\n"
    "Taller regional sobre COP\t12 de marzo de 2027\t14 de marzo de 2027\ttaller\tes\tMontevideo\n"
    "Seminario web\t2T 2027\t\tseminario web\tes\t\n"
    "Curso en línea\tmarzo de 2027\t\tcurso\t\t\n"
    "Reunión\t12/03/2027 09:30\t12/03/2027 11:00\treunión\t\t\n"
)


def test_a_spanish_workplan_with_a_bom_tabs_and_timed_rows_in_the_declared_zone() -> None:
    mapping = replace_zone(read_workplan(SPANISH.encode("utf-8-sig")).mapping, "America/Montevideo")
    plan = read_workplan(("\ufeff" + SPANISH).encode(), mapping)
    assert not plan.guessed
    assert _rows(plan)[1:4] == [
        (2, "ok", "Taller regional sobre COP", date(2027, 3, 12), date(2027, 3, 15), "day"),
        (3, "ok", "Seminario web", date(2027, 4, 1), date(2027, 7, 1), "month"),
        (4, "ok", "Curso en línea", date(2027, 3, 1), date(2027, 4, 1), "month"),
    ]
    meeting = plan.outcomes[4].events[0]
    zone = ZoneInfo("America/Montevideo")
    assert (meeting.precision, meeting.zone) == (T, "America/Montevideo")
    assert (meeting.starts, meeting.ends) == (datetime(2027, 3, 12, 9, 30, tzinfo=zone),
                                              datetime(2027, 3, 12, 11, 0, tzinfo=zone))
    assert when(meeting) == "12 Mar 2027 09:30 – 11:00 (America/Montevideo)"


def replace_zone(mapping: ColumnMapping, zone: str) -> ColumnMapping:
    return ColumnMapping.from_json(mapping.to_json().replace('"zone": "UTC"', f'"zone": "{zone}"'))


def test_month_first_is_declared_in_the_mapping() -> None:
    data = b"Title,Date\nWebinar,03/12/2027\nWorkshop,12/31/2027\n"
    plan = read_workplan(data, ColumnMapping(title="title", start="DATE", date_order=DateOrder.MONTH_FIRST))
    assert _rows(plan)[1:] == [(2, "ok", "Webinar", date(2027, 3, 12), date(2027, 3, 13), "day"),
                               (3, "ok", "Workshop", date(2027, 12, 31), date(2028, 1, 1), "day")]
    day_first = read_workplan(data)
    assert _rows(day_first)[2] == (3, "rejected", "Date",
                                   "'12/31/2027' has no month 31 (the mapping reads dates day-first)")


def test_the_mapping_round_trips_as_json_and_refuses_what_it_does_not_know() -> None:
    mapping = ColumnMapping(title="Activité", start="Début", date_order=DateOrder.MONTH_FIRST,
                            zone="Europe/Paris")
    assert ColumnMapping.from_json(mapping.to_json()) == mapping
    assert ColumnMapping.from_json('{"title": "T", "end": null, "zone": null}') == ColumnMapping(title="T")
    for text, message in [("[1]", "is a JSON object"), ("{", "is not JSON"),
                          ('{"titel": "x"}', "no field titel"),
                          ('{"zone": "Mars/Olympus"}', "is not a time zone"), ('{"title": 3}', "header text"),
                          ('{"date_order": "year-first"}', "day-first or month-first")]:
        with pytest.raises(InvalidInput, match=message):
            ColumnMapping.from_json(text)
    with pytest.raises(InvalidInput, match="The mapping's start column 'When' is not in the header row"):
        read_workplan(b"Title,Date\nA,2027-01-02\n", ColumnMapping(title="Title", start="When"))
    with pytest.raises(InvalidInput, match="No header row found"):
        read_workplan(b"Qui,Quoi\nA,B\n")


MONTH_TABLE = """\
Programme of technical assistance activities 2013-2015,,,,,
Activity,Ref,Sep 2013,Oct 2013,Nov 2013,Dec 2013
Regional workshop on the ESM of hazardous wastes,BC-1,X,,,x
Webinars on CLI pillars,,,,12-14,
Third global workshop on the Ban Amendment,BC-3,,,,"3, 17-18"
National workshops,,,,,
E-learning course,,,maybe,,
"""


ESM = "Regional workshop on the ESM of hazardous wastes"
BAN = "Third global workshop on the Ban Amendment"


def test_a_month_year_table_like_the_2013_2015_programme() -> None:
    plan = read_workplan(MONTH_TABLE.encode())
    assert plan.month_columns == ("Sep 2013", "Oct 2013", "Nov 2013", "Dec 2013")
    assert _rows(plan) == [
        (1, "header"), (2, "header"),
        (3, "ok", ESM, date(2013, 9, 1), date(2013, 10, 1), "month"),
        (3, "ok", ESM, date(2013, 12, 1), date(2014, 1, 1), "month"),
        (4, "ok", "Webinars on CLI pillars", date(2013, 11, 12), date(2013, 11, 15), "day"),
        (5, "ok", BAN, date(2013, 12, 3), date(2013, 12, 4), "day"),
        (5, "ok", BAN, date(2013, 12, 17), date(2013, 12, 19), "day"),
        (6, "rejected", None, "has no date: no month column is marked"),
        (7, "rejected", "Oct 2013", "'maybe' is neither an X nor days of the month (12, 12-14)"),
    ]
    uids = [e.external_uid for e in plan.outcomes[2].events + plan.outcomes[4].events]
    assert uids == ["BC-1#2013-09-01", "BC-1#2013-12-01", "BC-3#2013-12-03", "BC-3#2013-12-17"]


def test_an_excel_workplan_written_with_openpyxl(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CRS Barcelona — workplan 2027"])
    sheet.append([])
    sheet.append(["Título", "Inicio", "Fin", "Tipo", "Id"])
    sheet.append(["Taller sobre plásticos", datetime(2027, 3, 12), datetime(2027, 3, 14), "taller", 101])
    sheet.append(["Seminario web COP", datetime(2027, 4, 20, 15), datetime(2027, 4, 20, 16, 30), "web", 102])
    sheet.append(["Curso (número de serie)", 46458, None, "curso", 103])
    sheet.append(["Reunión trimestral", "T2 2027", None, None, 104])
    sheet.append(["Sin fecha", None, None, None, 105])
    sheet.append([None, None, None, None, None])
    sheet.append(["Fecha imposible", "30 de febrero de 2027", None, None, 107])
    buffer = io.BytesIO()
    book.save(buffer)
    (tmp_path / "plan.xlsx").write_bytes(buffer.getvalue())
    plan = read_workplan((tmp_path / "plan.xlsx").read_bytes())
    assert (plan.mapping.title, plan.mapping.start, plan.mapping.end, plan.mapping.kind,
            plan.mapping.external_id) == ("Título", "Inicio", "Fin", "Tipo", "Id")
    assert _rows(plan) == [
        (1, "header"), (2, "blank row"), (3, "header"),
        (4, "ok", "Taller sobre plásticos", date(2027, 3, 12), date(2027, 3, 15), "day"),
        (5, "ok", "Seminario web COP", date(2027, 4, 20), date(2027, 4, 20), "timed"),
        (6, "ok", "Curso (número de serie)", date(2027, 3, 12), date(2027, 3, 13), "day"),
        (7, "ok", "Reunión trimestral", date(2027, 4, 1), date(2027, 7, 1), "month"),
        (8, "rejected", "Inicio", "has no start date"),
        (9, "blank row"),
        (10, "rejected", "Inicio", f"'30 de febrero de 2027' {NOT_A_DAY}"),
    ]
    webinar = plan.outcomes[4].events[0]
    assert (webinar.starts.hour, webinar.ends.hour, webinar.ends.minute) == (15, 16, 30)
    assert [o.events[0].external_uid for o in plan.outcomes[3:7]] == ["101", "102", "103", "104"]


def test_an_old_xls_or_a_broken_xlsx_is_refused_with_a_reason() -> None:
    with pytest.raises(InvalidInput, match="old Excel .xls file"):
        read_workplan(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    with pytest.raises(InvalidInput, match="not a readable .xlsx workbook"):
        read_workplan(b"PK\x03\x04 not really a zip")


def test_mixed_encodings_each_line_read_in_its_own() -> None:
    data = (b"Title,Date\n" + "Atelier régional,2027-03-12\n".encode()
            + "Séminaire à Genève,2027-04-12\n".encode("cp1252") + "Taller en línea,2027-05-12\n".encode())
    plan = read_workplan(data)
    titles = [e.title for e in plan.parsed().events]
    assert titles == ["Atelier régional", "Séminaire à Genève", "Taller en línea"]


def test_broken_quoting_rejects_only_its_own_line() -> None:
    data = (b'Title,Date,Notes\n'
            b'"Workshop, Panama,2027-03-12,open quote\n'
            b'Webinar,2027-04-12,fine\n'
            b'"Course"x,2027-05-12,stray text after a quote\n'
            b'Meeting,2027-06-12,"a note\n'
            b'on two lines"\n'
            b'Training,2027-07-12,\n')
    plan = read_workplan(data)
    assert [(o.row, o.status.value) for o in plan.outcomes] == [
        (1, "header"), (2, "rejected"), (3, "ok"), (4, "rejected"), (5, "ok"), (7, "ok")]
    assert plan.outcomes[1].reason == "broken quoting: a quote opened on this line is never closed"
    assert plan.outcomes[3].reason.startswith("broken quoting (")
    assert plan.outcomes[4].events[0].description == "a note\non two lines"


def test_the_row_key_without_an_id_column_is_stable_across_spellings_and_orderings() -> None:
    first = read_workplan(b"Title,Date\nAtelier  R\xc3\xa9gional,2027-03-12\nWebinar,2027-04-01\n")
    again = read_workplan(b"Date;Titre\n2027-04-01;Webinar\n12/03/2027;atelier regional\n")
    assert {e.external_uid for e in first.parsed().events} == {e.external_uid for e in again.parsed().events}
    moved = read_workplan(b"Title,Date\nAtelier regional,2027-03-13\n")
    assert moved.parsed().events[0].external_uid not in {e.external_uid for e in first.parsed().events}


DELIMITED = "Title{d}Date{d}Venue\nA{d}2027-01-05{d}Rome, Italy\nB{d}2027-01-06{d}Basel\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter(delimiter: str) -> None:
    text = DELIMITED.format(d=delimiter)
    if delimiter == ",":
        text = text.replace("Rome, Italy", '"Rome, Italy"')
    plan = read_workplan(text.encode())
    assert [(e.title, e.location) for e in plan.parsed().events] == [("A", "Rome, Italy"), ("B", "Basel")]


def test_the_preview_flags_past_rows_and_writes_nothing() -> None:
    preview = preview_workplan(ENGLISH.encode(), None, NOW.date())
    assert preview.guessed and len(preview.rows) == 9
    data = b"Title,Date\nOld workshop,2026-03-12\nToday's webinar,2026-11-21\nNext one,2027-01-10\n"
    past = preview_workplan(data, None, date(2026, 11, 21))
    assert [r.label for r in past.rows] == ["header", "ok (past)", "ok", "ok"]
    assert past.summary() == "4 rows: 3 ok (1 in the past) giving 3 events, 1 header"
    assert preview.summary() == "9 rows: 4 ok giving 4 events, 3 rejected, 1 blank row, 1 header"


def test_the_cli_prints_the_mapping_and_every_row(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_bytes(MONTH_TABLE.encode())
    result = invoke("source", "preview", "--file", str(plan))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == 'Mapping (guessed from the header row): {"title": "Activity", "external_id": "Ref",' \
                       ' "date_order": "day-first", "zone": "UTC"}'
    assert lines[1] == "Month columns: Sep 2013, Oct 2013, Nov 2013, Dec 2013"
    webinars = row_key("Webinars on CLI pillars", date(2013, 11, 12))
    table = [
        ("Row", "Outcome", "Title", "When", "Id or reason"),
        ("3", "ok (past)", "Regional workshop on the ESM of h…", "Sep 2013", "BC-1#2013-09-01"),
        ("", "", "Regional workshop on the ESM of h…", "Dec 2013", "BC-1#2013-12-01"),
        ("4", "ok (past)", "Webinars on CLI pillars", "12 – 14 Nov 2013", webinars),
        ("5", "ok (past)", "Third global workshop on the Ban …", "3 Dec 2013", "BC-3#2013-12-03"),
        ("", "", "Third global workshop on the Ban …", "17 – 18 Dec 2013", "BC-3#2013-12-17"),
    ]
    expected = [f"{r:>4}  {o:<14}  {title:<34}  {dates:<26}  {key}" for r, o, title, dates, key in table]
    assert lines[2:] == [
        expected[0], "   1  header", "   2  header", *expected[1:],
        "   6  rejected        has no date: no month column is marked",
        "   7  rejected        column 'Oct 2013': 'maybe' is neither an X nor days of the month (12, 12-14)",
        "7 rows: 3 ok (3 in the past) giving 5 events, 2 rejected, 2 headers; nothing written",
    ]
    saved = tmp_path / "mapping.json"
    saved.write_text('{"title": "ACTIVITY"}', encoding="utf-8")
    again = invoke("source", "preview", "--file", str(plan), "--mapping", str(saved))
    assert again.exit_code == 0 and again.output.startswith("Mapping (as given): {\"title\": \"ACTIVITY\"")
    wrong = invoke("source", "preview", "--file", str(plan), "--mapping", "title=Activity")
    assert wrong.exit_code != 0


def test_a_repeated_row_is_rejected_naming_the_first() -> None:
    by_title = read_workplan(b"Title,Date\nWebinar,2027-01-05\nwebinar ,05/01/2027\nWebinar,2027-01-06\n")
    assert _rows(by_title)[2] == (3, "rejected", "Title",
                                  "repeats row 2 (the title and day of the same event)")
    by_id = read_workplan(b"Ref,Title,Date\nA-1,Webinar,2027-01-05\nA-1,Workshop,2027-02-05\n")
    assert _rows(by_id)[2] == (3, "rejected", "Ref", "repeats row 2 (the id of the same event)")
    assert len(by_id.parsed().events) == 1 and by_id.parsed().rejected[0].where == "row 3, column 'Ref'"
