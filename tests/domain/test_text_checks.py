"""checked_text: the one free-text rule behind patient fields, reasons and session notes."""

from __future__ import annotations

import pytest

from aurora_desktop.domain.errors import FieldError
from aurora_desktop.domain.text import checked_text


def test_trims_and_optionally_folds_spaces() -> None:
    assert checked_text("reason", "  moved  away \n", 40) == "moved  away"
    assert checked_text("last name", "  O'Brien \t Smith ", 40, fold_spaces=True) == "O'Brien Smith"
    assert checked_text("notes", "   ", 40, required=False) == ""


@pytest.mark.parametrize(("raw", "limit", "required", "message"), [
    ("a\x07b", 40, True, "reason: must not contain control characters"),
    ("   ", 40, True, "reason: is required"),
    ("x" * 41, 40, True, "reason: must be at most 40 characters (got 41)"),
])
def test_refusals_name_the_field_and_what_is_allowed(raw: str, limit: int, required: bool,
                                                      message: str) -> None:
    with pytest.raises(FieldError) as caught:
        checked_text("reason", raw, limit, required=required)
    assert str(caught.value) == message
