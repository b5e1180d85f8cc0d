"""The stored question vocabulary: one row, the text of the vocabulary built for one catalogue
version by one build of the code (its fingerprint). The services encode and decode the text."""

from __future__ import annotations

from .rows import iso_utc
from .session import Session

# A cold process that finds the file locked by a writer answers without saving: it waits this
# long for the lock, not the store's usual patience (db.BUSY_TIMEOUT_S), which is restored after.
SAVE_WAIT_MS = 20

_SAVE = (
    "INSERT INTO vocabulary_cache (id, fingerprint, catalogue, written_at, body)"
    " SELECT 1, ?, ?, ?, ? FROM store_changes WHERE id = 1 AND catalogue = ?"
    " ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint,"
    " catalogue = excluded.catalogue, written_at = excluded.written_at, body = excluded.body"
)


class VocabularyCacheRepository:
    """Reads and best-effort writes of the stored vocabulary."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def read(self, fingerprint: str, catalogue: int) -> str | None:
        """The text stored for this build and catalogue version, if that is what is stored."""
        row = self._session.db.conn.execute(
            "SELECT body FROM vocabulary_cache WHERE id = 1 AND fingerprint = ? AND catalogue = ?",
            [fingerprint, catalogue],
        ).fetchone()
        return None if row is None else str(row[0])

    def save(self, fingerprint: str, catalogue: int, body: str) -> bool:
        """Store the text built for ``catalogue`` if that is still the catalogue's version (a
        change since makes it stale: nothing is written). Waits SAVE_WAIT_MS at most for a lock and
        never joins a transaction already open on this thread; True when written."""
        db = self._session.db
        if db.conn.in_transaction:
            return False
        with self._session.transaction(wait_s=SAVE_WAIT_MS / 1000):
            written_at = iso_utc(self._session.clock.now())
            cursor = db.execute(_SAVE, [fingerprint, catalogue, written_at, body, catalogue])
            return cursor.rowcount > 0
