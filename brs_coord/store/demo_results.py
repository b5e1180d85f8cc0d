"""The results framework in the demo: demo events tagged with the indicators their programme serves,
Party status for the catalogue's countries, and a few evidence rows, so the indicators screen and
`brs-coord report` show figures on first launch. All of it is demo: the Party dates are not real
(only the United States' non-Party status is), and the rows are written by ``DEMO_BY``."""

from __future__ import annotations

from datetime import date, timedelta

from ..results import Evidence, PartyRecord, Period
from .results import ResultsRepository
from .session import Session

DEMO_BY = "brs-coord demo"
DEMO_PARTY_SINCE = date(2005, 1, 1)
NON_PARTIES = ("US",)  # a State Party to none of the three conventions
UNRECORDED = ("SS",)  # left without a status, to show the line a report keeps for them
CONVENTIONS = ("basel", "rotterdam", "stockholm")

# The indicators each programme's activities serve (by the plan's section V).
PROGRAMME_INDICATORS: dict[str, tuple[str, ...]] = {
    "country-led-initiative": ("BC-1-i", "BC-1-iv"),
    "national-action-plans": ("RC-1-iii",),
    "nip-updating": ("SC-2-i",),
    "emergency-mechanism": ("CC-1-x",),
    "e-waste": ("BC-1-v", "BC-2-iii", "BC-2-vi"),
    "used-batteries": ("BC-2-iii",),
    "mercury-wastes": ("BC-2-iii",),
    "ship-dismantling": ("BC-2-iii",),
    "used-oils": ("BC-2-iii",),
    "waste-tyres": ("BC-2-iii",),
    "co-processing-cement-kilns": ("BC-2-iii", "SC-2-iv"),
    "pops-wastes": ("BC-2-iii", "SC-2-iii"),
    "pops-in-articles": ("SC-2-i",),
    "unintentional-pops-toolkit": ("SC-2-iii",),
    "pesticide-alternatives": ("RC-1-iv", "SC-2-ii"),
    "shpf": ("RC-2-v",),
    "industrial-chemicals": ("RC-1-iv",),
    "clearing-house-mechanism": ("CC-1-i",),
    "national-reporting": ("BC-2-v", "CC-1-v"),
    "scientific-bodies": ("CC-1-vii",),
    "customs-training": ("BC-1-i", "CC-1-iii"),
    "resource-mobilization": ("CC-2-ii",),
    "national-coordination": ("CC-1-ii", "CC-1-ix"),
    "regional-centres": ("CC-2-i",),
}
PILOT_INDICATORS = {"basel": "BC-2-ii", None: "BC-1-iii"}


def add_demo_results(session: Session, today: date) -> int:
    """Tag the untagged demo events, record Party status and evidence once; returns the tags added."""
    results = ResultsRepository(session)
    db = session.db
    rows = list(db.query(
        "SELECT e.id, e.kind, p.slug AS programme,"
        " (SELECT group_concat(v.slug) FROM event_conventions ec JOIN conventions v"
        "  ON v.id = ec.convention_id WHERE ec.event_id = e.id) AS conventions"
        " FROM events e LEFT JOIN programmes p ON p.id = e.programme_id"
        " WHERE e.is_demo = 1 AND e.id NOT IN (SELECT event_id FROM event_results)"
    ))
    added = 0
    with session.transaction():
        for row in rows:
            codes = list(PROGRAMME_INDICATORS.get(row["programme"] or "", ()))
            if row["kind"] == "pilot-project":
                basel = "basel" in (row["conventions"] or "").split(",")
                codes.append(PILOT_INDICATORS["basel" if basel else None])
            if codes:
                results.set_tags(int(row["id"]), codes)
                added += len(codes)
        if not results.party_statuses():
            countries = [r["code"] for r in db.query("SELECT code FROM countries ORDER BY code")]
            results.set_party_status(
                [PartyRecord(code, convention, None if code in NON_PARTIES else DEMO_PARTY_SINCE)
                 for code in countries if code not in UNRECORDED for convention in CONVENTIONS],
                DEMO_BY,
            )
            _add_evidence(results, today)
    return added


def _add_evidence(results: ResultsRepository, today: date) -> None:
    """A few facts of the current biennium that staff would record (dated in its past)."""
    period = Period.biennium_of(today)
    span = max(0, (min(today, period.end) - period.start).days)
    for share, code, country, reference in (
        (0.2, "SC-1-ii", "KE", "NIP of Kenya, revised (demo)"),
        (0.4, "SC-1-ii", "UY", "NIP of Uruguay, updated for new POPs (demo)"),
        (0.5, "RC-2-iv", "SN", "Import responses for three Annex III chemicals (demo)"),
        (0.6, "RC-1-ii", None, "Guidance on bridging information in English, French and Spanish (demo)"),
        (0.7, "CC-1-i", None, "Needs assessment database updated (demo)"),
    ):
        day = period.start + timedelta(days=int(span * share))
        results.add_evidence(Evidence(code, day, country, reference, "demo"), DEMO_BY)
