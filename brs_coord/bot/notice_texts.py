"""Notice texts (new event, change, cancellation, reminder, message, offer) in the participant's language.

The services put language-neutral facts in each notice's payload; here they become words, with
dates in the participant's zone (Babel, through :class:`~brs_coord.bot.i18n.Tr`). The French and
Spanish wording lives in ``NOTICE_MESSAGES`` until it moves into the gettext catalogues.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..services.notices import ChangeItem, Notice, change_items
from .callbacks import CallbackCodec
from .i18n import Tr, tr
from .texts import MESSAGE_LIMIT, h

NOTICE_MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "New event": "Nouvel événement",
        "Changed": "Modifié",
        "moved from {old} to {new}, your time": "déplacé du {old} au {new}, votre heure",
        "place: {old} → {new}": "lieu : {old} → {new}",
        "new join link: {new}": "nouveau lien de connexion : {new}",
        "status: {new}": "statut : {new}",
        "Reason: {reason}": "Motif : {reason}",
        "Cancelled": "Annulé",
        "{title} on {when} is cancelled.": "{title} du {when} est annulé.",
        "Reminder": "Rappel",
        "starts {when}, your time": "commence le {when}, votre heure",
        "Join": "Rejoindre",
        "Message about {title}": "Message au sujet de {title}",
        "A place is free": "Une place s'est libérée",
        "{title} on {when}: the place is yours if you confirm by {until}, your time.":
            "{title} le {when} : la place est à vous si vous confirmez avant le {until}, votre heure.",
        "Confirm": "Confirmer",
        "Decline": "Refuser",
        "Stop these": "Ne plus recevoir",
        "Details": "Détails",
        "your time": "votre heure",
        "online": "en ligne",
        "planned": "prévu", "confirmed": "confirmé", "postponed": "reporté", "cancelled": "annulé",
        "held": "tenu",
    },
    "es": {
        "New event": "Nuevo evento",
        "Changed": "Cambio",
        "moved from {old} to {new}, your time": "trasladado del {old} al {new}, su hora",
        "place: {old} → {new}": "lugar: {old} → {new}",
        "new join link: {new}": "nuevo enlace de conexión: {new}",
        "status: {new}": "estado: {new}",
        "Reason: {reason}": "Motivo: {reason}",
        "Cancelled": "Cancelado",
        "{title} on {when} is cancelled.": "{title} del {when} queda cancelado.",
        "Reminder": "Recordatorio",
        "starts {when}, your time": "empieza el {when}, su hora",
        "Join": "Conectarse",
        "Message about {title}": "Mensaje sobre {title}",
        "A place is free": "Se ha liberado una plaza",
        "{title} on {when}: the place is yours if you confirm by {until}, your time.":
            "{title} el {when}: la plaza es suya si confirma antes del {until}, su hora.",
        "Confirm": "Confirmar",
        "Decline": "Rechazar",
        "Stop these": "No recibir más",
        "Details": "Detalles",
        "your time": "su hora",
        "online": "en línea",
        "planned": "previsto", "confirmed": "confirmado", "postponed": "aplazado", "cancelled": "cancelado",
        "held": "celebrado",
    },
}


class NoticeTr:
    """``Tr`` plus the notice wording above."""

    def __init__(self, language: str) -> None:
        self.base: Tr = tr(language)
        self._own = NOTICE_MESSAGES.get(self.base.language, {})

    def __call__(self, message: str) -> str:
        return self._own.get(message) or self.base(message)

    def when(self, iso: str, zone: str) -> str:
        return self.base.day_time(_instant(iso), zone)


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _change_line(t: NoticeTr, item: ChangeItem, zone: str) -> str:
    if item.what == "time":
        return t("moved from {old} to {new}, your time").format(
            old=t.base.day_time(item.old, zone), new=t.base.day_time(item.new, zone)
        )
    if item.what == "place":
        old, new = (h(value or t("online")) for value in (item.old, item.new))
        return t("place: {old} → {new}").format(old=old, new=new)
    if item.what == "link":
        return t("new join link: {new}").format(new=h(item.new or "—"))
    return t("status: {new}").format(new=h(t(str(item.new))))


def render(notice: Notice) -> str:
    """The HTML text of a notice for its participant."""
    t = NoticeTr(notice.language)
    payload: dict[str, Any] = notice.payload
    event = payload.get("event", {})
    zone = notice.timezone
    title = f"<b>{h(event.get('title', ''))}</b>"
    when = t.when(event["starts_at"], zone) if event.get("starts_at") else ""
    place = h(event.get("location") or t("online"))
    link = event.get("online_url")
    reason = payload.get("reason")
    lines: list[str]
    if notice.kind == "new-event":
        lines = [f"🆕 {t('New event')}: {title}", f"{when} ({t('your time')})", place]
    elif notice.kind == "changed":
        lines = [f"✏️ {t('Changed')}: {title}"]
        lines += [f"• {_change_line(t, item, zone)}" for item in change_items(payload, zone)]
    elif notice.kind == "cancelled":
        lines = ["❌ " + t("{title} on {when} is cancelled.").format(title=title, when=when)]
    elif notice.kind == "reminder":
        lines = [f"⏰ {t('Reminder')}: {title}", t("starts {when}, your time").format(when=when), place]
    elif notice.kind == "message":
        lines = [t("Message about {title}").format(title=title), "", h(payload.get("text", ""))]
    elif notice.kind == "offer":
        until = t.when(payload["offered_until"], zone)
        lines = [f"🎟 {t('A place is free')}",
                 t("{title} on {when}: the place is yours if you confirm by {until}, your time.").format(
                     title=title, when=when, until=until)]
    else:
        lines = [title]
    if reason and notice.kind in ("changed", "cancelled"):
        lines.append(t("Reason: {reason}").format(reason=h(reason)))
    if link and notice.kind in ("reminder", "message"):
        lines.append(f"{t('Join')}: {h(link)}")
    return "\n".join(lines)[:MESSAGE_LIMIT]


def keyboard(notice: Notice, codec: CallbackCodec) -> InlineKeyboardMarkup | None:
    """Offer: Confirm / Decline. Everything else: Details (if public) and a one-tap "Stop these"."""
    t = NoticeTr(notice.language)
    if notice.kind == "offer" and notice.event_id is not None:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(t("Confirm"), callback_data=codec.encode("ofy", notice.event_id)),
            InlineKeyboardButton(t("Decline"), callback_data=codec.encode("ofn", notice.event_id)),
        ]])
    row = []
    if notice.event_id is not None and notice.kind != "cancelled":
        row.append(InlineKeyboardButton(t("Details"), callback_data=codec.encode("det", notice.event_id)))
    row.append(InlineKeyboardButton(t("Stop these"), callback_data=codec.encode("stp", notice.id)))
    return InlineKeyboardMarkup([row])
