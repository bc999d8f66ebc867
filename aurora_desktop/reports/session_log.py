"""The session log PDF (letter): every value recorded for one supervised SPRAVATO session."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from aurora_desktop.domain.enums import Dissociation, OralAdStrategy
from aurora_desktop.reports.base import (
    RULE,
    DocInfo,
    build_pdf,
    checkpoint_table_style,
    content_width,
    data_table,
    esc,
    field_grid,
    none_recorded,
    plain_or_paragraph,
    section,
    styles,
)
from aurora_desktop.reports.charts import vitals_chart
from aurora_desktop.reports.formatting import (
    DASH,
    fmt_bp,
    fmt_date,
    fmt_datetime,
    fmt_dose,
    fmt_rems,
    fmt_value,
    fmt_when,
    label,
    yes_no,
)
from aurora_desktop.services.record_parts import ALERT_LABELS
from aurora_desktop.services.session_record import SessionRecord

TITLE = "SPRAVATO® Session Log"



def session_log_filename(record: SessionRecord) -> str:
    """A clear, PHI-light file name: date, clinic, MRN and session id."""
    return (f"session-log_{record.local_date.isoformat()}_{record.clinic.code}_"
            f"MRN-{_safe(record.patient.mrn)}_S{record.session_id}.pdf")


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)


def doc_info(record: SessionRecord, generated: str) -> DocInfo:
    p = record.patient
    subject = (f"Patient: {p.display_name}   MRN {p.mrn}   DOB {fmt_date(p.date_of_birth)}"
               f"   Session date {fmt_date(record.local_date)}")
    c = record.clinic
    return DocInfo(TITLE, c.name, c.address, c.phone, c.rems_setting_id, subject, generated)


def build_session_log(record: SessionRecord, generated: str) -> bytes:
    """The PDF bytes; *generated* is the footer's "MM/DD/YYYY h:mm AM by Name" text."""
    return build_pdf(session_log_story(record), doc_info(record, generated))


def session_log_story(r: SessionRecord) -> list[Flowable]:
    zone = ZoneInfo(r.clinic.time_zone)
    width = content_width()
    day = r.local_date

    def when(value: datetime | None) -> str:
        return fmt_when(value, zone, day)

    story: list[Flowable] = []
    p = r.patient
    rems = fmt_rems(p.rems_patient_id, p.rems_status, p.rems_enrolled_on, p.rems_ended_on)
    story += section("Patient and session", field_grid([
        ("Patient", p.display_name), ("MRN", p.mrn),
        ("Date of birth", fmt_date(p.date_of_birth)), ("Sex", p.sex),
        ("REMS patient ID", rems), ("Session ID", r.session_id),
        ("Session date", fmt_date(day)),
        ("Scheduled", f"{when(r.scheduled_start)} – {when(r.scheduled_end)}"),
        ("Chair", r.chair_label), ("Status", label(r.status)),
        ("Supervising prescriber", r.supervising_prescriber or DASH),
        ("Nurse", r.nurse or DASH),
    ], width))
    if r.cancel_reason:
        story.append(Paragraph(f"<b>Cancellation reason:</b> {esc(r.cancel_reason)}", styles().note))

    if r.plan is None:
        story += section("Treatment plan", none_recorded("no treatment plan linked to this session"))
    else:
        pl = r.plan
        pairs = [
            ("Indication", "TRD (treatment-resistant depression)" if pl.indication.value == "trd"
             else "MDSI (MDD with acute suicidal ideation or behavior)"),
            ("Oral antidepressant strategy", label(pl.oral_ad_strategy)),
            ("Phase", pl.phase), ("Session in phase", f"#{pl.session_in_phase} "
                                                      f"(#{pl.session_number} in this plan)"),
            ("Target dose", fmt_dose(pl.target_dose_mg)), ("Plan prescriber", pl.prescriber),
            ("Plan start", fmt_date(pl.start_date)), ("Plan status", label(pl.status)),
        ]
        if pl.oral_ad_strategy == OralAdStrategy.MONOTHERAPY:
            pairs.append(("Monotherapy documented by",
                          f"{pl.monotherapy_attested_by or DASH}, "
                          f"{fmt_datetime(pl.monotherapy_attested_at, zone)}"))
        if pl.notes:
            pairs.append(("Plan notes", pl.notes))
        story += section("Treatment plan", field_grid(pairs, width))

    ride = r.ride_driver_name or "no driver recorded"
    if r.ride_driver_phone:
        ride += f", {r.ride_driver_phone}"
    story += section("Check-in and ride home", field_grid([
        ("Arrived", when(r.arrived_at)), ("Ride home", ride),
        ("Ride confirmed", f"{yes_no(r.ride_confirmed)}"
                           + (f" at {when(r.ride_confirmed_at)}" if r.ride_confirmed_at else "")),
    ], width))

    story += _checklist(r, width, when)
    story += _dose_and_devices(r, width, when)
    story += _monitoring(r, width, when)
    story += _events(r, width, when)
    story += _discharge_and_rems(r, width, when)
    return story


