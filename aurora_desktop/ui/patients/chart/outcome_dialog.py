"""PHQ-9 (item by item, 0-3) and optional MADRS (10 items, 0-6) entry with live totals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain import scales
from aurora_desktop.domain.enums import Scale
from aurora_desktop.domain.errors import FieldError
from aurora_desktop.ui.patients.chart.chart_forms import (
    FIELD_ERROR_STYLE,
    ChartDialog,
    date_edit,
    date_of,
    set_date,
)

PHQ9_STEM = ("Over the last 2 weeks, how often has the patient been bothered by any of the "
             "following problems?")
PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
PHQ9_ANSWERS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
MADRS_ITEMS = (
    "Apparent sadness", "Reported sadness", "Inner tension", "Reduced sleep",
    "Reduced appetite", "Concentration difficulties", "Lassitude", "Inability to feel",
    "Pessimistic thoughts", "Suicidal thoughts",
)
SAFETY_TEXT = ("⚠  Suicidal thoughts reported (PHQ-9 item 9 / MADRS item 10): tell the "
               "prescriber now and follow the clinic's suicide-risk protocol.")
SAFETY_STYLE = ("QLabel { color: #8a1c1c; background: #fdecea; border: 1px solid #e3a6a1;"
                " border-radius: 4px; padding: 6px; font-weight: 600; }")

Items = tuple[int | None, ...]
ITEM_TEXT_WIDTH = 320


@dataclass(frozen=True)
class OutcomeFormState:
    measured_on: date
    phq9: Items | None = (None,) * 9  # None: the scale is not being recorded
    madrs: Items | None = None
    note: str = ""


def total_text(scale: Scale, items: Items) -> str:
    answered = [v for v in items if v is not None]
    missing = len(items) - len(answered)
    if missing:
        return f"Total so far {sum(answered)} — {missing} item(s) not answered"
    score = sum(answered)
    return (f"Total {score} / {scales.TOTAL_MAX[scale]} — "
            f"{scales.severity(scale, score)}")


def complete(scale: Scale, items: Items) -> list[int]:
    """All items answered (FieldError naming the first one that is not) and in range."""
    label = scales.SCALE_LABELS[scale]
    for number, value in enumerate(items, start=1):
        if value is None:
            raise FieldError(f"{label} item {number}", "answer this item")
    return scales.validate_items(scale, list(items))


class PhqDigitKeys(QObject):
    """Typing 0–3 on a PHQ-9 item's answer answers that item and moves to the next item, so
    a paper form can be keyed in with nine digits."""

    def __init__(self, groups: list[QButtonGroup], parent: QObject) -> None:
        super().__init__(parent)
        self.groups = groups

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.KeyPress or event.text() not in ("0", "1", "2", "3"):
            return False
        for index, group in enumerate(self.groups):
            if obj in group.buttons():
                chosen = group.button(int(event.text()))
                chosen.setChecked(True)
                following = self.groups[index + 1] if index + 1 < len(self.groups) else None
                target = chosen if following is None else (following.checkedButton()
                                                           or following.button(0))
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False


class OutcomeDialog(ChartDialog):
    """``save(scale, items, measured_on, note)`` records one scale; PHQ-9 is saved first."""

    def __init__(self, state: OutcomeFormState,
                 save: Callable[[Scale, list[int], date, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__("Record outcome measures",
                         "PHQ-9 is answered by the patient, item by item (keyboard: type 0–3 "
                         "on an item to answer it and move on); MADRS is clinician-rated and "
                         "optional.", parent)
        self._save = save
        self.saved: set[Scale] = set()
        self.measured = date_edit("measured_on", state.measured_on)
        self.measured.setMaximumWidth(160)
        self.add_row("&Date:", self.measured, "date")
        self.use_phq9 = QCheckBox("&PHQ-9 (patient-rated)")
        self.use_madrs = QCheckBox("&MADRS (clinician-rated)")
        self.form.addRow("Scales:", self.use_phq9)
        self.form.addRow("", self.use_madrs)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.phq9_box = self._phq9_group()
        self.madrs_box = self._madrs_group()
        column.addWidget(self.phq9_box)
        column.addWidget(self.madrs_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.layout_.addWidget(scroll, 1)
        self.safety = QLabel(SAFETY_TEXT)
        self.safety.setObjectName("safety_warning")
        self.safety.setWordWrap(True)
        self.safety.setStyleSheet(SAFETY_STYLE)
        self.layout_.addWidget(self.safety)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("optional note, e.g. completed before dosing")
        note_form = QGridLayout()
        note_label = QLabel("N&ote:")
        note_label.setBuddy(self.note)
        note_form.addWidget(note_label, 0, 0)
        note_form.addWidget(self.note, 0, 1)
        self.layout_.addLayout(note_form)
        self.use_phq9.toggled.connect(self._refresh)
        self.use_madrs.toggled.connect(self._refresh)
        self.finish("&Save scores")
        self.setMinimumSize(900, 640)
        self.set_state(state)

    # ----- building -------------------------------------------------------------------------
    def _item_error(self, grid: QGridLayout, row: int, scale: Scale, number: int) -> None:
        label = QLabel()
        label.setStyleSheet(FIELD_ERROR_STYLE)
        label.hide()
        grid.addWidget(label, row, 1, 1, 5)
        self.field_errors[f"{scales.SCALE_LABELS[scale]} item {number}".lower()] = label

    def _phq9_group(self) -> QGroupBox:
        box = QGroupBox("PHQ-9")
        grid = QGridLayout(box)
        stem = QLabel(PHQ9_STEM)
        stem.setWordWrap(True)
        grid.addWidget(stem, 0, 0, 1, 6)
        for col, answer in enumerate(PHQ9_ANSWERS):
            head = QLabel(f"{answer}\n({col})")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setStyleSheet("font-weight: 600;")
            head.setMinimumHeight(head.sizeHint().height())
            grid.addWidget(head, 1, 2 + col)
        self.phq9_groups: list[QButtonGroup] = []
        self.phq9_keys = PhqDigitKeys(self.phq9_groups, box)
        for i, text in enumerate(PHQ9_ITEMS):
            row = 2 + 2 * i
            grid.addWidget(QLabel(f"{i + 1}."), row, 0)
            item = QLabel(text)
            item.setWordWrap(True)
            item.setFixedWidth(ITEM_TEXT_WIDTH)  # a fixed width gives wrapped text a fixed
            item.setMinimumHeight(item.heightForWidth(ITEM_TEXT_WIDTH))  # height: no clipping
            grid.addWidget(item, row, 1)
            group = QButtonGroup(box)
            for value in range(4):
                radio = QRadioButton()
                radio.setObjectName(f"phq9_{i + 1}_{value}")
                radio.setAccessibleName(f"Item {i + 1}: {PHQ9_ANSWERS[value]}")
                group.addButton(radio, value)
                radio.installEventFilter(self.phq9_keys)
                grid.addWidget(radio, row, 2 + value, Qt.AlignmentFlag.AlignCenter)
            group.idToggled.connect(self._refresh)
            self.phq9_groups.append(group)
            self._item_error(grid, row + 1, Scale.PHQ9, i + 1)
        grid.setColumnStretch(1, 1)
        self.phq9_total = QLabel()
        self.phq9_total.setObjectName("phq9_total")
        self.phq9_total.setStyleSheet("font-size: 12pt; font-weight: 600;")
        grid.addWidget(self.phq9_total, 2 + 2 * len(PHQ9_ITEMS), 0, 1, 6)
        return box

    def _madrs_group(self) -> QGroupBox:
        box = QGroupBox("MADRS — each item 0 (none) to 6 (most severe)")
        grid = QGridLayout(box)
        self.madrs_spins: list[QSpinBox] = []
        for i, text in enumerate(MADRS_ITEMS):
            row = 2 * i
            grid.addWidget(QLabel(f"{i + 1}."), row, 0)
            grid.addWidget(QLabel(text), row, 1)
            spin = QSpinBox()
            spin.setObjectName(f"madrs_{i + 1}")
            spin.setRange(-1, 6)
            spin.setSpecialValueText("—")  # -1: not answered yet
            spin.valueChanged.connect(self._refresh)
            grid.addWidget(spin, row, 2)
            self.madrs_spins.append(spin)
            self._item_error(grid, row + 1, Scale.MADRS, i + 1)
        grid.setColumnStretch(1, 1)
        self.madrs_total = QLabel()
        self.madrs_total.setObjectName("madrs_total")
        self.madrs_total.setStyleSheet("font-size: 12pt; font-weight: 600;")
        grid.addWidget(self.madrs_total, 2 * len(MADRS_ITEMS), 0, 1, 3)
        return box

    # ----- state ----------------------------------------------------------------------------
    def phq9_items(self) -> Items:
        return tuple(g.checkedId() if g.checkedId() >= 0 else None for g in self.phq9_groups)

    def madrs_items(self) -> Items:
        return tuple(s.value() if s.value() >= 0 else None for s in self.madrs_spins)

    def _refresh(self) -> None:
        self.phq9_box.setVisible(self.use_phq9.isChecked())
        self.madrs_box.setVisible(self.use_madrs.isChecked())
        self.phq9_total.setText(total_text(Scale.PHQ9, self.phq9_items()))
        self.madrs_total.setText(total_text(Scale.MADRS, self.madrs_items()))
        phq9_risk = self.use_phq9.isChecked() and (self.phq9_items()[8] or 0) > 0
        madrs_risk = self.use_madrs.isChecked() and (self.madrs_items()[9] or 0) > 0
        self.safety.setVisible(bool(phq9_risk or madrs_risk))

    def set_state(self, state: OutcomeFormState) -> None:
        set_date(self.measured, state.measured_on)
        self.use_phq9.setChecked(state.phq9 is not None)
        self.use_madrs.setChecked(state.madrs is not None)
        for group, value in zip(self.phq9_groups, state.phq9 or (None,) * 9, strict=True):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(group.id(button) == value)
            group.setExclusive(True)
        for spin, value in zip(self.madrs_spins, state.madrs or (None,) * 10, strict=True):
            spin.setValue(-1 if value is None else value)
        self.note.setText(state.note)
        self._refresh()

    def get_state(self) -> OutcomeFormState:
        return OutcomeFormState(
            date_of(self.measured),
            self.phq9_items() if self.use_phq9.isChecked() else None,
            self.madrs_items() if self.use_madrs.isChecked() else None,
            self.note.text())

    def submit(self) -> None:
        state = self.get_state()
        chosen = [(scale, items) for scale, items in ((Scale.PHQ9, state.phq9),
                                                      (Scale.MADRS, state.madrs))
                  if items is not None]
        if not chosen:
            raise FieldError("scales", "choose PHQ-9, MADRS or both")
        ready = [(scale, complete(scale, items)) for scale, items in chosen]
        for scale, items in ready:  # PHQ-9 first; a retry never records a scale twice
            if scale not in self.saved:
                self._save(scale, items, state.measured_on, state.note)
                self.saved.add(scale)
