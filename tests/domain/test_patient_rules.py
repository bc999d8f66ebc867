"""Scales, TRD eligibility, contraindication screening and demographics validation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aurora_desktop.domain import contraindications as ci
from aurora_desktop.domain import scales
from aurora_desktop.domain.eligibility import TrialFacts, trd_verdict
from aurora_desktop.domain.enums import Answer, Contraindication, Scale, TrialOutcome
from aurora_desktop.domain.errors import FieldError
from aurora_desktop.domain.patient_validation import (
    field_errors,
    validate_date_of_birth,
    validate_demographics,
    validate_mrn,
    validate_phone,
)

TODAY = date(2026, 11, 27)


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_phq9_total_and_band_cover_the_range(items: list[int]) -> None:
    score = scales.total(Scale.PHQ9, items)
    assert 0 <= score <= 27 and score == sum(items)
    assert scales.severity(Scale.PHQ9, score) in {b for _, _, b in scales.PHQ9_BANDS}


@given(st.lists(st.integers(0, 6), min_size=10, max_size=10))
def test_madrs_total_in_range(items: list[int]) -> None:
    assert 0 <= scales.total(Scale.MADRS, items) <= 60


@given(st.lists(st.integers(-50, 50), min_size=9, max_size=9))
def test_phq9_out_of_range_item_is_named(items: list[int]) -> None:
    bad = [i for i, v in enumerate(items, start=1) if not 0 <= v <= 3]
    if not bad:
        assert scales.total(Scale.PHQ9, items) == sum(items)
        return
    with pytest.raises(FieldError) as err:
        scales.total(Scale.PHQ9, items)
    assert err.value.field == f"PHQ-9 item {bad[0]}" and "0 to 3" in err.value.message


@pytest.mark.parametrize("items", [[0] * 8, [0] * 10, [1.5] + [0] * 8, [True] + [0] * 8])
def test_phq9_shape_and_type_errors(items: list[object]) -> None:
    with pytest.raises(FieldError):
        scales.validate_items(Scale.PHQ9, items)


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
     (14, "moderate"), (15, "moderately severe"), (19, "moderately severe"),
     (20, "severe"), (27, "severe")],
)
def test_phq9_band_boundaries(score: int, band: str) -> None:
    assert scales.phq9_severity(score) == band


@given(st.integers(0, 60), st.integers(0, 60))
def test_response_means_at_least_half_drop(baseline: int, score: int) -> None:
    assert scales.is_response(baseline, score) == (baseline > 0 and score <= baseline / 2)


def test_remission_thresholds() -> None:
    assert scales.is_remission(Scale.PHQ9, 4) and not scales.is_remission(Scale.PHQ9, 5)
    assert scales.is_remission(Scale.MADRS, 12) and not scales.is_remission(Scale.MADRS, 13)


def test_score_series_flags_against_earliest_baseline() -> None:
    series = scales.score_series(Scale.PHQ9, [
        (date(2026, 2, 1), 10), (date(2026, 1, 1), 20), (date(2026, 3, 1), 4)])
    assert [p.total for p in series] == [20, 10, 4]
    assert series[0].is_baseline and not series[0].response
    assert series[1].response and not series[1].remission
    assert series[2].response and series[2].remission and series[2].change_from_baseline == -16


def trial(drug: str, **overrides: object) -> TrialFacts:
    values: dict[str, object] = dict(drug=drug, duration_weeks=8, adequate_dose=True,
                                     adequate_duration=True, current_episode=True,
                                     outcome=TrialOutcome.NO_RESPONSE)
    values.update(overrides)
    return TrialFacts(**values)  # type: ignore[arg-type]


def test_two_adequate_failures_meet_trd() -> None:
    verdict = trd_verdict([trial("sertraline"),
                           trial("bupropion", outcome=TrialOutcome.PARTIAL_RESPONSE)])
    assert verdict.met and verdict.qualifying_trials == ("sertraline", "bupropion")
    assert "Meets" in verdict.summary


@pytest.mark.parametrize(
    ("override", "why"),
    [({"adequate_dose": False}, "dose not adequate"),
     ({"adequate_duration": False}, "duration not adequate"),
     ({"current_episode": False}, "not in the current episode"),
     ({"outcome": TrialOutcome.RESPONSE}, "patient responded"),
     ({"outcome": TrialOutcome.INTOLERANCE}, "intolerance"),
     ({"outcome": TrialOutcome.UNKNOWN}, "response unknown")],
)
def test_trd_not_met_explains_why(override: dict[str, object], why: str) -> None:
    verdict = trd_verdict([trial("sertraline"), trial("escitalopram", **override)])
    assert not verdict.met
    assert verdict.reasons[0].startswith("1 of 2")
    assert any("escitalopram" in r and why in r for r in verdict.reasons)


def test_no_trials_recorded() -> None:
    verdict = trd_verdict([])
    assert not verdict.met and any("No prior" in r for r in verdict.reasons)


@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans(),
                          st.sampled_from(list(TrialOutcome))), max_size=6))
def test_trd_verdict_counts_only_fully_adequate_failures(rows: list[tuple]) -> None:
    trials = [trial(f"d{i}", adequate_dose=a, adequate_duration=b, current_episode=c,
                    outcome=o) for i, (a, b, c, o) in enumerate(rows)]
    good = sum(1 for a, b, c, o in rows if a and b and c and o in {
        TrialOutcome.NO_RESPONSE, TrialOutcome.PARTIAL_RESPONSE})
    verdict = trd_verdict(trials)
    assert verdict.met == (good >= 2) and len(verdict.qualifying_trials) == good


def all_answers(answer: Answer) -> dict[Contraindication, ci.ScreeningAnswer]:
    return {item: ci.ScreeningAnswer(answer) for item in Contraindication}


def test_screening_all_no_is_clear() -> None:
    status = ci.screening_status(all_answers(Answer.NO))
    assert status.clear and status.reasons == ()


def test_screening_yes_blocks_and_unknown_needs_decision() -> None:
    answers = all_answers(Answer.NO)
    answers[Contraindication.HYPERSENSITIVITY] = ci.ScreeningAnswer(Answer.YES)
    answers[Contraindication.ARTERIOVENOUS_MALFORMATION] = ci.ScreeningAnswer(Answer.UNKNOWN)
    status = ci.screening_status(answers)
    assert not status.clear
    assert any("Hypersensitivity" in r and "YES" in r for r in status.blocking)
    assert any("Arteriovenous" in r for r in status.needs_decision)


def test_unknown_with_prescriber_decision_is_clear_and_unscreened_blocks() -> None:
    answers = all_answers(Answer.NO)
    answers[Contraindication.ARTERIOVENOUS_MALFORMATION] = ci.ScreeningAnswer(
        Answer.UNKNOWN, "MRI 2024 normal; proceed")
    assert ci.screening_status(answers).clear
    del answers[Contraindication.HYPERSENSITIVITY]
    status = ci.screening_status(answers)
    assert not status.clear and any("not screened" in r for r in status.blocking)


def test_valid_demographics_are_normalised() -> None:
    d = validate_demographics(mrn=" wp-000123 ", first_name="  Zoë ", last_name="O’Brien",
                              date_of_birth=date(1980, 5, 1), today=TODAY,
                              phone="914.555.0123", email="zoe@example.com")
    assert (d.mrn, d.first_name, d.phone) == ("WP-000123", "Zoë", "(914) 555-0123")
    assert d.search_name == "zoe o'brien" and d.phone_digits == "9145550123"


@pytest.mark.parametrize(
    ("birth", "message"),
    [(None, "required"), (TODAY, "in the past"), (date(2027, 1, 1), "in the past"),
     (date(1900, 1, 1), "check the year"), (date(2010, 1, 1), "adults (18+) only")],
)
def test_date_of_birth_rules(birth: date | None, message: str) -> None:
    with pytest.raises(FieldError) as err:
        validate_date_of_birth(birth, TODAY)
    assert err.value.field == "date of birth" and message in err.value.message


def test_eighteenth_birthday_is_allowed() -> None:
    assert validate_date_of_birth(date(2008, 11, 27), TODAY) == date(2008, 11, 27)
    with pytest.raises(FieldError):
        validate_date_of_birth(date(2008, 11, 28), TODAY)


@pytest.mark.parametrize("raw", ["555-0123", "(014) 555-0123", "914555012a", "914 555 01234"])
def test_bad_phones(raw: str) -> None:
    with pytest.raises(FieldError) as err:
        validate_phone("phone", raw)
    assert "(914) 555-0123" in err.value.message


@pytest.mark.parametrize("raw", ["", "ab", "WP 1234", "X" * 21, "A\x07BC"])
def test_bad_mrns(raw: str) -> None:
    with pytest.raises(FieldError) as err:
        validate_mrn(raw)
    assert err.value.field == "MRN"


def test_field_errors_lists_every_problem() -> None:
    errors = field_errors(mrn="", first_name="A\x00", last_name="", date_of_birth=None,
                          phone="123", today=TODAY)
    assert set(errors) == {"first name", "last name", "date of birth", "MRN", "phone"}
    assert "control characters" in errors["first name"]


def test_name_too_long_is_refused() -> None:
    with pytest.raises(FieldError) as err:
        validate_demographics(mrn="WP-1", first_name="A" * 81, last_name="B",
                              date_of_birth=date(1980, 1, 1), today=TODAY,
                              phone="9145550123")
    assert err.value.field == "first name" and "80" in err.value.message
