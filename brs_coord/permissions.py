"""Who may do what: the staff roles, the actions they are checked for, and ONE table between them.

Pure (no I/O): the services ask ``require(actor, action, ...)`` at every mutating entry point; the
faces ask ``may`` to grey what the acting person's role lacks. The words of the roles and actions
are gettext message ids (``N_``): the refusal is worded in English here and in a face's language by
``PermissionDenied.words``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .errors import PermissionDenied


def N_(text: str) -> str:
    """Mark ``text`` for the catalogues (translated where it is shown)."""
    return text


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    CENTRE_EDITOR = "centre-editor"
    ME_OFFICER = "me-officer"
    VIEWER = "viewer"


ROLE_NAMES: dict[Role, str] = {  # one person's role, as shown ("alice · centre editor")
    Role.ADMIN: N_("secretariat admin"),
    Role.EDITOR: N_("secretariat editor"),
    Role.CENTRE_EDITOR: N_("centre editor"),
    Role.ME_OFFICER: N_("M&E officer"),
    Role.VIEWER: N_("viewer"),
}

ROLE_PLURALS: dict[Role, str] = {  # the roles of a refusal ("only secretariat admins may …")
    Role.ADMIN: N_("secretariat admins"),
    Role.EDITOR: N_("secretariat editors"),
    Role.CENTRE_EDITOR: N_("centre editors"),
    Role.ME_OFFICER: N_("M&E officers"),
    Role.VIEWER: N_("viewers"),
}

OWN_CENTRE_EDITORS = N_("centre editors of the organising centre")
REFUSAL = N_("Not allowed: only {roles} may {action}")
BOTH = N_("{first} and {last}")


class Action(StrEnum):
    """What a mutating service call does; the value is the refusal's words ("may <value>")."""

    EDIT_EVENTS = N_("create or change events")
    APPROVE_PROPOSALS = N_("approve or return proposals")
    MOVE_TO_PROGRAMME = N_("move events into another's programme")
    EDIT_CATALOGUE = N_("change the catalogue")
    RECORD_ATTENDANCE = N_("record attendance")
    EDIT_RESULTS = N_("change indicators and results records")
    LOCK_PERIODS = N_("lock reporting periods")
    MANAGE_CERTIFICATES = N_("revoke certificates")
    MESSAGE_REGISTRANTS = N_("message registrants")
    MANAGE_OUTBOX = N_("retry notices")
    MANAGE_STAFF = N_("manage staff")
    ADD_DEMO = N_("add the demo calendar")  # hundreds of events, participants, results: not for a live list
    RESTORE_BACKUP = N_("replace the database with a backup")  # everyone's changes since, the staff list too
    MANAGE_SOURCES = N_("manage partner calendars and review their changes")


_EVERY_EDITOR = frozenset({Role.ADMIN, Role.EDITOR})
_RECORDS = frozenset({Role.ADMIN, Role.ME_OFFICER})  # attendance, indicators, results, locks

# THE table. A centre editor's EDIT_EVENTS is limited to events organised by their centres
# (``require(..., organisers=...)``); everything else is by role alone.
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.EDIT_EVENTS: _EVERY_EDITOR | {Role.CENTRE_EDITOR},
    Action.APPROVE_PROPOSALS: _EVERY_EDITOR,
    Action.MOVE_TO_PROGRAMME: _EVERY_EDITOR,
    Action.EDIT_CATALOGUE: _EVERY_EDITOR,
    Action.RECORD_ATTENDANCE: _RECORDS,
    Action.EDIT_RESULTS: _RECORDS,
    Action.LOCK_PERIODS: _RECORDS,
    Action.MANAGE_CERTIFICATES: _RECORDS,
    Action.MESSAGE_REGISTRANTS: _EVERY_EDITOR | {Role.CENTRE_EDITOR},
    Action.MANAGE_OUTBOX: _EVERY_EDITOR,
    Action.MANAGE_STAFF: frozenset({Role.ADMIN}),
    Action.ADD_DEMO: frozenset({Role.ADMIN}),
    Action.RESTORE_BACKUP: frozenset({Role.ADMIN}),
    Action.MANAGE_SOURCES: _EVERY_EDITOR,  # what a sync writes is the Secretariat's calendar
}

# Actions whose events a centre editor may touch only when their centres organise them.
CENTRE_LIMITED = frozenset({Action.EDIT_EVENTS, Action.MESSAGE_REGISTRANTS})
ROLE_ORDER = tuple(Role)
TELEGRAM_ID_MAX = 2**63 - 1  # a person's Telegram id is positive (negative ids are chats); SQLite's range


