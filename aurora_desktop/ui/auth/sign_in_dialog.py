"""The sign-in dialog shown before any patient information, and the forced password change.

The sign-in dialog can be shown before the database is open (``auth=None``): it paints at
once and takes typing, and its Sign in button waits until the app calls ``set_auth``. This
module must not import the database layer, so that the first window paints before it loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.accounts import MIN_PASSWORD_LENGTH
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.actor import Actor
from aurora_desktop.ui.auth.forms import ErrorLabel, heading, hint, password_field, text_field

if TYPE_CHECKING:
    from aurora_desktop.services.auth import AuthService

OPENING_TEXT = "Opening the database…"


class SignInDialog(QDialog):
    """Username + password; failures show the service's message (wrong, locked, deactivated)."""

    def __init__(
        self, auth: AuthService | None, *, clinic_id: int | None = None,
        workstation: str | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.clinic_id = clinic_id
        self.workstation = workstation
        self.actor: Actor | None = None
        self.setWindowTitle("Sign in — Aurora Desktop")
        self.setObjectName("sign_in_dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Aurora Desktop"))
        layout.addWidget(hint("Aurora Wellness — SPRAVATO® treatment sessions.\n"
                              "Sign in with your own account. Every action is recorded."))
        form = QFormLayout()
        self.username = text_field("username", "e.g. nina.nurse")
        self.password = password_field("password")
        form.addRow("&Username:", self.username)
        form.addRow("&Password:", self.password)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.status = hint(OPENING_TEXT)
        self.status.setObjectName("sign_in_status")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton("&Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("sign_in_button")
        self.sign_in_button.setDefault(True)
        buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.username.setFocus()
        self._show_ready(auth is not None)

    @property
    def ready(self) -> bool:
        """True once the database is open and the Sign in button works."""
        return self.auth is not None

    def set_auth(self, auth: AuthService) -> None:
        """The database is open: sign-in works from now on (typed text is kept)."""
        self.auth = auth
        self._show_ready(True)

    def _show_ready(self, ready: bool) -> None:
        self.status.setVisible(not ready)
        self.sign_in_button.setEnabled(ready)

    def attempt(self) -> bool:
        if self.auth is None:  # Enter pressed while the database is still opening
            return False
        username = self.username.text().strip()
        if not username:
            self.error.show_error("Enter your username.")
            self.username.setFocus()
            return False
        try:
            self.actor = self.auth.sign_in(username, self.password.text(),
                                           workstation=self.workstation, clinic_id=self.clinic_id)
        except AuroraError as exc:  # wrong, locked, deactivated — or a conflict to retry
            self.error.show_error(str(exc))
            self.password.clear()
            self.password.setFocus()
            return False
        self.error.clear_error()
        self.accept()
        return True


class ChangePasswordDialog(QDialog):
    """Current + new password twice; `forced` after an administrator's reset."""

    def __init__(
        self, auth: AuthService, actor: Actor, *, forced: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.actor = actor
        self.setWindowTitle("Change password — Aurora Desktop")
        self.setObjectName("change_password_dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Choose a new password" if forced else "Change your password"))
        text = ("Your password was reset by an administrator. Choose your own before you continue. "
                if forced else "")
        layout.addWidget(hint(text + f"Use at least {MIN_PASSWORD_LENGTH} characters — a short "
                                     "sentence is easy to remember and hard to guess."))
        form = QFormLayout()
        self.current = password_field("current_password")
        self.new = password_field("new_password")
        self.repeat = password_field("repeat_password")
        form.addRow("&Current password:", self.current)
        form.addRow("&New password:", self.new)
        form.addRow("&Repeat new password:", self.repeat)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("&Change password", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton("Sign out" if forced else "Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.current.setFocus()

    def attempt(self) -> bool:
        try:
            self.auth.change_password(self.actor, self.current.text(), self.new.text(),
                                      self.repeat.text())
        except AuroraError as exc:
            self.error.show_error(str(exc))
            return False
        self.accept()
        return True
