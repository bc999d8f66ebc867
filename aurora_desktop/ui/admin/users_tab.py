"""Administration → Users: list, add, roles, reset password, unlock, deactivate, reactivate."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.users import UserView
from aurora_desktop.ui.admin.table_models import UsersTableModel
from aurora_desktop.ui.admin.user_dialogs import AddUserDialog, ResetPasswordDialog, RolesDialog
from aurora_desktop.ui.ui_context import UiContext


class UsersTab(QWidget):
    def __init__(self, ui: UiContext, time_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.users = ui.services.users
        self.model = UsersTableModel(time_zone)
        self.table = QTableView()
        self.table.setObjectName("users_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, shortcut in (
            ("add", "&Add account…", self.add_user, "Ctrl+N"),
            ("roles", "&Roles…", self.edit_roles, ""),
            ("reset", "Reset &password…", self.reset_password, ""),
            ("unlock", "&Unlock", self.unlock, ""),
            ("deactivate", "&Deactivate…", self.deactivate, ""),
            ("reactivate", "Reac&tivate", self.reactivate, ""),
        ):
            button = QPushButton(text)
            button.setObjectName(f"user_{key}")
            button.clicked.connect(slot)
            if shortcut:
                button.setShortcut(QKeySequence(shortcut))
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    # data ----------------------------------------------------------------------------
    def refresh(self, keep_id: int | None = None) -> None:
        keep_id = keep_id if keep_id is not None else getattr(self.selected(), "id", None)
        self.model.set_rows(self.users.list_users(self.ui.require_actor()), self.ui.clock.now())
        for row, item in enumerate(self.model.rows):
            if item.id == keep_id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_username(self, username: str) -> None:
        for row, item in enumerate(self.model.rows):
            if item.username == username:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        user = self.selected()
        now = self.ui.clock.now()
        for key in ("roles", "reset"):
            self.buttons[key].setEnabled(user is not None)
        self.buttons["unlock"].setEnabled(bool(user and (user.locked_at(now) or user.failed_attempts)))
        self.buttons["deactivate"].setEnabled(bool(user and user.active))
        self.buttons["reactivate"].setEnabled(bool(user and not user.active))

    def _run(self, title: str, work, message: str) -> None:  # noqa: ANN001 - a callable
        try:
            view = work()
        except AuroraError as exc:
            self.ui.dialogs.error(self, title, str(exc))
            return
        self.refresh(getattr(view, "id", None))
        self.ui.events.staff_changed.emit()
        self.ui.events.status_message.emit(message)

    # actions ---------------------------------------------------------------------------
    def add_user(self) -> None:
        actor = self.ui.require_actor()
        dialog = AddUserDialog(lambda *a, **k: self.users.add_user(actor, *a, **k), self)
        if self.exec_dialog(dialog):
            self.refresh()
            self.select_username(dialog.username.text().strip().lower())
            self.ui.events.staff_changed.emit()
            self.ui.events.status_message.emit("Account added.")

    def edit_roles(self) -> None:
        user, actor = self.selected(), self.ui.require_actor()
        if user is None:
            return
        dialog = RolesDialog(user.username, user.roles,
                             lambda roles: self.users.set_roles(actor, user.id, roles, user.version), self)
        if self.exec_dialog(dialog):
            self.refresh(user.id)
            self.ui.events.status_message.emit(f"Roles of {user.username} saved.")

    def reset_password(self) -> None:
        user, actor = self.selected(), self.ui.require_actor()
        if user is None:
            return
        dialog = ResetPasswordDialog(user.username,
                                     lambda pw: self.users.reset_password(actor, user.id, pw), self)
        if self.exec_dialog(dialog):
            self.refresh(user.id)
            self.ui.events.status_message.emit(f"Password of {user.username} reset.")

    def unlock(self) -> None:
        user = self.selected()
        if user is not None:
            self._run("Unlock", lambda: self.users.unlock(self.ui.require_actor(), user.id),
                      f"{user.username} unlocked.")

    def deactivate(self) -> None:
        user = self.selected()
        if user is None or not self.ui.dialogs.confirm(
            self, "Deactivate account",
            f"Deactivate {user.full_name} ({user.username})? They can no longer sign in; their "
            "name stays on every record they signed.",
        ):
            return
        self._run("Deactivate", lambda: self.users.deactivate(self.ui.require_actor(), user.id,
                                                              user.version),
                  f"{user.username} deactivated.")

    def reactivate(self) -> None:
        user = self.selected()
        if user is not None:
            self._run("Reactivate", lambda: self.users.reactivate(self.ui.require_actor(), user.id,
                                                                  user.version),
                      f"{user.username} reactivated.")

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Modal in the app; tests replace this to drive the dialog without a nested loop."""
        return dialog.exec() == QDialog.DialogCode.Accepted
