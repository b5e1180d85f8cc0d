"""The certificates repository: certificates of attendance by event and participant or by code,
their revocation, the name a participant asked to have printed, and the attendance they rest on."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import Conflict
from ..records import Certificate
from .guard import translated
from .rows import iso_utc, parse_iso_utc
from .session import Session

_COLUMNS = (
    "code", "event_id", "participant_id", "language", "holder", "event_title", "starts_on", "ends_on",
    "minutes", "share", "organiser", "timezone",
)


def _certificate(row: dict[str, Any]) -> Certificate:
    return Certificate(
        **{name: row[name] for name in _COLUMNS},
        issued_at=parse_iso_utc(row["issued_at"]),
        revoked_at=parse_iso_utc(row["revoked_at"]) if row["revoked_at"] else None,
        revoked_reason=row["revoked_reason"],
    )


@translated
class CertificateRepository:
    """Reads and writes of ``certificates`` and ``participants.certificate_name``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _one(self, sql: str, params: list[object]) -> Certificate | None:
        rows = list(self._session.db.query(sql, params))
        return _certificate(rows[0]) if rows else None

    def get(self, event_id: int, participant_id: int) -> Certificate | None:
        return self._one(
            "SELECT * FROM certificates WHERE event_id = ? AND participant_id = ?", [event_id, participant_id]
        )

    def by_code(self, code: str) -> Certificate | None:
        return self._one("SELECT * FROM certificates WHERE code = ?", [code])

    def add(self, certificate: Certificate) -> Certificate:
        """Store a new certificate; the one already issued for its event and participant wins (the
        same code for everyone asking twice at once); Conflict when its code is taken by another."""
        values = [getattr(certificate, name) for name in _COLUMNS]
        marks = ", ".join("?" for _ in range(len(_COLUMNS) + 1))
        try:
            with self._session.transaction() as db:
                db.execute(
                    f"INSERT INTO certificates ({', '.join(_COLUMNS)}, issued_at) VALUES ({marks})"
                    " ON CONFLICT (event_id, participant_id) DO NOTHING",
                    [*values, iso_utc(certificate.issued_at)],
                )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"Certificate code {certificate.code} is taken") from exc
        found = self.get(certificate.event_id, certificate.participant_id)
        assert found is not None
        return found

    def revoke(self, code: str, reason: str) -> bool:
        """Revoke a certificate (kept, so that its code answers "revoked"); False when unknown or
        already revoked."""
        with self._session.transaction() as db:
            cursor = db.execute(
                "UPDATE certificates SET revoked_at = ?, revoked_reason = ?"
                " WHERE code = ? AND revoked_at IS NULL",
                [iso_utc(self._session.clock.now()), reason, code],
            )
        return cursor.rowcount > 0

    def attended_share(self, event_id: int, participant_id: int) -> tuple[str, float | None] | None:
        """The registration's status and the share attended (a mark without a share: the whole
        event); None when the participant never registered."""
        rows = list(self._session.db.query(
            "SELECT status, CASE WHEN status = 'attended' THEN coalesce(attended_share, 1.0) END AS share"
            " FROM registrations WHERE event_id = ? AND participant_id = ?",
            [event_id, participant_id],
        ))
        return (str(rows[0]["status"]), rows[0]["share"]) if rows else None

    def attended_event_ids(self, participant_id: int, threshold: float) -> list[int]:
        """The events a participant attended for at least ``threshold`` of, latest first."""
        rows = self._session.db.query(
            "SELECT r.event_id FROM registrations r JOIN events e ON e.id = r.event_id"
            " WHERE r.participant_id = ? AND r.status = 'attended' AND coalesce(r.attended_share, 1.0) >= ?"
            " ORDER BY e.starts_at DESC, e.id DESC",
            [participant_id, threshold],
        )
        return [int(row["event_id"]) for row in rows]

    def printed_name(self, participant_id: int) -> str | None:
        rows = list(self._session.db.query(
            "SELECT certificate_name FROM participants WHERE id = ?", [participant_id]
        ))
        return rows[0]["certificate_name"] if rows else None

    def set_printed_name(self, participant_id: int, name: str) -> None:
        with self._session.transaction() as db:
            db.execute(
                "UPDATE participants SET certificate_name = ?, updated_at = ? WHERE id = ?",
                [name, iso_utc(self._session.clock.now()), participant_id],
            )
