"""Time-zone names: which ones brs-coord accepts (one rule for every face, the settings included)."""

from __future__ import annotations

import functools
import zoneinfo

NAME_MAX = 64
# In the zone database but no place's zone: "localtime" follows the machine it runs on, "Factory" is a
# placeholder. Accepting them would make the same name mean different things on different machines.
NOT_PLACES = frozenset({"localtime", "Factory"})


@functools.cache
def known_zones() -> frozenset[str]:
    """The IANA zone names this machine knows (read once; about 600)."""
    return frozenset(zoneinfo.available_timezones() - NOT_PLACES)


def is_valid_timezone(name: object) -> bool:
    """True when ``name`` is an IANA zone such as "Europe/Zurich" or "UTC".

    A folder of the zone database ("Asia", "America") is no zone, nor is a name with surrounding
    spaces: both are refused here rather than failing later inside zoneinfo.
    """
    if not isinstance(name, str) or not name or len(name) > NAME_MAX or name != name.strip():
        return False
    if name in NOT_PLACES:
        return False
    try:  # loads one zone file; listing every zone (known_zones) would walk the whole database
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False  # unknown, a folder ("Asia": IsADirectoryError) or not a zone file ("zone.tab")
    return True
