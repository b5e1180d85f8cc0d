"""What the acting person's role lets them reach in the TUI: the footer greys the keys of actions
the role lacks (``check_action`` returning None), and the header says who you are.

The rules themselves are brs_coord/permissions.py's (the services check every call again); this
module only names which screen action needs which permission."""

from __future__ import annotations

from collections.abc import Iterable

from ..permissions import ROLE_NAMES, Action, StaffMember, may, may_for

_EVENT_EDITS = ("new", "new_series", "edit", "duplicate", "reschedule", "postpone", "cancel_event", "held",
                "delete", "undo", "tag")
# On every screen of events (EventActionsScreen and those built on it).
EVENT_ACTIONS: dict[str, Action] = {
    **dict.fromkeys(_EVENT_EDITS, Action.EDIT_EVENTS), "message": Action.MESSAGE_REGISTRANTS,
}
# The actions that change the event under the cursor (a centre editor's: their centres' only).
ON_SELECTED = frozenset(EVENT_ACTIONS) - {"new", "new_series", "undo", "tag"}
SCREEN_ACTIONS: dict[str, dict[str, Action]] = {
    "CatalogueScreen": dict.fromkeys(("add", "edit"), Action.EDIT_CATALOGUE),
    "PartiesScreen": dict.fromkeys(("add", "edit", "import_csv"), Action.EDIT_RESULTS),
    "EvidenceScreen": dict.fromkeys(("add", "remove"), Action.EDIT_RESULTS),
    "IndicatorsScreen": {"target": Action.EDIT_RESULTS},
    "RegistrationsScreen": {
        **dict.fromkeys(("mark", "mark_all", "import_attendance"), Action.RECORD_ATTENDANCE),
        "message": Action.MESSAGE_REGISTRANTS},
    "NoticesScreen": {"retry": Action.MANAGE_OUTBOX},
    "ProposalsScreen": dict.fromkeys(("approve", "return_proposal"), Action.APPROVE_PROPOSALS),
}
NOT_LISTED = "You are not on the staff list: ask an admin to add you"


def needed(screen_classes: Iterable[str], action: str) -> Action | None:
    """The permission a screen's action needs (None: a read, open to everyone)."""
    names = list(screen_classes)
    for name in names:
        if action in SCREEN_ACTIONS.get(name, {}):
            return SCREEN_ACTIONS[name][action]
    return EVENT_ACTIONS.get(action) if "EventActionsScreen" in names else None


def enabled(actor: StaffMember, permission: Action | None, organiser: list[str | None] | None) -> bool | None:
    """True when ``actor`` may; None (greyed) when not: by role, and for ``organiser`` (the event
    under the cursor's, when the action changes it) by their centres too."""
    if permission is None:
        return True
    allowed = may(actor.role, permission) if organiser is None else may_for(actor, permission, organiser)
    return True if allowed else None


def who(actor: StaffMember) -> str:
    """'cecile · centre editor, bcrc-senegal' (the header's sub-title starts with it)."""
    centres = f", {', '.join(actor.centres)}" if actor.centres else ""
    listed = "" if actor.listed else " (not on the staff list)"
    return f"{actor.name} · {ROLE_NAMES[actor.role]}{centres}{listed}"