def _checklist(r: SessionRecord, width: float, when) -> list[Flowable]:  # noqa: ANN001
    out: list[Flowable] = []
    c = r.checklist
    answers = [(label(a.item), a.value, a.answered_by or DASH, when(a.answered_at))
               for a in r.answers]
    table = data_table(["Checklist item", "Answer", "Answered by", "Time"], answers,
                       [width * 0.34, width * 0.36, width * 0.18, width * 0.12],
                       empty="no checklist answers recorded")
    if c is None:
        return section("Pre-dose checklist", table,
                       none_recorded("pre-dose checklist not completed"))
    facts = [
        ("Last food", when(c.last_food_at)), ("Last liquid", when(c.last_liquid_at)),
        ("Nasal steroid or decongestant", when(c.nasal_spray_at)),
        ("Pregnancy status", label(c.pregnancy_status)),
        ("Benzodiazepines", yes_no(c.benzodiazepines)),
        ("Non-benzodiazepine sedative hypnotics", yes_no(c.sedative_hypnotics)),
        ("Opioids", yes_no(c.opioids)), ("Psychostimulants", yes_no(c.psychostimulants)),
        ("MAOIs", yes_no(c.maois)),
        ("Checklist completed", f"{c.completed_by or DASH}, {when(c.completed_at)}"),
    ]
    out += section("Pre-dose checklist", table, Spacer(1, 4), field_grid(facts, width))
    if c.oral_ad_drug:
        oral = (f"{c.oral_ad_drug} {c.oral_ad_dose}".strip()
                + f"; taking as prescribed: {yes_no(c.oral_ad_taking_as_prescribed)}")
    elif c.monotherapy_statement:
        oral = c.monotherapy_statement
    else:
        oral = "not recorded"
    ads = [(a.drug, a.dose, a.frequency, fmt_date(a.started_on), a.prescriber_name or DASH)
           for a in r.oral_antidepressants]
    out += section(
        "Concurrent oral antidepressant",
        Paragraph(f"<b>Confirmed this session:</b> {esc(oral)}", styles().note), Spacer(1, 3),
        data_table(["Current oral antidepressant (chart)", "Dose", "Frequency", "Since",
                    "Prescriber"], ads,
                   [width * 0.3, width * 0.15, width * 0.15, width * 0.15, width * 0.25],
                   empty="no oral antidepressant on the chart"),
    )
    vitals = [
        ("Blood pressure", f"{fmt_bp(c.pre_systolic, c.pre_diastolic)} mmHg"
         + ("  (above 140/90)" if c.bp_elevated else "")),
        ("Heart rate", fmt_value(c.pre_heart_rate, " bpm")),
        ("SpO2", fmt_value(c.pre_spo2, " %")), ("Measured", when(c.pre_vitals_at)),
        ("Baseline MOAA/S", fmt_value(c.baseline_moaas)),
    ]
    if c.bp_ack_reason or c.bp_ack_by:
        vitals += [("Prescriber acknowledgement", f"{c.bp_ack_by or DASH}, {when(c.bp_ack_at)}"),
                   ("Reason", c.bp_ack_reason or DASH)]
    elif c.bp_elevated:
        vitals.append(("Prescriber acknowledgement", "none recorded"))
    out += section("Pre-dose vital signs", field_grid(vitals, width))
    return out


