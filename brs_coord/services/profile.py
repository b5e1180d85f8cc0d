"""What a participant saved that a personal question ("anything for me?") is answered from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..facets import AUDIENCE, COUNTRY, LANGUAGE

if TYPE_CHECKING:  # a question reads no participant's record unless one is named
    from ..records import Participant


@dataclass(frozen=True)
class Profile:
    """A participant's saved choices as facet filters: facet field -> slugs (empty: not set).

    Adding a facet to personal answers is one line of ``of``."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def of(cls, participant: Participant | None) -> Profile:
        """The profile of a participant (none: an empty profile, every part unset)."""
        if participant is None:
            return cls(((AUDIENCE.plural, ()), (COUNTRY.plural, ()), (LANGUAGE.plural, ())))
        return cls((
            (AUDIENCE.plural, (participant.audience,) if participant.audience else ()),
            (COUNTRY.plural, (participant.country,) if participant.country else ()),
            (LANGUAGE.plural, (participant.language,) if participant.language else ()),
        ))

    def chosen(self) -> dict[str, tuple[str, ...]]:
        """The facet filters that are set."""
        return {name: slugs for name, slugs in self.filters if slugs}

    def unset(self) -> tuple[str, ...]:
        """The facet fields that are not set."""
        return tuple(name for name, slugs in self.filters if not slugs)
