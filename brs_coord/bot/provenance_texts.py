"""Where an imported event comes from, on its Details card (issue 20): the partner whose calendar
it was imported from, the upstream page, when it was fetched and the upstream version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .i18n import Tr
from .text_base import h

if TYPE_CHECKING:
    from ..services.partner_sync import Provenance


def provenance_lines(t: Tr, origin: Provenance) -> list[str]:
    stamp = f"{origin.fetched_at:%Y-%m-%d %H:%M} UTC"
    parts = [t("Fetched {when}").format(when=stamp)]
    if origin.sequence is not None:
        parts.append(t("upstream version {sequence}").format(sequence=origin.sequence))
    if origin.last_modified is not None:
        changed = f"{origin.last_modified:%Y-%m-%d %H:%M} UTC"
        parts.append(t("changed upstream {when}").format(when=changed))
    centre = h(origin.centre or origin.source)
    lines = ["📥 " + t("Imported from the calendar of {centre}").format(centre=centre)]
    if origin.url.startswith(("https://", "http://")):
        lines.append(t("Upstream page: {url}").format(url=h(origin.url)))
    return [*lines, " · ".join(parts)]
