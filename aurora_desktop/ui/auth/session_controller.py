"""Who is using the app: sign-in, one window per signed-in user, automatic lock, switch user.

Unsaved input survives a lock because nothing is torn down: the lock screen only covers the
window (and disables it, so keys cannot reach hidden fields). When a different user signs in
at the lock screen, the first user's window is hidden — widgets, typed text and all — and
the new user gets a fresh window of their own. When the first user signs in again, their
hidden window is shown again, exactly as they left it. No draft is ever shown to another
user, and nothing is written to disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from aurora_desktop.services.permissions import Op, allowed
from aurora_desktop.ui.auth.dialog_guard import DialogGuard
from aurora_desktop.ui.auth.idle import IdleWatcher
from aurora_desktop.ui.auth.lock_screen import LockScreen
from aurora_desktop.ui.auth.setup_dialog import FirstRunDialog
from aurora_desktop.ui.auth.sign_in_dialog import ChangePasswordDialog, SignInDialog

log = logging.getLogger(__name__)
DEFAULT_IDLE_MINUTES = 10
WindowFactory = Callable[[Actor], QMainWindow]


class SessionController(QObject):
    locked = Signal()
    unlocked = Signal()
    user_switched = Signal(int)  # staff id now using the app

    def __init__(
        self, services: Services, window_factory: WindowFactory, *,
        idle_ms: int | None = None, parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.window_factory = window_factory
        self._fixed_idle_ms = idle_ms
        self.windows: dict[int, QMainWindow] = {}
        self.lock_screens: dict[int, LockScreen] = {}
        self.current: QMainWindow | None = None
        self.guard = DialogGuard()
        self.idle = IdleWatcher(idle_ms or DEFAULT_IDLE_MINUTES * 60_000, self)
        self.idle.idle.connect(lambda: self.lock("Locked after a period without activity."))

    # start-up --------------------------------------------------------------------------
    def start(self, sign_in: SignInDialog | None = None) -> bool:
        """First-run setup if needed, then sign-in; False if the user quit instead.

        *sign_in*: a sign-in dialog already on screen (painted before the database opened).
        """
        actor = None
        if self.services.auth.needs_setup():
            if sign_in is not None:  # no accounts yet: the first administrator is made instead
                sign_in.hide()
            setup = FirstRunDialog(self.services.auth)
            if setup.exec() != QDialog.DialogCode.Accepted:
                return False
            actor = setup.actor
        if actor is None:
            dialog = sign_in if sign_in is not None else SignInDialog(self.services.auth)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            actor = dialog.actor
        if not self.ensure_password_current(actor, None):
            return False
        self.open_window(actor)
        return True

    def ensure_password_current(self, actor: Actor, parent: QWidget | None) -> bool:
        """After an administrator's reset the user must choose a new password first."""
        if not self.services.auth.must_change_password(actor):
            return True
        dialog = ChangePasswordDialog(self.services.auth, actor, forced=True, parent=parent)
        return dialog.exec() == QDialog.DialogCode.Accepted

    # windows -----------------------------------------------------------------------------
    @property
    def actor(self) -> Actor | None:
        return self.current.ui.actor if self.current is not None else None

    def open_window(self, actor: Actor) -> QMainWindow:
        """Show *actor*'s window: their kept one if they had one, else a fresh one."""
        key = actor.staff_id if actor.staff_id is not None else -1
        window = self.windows.get(key)
        if window is None:
            window = self.window_factory(actor)
            self.windows[key] = window
            self._decorate(window)
        else:
            window.ui.actor = actor
        previous = self.current
        self.current = window
        self._set_locked(window, False)
        window.show()
        window.raise_()
        window.activateWindow()
        if previous is not None and previous is not window:
            previous.hide()  # still locked underneath; its input is kept for its owner
        self._apply_idle_timeout()
        self.idle.start()
        self.user_switched.emit(key)
        return window

    def _decorate(self, window: QMainWindow) -> None:
        self.lock_screens[id(window)] = lock = LockScreen(window)
        lock.unlock_requested.connect(self._on_unlock)
        lock.switch_requested.connect(self._on_switch)
        menu = window.menuBar().addMenu("&Account")
        menu.setObjectName("account_menu")
        actions = [
            ("&Lock now", "Ctrl+L", lambda: self.lock("Locked by the user.")),
            ("&Switch user…", "Ctrl+Shift+U", self.switch_user),
            ("&Change password…", "", self.change_password),
            ("&Emergency access…", "", self.start_emergency_access),
            ("E&nd emergency access", "", self.end_emergency_access),
        ]
        window.account_actions = {}
        for text, shortcut, slot in actions:
            action = QAction(text, window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)
            window.account_actions[text.replace("&", "").rstrip("…")] = action
        self._refresh_actions(window)
        window.ui.events.clinic_changed.connect(lambda _id: self._apply_idle_timeout())

    def _refresh_actions(self, window: QMainWindow) -> None:
        actor = window.ui.actor
        actions = window.account_actions
        can_glass = actor is not None and allowed(actor, Op.BREAK_GLASS) and not actor.break_glass
        actions["Emergency access"].setVisible(actor is not None and allowed(actor, Op.BREAK_GLASS))
        actions["Emergency access"].setEnabled(can_glass)
        actions["End emergency access"].setVisible(bool(actor and actor.break_glass))
        window.refresh_user_label()

    def lock_screen(self, window: QMainWindow | None = None) -> LockScreen:
        """The lock form the user can type into (above a modal dialog if one is open)."""
        if window is None and self.guard.modal_lock is not None:
            return self.guard.modal_lock.screen_widget
        return self.lock_screens[id(window or self.current)]

    # locking -----------------------------------------------------------------------------
    def is_locked(self) -> bool:
        return self.current is not None and self.lock_screen().isVisible()

    def lock(self, reason: str = "") -> None:
        if self.current is None or self.is_locked():
            return
        self.idle.stop()
        actor = self.actor
        self._set_locked(self.current, True, reason)
        if actor is not None:
            try:
                self.services.auth.record_screen_lock(actor)
            except AuroraError:
                log.warning("could not record screen lock for staff id %s", actor.staff_id)
        self.locked.emit()

    def switch_user(self) -> None:
        self.lock("Switch user: sign in with your own account below.")
        if self.current is not None:
            self.lock_screen().focus_other_user()

    def _set_locked(self, window: QMainWindow, locked: bool, reason: str = "") -> None:
        for part in (window.centralWidget(), window.menuBar(), *window.findChildren(QWidget, "main_toolbar")):
            if part is not None:
                part.setEnabled(not locked)
        lock = self.lock_screen(window)
        if locked:
            lock.show_for(window.ui.actor, reason)
            modal = self.guard.engage(list(self.windows.values()))
            if modal is not None:
                modal.screen_widget.unlock_requested.connect(self._on_unlock)
                modal.screen_widget.switch_requested.connect(self._on_switch)
                modal.screen_widget.show_for(window.ui.actor, reason)
        else:
            self.guard.release()
            lock.hide()
            lock.clear()

    def _clinic_id(self) -> int | None:
        return self.current.ui.clinic_id if self.current is not None else None

    def _on_unlock(self, password: str) -> None:
        actor = self.actor
        if actor is None:
            return
        try:
            fresh = self.services.auth.unlock_screen(actor, password, self._clinic_id())
        except AuroraError as exc:
            self.lock_screen().show_error(str(exc))
            return
        self.current.ui.actor = fresh
        self._set_locked(self.current, False)
        self.idle.start()
        self.unlocked.emit()

    def _on_switch(self, username: str, password: str) -> None:
        current = self.actor
        if self.guard.blocking_dialog_open and current is not None and (
                username.strip().lower() != current.username):
            self.lock_screen().show_error(
                f"{current.full_name} has a dialog open with unsaved input. They must unlock and "
                "finish or cancel it before someone else can sign in on this computer.")
            return
        try:
            actor = self.services.auth.sign_in(username, password, clinic_id=self._clinic_id())
        except AuroraError as exc:
            self.lock_screen().show_error(str(exc))
            return
        if not self.ensure_password_current(actor, self.current):
            self.lock_screen().show_error("A new password is needed before you can continue.")
            return
        if self.current is not None and actor.staff_id == self.actor.staff_id:
            actor = self.services.auth.end_break_glass(actor)  # a fresh sign-in, ordinary rights
            self.current.ui.actor = actor
            self._set_locked(self.current, False)
            self._refresh_actions(self.current)
            self.idle.start()
            self.unlocked.emit()
            return
        leaving = self.current
        if leaving is not None and leaving.ui.actor is not None and leaving.ui.actor.break_glass:
            # Emergency access belongs to one sitting; handing the PC over ends it.
            leaving.ui.actor = self.services.auth.end_break_glass(leaving.ui.actor)
            self._refresh_actions(leaving)
        self.open_window(actor)
        self._refresh_actions(self.current)
        self.unlocked.emit()

    def _apply_idle_timeout(self) -> None:
        if self._fixed_idle_ms is not None:
            return
        clinic_id = self._clinic_id()
        minutes = DEFAULT_IDLE_MINUTES
        for clinic in self.services.clinics.list_clinics():
            if clinic.id == clinic_id:
                minutes = clinic.idle_lock_minutes
        self.idle.set_timeout(minutes * 60_000)

    # account actions -----------------------------------------------------------------
    def change_password(self) -> None:
        if self.current is None or self.actor is None:
            return
        dialog = ChangePasswordDialog(self.services.auth, self.actor, parent=self.current)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.current.ui.events.status_message.emit("Password changed.")

    def start_emergency_access(self) -> None:
        window, actor = self.current, self.actor
        if window is None or actor is None:
            return
        reason = window.ui.dialogs.ask_text(
            window, "Emergency access",
            "Emergency access gives you prescriber-level permissions for this session.\n"
            "Every action is flagged and reviewed by an administrator.\n\nReason:",
        )
        if reason is None:
            return
        try:
            window.ui.actor = self.services.auth.start_break_glass(actor, reason)
        except AuroraError as exc:
            window.ui.dialogs.error(window, "Emergency access refused", str(exc))
            return
        window.ui.events.user_changed.emit()
        self._refresh_actions(window)

    def end_emergency_access(self) -> None:
        window, actor = self.current, self.actor
        if window is None or actor is None or not actor.break_glass:
            return
        window.ui.actor = self.services.auth.end_break_glass(actor)
        window.ui.events.user_changed.emit()
        self._refresh_actions(window)

    def shutdown(self) -> None:
        """Sign every open session out (ends emergency access) when the app quits."""
        self.idle.detach()
        self.guard.release()
        for window in self.windows.values():
            actor = window.ui.actor
            if actor is not None:
                try:
                    self.services.auth.sign_out(actor)
                except AuroraError:
                    log.warning("could not record sign-out for staff id %s", actor.staff_id)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
