"""The lock screen: an opaque cover over the whole window that hides every patient detail."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.services.actor import Actor
from aurora_desktop.ui.auth.forms import ErrorLabel, heading, hint, password_field, text_field

COVER_STYLE = "#lock_screen { background: #1f2a37; } #lock_card { background: #ffffff; border-radius: 8px; }"


def _label(text: str, buddy: QWidget) -> QLabel:
    """Same-width labels so the two forms line up."""
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setMinimumWidth(80)
    return label


class LockScreen(QWidget):
    """Covers its parent completely; same user unlocks, or another user signs in."""

    unlock_requested = Signal(str)  # password
    switch_requested = Signal(str, str)  # username, password

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(COVER_STYLE)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("lock_card")
        card.setMinimumWidth(460)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        layout = QVBoxLayout(card)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading("Aurora Desktop is locked"))
        self.reason = hint("Patient information is hidden. Your unsaved work is kept.")
        layout.addWidget(self.reason)
        self.who = QLabel()
        self.who.setObjectName("locked_user")
        self.who.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.who)
        form = QFormLayout()
        self.password = password_field("unlock_password")
        form.addRow(_label("&Password:", self.password), self.password)
        layout.addLayout(form)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        layout.addWidget(self.unlock_button, alignment=Qt.AlignmentFlag.AlignRight)

        layout.addWidget(hint("Someone else? Sign in with your own account — the work of the "
                              "person above stays private and is kept for them."))
        other = QFormLayout()
        self.other_username = text_field("other_username")
        self.other_password = password_field("other_password")
        other.addRow(_label("U&sername:", self.other_username), self.other_username)
        other.addRow(_label("Pass&word:", self.other_password), self.other_password)
        layout.addLayout(other)
        self.switch_button = QPushButton("Sign in as &another user")
        self.switch_button.setObjectName("switch_button")
        layout.addWidget(self.switch_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.error = ErrorLabel()
        layout.addWidget(self.error)

        self.unlock_button.clicked.connect(self._unlock)
        self.password.returnPressed.connect(self._unlock)
        self.switch_button.clicked.connect(self._switch)
        self.other_password.returnPressed.connect(self._switch)
        parent.installEventFilter(self)
        self.hide()

    # behaviour ---------------------------------------------------------------------
    def show_for(self, actor: Actor, reason: str = "") -> None:
        self.who.setText(f"Signed in: {actor.full_name} ({actor.username})")
        if reason:
            self.reason.setText(reason)
        self.clear()
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def focus_other_user(self) -> None:
        self.other_username.setFocus()

    def show_error(self, text: str) -> None:
        self.error.show_error(text)

    def clear(self) -> None:
        for field in (self.password, self.other_username, self.other_password):
            field.clear()
        self.error.clear_error()

    def _unlock(self) -> None:
        self.unlock_requested.emit(self.password.text())
        self.password.clear()

    def _switch(self) -> None:
        username = self.other_username.text().strip()
        if not username:
            self.show_error("Enter your username to sign in as another user.")
            self.other_username.setFocus()
            return
        self.switch_requested.emit(username, self.other_password.text())
        self.other_password.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
