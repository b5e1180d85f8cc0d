"""Building every catalogue feed in one pass over the store, with the memory of the last build
(see feed_plan): membership is read first, from an index, without VEVENT text; a feed whose
signature the caller already holds is not assembled again; VEVENTs are read (from the memory, else
the store's cache) only for the feeds to assemble. A build with ``late`` VEVENTs keeps only their
digests and sizes and hands out feeds whose VEVENT bytes are read when asked for (feed_parts: the
feed server compresses only the segments that changed, so it reads only their VEVENTs)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from ..domain import EventQuery
from ..ics import CalendarMeta, Names
from ..records import FeedMember, parse_iso_utc
from ..store import FeedReads
from .feed_model import FeedDocument, FeedOptions, FeedSpec, Progress, compose, vevent_digest
from .feed_parts import READ_BATCH, LazyVevents
from .feed_plan import (
    CataloguePlan,
    FeedMemory,
    FeedPlan,
    Member,
    Window,
    keeper,
    plan_feeds,
    remembered,
    replan,
)
from .feed_specs import catalogue_specs
from .feed_vevents import VeventCache

Known = Mapping[str, Mapping[str, object]]  # feed name → what the caller holds: signature, etag, updated


class CatalogueBuild:
    """One build of every catalogue feed from the store's ``reads`` at one state of the store."""

    def __init__(
        self, reads: FeedReads, vevents: VeventCache, options: FeedOptions, names: Names,
        meta_of: Callable[[FeedSpec], CalendarMeta], *, late: bool = False,
    ) -> None:
        self._meta_of = meta_of
        self._late = late
        self._reads = reads
        self._vevents = vevents
        self._options = options
        self._names = names

    def documents(
        self, counter: int, now: datetime, query: EventQuery, memory: FeedMemory | None, known: Known,
        progress: Progress | None = None, on_built: Callable[[FeedDocument], object] | None = None,
    ) -> tuple[list[FeedDocument], FeedMemory | None]:
        """Every catalogue feed (index order) and the memory to keep; ``counter`` is the store's
        change counter read before anything else, ``query`` the window at ``now``. A feed whose
        members (id, version, last change) and header match its ``known`` signature comes back with
        an empty body and the known ETag (``reused``); ``on_built`` gets each assembled document
        (then returned without its body: the caller keeps what it needs of the bytes)."""
        options, names = self._options, self._names
        window = Window(
            now - timedelta(days=options.past_days), now - timedelta(days=options.cancelled_grace_days)
        )
        digest = names.digest(options.alarm_minutes, options.refresh)
        key = (counter, digest, options)
        if memory is not None and memory.answers(key, window):
            catalogue, members = memory.catalogue, dict(memory.members)
            window = memory.window
        else:
            kept = memory if memory is not None and memory.same_names(key) else None
            rows = self._reads.members(query, now, keeper(window.cutoff, kept.catalogue.rows if kept else ()))
            if kept is not None:  # plans and VEVENTs depend on names
                catalogue = self._catalogue(rows, kept.catalogue, digest)
                members = kept.members_for(rows)
            else:
                catalogue, members = self._catalogue(rows, None, digest), {}
        plans = catalogue.plans
        to_build = [plan for plan in plans if _known_signature(known, plan) != plan.signature]
        self._read_vevents(catalogue, to_build, members)
        building = {plan.spec.name for plan in to_build}
        documents: list[FeedDocument] = []
        for done, plan in enumerate(plans, 1):
            if plan.spec.name not in building:
                previous = known[plan.spec.name]
                updated = previous.get("updated")  # ISO text in the caller's export state
                documents.append(_document_of(
                    plan, (), str(previous["etag"]), parse_iso_utc(str(updated)) if updated else None,
                    reused=True,
                ))
            else:
                chosen = [members[event_id] for event_id in plan.ids]
                known_digests = [member.digest for member in chosen]
                vevents: Sequence[bytes] = (
                    LazyVevents(plan.ids, known_digests, [m.size for m in chosen], self._loader(members))
                    if self._late else [member.vevent or b"" for member in chosen]
                )
                parts, digests, etag = compose(plan.meta, plan.zones, plan.years, vevents, known_digests)
                document = _document_of(plan, parts, etag, plan.updated, digests=digests)
                if on_built is not None:
                    on_built(document)
                    # the caller has the bytes (and the parts hold the members' VEVENTs)
                    document = replace(document, parts=(), digests=())
                documents.append(document)
            if progress is not None:
                progress(done, len(plans))
        return documents, remembered(key, window, catalogue, members)

    def _catalogue(
        self, rows: Sequence[FeedMember], previous: CataloguePlan | None, digest: str
    ) -> CataloguePlan:
        """The plan of every catalogue feed: the previous one patched when events only changed in
        place, else made again (links of unchanged events taken from the previous one)."""
        reads = self._reads
        if previous is not None:
            changed = previous.changed(rows)
            if changed is not None:
                links = reads.links([rows[position].id for position in changed])
                patched = replan(previous, rows, changed, links, digest)
                if patched is not None:
                    return patched
        links = previous.links_of(rows) if previous is not None else {}
        links.update(reads.links([row.id for row in rows if row.id not in links]))
        specs = catalogue_specs(self._names)
        metas = {spec.name: self._meta_of(spec) for spec in specs}
        return plan_feeds(specs, metas, rows, [links[row.id] for row in rows], digest)

    def _read_vevents(
        self, catalogue: CataloguePlan, plans: Sequence[FeedPlan], members: dict[int, Member]
    ) -> None:
        """Add to ``members`` the digest and size (and, unless ``late``, the bytes) of the VEVENT of
        every event of ``plans`` not there yet (or there without bytes when bytes are wanted)."""
        late = self._late
        wanted = sorted({position for plan in plans for position, event_id in zip(
            plan.positions, plan.ids, strict=True)
            if (member := members.get(event_id)) is None or (member.vevent is None and not late)})
        rows = [catalogue.rows[position] for position in wanted]
        # late: read a batch at a time and keep no bytes; else in one go (one pass over the cache)
        step = READ_BATCH if late else max(len(rows), 1)
        for start in range(0, len(rows), step):
            batch = rows[start : start + step]
            identities = [(row.id, row.version, row.updated_at) for row in batch]
            found = self._vevents.public_bytes(identities, self._names)
            for row in batch:
                vevent = found[row.id]
                members[row.id] = Member(
                    row.uid, row.version, row.updated_at, None if late else vevent, vevent_digest(vevent),
                    len(vevent),
                )

    def _loader(self, members: Mapping[int, Member]) -> Callable[[Sequence[int]], list[bytes]]:
        """Reads the VEVENT bytes of events of ``members`` from the store's cache, by id, in order."""
        vevents, names = self._vevents, self._names

        def load(ids: Sequence[int]) -> list[bytes]:
            found: list[bytes] = []
            for start in range(0, len(ids), READ_BATCH):
                chunk = ids[start : start + READ_BATCH]
                wanted = [(i, members[i].version, members[i].updated_at) for i in chunk]
                got = vevents.public_bytes(wanted, names)
                found += [got[i] for i in chunk]
            return found

        return load


def _known_signature(known: Known, plan: FeedPlan) -> object:
    entry = known.get(plan.spec.name)
    return entry.get("signature") if entry is not None else None


def _document_of(
    plan: FeedPlan, parts: Sequence[bytes], etag: str, updated: datetime | None, *, reused: bool = False,
    digests: tuple[bytes, ...] = (),
) -> FeedDocument:
    return FeedDocument(
        plan.spec.name, parts, etag, len(plan.ids), updated,
        plan.meta.name, plan.meta.description, plan.spec.group, plan.signature, reused, digests,
    )