def _dose_and_devices(r: SessionRecord, width: float, when) -> list[Flowable]:  # noqa: ANN001
    pairs = [("Planned dose", fmt_dose(r.planned_dose_mg)), ("Dose given", fmt_dose(r.dose_mg)),
             ("First device", when(r.first_device_at)),
             ("Lot number(s)", ", ".join(r.lot_numbers) or "none recorded")]
    if r.dose_override_reason:
        pairs += [("Dose override by", r.dose_override_by or DASH),
                  ("Override reason", r.dose_override_reason)]
    rows = [(d.sequence, when(d.administered_at), d.lot_number, d.ndc or DASH,
             fmt_date(d.expires_on), d.observed_by or DASH, d.early_reason or DASH)
            for d in r.devices]
    return section(
        "Dose and administration", field_grid(pairs, width), Spacer(1, 4),
        data_table(["Device", "Time", "Lot", "NDC", "Expires", "Observed by", "Early-device reason"],
                   rows, [width * w for w in (0.07, 0.11, 0.14, 0.13, 0.11, 0.18, 0.26)],
                   empty="no devices administered"),
    )


def _dissociation(value: Dissociation | None, cadss: int | None) -> str:
    parts = [label(value)] if value is not None else []
    if cadss is not None:
        parts.append(f"CADSS {cadss}")
    return " / ".join(parts) or DASH


def _monitoring(r: SessionRecord, width: float, when) -> list[Flowable]:  # noqa: ANN001
    st = styles()
    header = ["Planned", "Time", "Min", "BP", "HR", "SpO2", "RR", "MOAA/S", "Dissociation", "N/V",
              "Recorded by"]
    widths = [width * w for w in (0.08, 0.09, 0.05, 0.08, 0.05, 0.06, 0.05, 0.08, 0.14, 0.06, 0.26)]
    if not r.checkpoints:
        return section("Monitoring checkpoints", none_recorded("no monitoring checkpoints recorded"))
    data: list[list] = [[Paragraph(h, st.head_cell) for h in header]]
    commands: list[tuple] = []
    for cp in r.checkpoints:
        planned = f"+{cp.planned_offset_minutes}" if cp.planned_offset_minutes is not None else "extra"
        if cp.bp_required:
            planned += " (BP)"
        nv = "/".join(x for x, on in (("N", cp.nausea), ("V", cp.vomiting)) if on) or "no"
        values = (planned, when(cp.measured_at) if cp.measured_at else "not recorded",
                  fmt_value(cp.minutes_after_first_device), fmt_bp(cp.systolic, cp.diastolic),
                  fmt_value(cp.heart_rate), fmt_value(cp.spo2), fmt_value(cp.respiratory_rate),
                  fmt_value(cp.moaas), _dissociation(cp.dissociation, cp.cadss), nv,
                  cp.recorded_by or DASH)
        data.append([plain_or_paragraph(v, st.cell, w) for v, w in zip(values, widths, strict=True)])
        if cp.note:
            data.append([Paragraph(f"<b>Note:</b> {esc(cp.note)}", st.cell)] + [""] * 10)
            row = len(data) - 1
            commands += [("SPAN", (0, row), (-1, row)), ("NOSPLIT", (0, row - 1), (-1, row)),
                         ("TOPPADDING", (0, row), (-1, row), 0)]
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.4, RULE))
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitByRow=1)
    table.setStyle(checkpoint_table_style())
    table.setStyle(TableStyle(commands))
    out = section("Monitoring checkpoints", table)
    out.append(Paragraph("Min = minutes after the first device; BP in mmHg, HR in bpm, SpO2 in %, "
                         "RR per minute; N/V = nausea/vomiting.", st.small))
    chart = _vitals_chart(r, width)
    if chart is not None:
        out += [Spacer(1, 6), KeepTogether([chart])]
    return out


