"""Locking with dialogs open: cover every other window, and take input above a modal dialog.

A modal dialog blocks input to the main window, so its lock screen could not be typed into.
While one is open, the lock form is shown in its own application-modal window on top; the
dialog itself (and any other window) is covered, never closed, so its input survives.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

from aurora_desktop.ui.auth.lock_screen import LockScreen


class Cover(QWidget):
    """An opaque sheet over one window: nothing underneath is visible or clickable."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("lock_cover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lock_cover { background: #1f2a37; } QLabel { color: #ffffff; }")
        label = QLabel("Locked — patient information is hidden.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        QVBoxLayout(self).addWidget(label)
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False


class ModalLock(QDialog):
    """The lock form above an open modal dialog (closed again on unlock, never `exec`ed)."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Dialog)
        self.setObjectName("modal_lock")
        self.setWindowTitle("Aurora Desktop is locked")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.resize(720, 560)
        self.screen_widget = LockScreen(self)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        self.screen_widget.setGeometry(self.rect())
        super().resizeEvent(event)

    def reject(self) -> None:
        """Esc must not dismiss the lock."""


class DialogGuard:
    def __init__(self) -> None:
        self.covers: list[Cover] = []
        self.modal_lock: ModalLock | None = None

    @property
    def blocking_dialog_open(self) -> bool:
        return self.modal_lock is not None

    def engage(self, main_windows: list[QWidget]) -> ModalLock | None:
        """Cover every other visible window; return a modal lock if a modal dialog is open."""
        self.release()
        blocked = QApplication.activeModalWidget()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget not in main_windows and not isinstance(widget, ModalLock):
                self.covers.append(Cover(widget))
        if blocked is not None:
            self.modal_lock = ModalLock()
            self.modal_lock.show()
            self.modal_lock.raise_()
            self.modal_lock.activateWindow()
        return self.modal_lock

    def release(self) -> None:
        for cover in self.covers:
            parent = cover.parentWidget()
            if parent is not None:
                parent.removeEventFilter(cover)
            cover.hide()
            cover.deleteLater()
        self.covers.clear()
        if self.modal_lock is not None:
            self.modal_lock.hide()
            self.modal_lock.deleteLater()
            self.modal_lock = None
