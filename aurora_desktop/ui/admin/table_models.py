"""Thin Qt table models for the Administration page: fed by services, never query in data()."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from aurora_desktop.domain.accounts import format_local_time, is_locked
from aurora_desktop.services.audit_admin import AuditRow, BreakGlassView
from aurora_desktop.services.users import UserView

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_TIME_ZONE = "America/New_York"
Index = QModelIndex | QPersistentModelIndex


def us_datetime(value: datetime | None, time_zone: str = DEFAULT_TIME_ZONE) -> str:
    """'12/01/2026 9:15:02 AM' in the clinic's zone ('' for none)."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(time_zone))
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{local:%m/%d/%Y} {hour}:{local:%M:%S %p}"


class _RowsModel(QAbstractTableModel):
    HEADERS: Sequence[str] = ()

    def __init__(self, time_zone: str = DEFAULT_TIME_ZONE) -> None:
        super().__init__()
        self.rows: list[Any] = []
        self.time_zone = time_zone
        self.now: datetime | None = None

    def set_rows(self, rows: Sequence[Any], now: datetime | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.now = now
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        item = self.rows[index.row()]
        if role == ROW_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(item, index.column())
        return None

    def text(self, item: Any, column: int) -> str:
        raise NotImplementedError


class UsersTableModel(_RowsModel):
    COL_USERNAME, COL_NAME, COL_ROLES, COL_STATUS, COL_CHANGE, COL_LAST = range(6)
    HEADERS = ("Username", "Full name", "Roles", "Status", "Password", "Last sign-in")

    def text(self, item: UserView, column: int) -> str:
        if column == self.COL_USERNAME:
            return item.username
        if column == self.COL_NAME:
            return f"{item.full_name}, {item.credentials}" if item.credentials else item.full_name
        if column == self.COL_ROLES:
            return item.roles_text
        if column == self.COL_STATUS:
            if not item.active:
                return "Deactivated"
            if self.now is not None and is_locked(item.locked_until, self.now):
                return "⚠ Locked until " + format_local_time(item.locked_until, self.time_zone)
            return "Active"
        if column == self.COL_CHANGE:
            return "Must change at next sign-in" if item.must_change_password else "Set"
        return us_datetime(item.last_login_at, self.time_zone) or "Never"


class AuditTableModel(_RowsModel):
    COL_ID, COL_WHEN, COL_USER, COL_WORKSTATION, COL_ACTION, COL_ENTITY, COL_PATIENT, COL_FLAG, \
        COL_DETAILS = range(9)
    HEADERS = ("#", "When", "User", "Workstation", "Action", "Record", "Patient id",
               "Emergency", "Changes")

    def text(self, item: AuditRow, column: int) -> str:
        values = {
            self.COL_ID: str(item.id),
            self.COL_WHEN: us_datetime(item.occurred_at, self.time_zone),
            self.COL_USER: item.actor_username,
            self.COL_WORKSTATION: item.workstation,
            self.COL_ACTION: item.action.replace("_", " "),
            self.COL_ENTITY: f"{item.entity} {item.entity_id}".strip(),
            self.COL_PATIENT: "" if item.patient_id is None else str(item.patient_id),
            self.COL_FLAG: "⚠ break glass" if item.break_glass else "",
            self.COL_DETAILS: item.details if item.details != "{}" else "",
        }
        return values[column]


def pretty_details(details: str) -> str:
    try:
        return json.dumps(json.loads(details), indent=2, ensure_ascii=False)
    except ValueError:
        return details


class GrantsTableModel(_RowsModel):
    COL_STARTED, COL_ENDED, COL_USER, COL_REASON, COL_ACTIONS, COL_REVIEW = range(6)
    HEADERS = ("Started", "Ended", "User", "Reason", "Flagged actions", "Review")

    def text(self, item: BreakGlassView, column: int) -> str:
        if column == self.COL_STARTED:
            return us_datetime(item.started_at, self.time_zone)
        if column == self.COL_ENDED:
            return us_datetime(item.ended_at, self.time_zone) or "Still active"
        if column == self.COL_USER:
            return f"{item.full_name} ({item.username})"
        if column == self.COL_REASON:
            return item.reason
        if column == self.COL_ACTIONS:
            return str(item.flagged_actions)
        if item.reviewed_at is None:
            return "⚠ Not reviewed"
        return f"Reviewed by {item.reviewed_by} {us_datetime(item.reviewed_at, self.time_zone)}: " \
               f"{item.review_note}"
