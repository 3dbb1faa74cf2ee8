"""Qt signals for service changes: lists refresh when something is written, never by polling.

Services announce writes through :mod:`borderdesk.services.events`, inside the
write's transaction and possibly on a worker thread. The bridge hops to the GUI
thread through a queued signal and coalesces a burst (an import of 10,000 rows)
into one ``changed(kind)`` per kind on the next turn of the event loop.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from borderdesk.services import events


class ChangeBridge(QObject):
    #: the record or registry kind that changed ("hotline_call", "counterpart", …)
    changed = Signal(str)
    _raw = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._flush)
        self._raw.connect(self._queue, Qt.QueuedConnection)
        self._unsubscribe = events.subscribe(self._on_change)

    def _on_change(self, change: events.Change) -> None:
        self._raw.emit(change.kind)

    @Slot(str)
    def _queue(self, kind: str) -> None:
        if kind not in self._pending:
            self._pending.append(kind)
        self._timer.start()

    def _flush(self) -> None:
        kinds, self._pending = self._pending, []
        for kind in kinds:
            self.changed.emit(kind)

    def close(self) -> None:
        self._unsubscribe()


_bridge: ChangeBridge | None = None


def bridge() -> ChangeBridge:
    """The one bridge of the application (made on first use, on the GUI thread)."""
    global _bridge
    if _bridge is None:
        _bridge = ChangeBridge()
    return _bridge


def reset_bridge() -> None:
    """Forget the bridge (tests: each test's QApplication state starts clean)."""
    global _bridge
    if _bridge is not None:
        _bridge.close()
        _bridge = None
