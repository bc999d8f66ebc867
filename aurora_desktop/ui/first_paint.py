"""Run a piece of start-up work only once the first top-level window has painted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

DELAY_MS = 250  # let the window finish its first frames before the work starts


class AfterFirstPaint(QObject):
    """Calls *work* once, DELAY_MS after the first window paint (or at once via run_now_if_pending)."""

    def __init__(self, app: QApplication, work: Callable[[], object], delay_ms: int = DELAY_MS) -> None:
        super().__init__(app)
        self._app = app
        self._work: Callable[[], object] | None = work
        self._delay_ms = delay_ms
        app.installEventFilter(self)

    @property
    def pending(self) -> bool:
        return self._work is not None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (self._work is not None and event.type() == QEvent.Type.Paint
                and isinstance(obj, QWidget) and obj.isWindow()):
            self._app.removeEventFilter(self)
            QTimer.singleShot(self._delay_ms, self.run_now_if_pending)
        return False

    def run_now_if_pending(self) -> None:
        """Run the work if it has not run yet (e.g. the user quit before the timer fired)."""
        work, self._work = self._work, None
        if work is not None:
            self._app.removeEventFilter(self)
            work()
