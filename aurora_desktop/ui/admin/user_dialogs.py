"""Dialogs of the Users tab: add an account, edit roles, set a temporary password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.accounts import MIN_PASSWORD_LENGTH, ROLE_LABELS
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import AuroraError, FieldError
from aurora_desktop.ui.auth.forms import ErrorLabel, heading, hint, password_field, text_field


class RolePicker(QWidget):
    """One checkbox per role (a person may hold several)."""

    def __init__(self, selected: frozenset[Role] = frozenset(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(ROLE_LABELS[role])
            box.setObjectName(f"role_{role.value}")
            box.setChecked(role in selected)
            layout.addWidget(box)
            self.boxes[role] = box

    def roles(self) -> frozenset[Role]:
        return frozenset(r for r, box in self.boxes.items() if box.isChecked())

    def set_roles(self, roles: frozenset[Role]) -> None:
        for role, box in self.boxes.items():
            box.setChecked(role in roles)


class _ServiceDialog(QDialog):
    """Runs `self.submit()` on OK; an AuroraError stays in the dialog as a message."""

    def _finish(self, layout: QVBoxLayout, ok_text: str) -> None:
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        raise NotImplementedError

    def attempt(self) -> bool:
        try:
            self.submit()
        except AuroraError as exc:
            self.error.show_error(str(exc))
            return False
        self.accept()
        return True


class AddUserDialog(_ServiceDialog):
    def __init__(self, add: Callable[..., object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._add = add
        self.setWindowTitle("Add a staff account")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Add a staff account"))
        layout.addWidget(hint("One account per person. The temporary password must be changed "
                              f"at the first sign-in (at least {MIN_PASSWORD_LENGTH} characters)."))
        form = QFormLayout()
        self.username = text_field("username", "lower-case, e.g. nina.nurse")
        self.full_name = text_field("full_name", "e.g. Nina Nurse")
        self.credentials = text_field("credentials", "e.g. RN, MD, NP")
        self.npi = text_field("npi", "10 digits, prescribers")
        self.roles = RolePicker()
        self.password = password_field("password")
        self.repeat = password_field("repeat_password")
        form.addRow("&Username:", self.username)
        form.addRow("&Full name:", self.full_name)
        form.addRow("&Credentials:", self.credentials)
        form.addRow("&NPI:", self.npi)
        form.addRow("Roles:", self.roles)
        form.addRow("&Temporary password:", self.password)
        form.addRow("&Repeat password:", self.repeat)
        layout.addLayout(form)
        self._finish(layout, "&Add account")
        self.setMinimumWidth(560)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            raise FieldError("password", "the two entries do not match")
        self._add(self.username.text(), self.full_name.text(), self.roles.roles(),
                  self.password.text(), credentials=self.credentials.text(),
                  npi=self.npi.text() or None)


class RolesDialog(_ServiceDialog):
    def __init__(self, username: str, roles: frozenset[Role], save: Callable[[frozenset[Role]], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(f"Roles of {username}")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Roles of {username}"))
        layout.addWidget(hint("Administrators do clinical work only if they also hold a clinical role."))
        self.roles = RolePicker(roles)
        layout.addWidget(self.roles)
        self._finish(layout, "&Save roles")

    def submit(self) -> None:
        self._save(self.roles.roles())


class ResetPasswordDialog(_ServiceDialog):
    def __init__(self, username: str, save: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(f"Reset the password of {username}")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Reset the password of {username}"))
        layout.addWidget(hint("Give the person this temporary password in private. They must choose "
                              "their own at the next sign-in. A reset also lifts a lockout."))
        form = QFormLayout()
        self.password = password_field("password")
        self.repeat = password_field("repeat_password")
        form.addRow("&Temporary password:", self.password)
        form.addRow("&Repeat password:", self.repeat)
        layout.addLayout(form)
        self._finish(layout, "&Reset password")
        self.setMinimumWidth(480)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            raise FieldError("password", "the two entries do not match")
        self._save(self.password.text())
