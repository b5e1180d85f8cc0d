"""Helpers of the partner-sync tests: sources over files in the test's directory, and counts over
the store (duplicates, events of a source)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from brs_coord.partner_records import PartnerSource, PartnerSourceData, SourceKind
from brs_coord.services import Services

CORPUS = Path(__file__).parent / "partner_corpus"
AUDIENCE = "regional-centres"


def add_file_source(services: Services, path: Path, name: str, *, kind: SourceKind = SourceKind.ICS,
                    centre: str = "bcrc-uruguay", trusted: bool = False, zone: str = "UTC") -> PartnerSource:
    """A source reading ``path``, first holding the corpus file ``name``."""
    shutil.copyfile(CORPUS / name, path)
    return services.partner_sync.add_source(PartnerSourceData(
        kind=kind, centre=centre, file=str(path), trusted=trusted, audiences=(AUDIENCE,), timezone=zone))


def publish(path: Path, name: str) -> None:
    shutil.copyfile(CORPUS / name, path)


def linked_titles(services: Services, source_id: int) -> Counter[tuple[str, str]]:
    """(title, status) of every live event linked to the source, counted (a duplicate counts 2)."""
    counts: Counter[tuple[str, str]] = Counter()
    for link in services.store.partner_sources.links(source_id):
        event = services.scheduling.get(link.event_id)
        counts[(event.title, event.status.value)] += 1
    return counts


def duplicates(services: Services, source_id: int) -> list[str]:
    """Titles linked more than once among the source's events not cancelled."""
    live = Counter(title for (title, status), n in linked_titles(services, source_id).items()
                   for _ in range(n) if status != "cancelled")
    return [title for title, n in live.items() if n > 1]
