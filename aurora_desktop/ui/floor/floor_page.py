"""The floor board page: today's chairs with countdowns and alerts; opens the session screen."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.session_day.floor_board import FloorBoard
from aurora_desktop.ui.floor.check_in_dialog import CheckInDialog, RideState
from aurora_desktop.ui.floor.floor_model import COL_ALERTS, COL_PATIENT, FloorTableModel
from aurora_desktop.ui.floor.rems_forms_view import RemsFormsView
from aurora_desktop.ui.session.common import fmt_date, heading, run_action
from aurora_desktop.ui.session.session_screen import SessionScreen
from aurora_desktop.ui.ui_context import UiContext
from aurora_desktop.ui.widgets.empty_state import EmptyState

REFRESH_MS = 20_000


class FloorBoardPage(QStackedWidget):
    """Board (index 0) and the session screen (index 1); Esc goes back to the board."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.board: FloorBoard | None = None
        self.model = FloorTableModel(ui.clock.now)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_board(), "Floor board")
        self.forms = RemsFormsView(ui)
        self.tabs.addTab(self.forms, "REMS forms")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.addWidget(self.tabs)
        self.session_screen = SessionScreen(ui)
        self.session_screen.back_requested.connect(self.show_board)
        self.addWidget(self.session_screen)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self._timed_refresh)
        self.refresh_timer.start()
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self._tick)
        self.tick_timer.start()
        ui.events.sessions_changed.connect(self.refresh)
        ui.events.clinic_changed.connect(lambda _cid: self.refresh())
        ui.events.user_changed.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        self.refresh()

    def _build_board(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.title = heading("Floor board")
        layout.addWidget(self.title)
        self.summary = QLabel()
        top.addWidget(self.summary)
        top.addStretch(1)
        self.check_in_button = QPushButton("Check in / ride… (Ctrl+I)")
        self.check_in_button.clicked.connect(self.check_in_selected)
        QShortcut(QKeySequence("Ctrl+I"), self, activated=self.check_in_selected)
        top.addWidget(self.check_in_button)
        self.open_button = QPushButton("Open session (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        top.addWidget(self.open_button)
        refresh = QPushButton("Refresh (F5)")
        refresh.clicked.connect(self.refresh)
        top.addWidget(refresh)
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setObjectName("floor_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ALERTS, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.empty = EmptyState(
            "No patients booked today",
            "Sessions booked on the Schedule for this clinic appear here once the day starts.")
        self.body.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        legend = QLabel("⚠ with a red row = checkpoint overdue · amber row = abnormal reading awaiting an "
                        "action note · countdown shows time to the next checkpoint")
        legend.setStyleSheet("color: #4a5566;")
        layout.addWidget(legend)
        return page

    # behaviour --------------------------------------------------------------------
    def selected_session_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.card(rows[0].row()).session_id

    def select_session(self, session_id: int) -> None:
        row = self.model.row_of(session_id)
        if row >= 0:
            self.table.selectRow(row)

    def refresh(self) -> None:
        actor, clinic_id = self.ui.actor, self.ui.clinic_id
        if actor is None or clinic_id is None:
            self.summary.setText("Sign in to see the floor board.")
            return
        if self.tabs.currentIndex() == 1:
            self.forms.refresh()
        keep = self.selected_session_id()
        try:
            board = self.ui.services.floor_board.floor_board(actor, clinic_id)
        except AuroraError as exc:  # e.g. a role without the schedule: say so, keep the timer alive
            self.summary.setText(str(exc))
            return
        self.board = board
        zone = ZoneInfo(board.time_zone)
        self.forms.zone = zone
        self.model.grace_seconds = board.grace_minutes * 60
        self.model.set_rows(board.cards, zone)
        if keep is not None:
            self.select_session(keep)
        self.body.setCurrentIndex(0 if board.cards else 1)
        attention = sum(1 for c in board.cards if c.needs_attention)
        self.title.setText(f"Floor board — {fmt_date(board.day)}")
        forms = f" · ⚠ {board.overdue_forms} REMS form(s) overdue" if board.overdue_forms else ""
        self.summary.setText(f"{len(board.cards)} booked · {board.under_observation} under observation · "
                             f"{attention} need attention{forms}")
        self.table.resizeColumnToContents(COL_PATIENT)

    def _timed_refresh(self) -> None:
        self.refresh()
        if self.currentIndex() == 1:
            self.session_screen.refresh()

    def _tick(self) -> None:
        self.model.tick()
        if self.currentIndex() == 1:
            self.session_screen.tick()

    def check_in_selected(self) -> None:
        """Scheduled -> check in with the ride home; arrived or later -> confirm the ride."""
        session_id = self.selected_session_id()
        if session_id is None or self.ui.actor is None:
            self.ui.dialogs.error(self, "Check in", "Select a patient on the floor board first.")
            return
        card = self.model.card(self.model.row_of(session_id))
        checking_in = card.status == SessionStatus.SCHEDULED
        if not checking_in and card.ride_confirmed:
            self.ui.dialogs.info(self, "Ride home", f"Ride home already confirmed: {card.ride_driver_name} "
                                 f"{card.ride_driver_phone}".strip())
            return
        dialog = CheckInDialog(card.patient_name, checking_in,
                               RideState(card.ride_driver_name, card.ride_driver_phone, False), self)
        if dialog.exec() != CheckInDialog.DialogCode.Accepted:
            return
        self.apply_check_in(card, dialog.get_state())

    def apply_check_in(self, card, state: RideState) -> bool:  # noqa: ANN001 - FloorCard
        service = self.ui.services.scheduling
        if card.status == SessionStatus.SCHEDULED:
            action = lambda: service.check_in(  # noqa: E731
                self.ui.actor, card.session_id, card.version, driver_name=state.driver_name,
                driver_phone=state.driver_phone, ride_confirmed=state.ride_confirmed)
            done = "Patient checked in"
        else:
            action = lambda: service.confirm_ride(  # noqa: E731
                self.ui.actor, card.session_id, card.version, driver_name=state.driver_name,
                driver_phone=state.driver_phone)
            done = "Ride home confirmed"
        return bool(run_action(self.ui, self, "Check in", action, done))

    def open_selected(self) -> None:
        session_id = self.selected_session_id()
        if session_id is None:
            self.ui.dialogs.error(self, "Open session", "Select a patient on the floor board first.")
            return
        self.open_session(session_id)

    def open_session(self, session_id: int) -> None:
        if self.session_screen.load(session_id):
            self.setCurrentIndex(1)

    def show_board(self) -> None:
        self.setCurrentIndex(0)
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
