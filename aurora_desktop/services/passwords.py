"""Argon2id password hashing with rehash-on-login when the parameters change."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from aurora_desktop.domain.accounts import password_problems
from aurora_desktop.domain.errors import FieldError


class Passwords:
    """Hashes and checks passwords; never logs or returns the plain text."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4) -> None:
        self.hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
        )

    @classmethod
    def fast_for_tests(cls) -> Passwords:
        """Weak parameters that keep the test suite quick (never used by the app)."""
        return cls(time_cost=1, memory_cost=1024, parallelism=1)

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        if not stored_hash:
            return False
        try:
            return self.hasher.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self.hasher.check_needs_rehash(stored_hash)
        except (InvalidHashError, ValueError):
            return True


def check_new_password(password: str, username: str = "", confirm: str | None = None) -> None:
    """Raise FieldError listing every policy problem (and a confirmation mismatch)."""
    problems = password_problems(password, username)
    if confirm is not None and confirm != password:
        problems.append("the two entries do not match")
    if problems:
        raise FieldError("password", "; ".join(problems))
