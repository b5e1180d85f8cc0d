"""Participants of the bot: who they are, their settings, their personal feed token, forgetting them."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones

from ..domain import Audience, City, Country, Programme, Region
from ..errors import InvalidInput, NotFound
from ..languages import CODES, DEFAULT, interface_language
from ..records import Participant
from ..repositories import Participants
from ..store import Store
from ..zones import is_valid_timezone

__all__ = ["Choices", "Participant", "ParticipantService", "find_timezones", "language_for"]
LANGUAGES = CODES
DEFAULT_LANGUAGE = DEFAULT


def language_for(code: str | None) -> str:
    """A supported language for a Telegram ``language_code`` ("fr-CA" → fr; unknown → en)."""
    base = (code or "").split("-")[0].split("_")[0].lower()
    return interface_language(base)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(plain.replace("_", " ").replace("-", " ").split())


_AREAS = ("Africa/", "America/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
# Cities people type that are not zone names (en, fr, es spellings).
CITY_ZONES = {
    "geneva": "Europe/Zurich", "geneve": "Europe/Zurich", "ginebra": "Europe/Zurich",
    "bern": "Europe/Zurich", "berne": "Europe/Zurich", "londres": "Europe/London",
    "rome": "Europe/Rome", "roma": "Europe/Rome", "bruxelles": "Europe/Brussels",
    "new york": "America/New_York", "nueva york": "America/New_York", "washington": "America/New_York",
    "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata",
    "beijing": "Asia/Shanghai", "pekin": "Asia/Shanghai", "brasilia": "America/Sao_Paulo",
    "pretoria": "Africa/Johannesburg", "le caire": "Africa/Cairo", "el cairo": "Africa/Cairo",
    "ciudad de mexico": "America/Mexico_City", "mexico": "America/Mexico_City",
    "san jose": "America/Costa_Rica", "montevideo": "America/Montevideo", "moscou": "Europe/Moscow",
}


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if z.startswith(_AREAS)))


def find_timezones(text: str, limit: int = 8) -> list[str]:
    """IANA zones matching a typed zone or city name ("Geneva"? no zone: only real city names match)."""
    wanted = text.strip()
    if not wanted or len(wanted) > 64:
        return []
    if is_valid_timezone(wanted) and "/" in wanted or wanted.upper() == "UTC":
        return ["UTC" if wanted.upper() == "UTC" else wanted]
    folded = _fold(wanted)
    if folded in CITY_ZONES:
        return [CITY_ZONES[folded]]
    exact = [z for z in _zones() if _fold(z.rsplit("/", 1)[-1]) == folded or _fold(z) == folded]
    if exact:
        return exact[:limit]
    if len(folded) < 3:
        return []
    return [z for z in _zones() if _fold(z.rsplit("/", 1)[-1]).startswith(folded)][:limit]


@dataclass(frozen=True)
class Choices:
    """The catalogue entries a participant picks from (loaded once per process)."""

    audiences: tuple[Audience, ...]
    regions: tuple[Region, ...]
    countries: tuple[Country, ...]
    programmes: tuple[Programme, ...]
    cities: tuple[City, ...] = ()

    def country(self, code: str) -> Country | None:
        return next((c for c in self.countries if c.code == code), None)

    def city(self, slug: str) -> City | None:
        return next((c for c in self.cities if c.slug == slug), None)

    def audience(self, slug: str) -> Audience | None:
        return next((a for a in self.audiences if a.slug == slug), None)


class ParticipantService:
    """Use cases on the participant record; every method is synchronous (call it off the event loop)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._repo: Participants = store.participants
        self._choices: Choices | None = None

    def get(self, telegram_id: int) -> Participant | None:
        return self._repo.by_telegram_id(telegram_id)

    def get_or_create(
        self, telegram_id: int, *, chat_id: int | None, first_name: str = "", language_code: str | None = None
    ) -> Participant:
        """The participant for a Telegram user, created with defaults on first contact."""
        found = self._repo.by_telegram_id(telegram_id)
        if found is None:
            return self._repo.create(
                telegram_id, chat_id=chat_id, first_name=first_name, language=language_for(language_code)
            )
        if chat_id is not None and found.chat_id != chat_id:
            found = self._repo.update(found.id, chat_id=chat_id)
        if not found.active:  # blocked the bot earlier (403), now writes again: notices resume
            found = self._repo.update(found.id, active=True)
        return found

    def _require(self, telegram_id: int) -> Participant:
        found = self._repo.by_telegram_id(telegram_id)
        if found is None:
            raise NotFound("You are not registered with the bot yet; send /start")
        return found

    def set_language(self, telegram_id: int, language: str) -> Participant:
        if language not in LANGUAGES:
            raise InvalidInput(f"Unsupported language {language!r}", field="language")
        return self._repo.update(self._require(telegram_id).id, language=language)

    def set_timezone(self, telegram_id: int, zone: str) -> Participant:
        if not (zone == "UTC" or is_valid_timezone(zone)):
            raise InvalidInput(f"Unknown time zone {zone!r}", field="timezone")
        return self._repo.update(self._require(telegram_id).id, timezone=zone)

    def set_country(self, telegram_id: int, code: str | None) -> Participant:
        if code is not None and self.choices().country(code) is None:
            raise InvalidInput(f"Unknown country {code!r}", field="country")
        return self._repo.update(self._require(telegram_id).id, country=code)

    def set_audience(self, telegram_id: int, slug: str | None) -> Participant:
        audience_id = self._repo.audience_id(slug) if slug else None
        return self._repo.update(self._require(telegram_id).id, audience_id=audience_id)

    def feed_token(self, telegram_id: int) -> str:
        """The participant's personal feed token, made on first use (≥ 128 bits, URL-safe)."""
        participant = self._require(telegram_id)
        if participant.feed_token:
            return participant.feed_token
        return self.reset_feed_token(telegram_id)

    def reset_feed_token(self, telegram_id: int) -> str:
        """Revoke the old personal feed link and make a new one."""
        token = secrets.token_urlsafe(24)
        self._repo.set_feed_token(self._require(telegram_id).id, token)
        return token

    def by_feed_token(self, token: str) -> Participant | None:
        return self._repo.by_feed_token(token)

    def serves_personal_feed(self, token: str) -> bool:
        """True while ``token`` is the live feed token of an active participant: False once it was
        reset (``/feeds reset``) or forgotten (``/forget``). One indexed lookup, asked on every request."""
        found = self._repo.by_feed_token(token) if token else None
        return found is not None and found.active

    def forget(self, telegram_id: int) -> bool:
        """Delete everything stored about the participant (registrations, reminders, subscriptions,
        notices, the feed token); False when nothing was stored."""
        found = self._repo.by_telegram_id(telegram_id)
        if found is None:
            return False
        self._repo.delete(found.id)
        return True

    def choices(self) -> Choices:
        if self._choices is None:
            cat = self._store.catalogue
            self._choices = Choices(
                tuple(cat.audiences()), tuple(cat.regions()), tuple(cat.countries()), tuple(cat.programmes()),
                tuple(cat.cities()),
            )
        return self._choices

    def find_countries(self, text: str, limit: int = 8) -> list[Country]:
        """Countries whose name, code or alias (any language) matches the typed text."""
        folded = _fold(text)
        if len(folded) < 2:
            return []
        found: list[Country] = []
        for country in self.choices().countries:
            names = [country.name, country.code, *country.names.values()]
            names += [a for values in country.aliases.values() for a in values]
            folded_names = [_fold(n) for n in names]
            if folded in folded_names:
                return [country]
            if any(n.startswith(folded) for n in folded_names) and len(folded) >= 3:
                found.append(country)
        return found[:limit]
