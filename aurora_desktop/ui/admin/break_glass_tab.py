"""Administration → Emergency access: every break-glass grant, its flagged actions, the review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.audit_admin import BreakGlassView
from aurora_desktop.ui.admin.table_models import AuditTableModel, GrantsTableModel
from aurora_desktop.ui.ui_context import UiContext


def _table(name: str, model) -> QTableView:  # noqa: ANN001 - a table model
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class BreakGlassTab(QWidget):
    def __init__(self, ui: UiContext, time_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.audit = ui.services.audit_admin
        self.grants = GrantsTableModel(time_zone)
        self.actions = AuditTableModel(time_zone)
        self.grants_table = _table("grants_table", self.grants)
        self.actions_table = _table("grant_actions_table", self.actions)
        self.unreviewed = QCheckBox("Only grants &not yet reviewed")
        self.unreviewed.toggled.connect(lambda _=False: self.refresh())
        self.review_button = QPushButton("&Record review…")
        self.review_button.setObjectName("review_button")
        self.review_button.clicked.connect(self.review)
        self.summary = QLabel()
        self.summary.setObjectName("grants_summary")
        top = QHBoxLayout()
        top.addWidget(self.unreviewed)
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.review_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grants_table)
        holder = QWidget()
        lower = QVBoxLayout(holder)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(QLabel("Actions taken under the selected emergency access:"))
        lower.addWidget(self.actions_table)
        split.addWidget(holder)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.grants_table.selectionModel().selectionChanged.connect(lambda *_: self._load_actions())
        self.refresh()

    def refresh(self) -> None:
        rows = self.audit.break_glass_grants(self.ui.require_actor(), self.unreviewed.isChecked())
        self.grants.set_rows(rows)
        waiting = sum(1 for g in rows if g.reviewed_at is None)
        self.summary.setText(f"{len(rows)} grants · {waiting} waiting for review" if rows
                             else "No emergency access has been taken.")
        self.actions.set_rows([])
        self.review_button.setEnabled(False)

    def selected(self) -> BreakGlassView | None:
        rows = self.grants_table.selectionModel().selectedRows()
        return self.grants.row_at(rows[0].row()) if rows else None

    def _load_actions(self) -> None:
        grant = self.selected()
        self.review_button.setEnabled(bool(grant and grant.reviewed_at is None))
        if grant is None:
            self.actions.set_rows([])
            return
        self.actions.set_rows(self.audit.break_glass_actions(self.ui.require_actor(), grant.id))

    def review(self) -> None:
        grant = self.selected()
        if grant is None:
            return
        note = self.ui.dialogs.ask_text(self, "Review emergency access",
                                        f"Review of {grant.username}'s emergency access — what did "
                                        "you find? (required)")
        if note is None:
            return
        try:
            self.audit.review_break_glass(self.ui.require_actor(), grant.id, note)
        except AuroraError as exc:
            self.ui.dialogs.error(self, "Review not saved", str(exc))
            return
        self.refresh()
        self.ui.events.status_message.emit("Review recorded.")
