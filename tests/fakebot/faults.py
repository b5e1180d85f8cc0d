"""Programmable failures of the fake (see :class:`~tests.fakebot.model.Fault`)."""

from __future__ import annotations

import threading
from typing import Any

from .model import Fault


class FaultsMixin:
    """Fault helpers of :class:`~tests.fakebot.state.FakeState` (sets ``lock``, ``_faults``)."""

    lock: threading.RLock
    _faults: list[Fault]

    def add_fault(self, fault: Fault | None = None, **kwargs: Any) -> Fault:
        fault = fault or Fault(**kwargs)
        with self.lock:
            self._faults.append(fault)
        return fault

    def fault_429(self, method: str = "*", *, retry_after: int = 1, times: int | None = 1) -> Fault:
        return self.add_fault(kind="429", method=method, retry_after=retry_after, times=times)

    def fault_502(self, method: str = "*", *, times: int | None = 1) -> Fault:
        return self.add_fault(kind="502", method=method, times=times)

    def delay(
        self, method: str = "*", seconds: float = 1.0, *, times: int | None = 1, after: bool = False
    ) -> Fault:
        return self.add_fault(
            kind="delay", method=method, seconds=seconds, times=times, after=after
        )

    def block_chat(
        self, chat_id: int, *, description: str = "Forbidden: bot was blocked by the user"
    ) -> Fault:
        """Every call to this chat answers 403 until :meth:`unblock_chat`."""
        return self.add_fault(kind="403", chat_id=chat_id, times=None, description=description)

    def unblock_chat(self, chat_id: int) -> None:
        with self.lock:
            self._faults = [
                f for f in self._faults if not (f.kind == "403" and f.chat_id == chat_id)
            ]

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    def faults(self) -> list[Fault]:
        with self.lock:
            return list(self._faults)

    def take_faults(self, method: str, chat_id: Any) -> tuple[Fault | None, Fault | None]:
        """Consume the first matching delay and the first matching failure."""
        picked: dict[bool, Fault] = {}
        with self.lock:
            for fault in list(self._faults):
                is_delay = fault.kind == "delay"
                if is_delay in picked or not fault.matches(method, chat_id):
                    continue
                picked[is_delay] = fault
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
        return picked.get(True), picked.get(False)