def _vitals_chart(r: SessionRecord, width: float) -> Flowable | None:
    if r.first_device_at is None:
        return None
    sbp, dbp, hr, spo2 = [], [], [], []
    c = r.checklist
    if c is not None and c.pre_vitals_at is not None:
        x = round((c.pre_vitals_at - r.first_device_at).total_seconds() / 60)
        if c.pre_systolic is not None and c.pre_diastolic is not None:
            sbp.append((x, c.pre_systolic))
            dbp.append((x, c.pre_diastolic))
        if c.pre_heart_rate is not None:
            hr.append((x, c.pre_heart_rate))
        if c.pre_spo2 is not None:
            spo2.append((x, c.pre_spo2))
    for cp in r.checkpoints:
        x = cp.minutes_after_first_device
        if x is None:
            continue
        if cp.has_bp:
            sbp.append((x, cp.systolic))
            dbp.append((x, cp.diastolic))
        if cp.heart_rate is not None:
            hr.append((x, cp.heart_rate))
        if cp.spo2 is not None:
            spo2.append((x, cp.spo2))
    if not (sbp or hr or spo2):
        return None
    return vitals_chart(width, sbp, dbp, hr, spo2)


def _events(r: SessionRecord, width: float, when) -> list[Flowable]:  # noqa: ANN001
    alerts = [(when(a.raised_at), ALERT_LABELS.get(a.kind.value, label(a.kind)), a.detail,
               a.action_note or "NO ACTION NOTE",
               f"{a.action_by or DASH}, {when(a.action_at)}" if a.action_note else DASH)
              for a in r.alerts]
    out = section("Alerts and actions", data_table(
        ["Raised", "Alert", "Detail", "Action note", "Action by"], alerts,
        [width * w for w in (0.1, 0.12, 0.26, 0.34, 0.18)], empty="no alerts raised"))
    events = [(when(e.onset_at), e.event_type, label(e.severity), "Yes" if e.serious else "No",
               e.description or DASH, e.action_taken or DASH, e.outcome or DASH,
               f"{e.recorded_by or DASH}")
              for e in r.adverse_events]
    out += section("Adverse events", data_table(
        ["Onset", "Event", "Severity", "Serious", "Description", "Action taken", "Outcome",
         "Recorded by"], events,
        [width * w for w in (0.08, 0.11, 0.08, 0.09, 0.2, 0.18, 0.12, 0.14)],
        empty="no adverse events recorded"))
    return out


def _discharge_and_rems(r: SessionRecord, width: float, when) -> list[Flowable]:  # noqa: ANN001
    d = r.discharge
    if d is None:
        out = section("Discharge", none_recorded("not discharged"))
    else:
        pairs = [
            ("Discharged", when(d.discharged_at)),
            ("Total monitoring minutes", d.total_minutes),
            ("Ready to leave after (min)", fmt_value(d.ready_at_minutes)),
            ("Vitals acceptable before leaving", yes_no(d.vitals_acceptable_before_leaving)),
            ("Criteria", d.criteria_summary), ("Attestation", d.attestation),
            ("Attested by", f"{d.attested_by or DASH}, {when(d.recorded_at)}"),
        ]
        if d.bp_accepted_by or d.bp_accept_reason:
            pairs += [("BP accepted by", d.bp_accepted_by or DASH),
                      ("BP acceptance reason", d.bp_accept_reason or DASH)]
        out = section("Discharge", field_grid(pairs, width))
    f = r.form
    if f is None:
        tracker = "no REMS monitoring form tracked for this session"
    else:
        tracker = f"{label(f.status)}; due {fmt_date(f.due_on)}"
        if f.submitted_on:
            tracker += (f"; submitted {fmt_date(f.submitted_on)} by {f.submitted_by or DASH}, "
                        f"confirmation {f.confirmation or DASH}")
    out += section("REMS Patient Monitoring Form data", field_grid(list(r.pmf), width),
                   Paragraph(f"<b>Form tracker:</b> {esc(tracker)}", styles().note))
    sigs = [(label(s.role), s.signer or DASH, when(s.signed_at), s.meaning) for s in r.signatures]
    out += section("Signatures", data_table(["Role", "Signed by", "Signed", "Meaning"], sigs,
                                            [width * w for w in (0.12, 0.25, 0.18, 0.45)],
                                            empty="not signed"))
    amendments = [(when(a.amended_at), f"{label(a.entity)}: {a.field.replace('_', ' ')}",
                   a.old_value or DASH, a.new_value,
                   a.reason, a.amended_by or DASH) for a in r.amendments]
    out += section("Amendments", data_table(
        ["Amended", "Field", "Was", "Now", "Reason", "By"], amendments,
        [width * w for w in (0.11, 0.15, 0.17, 0.17, 0.24, 0.16)], empty="no amendments"))
    return out
