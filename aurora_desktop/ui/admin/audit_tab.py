"""Administration → Audit trail: filtered, paged (keyset) viewer, chain verification, CSV export."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.audit_admin import AuditCursor, AuditFilter
from aurora_desktop.ui.admin.table_models import AuditTableModel, pretty_details
from aurora_desktop.ui.ui_context import UiContext

ENTITIES = ["", "patient", "treatment_session", "monitoring_checkpoint", "signature", "amendment",
            "staff_member", "break_glass_grant", "clinic", "treatment_chair", "audit_event"]


def _date_edit(name: str, today: date) -> QDateEdit:
    edit = QDateEdit(QDate(today.year, today.month, today.day))
    edit.setObjectName(name)
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    return edit


class AuditTab(QWidget):
    def __init__(self, ui: UiContext, time_zone: str, page_size: int = 200,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.audit = ui.services.audit_admin
        self.time_zone = time_zone
        self.page_size = page_size
        self._cursors: list[AuditCursor | None] = [None]
        self._next: AuditCursor | None = None
        today = ui.clock.now().date()

        self.user = QComboBox()
        self.user.setObjectName("filter_user")
        self.user.addItem("All users", None)
        for choice in self.audit.staff_choices(ui.require_actor()):
            self.user.addItem(f"{choice.full_name} ({choice.username})", choice.id)
        self.patient = QLineEdit()
        self.patient.setObjectName("filter_patient")
        self.patient.setPlaceholderText("patient id")
        self.patient.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.entity = QComboBox()
        self.entity.setObjectName("filter_entity")
        self.entity.setEditable(True)
        self.entity.addItems(ENTITIES)
        self.entity_id = QLineEdit()
        self.entity_id.setObjectName("filter_entity_id")
        self.entity_id.setPlaceholderText("record id")
        self.use_from, self.use_to = QCheckBox("&From:"), QCheckBox("&To:")
        self.date_from, self.date_to = _date_edit("filter_from", today), _date_edit("filter_to", today)
        self.use_from.toggled.connect(self.date_from.setEnabled)
        self.use_to.toggled.connect(self.date_to.setEnabled)
        self.glass_only = QCheckBox("Emergency access only")
        apply = QPushButton("&Apply filters")
        apply.setObjectName("apply_filters")
        apply.setDefault(True)
        apply.clicked.connect(self.apply)
        for field in (self.patient, self.entity_id):
            field.returnPressed.connect(self.apply)

        grid = QGridLayout()
        grid.addWidget(QLabel("User:"), 0, 0)
        grid.addWidget(self.user, 0, 1)
        grid.addWidget(QLabel("Patient:"), 0, 2)
        grid.addWidget(self.patient, 0, 3)
        grid.addWidget(QLabel("Record:"), 0, 4)
        grid.addWidget(self.entity, 0, 5)
        grid.addWidget(self.entity_id, 0, 6)
        grid.addWidget(self.use_from, 1, 0)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(self.use_to, 1, 2)
        grid.addWidget(self.date_to, 1, 3)
        grid.addWidget(self.glass_only, 1, 4, 1, 2)
        grid.addWidget(apply, 1, 6)

        self.model = AuditTableModel(time_zone)
        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # the full change set is in the details pane
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("audit_details")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select an event to see the changed fields (before → after).")
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        self.details.setMaximumWidth(320)

        nav = QHBoxLayout()
        self.newer = QPushButton("◀ &Newer")
        self.older = QPushButton("&Older ▶")
        self.newer.setObjectName("page_newer")
        self.older.setObjectName("page_older")
        self.newer.clicked.connect(self.newer_page)
        self.older.clicked.connect(self.older_page)
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        verify = QPushButton("&Verify chain")
        verify.clicked.connect(self.verify)
        export = QPushButton("&Export CSV…")
        export.clicked.connect(self.export)
        for widget in (self.newer, self.page_label, self.older):
            nav.addWidget(widget)
        nav.addStretch(1)
        nav.addWidget(verify)
        nav.addWidget(export)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        layout.addLayout(nav)
        self.apply()

    # queries ------------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        def day(edit: QDateEdit, used: QCheckBox) -> date | None:
            return edit.date().toPython() if used.isChecked() else None

        return AuditFilter(
            actor_id=self.user.currentData(),
            patient_id=int(self.patient.text()) if self.patient.text() else None,
            entity=self.entity.currentText().strip() or None,
            entity_id=self.entity_id.text().strip() or None,
            start=day(self.date_from, self.use_from), end=day(self.date_to, self.use_to),
            break_glass_only=self.glass_only.isChecked(), time_zone=self.time_zone,
        )

    def apply(self) -> None:
        self._cursors = [None]
        self._load()

    def older_page(self) -> None:
        if self._next is not None:
            self._cursors.append(self._next)
            self._load()

    def newer_page(self) -> None:
        if len(self._cursors) > 1:
            self._cursors.pop()
            self._load()

    def _load(self) -> None:
        try:
            page = self.audit.page(self.ui.require_actor(), self.current_filter(),
                                   after=self._cursors[-1], limit=self.page_size)
        except AuroraError as exc:
            self.ui.dialogs.error(self, "Audit trail", str(exc))
            return
        self._next = page.next_cursor
        self.model.set_rows(page.rows)
        self.details.clear()
        number = len(self._cursors)
        if not page.rows:
            self.page_label.setText("No events match these filters.")
        else:
            self.page_label.setText(f"Page {number} · {len(page.rows)} events · newest first")
        self.newer.setEnabled(number > 1)
        self.older.setEnabled(page.next_cursor is not None)

    def _show_details(self, current, _previous) -> None:  # noqa: ANN001 - QModelIndex
        row = self.model.row_at(current.row())
        if row is None:
            self.details.clear()
        elif row.details in ("", "{}"):
            self.details.setPlainText(f"#{row.id} {row.action.replace('_', ' ')}: no field changes recorded.")
        else:
            self.details.setPlainText(f"#{row.id} {row.action.replace('_', ' ')}\n"
                                      + pretty_details(row.details))

    # chain and export -----------------------------------------------------------------
    def verify(self) -> None:
        report = self.audit.verify(self.ui.require_actor())
        if report.ok:
            self.ui.dialogs.info(self, "Audit trail intact",
                                 f"All {report.checked:,} events verified: the hash chain is unbroken.")
        else:
            self.ui.dialogs.error(self, "Audit trail BROKEN",
                                  f"The chain breaks at event #{report.first_broken_id}: "
                                  f"{report.problem}. Report this to your security officer.")

    def export(self) -> None:
        flt = self.current_filter()
        start = flt.start or date(2000, 1, 1)
        end = flt.end or self.ui.clock.now().date()
        path = self.ui.dialogs.save_file(self, "Export audit trail",
                                         f"audit-{start.isoformat()}-to-{end.isoformat()}.csv",
                                         "CSV files (*.csv)")
        if not path:
            return
        try:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                count = self.audit.export_csv(self.ui.require_actor(), start, end, handle, self.time_zone)
        except (OSError, AuroraError) as exc:
            self.ui.dialogs.error(self, "Export failed", str(exc))
            return
        self.ui.events.status_message.emit(f"Exported {count:,} audit events.")
