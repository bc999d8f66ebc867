"""Qt table model of the floor board rows (no database access in data())."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from aurora_desktop.domain.monitoring_plan import format_countdown
from aurora_desktop.services.session_day.floor_board import FloorCard
from aurora_desktop.ui.session.common import ALERT_BG, OVERDUE_BG, WARN_MARK, fmt_time

COL_CHAIR, COL_PATIENT, COL_START, COL_STATUS, COL_MINUTES, COL_NEXT, COL_COUNTDOWN, COL_ALERTS = range(8)
HEADERS = ["Chair", "Patient", "Booked", "Status", "Since 1st device", "Next checkpoint", "Countdown",
           "Alerts"]
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class FloorTableModel(QAbstractTableModel):
    def __init__(self, clock: Callable[[], datetime], zone: ZoneInfo | None = None) -> None:
        super().__init__()
        self._rows: list[FloorCard] = []
        self._clock = clock
        self.zone = zone or ZoneInfo("America/New_York")
        self.grace_seconds = 300

    def set_rows(self, rows: list[FloorCard] | tuple[FloorCard, ...], zone: ZoneInfo | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if zone is not None:
            self.zone = zone
        self.endResetModel()

    def row_of(self, session_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.session_id == session_id), -1)

    def card(self, row: int) -> FloorCard:
        return self._rows[row]

    def tick(self) -> None:
        """Countdowns move every second without a database query."""
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_MINUTES), self.index(len(self._rows) - 1, COL_ALERTS))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def _overdue_now(self, card: FloorCard) -> bool:
        nd = card.next_due
        if card.overdue_offsets:
            return True
        return bool(nd and (self._clock() - nd.due_at).total_seconds() > self.grace_seconds)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, C901
        if not index.isValid():
            return None
        card = self._rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return card
        overdue = self._overdue_now(card)
        if role == Qt.ItemDataRole.BackgroundRole:
            if overdue:
                return QBrush(QColor(OVERDUE_BG))
            if card.alerts_awaiting_action:
                return QBrush(QColor(ALERT_BG))
            return None
        if role == Qt.ItemDataRole.FontRole and (overdue or card.alerts_awaiting_action) and col in (
                COL_COUNTDOWN, COL_ALERTS, COL_STATUS):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ALERTS:
            return "\n".join(card.alert_texts) or "No alerts"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == COL_CHAIR:
            return card.chair_label
        if col == COL_PATIENT:
            return card.patient_name
        if col == COL_START:
            return fmt_time(card.local_start, self.zone)
        if col == COL_STATUS:
            return card.stage
        if col == COL_MINUTES:
            return "" if card.minutes_since_first_device is None else f"{card.minutes_since_first_device} min"
        nd = card.next_due
        if col == COL_NEXT:
            return "" if nd is None else f"+{nd.offset_minutes} min at {fmt_time(nd.due_at, self.zone)}"
        if col == COL_COUNTDOWN:
            if nd is None:
                return ""
            seconds = int((nd.due_at - self._clock()).total_seconds())
            text = format_countdown(seconds)
            return f"{WARN_MARK} OVERDUE {text}" if overdue and seconds < 0 else text
        if col == COL_ALERTS:
            parts = [f"OVERDUE: +{o} min checkpoint" for o in card.overdue_offsets]
            count = len(card.alerts_awaiting_action)
            if count:
                parts.append(f"{count} alert{'s' if count > 1 else ''} awaiting an action note")
            if not card.ride_confirmed and card.stage != "discharged":
                parts.append("no ride home confirmed")
            if card.rems_form_due_on is not None:
                parts.append(f"REMS form due {card.rems_form_due_on:%m/%d/%Y}")
            prefix = WARN_MARK + " " if card.needs_attention else ""
            return prefix + " · ".join(parts) if parts else ""
        return None
