"""First run: no accounts exist yet, so this dialog creates the first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.accounts import MIN_PASSWORD_LENGTH
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.auth import AuthService
from aurora_desktop.ui.auth.forms import ErrorLabel, heading, hint, password_field, text_field


class FirstRunDialog(QDialog):
    def __init__(
        self, auth: AuthService, *, workstation: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.workstation = workstation
        self.actor: Actor | None = None
        self.setWindowTitle("First start — Aurora Desktop")
        self.setObjectName("first_run_dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Welcome to Aurora Desktop"))
        layout.addWidget(hint(
            "No staff accounts exist yet. Create the first administrator account; that "
            "administrator then adds everyone else (Administration → Users). "
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
        ))
        form = QFormLayout()
        self.username = text_field("username", "lower-case, e.g. ada.admin")
        self.full_name = text_field("full_name", "e.g. Ada Admin")
        self.password = password_field("password")
        self.repeat = password_field("repeat_password")
        self.also_nurse = QCheckBox("Also works as a &nurse")
        self.also_prescriber = QCheckBox("Also works as a &prescriber")
        form.addRow("&Username:", self.username)
        form.addRow("&Full name:", self.full_name)
        form.addRow("&Password:", self.password)
        form.addRow("&Repeat password:", self.repeat)
        form.addRow("", self.also_nurse)
        form.addRow("", self.also_prescriber)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("&Create administrator", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def attempt(self) -> bool:
        extra = set()
        if self.also_nurse.isChecked():
            extra.add(Role.NURSE)
        if self.also_prescriber.isChecked():
            extra.add(Role.PRESCRIBER)
        try:
            self.actor = self.auth.create_first_admin(
                self.username.text(), self.full_name.text(), self.password.text(),
                confirm=self.repeat.text(), extra_roles=frozenset(extra),
                workstation=self.workstation,
            )
        except AuroraError as exc:
            self.error.show_error(str(exc))
            return False
        self.accept()
        return True
