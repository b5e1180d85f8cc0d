"""A partner-calendar scene for the TUI tests and snapshots: two sources served through the fetch
seam (bytes published by the test, as the hardened HTTP fetcher would return them), synced, one
event edited by staff, and a review queue holding a change with a locked field, a cancellation
and a new event."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from brs_coord.partner_records import PartnerSource, PartnerSourceData, SourceKind
from brs_coord.partners.fetched import FetchResult
from brs_coord.services import Services
from tests.partner_sync_helpers import AUDIENCE, CORPUS

CENTRE_URL = "https://bcrc-uruguay.example.org/events/?ical=1"
INDICO_URL = "https://indico.example.org/export/categ/12.json"


@dataclass
class Published:
    """What each address answers now (the test publishes a new version by assigning to it)."""

    bodies: dict[str, bytes] = field(default_factory=dict)
    requests: int = 0

    def __call__(self, source: PartnerSource) -> FetchResult:
        self.requests += 1
        return FetchResult(200, self.bodies[source.location])


def feed(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nMETHOD:PUBLISH\r\n"
            + "".join(events) + "END:VCALENDAR\r\n").encode()


def vevent(uid: str, start: str, title: str, *, sequence: int = 0, status: str = "CONFIRMED",
           description: str = "") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\nDTSTART:{start}\r\nDURATION:PT3H\r\n"
            f"SEQUENCE:{sequence}\r\nSTATUS:{status}\r\nDESCRIPTION:{description}\r\n"
            "LAST-MODIFIED:20261120T080000Z\r\nEND:VEVENT\r\n")


FIRST = feed(
    vevent("pops-1@bcrc", "20261210T130000Z", "Training on POPs inventories", description="Day one."),
    vevent("pcb-2@bcrc", "20270301T140000Z", "Webinar on PCBs"),
)
SECOND = feed(  # the training moved by two days and retitled upstream; the webinar cancelled; one new
    vevent("pops-1@bcrc", "20261212T130000Z", "Training on POPs inventories (Latin America)", sequence=1,
           description="Two days, in Montevideo."),
    vevent("pcb-2@bcrc", "20270301T140000Z", "Webinar on PCBs", sequence=1, status="CANCELLED"),
    vevent("hg-3@bcrc", "20270420T150000Z", "Mercury waste clinic"),
)
STAFF_TITLE = "Training on POPs inventories (in Spanish)"


def partner_scene(services: Services) -> Published:
    """The scene above, the clock three hours on so the queue's ages read "3 h"."""
    published = Published({CENTRE_URL: FIRST, INDICO_URL: (CORPUS / "indico_category.json").read_bytes()})
    sync = services.partner_sync
    sync.fetch = published
    centre = sync.add_source(PartnerSourceData(kind=SourceKind.ICS, centre="bcrc-uruguay", url=CENTRE_URL,
                                               audiences=(AUDIENCE,), timezone="America/Montevideo"))
    indico = sync.add_source(PartnerSourceData(kind=SourceKind.INDICO, centre="bcrc-china", url=INDICO_URL,
                                               trusted=True, audiences=(AUDIENCE,)))
    sync.sync(centre.id)
    sync.apply_all()
    sync.sync(indico.id)
    links = services.store.partner_sources.links(centre.id)
    [link] = [lk for lk in links if lk.external_uid == "pops-1@bcrc"]
    event = services.scheduling.get(link.event_id)
    services.scheduling.update(event.id, replace(event.data(), title=STAFF_TITLE),
                               expected_version=event.version)
    published.bodies[CENTRE_URL] = SECOND
    services.clock.advance(timedelta(hours=3))  # type: ignore[attr-defined]
    sync.sync(centre.id)
    services.clock.advance(timedelta(hours=3))  # type: ignore[attr-defined]
    return published
