"""Sign-in, lockout message, first run, forced change, idle lock with kept input, switch user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from aurora_desktop.services.container import Services
from aurora_desktop.settings import resolve
from aurora_desktop.ui.auth.session_controller import SessionController
from aurora_desktop.ui.auth.setup_dialog import FirstRunDialog
from aurora_desktop.ui.auth.sign_in_dialog import ChangePasswordDialog, SignInDialog
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.main_window import MainWindow
from aurora_desktop.ui.pages import Page
from aurora_desktop.ui.ui_context import UiContext

PW = "correct horse battery"


class DraftPage(QWidget):
    """A stand-in for any form with unsaved input."""

    def __init__(self) -> None:
        super().__init__()
        self.note = QLineEdit()
        self.note.setObjectName("draft_note")
        QVBoxLayout(self).addWidget(self.note)


class FakeDialogs:
    def __init__(self, answer: str | None = None) -> None:
        self.answer, self.errors = answer, []

    def ask_text(self, parent, title, label):  # noqa: ANN001, ANN201
        return self.answer

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.errors.append(text)


@pytest.fixture
def accounts(sqlite_services: Services, sqlite_staff) -> Services:  # noqa: ANN001
    users = sqlite_services.users
    users.add_user(sqlite_staff.admin, "nina", "Nina Nurse", ["nurse"], PW, must_change_password=False)
    users.add_user(sqlite_staff.admin, "fran", "Fran Desk", ["front_desk"], PW, must_change_password=False)
    return sqlite_services


@pytest.fixture
def controller(qtbot, accounts: Services, sqlite_url: str, tmp_path: Path) -> Iterator[SessionController]:  # noqa: ANN001
    settings = resolve(database_url=sqlite_url, data_dir=tmp_path)

    def factory(actor) -> MainWindow:  # noqa: ANN001
        ui = UiContext(services=accounts, settings=settings, events=EventHub(), actor=actor,
                       dialogs=FakeDialogs("prescriber unreachable, patient BP 190/110"))
        window = MainWindow(ui, pages=[Page("draft", "Draft", "Ctrl+9", lambda _ui: DraftPage())],
                            qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        return window

    ctl = SessionController(accounts, factory, idle_ms=60_000)
    yield ctl
    ctl.shutdown()


def _sign_in(qtbot, dialog: SignInDialog, username: str, password: str) -> None:  # noqa: ANN001
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def test_sign_in_wrong_password_lockout_and_success(qtbot, accounts: Services) -> None:  # noqa: ANN001
    dialog = SignInDialog(accounts.auth, workstation="wp-desk-1")
    qtbot.addWidget(dialog)
    dialog.show()
    _sign_in(qtbot, dialog, "nina", "not my password")
    assert dialog.error.isVisible() and "Wrong username or password." in dialog.error.text()
    assert dialog.password.text() == "" and dialog.actor is None
    for _ in range(4):
        _sign_in(qtbot, dialog, "nina", "not my password")
    assert "locked after 5 failed sign-in attempts until 9:15 AM on 12/01/2026" in dialog.error.text()
    _sign_in(qtbot, dialog, "fran", PW)  # another account on the same PC is not locked
    assert dialog.result() == SignInDialog.DialogCode.Accepted and dialog.actor.username == "fran"


def test_first_run_creates_the_administrator(qtbot, sqlite_services: Services) -> None:  # noqa: ANN001
    dialog = FirstRunDialog(sqlite_services.auth)
    qtbot.addWidget(dialog)
    dialog.username.setText("ada")
    dialog.full_name.setText("Ada Admin")
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    assert not dialog.attempt() and "at least 12 characters" in dialog.error.text()
    dialog.password.setText(PW)
    dialog.repeat.setText(PW)
    dialog.also_nurse.setChecked(True)
    assert dialog.attempt()
    assert {r.value for r in dialog.actor.roles} == {"admin", "nurse"}
    assert not sqlite_services.auth.needs_setup()


def test_forced_password_change(qtbot, accounts: Services, sqlite_staff) -> None:  # noqa: ANN001
    nina = accounts.users.get_by_username(sqlite_staff.admin, "nina")
    accounts.users.reset_password(sqlite_staff.admin, nina.id, "temporary pass 1")
    actor = accounts.auth.sign_in("nina", "temporary pass 1")
    assert accounts.auth.must_change_password(actor)
    dialog = ChangePasswordDialog(accounts.auth, actor, forced=True)
    qtbot.addWidget(dialog)
    dialog.current.setText("temporary pass 1")
    dialog.new.setText("my own long password")
    dialog.repeat.setText("my own long passwort")
    assert not dialog.attempt() and "do not match" in dialog.error.text()
    dialog.repeat.setText("my own long password")
    assert dialog.attempt() and not accounts.auth.must_change_password(actor)


def test_idle_lock_hides_phi_and_unlock_keeps_typed_text(qtbot, controller: SessionController,  # noqa: ANN001
                                                        accounts: Services) -> None:
    window = controller.open_window(accounts.auth.sign_in("nina", PW))
    note = window.findChild(QLineEdit, "draft_note")
    qtbot.keyClicks(note, "BP 150/95 at 40 min, rechecking")
    controller.idle.set_timeout(30)  # the injected short timeout
    with qtbot.waitSignal(controller.locked, timeout=5000):
        pass
    lock = controller.lock_screen()
    assert lock.isVisible() and lock.geometry() == window.rect()
    assert not window.centralWidget().isEnabled() and not window.menuBar().isEnabled()
    assert "Nina Nurse (nina)" in lock.who.text()
    lock.password.setText("wrong password!")
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.isVisible() and "Wrong username or password." in lock.error.text()
    lock.password.setText(PW)
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.isVisible() and window.centralWidget().isEnabled()
    assert note.text() == "BP 150/95 at 40 min, rechecking"


def test_switch_user_keeps_the_first_users_input_private(qtbot, controller: SessionController,  # noqa: ANN001
                                                          accounts: Services) -> None:
    nina_window = controller.open_window(accounts.auth.sign_in("nina", PW))
    nina_window.findChild(QLineEdit, "draft_note").setText("nina's unsaved note")
    controller.switch_user()
    lock = controller.lock_screen()
    lock.other_username.setText("fran")
    lock.other_password.setText(PW)
    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    fran_window = controller.current
    assert fran_window is not nina_window and not nina_window.isVisible()
    assert fran_window.findChild(QLineEdit, "draft_note").text() == ""
    assert "Fran Desk (fran)" in fran_window.user_label.text()
    # Fran hands back: Nina signs in at Fran's lock screen and finds her note.
    controller.lock()
    back = controller.lock_screen()
    back.other_username.setText("nina")
    back.other_password.setText(PW)
    qtbot.mouseClick(back.switch_button, Qt.MouseButton.LeftButton)
    assert controller.current is nina_window and nina_window.isVisible() and not fran_window.isVisible()
    assert nina_window.findChild(QLineEdit, "draft_note").text() == "nina's unsaved note"
    assert not controller.is_locked()


def test_emergency_access_from_the_account_menu(controller: SessionController, accounts: Services) -> None:
    window = controller.open_window(accounts.auth.sign_in("nina", PW))
    assert window.account_actions["Emergency access"].isVisible()
    window.account_actions["Emergency access"].trigger()
    assert controller.actor.break_glass and "EMERGENCY ACCESS" in window.user_label.text()
    window.account_actions["End emergency access"].trigger()
    assert not controller.actor.break_glass and "EMERGENCY" not in window.user_label.text()


def test_lock_with_a_modal_dialog_open_covers_it_and_keeps_its_input(qtbot, controller: SessionController,  # noqa: ANN001
                                                                    accounts: Services) -> None:
    window = controller.open_window(accounts.auth.sign_in("nina", PW))
    dialog = QDialog(window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    field = QLineEdit("SpO2 91% at 15 min", dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    controller.lock()
    covers = dialog.findChildren(QWidget, "lock_cover")
    assert covers and covers[0].isVisible() and covers[0].geometry() == dialog.rect()
    modal = controller.guard.modal_lock
    assert modal is not None and modal.isVisible()
    lock = controller.lock_screen()
    assert lock is modal.screen_widget
    lock.other_username.setText("fran")
    lock.other_password.setText(PW)
    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    assert "has a dialog open with unsaved input" in lock.error.text() and controller.current is window
    lock.password.setText(PW)
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    assert controller.guard.modal_lock is None and not controller.is_locked()
    assert dialog.isVisible() and field.text() == "SpO2 91% at 15 min"
    assert not [c for c in dialog.findChildren(QWidget, "lock_cover") if c.isVisible()]


def test_start_runs_first_run_setup_then_sign_in_before_any_window(
    qtbot, monkeypatch: pytest.MonkeyPatch, sqlite_services: Services, sqlite_url: str, tmp_path: Path,  # noqa: ANN001
) -> None:
    from aurora_desktop.app import create_main_window

    settings = resolve(database_url=sqlite_url, data_dir=tmp_path)
    opened = []

    def factory(actor):  # noqa: ANN001, ANN202
        window = create_main_window(sqlite_services, settings, actor,
                                    QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        opened.append(actor.username)
        return window

    def first_run_exec(dialog) -> int:  # noqa: ANN001
        assert opened == []  # nothing (no PHI) before the account exists
        dialog.username.setText("ada")
        dialog.full_name.setText("Ada Admin")
        dialog.password.setText(PW)
        dialog.repeat.setText(PW)
        return QDialog.DialogCode.Accepted if dialog.attempt() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(FirstRunDialog, "exec", first_run_exec)
    ctl = SessionController(sqlite_services, factory, idle_ms=60_000)
    try:
        assert ctl.start() and opened == ["ada"]
        assert "Ada Admin (ada)" in ctl.current.user_label.text()
        assert ctl.current.page_widgets["admin"].tabs is not None
    finally:
        ctl.shutdown()

    monkeypatch.setattr(SignInDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    quitter = SessionController(sqlite_services, factory, idle_ms=60_000)
    try:
        assert not quitter.start() and opened == ["ada"]  # quitting at sign-in opens nothing
    finally:
        quitter.shutdown()


def test_idle_timeout_follows_the_clinic_setting(qtbot, accounts: Services, sqlite_staff,  # noqa: ANN001
                                                 sqlite_url: str, tmp_path: Path) -> None:
    from aurora_desktop.app import create_main_window

    settings = resolve(database_url=sqlite_url, data_dir=tmp_path)
    brooklyn = accounts.clinics.get_by_code("BK")
    accounts.clinics.update_protocol(
        sqlite_staff.admin, brooklyn.id, brooklyn.version, spo2_alert_threshold=93,
        overdue_grace_minutes=5, checkpoint_offsets=list(brooklyn.checkpoint_offsets), idle_lock_minutes=3)

    def factory(actor):  # noqa: ANN001, ANN202
        window = create_main_window(accounts, settings, actor,
                                    QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        return window

    ctl = SessionController(accounts, factory)  # no injected timeout: the clinic decides
    try:
        window = ctl.open_window(accounts.auth.sign_in("nina", PW))
        window.select_clinic(accounts.clinics.get_by_code("WP").id)
        assert ctl.idle.timeout_ms == 10 * 60_000 and ctl.idle.running
        window.select_clinic(brooklyn.id)
        assert ctl.idle.timeout_ms == 3 * 60_000
    finally:
        ctl.shutdown()
