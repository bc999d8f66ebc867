"""What the user can do with a booking (context menu) and the booking/roster dialogs' launch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import AuroraError, WarningsNeedAcknowledgement
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.services.permissions import Op, allowed
from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.reports.report_actions import ReportActions
from aurora_desktop.ui.schedule.booking_dialog import BookingDialog
from aurora_desktop.ui.schedule.form_rows import acknowledge, reasons_text
from aurora_desktop.ui.schedule.session_dialogs import CheckInDialog, RescheduleDialog, detail_text
from aurora_desktop.ui.ui_context import UiContext


def _exec(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class SessionActions:
    """Runs one action per user request; every refusal is explained, every change announced."""

    def __init__(self, ui: UiContext, parent: QWidget) -> None:
        self.ui = ui
        self.parent = parent
        self.run_dialog: Callable[[QDialog], bool] = _exec  # tests drive dialogs directly
        self.last_dialog: QDialog | None = None
        self.reports = ReportActions(ui, parent)  # "Session log PDF" in the context menu

    def _show(self, dialog: QDialog) -> bool:
        self.last_dialog = dialog
        return self.run_dialog(dialog)

    def _call(self, title: str, action: Callable[[], Any], done: str) -> bool:
        try:
            action()
        except AuroraError as exc:
            self.ui.dialogs.error(self.parent, title, reasons_text(exc))
            return False
        self.ui.events.status_message.emit(done)
        self.ui.events.sessions_changed.emit()
        return True

    def _clinic(self, clinic_id: int) -> ClinicView:
        return next(c for c in self.ui.services.clinics.list_clinics() if c.id == clinic_id)

    # menu -------------------------------------------------------------------------------
    def menu_for(self, row: SessionRow) -> QMenu:
        actor = self.ui.require_actor()
        menu = QMenu(self.parent)
        scheduled = row.status == SessionStatus.SCHEDULED
        entries = [
            ("Open session…", True, lambda: self.open_session(row.id)),
            ("Check in…", scheduled and allowed(actor, Op.CHECK_IN), lambda: self.check_in(row.id)),
            ("Reschedule…", scheduled and allowed(actor, Op.RESCHEDULE_SESSION),
             lambda: self.reschedule(row.id)),
            ("Cancel booking…", row.status in (SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN)
             and allowed(actor, Op.CANCEL_SESSION), lambda: self.cancel(row.id)),
            ("Mark no-show", scheduled and allowed(actor, Op.MARK_NO_SHOW),
             lambda: self.no_show(row.id)),
        ]
        for text, enabled, slot in entries:
            action = menu.addAction(text)
            action.setEnabled(bool(enabled))
            action.triggered.connect(slot)
        # Once the session has started (or was cancelled), its log can be previewed/printed/saved.
        pdf = self.reports.session_log_menu(row.id, menu)
        pdf.menuAction().setEnabled(row.status != SessionStatus.SCHEDULED
                                    and allowed(actor, Op.EXPORT_REPORTS))
        menu.addMenu(pdf)
        return menu

    def context_menu(self, row: SessionRow, pos: QPoint) -> None:
        self.menu_for(row).exec(pos)

    # actions ------------------------------------------------------------------------------
    def open_session(self, session_id: int) -> None:
        try:
            detail = self.ui.services.scheduling.get_session(self.ui.require_actor(), session_id)
        except AuroraError as exc:
            self.ui.dialogs.error(self.parent, "Session", str(exc))
            return
        self.ui.dialogs.info(self.parent, f"Session #{detail.id}", detail_text(detail))

    def cancel(self, session_id: int) -> bool:
        actor = self.ui.require_actor()
        detail = self.ui.services.scheduling.get_session(actor, session_id)
        reason = self.ui.dialogs.ask_text(self.parent, "Cancel booking",
                                          f"Why is {detail.patient_name}'s booking cancelled? "
                                          "(required)")
        if not reason:
            return False
        return self._call("Cancel booking", lambda: self.ui.services.scheduling.cancel(
            actor, session_id, detail.version, reason), "Booking cancelled; the slot is free")

    def no_show(self, session_id: int) -> bool:
        actor = self.ui.require_actor()
        detail = self.ui.services.scheduling.get_session(actor, session_id)
        if not self.ui.dialogs.confirm(self.parent, "No-show",
                                       f"Mark {detail.patient_name} as a no-show?"):
            return False
        return self._call("No-show", lambda: self.ui.services.scheduling.mark_no_show(
            actor, session_id, detail.version), "Marked as no-show")

    def check_in(self, session_id: int) -> bool:
        actor = self.ui.require_actor()
        detail = self.ui.services.scheduling.get_session(actor, session_id)
        dialog = CheckInDialog(detail, self.parent)
        if not self._show(dialog):
            return False
        return self._call("Check in", lambda: self.ui.services.scheduling.check_in(
            actor, session_id, detail.version, driver_name=dialog.driver_name.text(),
            driver_phone=dialog.driver_phone.text(), ride_confirmed=dialog.confirmed.isChecked()),
            f"{detail.patient_name} checked in")

    def reschedule(self, session_id: int) -> bool:
        actor = self.ui.require_actor()
        detail = self.ui.services.scheduling.get_session(actor, session_id)
        dialog = RescheduleDialog(self._clinic(detail.clinic_id), detail, self.parent)
        if not self._show(dialog):
            return False
        acknowledged: list[str] = []
        while True:
            try:
                self.ui.services.scheduling.reschedule(
                    actor, session_id, detail.version, day=dialog.day(),
                    start_time=dialog.time.currentData(), chair_id=dialog.chair.currentData(),
                    reason=dialog.reason.text(), acknowledged=acknowledged)
            except WarningsNeedAcknowledgement as exc:
                if not acknowledge(self.ui, self.parent, "Reschedule warnings", exc.warnings):
                    return False
                acknowledged += exc.warnings
                continue
            except AuroraError as exc:
                self.ui.dialogs.error(self.parent, "Reschedule", reasons_text(exc))
                return False
            break
        self.ui.events.status_message.emit("Rescheduled; the old booking is kept as history")
        self.ui.events.sessions_changed.emit()
        return True

    def book(self, clinic: ClinicView, day: date, chair_id: int | None = None,
             at: time | None = None) -> bool:
        return self._show(BookingDialog(self.ui, clinic, day, chair_id, at, self.parent))

    def book_series(self, clinic: ClinicView, day: date) -> bool:
        from aurora_desktop.ui.schedule.series_dialog import SeriesDialog

        return self._show(SeriesDialog(self.ui, clinic, day, self.parent))

    def roster(self, clinic: ClinicView, day: date) -> bool:
        from aurora_desktop.ui.schedule.roster_dialog import RosterDialog

        return self._show(RosterDialog(self.ui, clinic, day, self.parent))
