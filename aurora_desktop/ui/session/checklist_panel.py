"""Checklist step: re-confirmations, fasting times, medicines, oral antidepressant, pre-dose vitals."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.checklist import CONCOMITANT_LABELS, CONTRAINDICATION_LABELS
from aurora_desktop.domain.enums import Contraindication, PregnancyStatus, SessionStatus
from aurora_desktop.services.session_day.checklist import ChecklistForm
from aurora_desktop.ui.session.common import (
    Panel,
    TimeField,
    VitalSpin,
    YesNoCombo,
    reasons_label,
    run_action,
)


class ChecklistPanel(Panel):
    def __init__(self, ui, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ui, parent)
        outer = QHBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.form_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 3)
        side = QVBoxLayout()
        self.start_button = QPushButton("Start checklist")
        self.start_button.clicked.connect(self.start)
        side.addWidget(self.start_button)
        self.ride_label = QLabel()
        self.ride_label.setWordWrap(True)
        side.addWidget(self.ride_label)
        self.unmet_label = QLabel()
        self.unmet_label.setObjectName("checklist_unmet")
        self.unmet_label.setWordWrap(True)
        side.addWidget(self.unmet_label, 1)
        outer.addLayout(side, 2)
        self._build_answers()
        self._build_vitals()

    def _build_answers(self) -> None:
        clock = self.ui.clock.now
        box = QGroupBox("Contraindications re-confirmed today (any Yes stops the dose)")
        grid = QFormLayout(box)
        self.ci: dict[Contraindication, YesNoCombo] = {}
        for item, label in CONTRAINDICATION_LABELS.items():
            self.ci[item] = YesNoCombo()
            grid.addRow(label.capitalize() + ":", self.ci[item])
        self.form_layout.addWidget(box)
        box = QGroupBox("Fasting and nasal sprays (ask the time, don't just tick)")
        grid = QFormLayout(box)
        self.food = TimeField("asked — last food at", self.zone, clock)
        self.liquid = TimeField("asked — last liquid at", self.zone, clock)
        grid.addRow("Food (≥ 2 h before):", self.food)
        grid.addRow("Liquids (≥ 30 min before):", self.liquid)
        row = QHBoxLayout()
        self.nasal = QComboBox()
        self.nasal.addItems(["— not answered —", "None today", "Taken at"])
        self.nasal_time = QTimeEdit()
        self.nasal_time.setDisplayFormat("hh:mm AP")
        row.addWidget(self.nasal)
        row.addWidget(self.nasal_time)
        row.addStretch(1)
        grid.addRow("Nasal corticosteroid/decongestant (≥ 1 h before):", row)
        self.pregnancy = QComboBox()
        for status in (PregnancyStatus.UNKNOWN, PregnancyStatus.NOT_PREGNANT, PregnancyStatus.PREGNANT):
            self.pregnancy.addItem(status.value.replace("_", " ").replace("unknown", "— not recorded —"),
                                   status)
        self.pregnancy_row_label = QLabel("Pregnancy status:")
        grid.addRow(self.pregnancy_row_label, self.pregnancy)
        self.form_layout.addWidget(box)
        box = QGroupBox("Concomitant medicines (sedating or BP-raising)")
        grid = QFormLayout(box)
        self.meds: dict[str, YesNoCombo] = {}
        for key, label in CONCOMITANT_LABELS.items():
            self.meds[key] = YesNoCombo()
            grid.addRow(label.capitalize() + ":", self.meds[key])
        self.form_layout.addWidget(box)
        self.oral_box = QGroupBox("Concurrent oral antidepressant")
        grid = QFormLayout(self.oral_box)
        self.oral_drug = QLineEdit()
        self.oral_drug.setMaxLength(80)
        self.oral_dose = QLineEdit()
        self.oral_dose.setMaxLength(40)
        self.oral_taking = YesNoCombo()
        self.monotherapy = QCheckBox("No oral antidepressant — monotherapy per plan")
        grid.addRow("Drug:", self.oral_drug)
        grid.addRow("Dose:", self.oral_dose)
        grid.addRow("Taking as prescribed:", self.oral_taking)
        grid.addRow(self.monotherapy)
        self.form_layout.addWidget(self.oral_box)
        self.save_button = QPushButton("Save answers (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        self.form_layout.addWidget(self.save_button)

    def _build_vitals(self) -> None:
        box = QGroupBox("Pre-dose vitals and baseline sedation")
        grid = QFormLayout(box)
        self.sbp, self.dbp = VitalSpin("systolic"), VitalSpin("diastolic")
        bp = QHBoxLayout()
        bp.addWidget(self.sbp)
        bp.addWidget(QLabel("/"))
        bp.addWidget(self.dbp)
        bp.addWidget(QLabel("mmHg"))
        bp.addStretch(1)
        grid.addRow("Blood pressure:", bp)
        self.hr, self.spo2, self.moaas = VitalSpin("heart_rate"), VitalSpin("spo2"), VitalSpin("moaas")
        grid.addRow("Heart rate (bpm):", self.hr)
        grid.addRow("SpO2 (%):", self.spo2)
        grid.addRow("Baseline MOAA/S (0–5):", self.moaas)
        self.vitals_button = QPushButton("Save pre-dose vitals")
        self.vitals_button.clicked.connect(self.save_vitals)
        grid.addRow(self.vitals_button)
        self.bp_ack_reason = QLineEdit()
        self.bp_ack_reason.setPlaceholderText("Prescriber: reason for dosing with BP above 140/90")
        self.bp_ack_button = QPushButton("Acknowledge BP (prescriber)")
        self.bp_ack_button.clicked.connect(self.acknowledge_bp)
        self.bp_ack_label = QLabel()
        self.bp_ack_label.setWordWrap(True)
        grid.addRow(self.bp_ack_reason)
        grid.addRow(self.bp_ack_button)
        grid.addRow(self.bp_ack_label)
        self.form_layout.addWidget(box)
        self.form_layout.addStretch(1)

    # state ------------------------------------------------------------------------
    def set_state(self, form: ChecklistForm) -> None:
        for item, combo in self.ci.items():
            combo.set_value(form.contraindications.get(item))
        self.food.zone = self.liquid.zone = self.zone
        self.food.set_value(form.last_food_at)
        self.liquid.set_value(form.last_liquid_at)
        self.nasal.setCurrentIndex(0 if not form.nasal_spray_answered else (2 if form.nasal_spray_at else 1))
        if form.nasal_spray_at:
            local = form.nasal_spray_at.astimezone(self.zone)
            self.nasal_time.setTime(self.nasal_time.time().fromString(f"{local:%H:%M}", "HH:mm"))
        index = self.pregnancy.findData(form.pregnancy_status)
        self.pregnancy.setCurrentIndex(max(index, 0))
        for key, combo in self.meds.items():
            combo.set_value(form.concomitant.get(key))
        self.oral_drug.setText(form.oral_ad_drug)
        self.oral_dose.setText(form.oral_ad_dose)
        self.oral_taking.set_value(form.oral_ad_taking_as_prescribed)
        self.monotherapy.setChecked(form.monotherapy_confirmed)

    def get_state(self) -> ChecklistForm:
        nasal_at = None
        if self.nasal.currentIndex() == 2:
            field = TimeField("", self.zone, self.ui.clock.now)
            field.asked.setChecked(True)
            field.time.setTime(self.nasal_time.time())
            nasal_at = field.value()
        status = self.pregnancy.currentData()
        return ChecklistForm(
            contraindications={item: combo.value() for item, combo in self.ci.items()},
            last_food_at=self.food.value(), last_liquid_at=self.liquid.value(),
            nasal_spray_answered=self.nasal.currentIndex() > 0, nasal_spray_at=nasal_at,
            pregnancy_status=(status if self.view and self.view.pregnancy_applicable
                              and status != PregnancyStatus.UNKNOWN else PregnancyStatus.NOT_APPLICABLE),
            concomitant={key: combo.value() for key, combo in self.meds.items()},
            oral_ad_drug=self.oral_drug.text(), oral_ad_dose=self.oral_dose.text(),
            oral_ad_taking_as_prescribed=self.oral_taking.value(),
            monotherapy_confirmed=self.monotherapy.isChecked())

    def show_view(self, view) -> None:  # noqa: ANN001
        super().show_view(view)
        editable = view.status == SessionStatus.IN_PROGRESS and not view.locked
        self.start_button.setVisible(view.status == SessionStatus.CHECKED_IN)
        for widget in (self.save_button, self.vitals_button, self.bp_ack_button, self.bp_ack_reason):
            widget.setEnabled(editable)
        self.set_state(view.checklist)
        self.pregnancy.setVisible(view.pregnancy_applicable)
        self.pregnancy_row_label.setVisible(view.pregnancy_applicable)
        for w in (self.oral_drug, self.oral_dose, self.oral_taking):
            w.setEnabled(not view.monotherapy_plan)
        self.monotherapy.setVisible(view.monotherapy_plan)
        for spin, value in zip((self.sbp, self.dbp, self.hr, self.spo2, self.moaas), view.pre_vitals,
                               strict=True):
            spin.set_value(value)
        ride = (f"{view.ride_driver_name} {view.ride_driver_phone}".strip() or "no driver recorded")
        mark = "✔ confirmed" if view.ride_confirmed else "✘ NOT confirmed (no ride, no dose)"
        self.ride_label.setText(f"<b>Ride home:</b> {ride} — {mark}<br><b>Plan:</b> {view.plan_summary}")
        self.bp_ack_label.setText(f"Acknowledged: {view.bp_ack}" if view.bp_ack else (
            "Pre-dose BP is above 140/90: a prescriber must acknowledge it." if view.bp_ack_needed else ""))
        if view.status == SessionStatus.CHECKED_IN:
            self.unmet_label.setText("Patient has arrived. Start the checklist to begin.")
        elif view.status == SessionStatus.IN_PROGRESS:
            self.unmet_label.setText(
                reasons_label(view.checklist_unmet, "Checklist complete — ready to dose"))
        else:
            self.unmet_label.setText(reasons_label([], "Checklist completed before the first device"))

    # actions ----------------------------------------------------------------------
    def start(self) -> None:
        run_action(self.ui, self, "Start checklist",
                   lambda: self.ui.services.checklist.start_checklist(self.actor, self.view.id),
                   "Checklist started")

    def save(self) -> None:
        if not self.view or not self.save_button.isEnabled():
            return
        form = self.get_state()
        run_action(self.ui, self, "Save checklist", lambda: self.ui.services.checklist.save_answers(
            self.actor, self.view.id, form, self.view.checklist_version), "Checklist answers saved")

    def save_vitals(self) -> None:
        values = [s.value() for s in (self.sbp, self.dbp, self.hr, self.spo2, self.moaas)]
        if any(v is None for v in values):
            self.ui.dialogs.error(self, "Pre-dose vitals", "Enter BP, heart rate, SpO2 and baseline MOAA/S.")
            return
        sbp, dbp, hr, spo2, moaas = values
        service = self.ui.services.checklist
        run_action(self.ui, self, "Pre-dose vitals", lambda: service.record_pre_dose_vitals(
            self.actor, self.view.id, systolic=sbp, diastolic=dbp, heart_rate=hr, spo2=spo2,
            baseline_moaas=moaas, version=self.view.checklist_version), "Pre-dose vitals saved")

    def acknowledge_bp(self) -> None:
        reason = self.bp_ack_reason.text()
        if run_action(self.ui, self, "Acknowledge BP", lambda: self.ui.services.checklist.acknowledge_bp(
                self.actor, self.view.id, reason), "Pre-dose BP acknowledged"):
            self.bp_ack_reason.clear()