@dataclass(frozen=True)
class StaffMember:
    """A person on the staff list (or, ``listed`` False, a login that is not: a viewer)."""

    login: str
    role: Role
    display_name: str = ""
    centres: tuple[str, ...] = ()  # centre slugs (a centre editor's)
    telegram_id: int | None = None
    added_by: str = ""
    added_at: datetime | None = None
    listed: bool = True
    grants: frozenset[Action] | None = None  # a system actor's actions, whatever its role (system_actor)

    @property
    def name(self) -> str:
        return self.display_name or self.login


def unlisted(login: str) -> StaffMember:
    """The acting person of a login not on the staff list: a viewer."""
    return StaffMember(login=login, role=Role.VIEWER, listed=False)


def system_actor(login: str, actions: Iterable[Action]) -> StaffMember:
    """A job of a process acting on its own (no person): it may do exactly ``actions``, its login
    (recorded as 'changed by') says what it is. Never on the staff list, never a role to give."""
    return StaffMember(login=login, role=Role.VIEWER, listed=False, grants=frozenset(actions))


# The bot's periodic partner-calendar sync: manages the sources, and writes the events a trusted
# source brings (as `brs-coord source sync` run by a secretariat editor would).
SCHEDULED_SYNC = system_actor("bot (scheduled sync)", (Action.MANAGE_SOURCES, Action.EDIT_EVENTS))


def allowed_roles(action: Action) -> tuple[Role, ...]:
    return tuple(role for role in ROLE_ORDER if role in ALLOWED[action])


def may(role: Role, action: Action) -> bool:
    """Whether ``role`` may do ``action`` at all (for a centre editor: on some event of theirs)."""
    return role in ALLOWED[action]


def may_for(actor: StaffMember, action: Action, organisers: Iterable[str | None] = ()) -> bool:
    """Whether ``actor`` may do ``action`` on events organised by ``organisers`` (centre slugs, None:
    the Secretariat); a centre editor only on their centres' events; a system actor its grants."""
    if actor.grants is not None:
        return action in actor.grants
    if actor.role not in ALLOWED[action]:
        return False
    if actor.role is Role.CENTRE_EDITOR and action in CENTRE_LIMITED:
        return all(organiser in actor.centres for organiser in organisers)
    return True


def require(actor: StaffMember, action: Action, organisers: Iterable[str | None] = ()) -> StaffMember:
    """``actor`` when they may do ``action`` (on events of ``organisers``), else PermissionDenied."""
    organisers = tuple(organisers)
    if may_for(actor, action, organisers):
        return actor
    roles = allowed_roles(action)
    words = [ROLE_PLURALS[role] for role in roles if role is not Role.CENTRE_EDITOR]
    if Role.CENTRE_EDITOR in roles:
        words.append(OWN_CENTRE_EDITORS if action in CENTRE_LIMITED else ROLE_PLURALS[Role.CENTRE_EDITOR])
    raise PermissionDenied(refusal_words(tuple(words), action.value), tuple(words), action.value)


def refusal_words(roles: tuple[str, ...], action: str, translate: Callable[[str], str] = str) -> str:
    """'Not allowed: only secretariat admins and secretariat editors may change the catalogue', in
    the language of ``translate`` (a gettext; the default keeps the English)."""
    names = [translate(role) for role in roles]
    listed = names[0] if len(names) == 1 else translate(BOTH).format(
        first=", ".join(names[:-1]), last=names[-1])
    return translate(REFUSAL).format(roles=listed, action=translate(action))


def needs_proposal(actor: StaffMember, programme_organisers: Iterable[str | None] | None) -> bool:
    """Whether an event ``actor`` saves for a programme is a proposal that waits for approval.

    The data model gives events an organiser (a centre, or None: the Secretariat) and programmes
    none, so a programme is the Secretariat's unless its events say otherwise: a centre editor's
    event goes straight in when it has no programme, or when every event of its programme so far
    (``programme_organisers``, not counting waiting proposals) is organised by one of their own
    centres; a programme with no event yet, one the Secretariat organises events in, or another
    centre's is proposed. Other roles never propose."""
    if actor.role is not Role.CENTRE_EDITOR or programme_organisers is None:
        return False
    organisers = set(programme_organisers)
    return not organisers or not organisers <= set(actor.centres)


def role_line(actor: StaffMember, centre_names: Iterable[str] = ()) -> str:
    """'alice · centre editor, CRC Senegal' (English; the TUI words it in its own language)."""
    names = ", ".join(centre_names)
    return f"{actor.name} · {ROLE_NAMES[actor.role]}" + (f", {names}" if names else "")
