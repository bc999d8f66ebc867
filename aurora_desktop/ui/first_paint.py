"""Start-up around the first paint: show a window painted now, and run work once it has painted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
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


class _PaintWatcher(QObject):
    def __init__(self, widget: QWidget, loop: QEventLoop) -> None:
        super().__init__(widget)
        self._loop = loop
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            self._loop.quit()  # the loop returns once this paint (and its flush) is done
        return False


def show_painted(widget: QWidget, timeout_ms: int = 2000) -> bool:
    """Show *widget* and return once it has painted (or after *timeout_ms*), so that it is on
    screen before slow start-up work blocks the event loop. True if it painted."""
    loop = QEventLoop()
    watcher = _PaintWatcher(widget, loop)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(timeout_ms)
    widget.show()
    if not watcher.painted:
        loop.exec()
    deadline.stop()
    widget.removeEventFilter(watcher)
    painted = watcher.painted
    watcher.deleteLater()
    return painted
