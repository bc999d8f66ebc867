"""New accounts: control characters in the full name or credentials are refused, naming the field."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import FieldError
from aurora_desktop.services.container import Services
from tests.support.staff import StaffSet

PW = "a long enough password 1"
_NAMES = itertools.count(1)
# Control characters that are not whitespace a paste can bring in (tab, line feed and CR are
# folded to a space like every other name field).
CONTROL = st.sampled_from([chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                            *range(0x7F, 0xA0)]])
NAME_PART = st.text(st.characters(categories=["L", "Zs"], exclude_characters="\x85\xa0"),
                    max_size=20)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(before=NAME_PART, control=CONTROL, after=NAME_PART)
def test_full_name_with_a_control_character_is_refused(
    sqlite_services: Services, sqlite_staff: StaffSet, before: str, control: str, after: str
) -> None:
    users = sqlite_services.users
    count = len(users.list_users(sqlite_staff.admin))
    username = f"user{next(_NAMES)}"
    with pytest.raises(FieldError) as refused:
        users.add_user(sqlite_staff.admin, username, f"Nina {before}{control}{after}", [Role.NURSE], PW)
    assert refused.value.field == "full name" and "control characters" in refused.value.message
    with pytest.raises(FieldError) as refused:
        users.add_user(sqlite_staff.admin, username, "Nina Nurse", [Role.NURSE], PW,
                       credentials=f"RN{control}")
    assert refused.value.field == "credentials"
    assert len(users.list_users(sqlite_staff.admin)) == count  # nothing written


def test_names_are_tidied_and_stored_clean(services: Services, staff: StaffSet) -> None:
    made = services.users.add_user(staff.admin, "nina", "  Nina\tZoë \n O’Brien ", [Role.NURSE],
                                   PW, credentials=" RN ")
    assert (made.full_name, made.credentials) == ("Nina Zoë O’Brien", "RN")
    with pytest.raises(FieldError, match="full name: is required"):
        services.users.add_user(staff.admin, "blank", " \t ", [Role.NURSE], PW)
    with pytest.raises(FieldError, match="full name: must not contain control characters"):
        services.users.add_user(staff.admin, "bell", "Nina\x07Nurse", [Role.NURSE], PW)
