"""Who a request comes from: the one configured header, believed only from a trusted proxy's address
(and, with a key file, only when the proxy signed it). Everything else is refused with a reason."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

from ..config_remote import WebSettings
from ..identity import valid_login
from ..web_session import signed_header_login


@dataclass(frozen=True)
class Refusal:
    """Why a request gets no session (shown on the 403 page)."""

    reason: str


def _trusted(remote: str | None, proxies: tuple[str, ...]) -> bool:
    if not remote:
        return False
    try:
        address = ipaddress.ip_address(remote.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def request_login(remote: str | None, headers: Mapping[str, str], settings: WebSettings,
                  header_key: bytes | None) -> str | Refusal:
    """The signed-in user of a request from ``remote`` with ``headers``, or why there is none."""
    if not _trusted(remote, settings.trusted_proxies):
        return Refusal(f"this server only serves requests through its sign-in proxy, "
                       f"not from {remote or 'an unknown address'}")
    value = headers.get(settings.user_header, "").strip()
    if not value:
        return Refusal(f"the sign-in proxy did not name a user (no {settings.user_header} header)")
    if header_key is not None:
        login = signed_header_login(value, header_key)
        if login is None:
            return Refusal(f"the {settings.user_header} header is not signed with this server's key")
        return login
    if not valid_login(value):
        return Refusal(f"the {settings.user_header} header does not hold a login name")
    return value
