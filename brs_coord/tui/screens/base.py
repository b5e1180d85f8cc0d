"""What every data screen shares: services access, read and write workers and error reporting."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from ...errors import BrsCoordError, Conflict

if TYPE_CHECKING:
    from ...domain import Event
    from ...services import Services
    from ..host import StaffHost

log = logging.getLogger(__name__)


def as_error(exc: Exception) -> BrsCoordError:
    """Any failure as a BrsCoordError with a plain message (unexpected ones are logged)."""
    if isinstance(exc, BrsCoordError):
        return exc
    log.exception("unexpected error in the staff UI")
    return BrsCoordError(f"{type(exc).__name__}: {exc}", title="Unexpected error")


class WriteDone(Message):
    """A write worker finished; ``text`` tells the user what happened."""

    def __init__(self, text: str, result: Any = None) -> None:
        super().__init__()
        self.text = text
        self.result = result


class WriteFailed(Message):
    """A write worker failed with an expected (or wrapped) error."""

    def __init__(self, error: BrsCoordError) -> None:
        super().__init__()
        self.error = error


class ServiceMixin:
    """Access to the app's services and reference data from a screen."""

    @property
    def brs(self) -> StaffHost:
        return cast("StaffHost", cast(Screen[Any], self).app)

    @property
    def services(self) -> Services:
        return self.brs.services


class DataScreen(ServiceMixin, Screen[None]):
    """A screen that reads from the services and reloads when the store changes."""

    # First in every screen's footer, so help and quit stay visible at 80 columns (the footer
    # lists the screen's keys before the app's and cuts what does not fit).
    BINDINGS = [Binding("f1", "app.help", "Help"), Binding("q", "app.quit", "Quit")]

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._read_generations: dict[str, int] = {}  # the newest read of each group (run_read)
        self._read_lock = threading.Lock()  # a read posts, or a newer one starts: never both at once

    def reload(self) -> None:
        """Read the data again (called on resume and when another process changed the store)."""

    def highlighted_event(self) -> Event | None:
        """The event under the cursor, if the screen has one (no notification when none)."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greyed (None) when the acting person's role may not do ``action`` (tui/roles.py)."""
        from ..roles import ON_SELECTED, enabled, needed

        actor = getattr(self.app, "actor", None)
        permission = needed((klass.__name__ for klass in type(self).__mro__), action)
        if actor is None or permission is None:
            return True
        event = self.highlighted_event() if action in ON_SELECTED else None
        return enabled(actor, permission, None if event is None else [event.organiser])

    def on_screen_resume(self) -> None:
        self.reload()

    def run_read(self, group: str, read: Callable[[], Message | Iterator[Message]]) -> Worker[None]:
        """Run one read off the UI thread (a newer read of the same ``group`` replaces it): ``read``
        returns the message to post, or yields several (rows first, then their count); a failure
        is told as a notification, never a crash. What a replaced read produces is dropped, even
        when its thread finishes after the newer one (a slow read started before a write must not
        show the data from before the write last)."""
        with self._read_lock:
            generation = self._read_generations[group] = self._read_generations.get(group, 0) + 1

        def post(message: Message) -> None:
            # Under the lock: a replaced read's message is either queued before the newer read
            # began (so the newer one's arrive after it) or not at all.
            with self._read_lock:
                if self._read_generations.get(group) == generation:
                    self.post_message(message)

        def job() -> None:
            try:
                result = read()
                for message in (result,) if isinstance(result, Message) else result:
                    post(message)
            except Exception as exc:  # noqa: BLE001 - shown as a notification
                post(WriteFailed(as_error(exc)))

        return self.run_worker(job, name=group, group=group, exclusive=True, exit_on_error=False, thread=True)

    @work(thread=True, exit_on_error=False, group="write")
    def run_write(self, call: Callable[[], Any], done: str | Callable[[Any], str]) -> None:
        """Run one service call off the UI thread; report the outcome as a message (``done`` may
        word the result, e.g. how many were written)."""
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message, never a crash
            self.post_message(WriteFailed(as_error(exc)))
        else:
            self.post_message(WriteDone(done(result) if callable(done) else done, result))

    @on(WriteDone)
    def _write_done(self, message: WriteDone) -> None:
        self.write_done(message)

    def write_done(self, message: WriteDone) -> None:
        """Tell the user and read again; screens add what else should follow."""
        self.notify(message.text, title="Saved", markup=False)
        self.reload()

    @on(WriteFailed)
    def _write_failed(self, message: WriteFailed) -> None:
        self.notify(message.error.message, title=message.error.title, severity="error", timeout=8,
                    markup=False)
        if isinstance(message.error, Conflict):
            self.reload()
