"""Column helpers shared by the model modules (enums stored as checked text)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Integer
from sqlalchemy.orm import mapped_column


def enum_column(enum_cls: type[StrEnum], name: str, **kwargs: object):  # noqa: ANN201
    """A text column limited by a named CHECK constraint to the enum's values."""
    return mapped_column(
        Enum(
            enum_cls,
            native_enum=False,
            create_constraint=True,
            length=32,
            name=name,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        ),
        **kwargs,
    )


def staff_fk(nullable: bool = True, **kwargs: object):  # noqa: ANN201
    """A reference to the staff member who did something (kept even if deactivated)."""
    return mapped_column(Integer, ForeignKey("staff_member.id"), nullable=nullable, **kwargs)
