"""The patient treatment history PDF: plans, oral antidepressants, sessions, PHQ-9/MADRS trend."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from aurora_desktop.domain import scales
from aurora_desktop.domain.enums import INACTIVE_SESSION_STATUSES, Scale
from aurora_desktop.reports.base import (
    DocInfo,
    build_pdf,
    content_width,
    data_table,
    field_grid,
    none_recorded,
    section,
)
from aurora_desktop.reports.charts import outcome_chart
from aurora_desktop.reports.formatting import DASH, fmt_date, fmt_rems, fmt_value, label
from aurora_desktop.services.report_models import PatientHistory

TITLE = "Treatment History"


def patient_history_filename(history: PatientHistory) -> str:
    mrn = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in history.patient.mrn)
    return f"treatment-history_MRN-{mrn}.pdf"


def build_patient_history(history: PatientHistory, generated: str) -> bytes:
    clinic = history.clinic
    p = history.patient
    width = content_width()
    rems = fmt_rems(p.rems_patient_id, p.rems_status, p.rems_enrolled_on, p.rems_ended_on)
    active = [s for s in history.sessions if s.status not in INACTIVE_SESSION_STATUSES]
    story: list[Flowable] = section("Patient", field_grid([
        ("Patient", p.display_name), ("MRN", p.mrn), ("Date of birth", fmt_date(p.date_of_birth)),
        ("Sex", p.sex), ("REMS patient ID", rems), ("Phone", p.phone or DASH),
        ("Sessions (active)", f"{len(active)} of {len(history.sessions)} booked"),
        ("Doses given", sum(1 for s in history.sessions if s.dose_mg)),
    ], width))
    plans = [(label(pl.indication).upper(), label(pl.oral_ad_strategy), pl.prescriber or DASH,
              fmt_date(pl.start_date), f"{pl.target_dose_mg} mg", label(pl.status), pl.notes or DASH)
             for pl in history.plans]
    story += section("Treatment plans", data_table(
        ["Indication", "Oral AD strategy", "Prescriber", "Start", "Target", "Status", "Notes"],
        plans, [width * w for w in (0.1, 0.14, 0.18, 0.11, 0.08, 0.1, 0.29)],
        empty="no treatment plan recorded"))
    ads = [(a.drug, a.dose, a.frequency, fmt_date(a.started_on),
            fmt_date(a.stopped_on) if a.stopped_on else "current", a.prescriber_name or DASH)
           for a in history.oral_antidepressants]
    story += section("Oral antidepressants", data_table(
        ["Drug", "Dose", "Frequency", "Started", "Stopped", "Prescriber"], ads,
        [width * w for w in (0.22, 0.14, 0.14, 0.14, 0.14, 0.22)],
        empty="no oral antidepressant recorded"))
    sessions = [(fmt_date(s.local_date), s.clinic_code, label(s.status),
                 f"{s.dose_mg} mg" if s.dose_mg else DASH, s.phase or DASH,
                 fmt_value(s.monitoring_minutes), s.notable or DASH)
                for s in history.sessions]
    story += section("Sessions", data_table(
        ["Date", "Clinic", "Status", "Dose", "Phase", "Monitoring min", "Notable events"],
        sessions, [width * w for w in (0.11, 0.07, 0.11, 0.08, 0.16, 0.11, 0.36)],
        empty="no sessions booked"))
    phq = [(o.measured_on, o.total) for o in history.outcomes if o.scale == Scale.PHQ9]
    madrs = [(o.measured_on, o.total) for o in history.outcomes if o.scale == Scale.MADRS]
    if history.outcomes:
        story += section("Depression scores (PHQ-9 and MADRS)",
                         KeepTogether([outcome_chart(width, phq, madrs)]), Spacer(1, 4),
                         data_table(["Measured", "Scale", "Total", "Severity", "Change vs baseline",
                                     "Response ≥ 50 %", "Remission"], _score_rows(phq, madrs),
                                    [width * w for w in (0.13, 0.09, 0.08, 0.19, 0.19, 0.18, 0.14)]))
    else:
        story += section("Depression scores (PHQ-9 and MADRS)",
                         none_recorded("no PHQ-9 or MADRS scores recorded"))
    subject = f"Patient: {p.display_name}   MRN {p.mrn}   DOB {fmt_date(p.date_of_birth)}"
    info = DocInfo(TITLE, clinic.name, clinic.address, clinic.phone, clinic.rems_setting_id,
                   subject, generated)
    return build_pdf(story, info)


def _score_rows(phq: list, madrs: list) -> list[tuple[str, ...]]:
    """Each score with the domain's severity band and baseline/response/remission flags."""
    points = [*scales.score_series(Scale.PHQ9, phq), *scales.score_series(Scale.MADRS, madrs)]
    points.sort(key=lambda pt: (pt.measured_on, pt.scale is Scale.MADRS))
    return [(fmt_date(pt.measured_on), "PHQ-9" if pt.scale is Scale.PHQ9 else "MADRS", str(pt.total),
             pt.severity, "baseline" if pt.is_baseline else f"{pt.change_from_baseline:+d}",
             "Yes" if pt.response else ("—" if pt.is_baseline else "No"),
             "Yes" if pt.remission else "No")
            for pt in points]
