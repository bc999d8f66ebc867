"""Pure session-day rules: checklist gate, vitals alerts, checkpoint plan, devices, discharge gate."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aurora_desktop.domain.administration import (
    DeviceRequest,
    check_device,
    devices_for_dose,
    rest_seconds_remaining,
    validate_device_time,
    validate_lot_number,
)
from aurora_desktop.domain.checklist import ChecklistFacts, unmet_conditions
from aurora_desktop.domain.discharge_gate import DischargeFacts, LatestCheckpoint, assess_discharge
from aurora_desktop.domain.enums import AlertKind, Contraindication, OralAdStrategy, PregnancyStatus
from aurora_desktop.domain.errors import FieldError, RuleViolation
from aurora_desktop.domain.monitoring_plan import (
    CheckpointSlot,
    format_countdown,
    next_due,
    overdue_slots,
    planned_checkpoints,
)
from aurora_desktop.domain.vitals import (
    VITAL_RANGES,
    AlertThresholds,
    Baseline,
    Reading,
    predose_bp_elevated,
    reading_alerts,
    validate_vital,
)

DOSE = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def ready_facts(**changes: object) -> ChecklistFacts:
    facts = ChecklistFacts(
        dose_time=DOSE, enrollment_active=True, clinic_certified=True,
        contraindications={c: False for c in Contraindication},
        last_food_at=DOSE - timedelta(hours=3), last_liquid_at=DOSE - timedelta(minutes=45),
        nasal_spray_answered=True, nasal_spray_at=None,
        concomitant=dict.fromkeys(
            ["benzodiazepines", "sedative_hypnotics", "opioids", "psychostimulants", "maois"], False),
        ride_confirmed=True, oral_ad_strategy=OralAdStrategy.ADJUNCTIVE,
        oral_ad_drug="sertraline", oral_ad_dose="100 mg", oral_ad_taking_as_prescribed=True,
        pre_systolic=128, pre_diastolic=82, pre_heart_rate=72, pre_spo2=98, baseline_moaas=5,
    )
    return replace(facts, **changes)


# --- checklist -------------------------------------------------------------------------
def test_complete_checklist_has_no_unmet_conditions() -> None:
    assert unmet_conditions(ready_facts()) == []


def test_empty_checklist_lists_every_missing_item() -> None:
    reasons = unmet_conditions(ChecklistFacts(dose_time=DOSE))
    joined = "\n".join(reasons)
    for text in ("REMS", "REMS-certified", "aneurysmal", "food", "liquid", "nasal",
                 "benzodiazepines", "opioids", "MAOIs", "ride home", "treatment plan",
                 "blood pressure", "heart rate", "SpO2", "MOAA/S"):
        assert text in joined, text
    assert len(reasons) >= 19


@pytest.mark.parametrize(("changes", "expected"), [
    ({"enrollment_active": False}, "not actively enrolled"),
    ({"clinic_certified": False}, "not REMS-certified"),
    ({"contraindications": {c: c == Contraindication.HYPERSENSITIVITY for c in Contraindication}},
     "contraindication present: hypersensitivity"),
    ({"last_food_at": DOSE - timedelta(minutes=119)}, "last food less than 2 hours"),
    ({"last_liquid_at": DOSE - timedelta(minutes=29)}, "last liquid less than 30 minutes"),
    ({"last_liquid_at": DOSE + timedelta(minutes=1)}, "after the dose time"),
    ({"nasal_spray_at": DOSE - timedelta(minutes=59)}, "less than 1 hour"),
    ({"nasal_spray_answered": False}, "nasal corticosteroid/decongestant use today not answered"),
    ({"pregnancy_applicable": True}, "pregnancy status not recorded"),
    ({"pregnancy_applicable": True, "pregnancy_status": PregnancyStatus.PREGNANT}, "pregnant"),
    ({"ride_confirmed": False}, "ride home not confirmed"),
    ({"oral_ad_drug": ""}, "drug not confirmed"),
    ({"oral_ad_dose": " "}, "dose not confirmed"),
    ({"oral_ad_taking_as_prescribed": None}, "taken as prescribed"),
    ({"oral_ad_taking_as_prescribed": False}, "not taking the oral antidepressant"),
    ({"oral_ad_strategy": OralAdStrategy.MONOTHERAPY, "oral_ad_drug": ""}, "monotherapy statement"),
    ({"pre_systolic": 141}, "above 140/90"),
    ({"pre_diastolic": 91}, "above 140/90"),
    ({"baseline_moaas": None}, "baseline MOAA/S"),
])
def test_each_unmet_condition_is_named(changes: dict, expected: str) -> None:
    reasons = unmet_conditions(ready_facts(**changes))
    assert len(reasons) >= 1
    assert any(expected in r for r in reasons), reasons


def test_boundaries_exactly_met_pass() -> None:
    facts = ready_facts(last_food_at=DOSE - timedelta(hours=2),
                        last_liquid_at=DOSE - timedelta(minutes=30),
                        nasal_spray_at=DOSE - timedelta(hours=1), pre_systolic=140, pre_diastolic=90)
    assert unmet_conditions(facts) == []


def test_monotherapy_statement_and_bp_acknowledgement_open_the_gate() -> None:
    facts = ready_facts(oral_ad_strategy=OralAdStrategy.MONOTHERAPY, oral_ad_drug="",
                        oral_ad_dose="", oral_ad_taking_as_prescribed=None,
                        monotherapy_statement="No oral antidepressant — monotherapy per plan",
                        pre_systolic=150, bp_ack_reason="benefit outweighs transient rise")
    assert unmet_conditions(facts) == []


@given(food=st.integers(0, 600), liquid=st.integers(0, 600))
def test_fasting_gate_matches_the_minutes(food: int, liquid: int) -> None:
    facts = ready_facts(last_food_at=DOSE - timedelta(minutes=food),
                        last_liquid_at=DOSE - timedelta(minutes=liquid))
    reasons = unmet_conditions(facts)
    assert any("food" in r for r in reasons) == (food < 120)
    assert any("liquid" in r for r in reasons) == (liquid < 30)


# --- vitals ----------------------------------------------------------------------------
@given(field=st.sampled_from(sorted(VITAL_RANGES)), value=st.integers(-1000, 1000))
def test_vital_validation_names_field_and_range(field: str, value: int) -> None:
    label, low, high = VITAL_RANGES[field]
    if low <= value <= high:
        assert validate_vital(field, value) == value
    else:
        with pytest.raises(FieldError) as err:
            validate_vital(field, value)
        assert err.value.field == label
        assert f"{low} to {high}" in err.value.message


def test_bp_pair_must_be_complete_and_ordered() -> None:
    with pytest.raises(FieldError):
        Reading(systolic=120).validate()
    with pytest.raises(FieldError):
        Reading(systolic=80, diastolic=90).validate()


@pytest.mark.parametrize(("reading", "kinds"), [
    (Reading(spo2=92), {AlertKind.SPO2_LOW}),
    (Reading(spo2=93), set()),
    (Reading(moaas=3), {AlertKind.SEDATION}),
    (Reading(moaas=4), set()),
    (Reading(systolic=180, diastolic=90), {AlertKind.BP_HIGH, AlertKind.BP_RISE}),
    (Reading(systolic=150, diastolic=110), {AlertKind.BP_HIGH, AlertKind.BP_RISE}),
    (Reading(systolic=159, diastolic=104), {AlertKind.BP_RISE}),
    (Reading(systolic=159, diastolic=103), set()),
    (Reading(systolic=160, diastolic=80), {AlertKind.BP_RISE}),
    (Reading(systolic=179, diastolic=109, spo2=90, moaas=2),
     {AlertKind.BP_RISE, AlertKind.SPO2_LOW, AlertKind.SEDATION}),
])
def test_alerts(reading: Reading, kinds: set[AlertKind]) -> None:
    found = reading_alerts(reading, Baseline(systolic=120, diastolic=79, moaas=5))
    assert {a.kind for a in found} == kinds
    assert all(a.detail for a in found)


def test_clinic_spo2_threshold_applies() -> None:
    found = reading_alerts(Reading(spo2=94), Baseline(), AlertThresholds(spo2_min=95))
    assert found[0].kind == AlertKind.SPO2_LOW


@given(sbp=st.integers(50, 300), dbp=st.integers(20, 200))
def test_predose_elevation_is_above_140_over_90(sbp: int, dbp: int) -> None:
    assert predose_bp_elevated(sbp, dbp) == (sbp > 140 or dbp > 90)


# --- monitoring plan -------------------------------------------------------------------
def test_planned_checkpoints_from_offsets() -> None:
    plan = planned_checkpoints(DOSE, [120, 15, 40, 60, 90], [40])
    assert [p.offset_minutes for p in plan] == [15, 40, 60, 90, 120]
    assert [p.bp_required for p in plan] == [False, True, False, False, False]
    assert plan[1].due_at == DOSE + timedelta(minutes=40)


def test_next_due_and_overdue_after_grace() -> None:
    slots = [CheckpointSlot(i, o, DOSE + timedelta(minutes=o)) for i, o in enumerate([15, 40])]
    at = DOSE + timedelta(minutes=10)
    nd = next_due(slots, at, 5)
    assert (nd.offset_minutes, nd.seconds_remaining, nd.overdue) == (15, 300, False)
    assert format_countdown(nd.seconds_remaining) == "in 5:00"
    at = DOSE + timedelta(minutes=20)
    assert not next_due(slots, at, 5).overdue and overdue_slots(slots, at, 5) == []
    at = DOSE + timedelta(minutes=20, seconds=1)
    assert next_due(slots, at, 5).overdue
    assert format_countdown(next_due(slots, at, 5).seconds_remaining) == "5:01 past due"
    done = [replace(slots[0], measured_at=DOSE + timedelta(minutes=16)), slots[1]]
    assert next_due(done, at, 5).offset_minutes == 40
    assert next_due([replace(s, measured_at=DOSE) for s in slots], at, 5) is None


# --- administration ---------------------------------------------------------------------
def test_devices_for_dose() -> None:
    assert devices_for_dose(56) == 2 and devices_for_dose(84) == 3
    for bad in (0, 50, 196):
        with pytest.raises(FieldError):
            devices_for_dose(bad)


@pytest.mark.parametrize("raw", ["", "   ", "A" * 41, "LOT\x07", "lot 12", "-abc", "ab;drop"])
def test_bad_lot_numbers_are_refused(raw: str) -> None:
    with pytest.raises(FieldError) as err:
        validate_lot_number(raw)
    assert err.value.field == "lot number"


def test_lot_number_is_normalised() -> None:
    assert validate_lot_number("  mfg23a-01 ") == "MFG23A-01"


@given(st.text(max_size=60))
def test_lot_validation_never_crashes(raw: str) -> None:
    try:
        lot = validate_lot_number(raw)
    except FieldError:
        return
    assert 1 <= len(lot) <= 40


def test_device_time_within_reason() -> None:
    validate_device_time(DOSE - timedelta(minutes=60), DOSE)
    for bad in (DOSE - timedelta(minutes=61), DOSE + timedelta(minutes=3)):
        with pytest.raises(FieldError):
            validate_device_time(bad, DOSE)


def test_five_minute_rest_needs_reason_when_early() -> None:
    first = DOSE
    early = DeviceRequest(2, first + timedelta(minutes=4, seconds=59), first, 2)
    with pytest.raises(RuleViolation) as err:
        check_device(early, early.administered_at)
    assert "less than 5 minutes" in err.value.reasons[0]
    check_device(replace(early, early_reason="patient vomited, re-dosed under supervision"),
                 early.administered_at)
    on_time = DeviceRequest(2, first + timedelta(minutes=5), first, 2)
    check_device(on_time, on_time.administered_at)
    assert rest_seconds_remaining(first, first + timedelta(minutes=3)) == 120
    assert rest_seconds_remaining(first, first + timedelta(minutes=6)) == 0


def test_too_many_devices_and_out_of_order() -> None:
    with pytest.raises(RuleViolation) as err:
        check_device(DeviceRequest(3, DOSE, DOSE + timedelta(minutes=1), 2, "x"), DOSE)
    assert len(err.value.reasons) == 2


# --- discharge gate ---------------------------------------------------------------------
def latest(**changes: object) -> LatestCheckpoint:
    base = LatestCheckpoint(7, DOSE + timedelta(minutes=118), 130, 84, 97, 5, "none")
    return replace(base, **changes)


def discharge_facts(**changes: object) -> DischargeFacts:
    base = DischargeFacts(now=DOSE + timedelta(minutes=120), first_device_at=DOSE, latest=latest(),
                          baseline_moaas=5, baseline_systolic=128, baseline_diastolic=82,
                          spo2_threshold=93, unactioned_alerts=0, ride_confirmed=True)
    return replace(base, **changes)


def test_discharge_allowed_when_all_met() -> None:
    result = assess_discharge(discharge_facts())
    assert result.allowed and result.minutes_since_first_device == 120


@pytest.mark.parametrize(("changes", "expected"), [
    ({"now": DOSE + timedelta(minutes=119, seconds=59)}, "only 119 of the required 120"),
    ({"first_device_at": None}, "no device"),
    ({"latest": None}, "no checkpoint"),
    ({"now": DOSE + timedelta(minutes=134)}, "older than 15 minutes"),
    ({"latest": latest(moaas=4)}, "not back to baseline"),
    ({"latest": latest(dissociation="mild")}, "ongoing dissociation"),
    ({"latest": latest(spo2=92)}, "below 93%"),
    ({"latest": latest(systolic=None, diastolic=None)}, "no blood pressure"),
    ({"latest": latest(systolic=150, diastolic=84)}, "not yet acceptable"),
    ({"unactioned_alerts": 2}, "2 alert(s) without an action note"),
    ({"ride_confirmed": False}, "ride home"),
])
def test_each_discharge_condition(changes: dict, expected: str) -> None:
    result = assess_discharge(discharge_facts(**changes))
    assert not result.allowed
    assert any(expected in r for r in result.unmet), result.unmet


def test_prescriber_acceptance_applies_to_that_checkpoint_only() -> None:
    high = latest(systolic=150, diastolic=95)
    assert assess_discharge(discharge_facts(latest=high)).bp_needs_acceptance
    assert assess_discharge(discharge_facts(latest=high, bp_accepted_for_checkpoint=7)).allowed
    assert not assess_discharge(discharge_facts(latest=high, bp_accepted_for_checkpoint=6)).allowed
    # At or below the patient's own elevated baseline is acceptable without acceptance.
    assert assess_discharge(discharge_facts(latest=high, baseline_systolic=152,
                                            baseline_diastolic=96)).allowed


def test_missing_devices_block_discharge() -> None:
    result = assess_discharge(discharge_facts(devices_recorded=1, devices_planned=2))
    assert result.unmet == [
        "only 1 of 2 devices recorded: record the rest or a prescriber changes the dose with a reason"]
