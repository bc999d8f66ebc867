"""`aurora-admin user ...` and `audit verify|export` on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from aurora_desktop.cli import run
from aurora_desktop.commands.base import CliContext
from aurora_desktop.commands.user_commands import read_new_password
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.settings import resolve
from tests.conftest import DEFAULT_NOW, build_services
from tests.services.test_audit_trail import _tamper, _write_events

PW = "correct horse battery"


def call(url: str, *argv: str, stdin: str = "", clock: FakeClock | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    cli = CliContext(resolve(database_url=url), out=out, err=err, stdin=io.StringIO(stdin))
    if clock is not None:
        cli.clock = clock
    code = run(["--database-url", url, *argv], cli)
    return code, out.getvalue(), err.getvalue()


def test_user_commands_end_to_end(database_url: str) -> None:
    code, _, err = call(database_url, "user", "list")
    assert code == 0 and "no accounts yet" in err
    code, out, _ = call(database_url, "user", "add", "--username", "Ada", "--full-name", "Ada Admin",
                        "--role", "admin", "--keep-password", "--password-stdin", stdin=PW + "\n")
    assert code == 0 and out.startswith("created ada (id 1): Administrator")
    code, _, err = call(database_url, "user", "add", "--username", "nina", "--full-name", "Nina",
                        "--role", "nurse,doctor", "--password-stdin", stdin=PW + "\n")
    assert code == 1 and "unknown role 'doctor'" in err and err.count("\n") == 1
    code, _, err = call(database_url, "user", "add", "--username", "nina", "--full-name", "Nina",
                        "--role", "nurse", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 12 characters" in err
    assert call(database_url, "user", "add", "--username", "nina", "--full-name", "Nina Nurse",
                "--role", "nurse", "--password-stdin", stdin=PW + "\n")[0] == 0

    clock = FakeClock(DEFAULT_NOW)
    services = build_services(database_url, clock)
    try:
        for _ in range(5):
            with pytest.raises(Exception, match="Wrong|locked"):
                services.auth.sign_in("nina", "wrong password!")
    finally:
        services.ctx.db.dispose()
    code, out, _ = call(database_url, "user", "list", clock=clock)
    assert "nina\tNina Nurse\tNurse\tlocked until 9:15 AM on 12/01/2026\tmust change password" in out
    assert call(database_url, "user", "unlock", "nina", clock=clock)[1] == "unlocked nina\n"
    code, out, _ = call(database_url, "user", "reset-password", "nina", "--password-stdin",
                        stdin="temporary password 9\n")
    assert code == 0 and "new one is required" in out
    assert call(database_url, "user", "roles", "nina", "--role", "nurse", "--role", "prescriber")[1] == (
        "nina: Nurse, Prescriber\n")
    assert call(database_url, "user", "deactivate", "nina")[0] == 0
    code, _, err = call(database_url, "user", "deactivate", "ada")
    assert code == 1 and "last active administrator" in err
    code, _, err = call(database_url, "user", "unlock", "nobody")
    assert code == 1 and "account 'nobody' not found" in err
    data = json.loads(call(database_url, "user", "list", "--json")[1])
    assert [(u["username"], u["active"]) for u in data] == [("ada", True), ("nina", False)]


def test_audit_verify_exit_codes_and_export(database_url: str, tmp_path: Path) -> None:
    assert call(database_url, "user", "add", "--username", "ada", "--full-name", "Ada Admin",
                "--role", "admin", "--password-stdin", stdin=PW + "\n")[0] == 0
    code, out, _ = call(database_url, "audit", "verify")
    assert code == 0 and out == "audit trail intact: 3 events verified\n"
    target = tmp_path / "audit.csv"
    code, out, _ = call(database_url, "audit", "export", "--from", "2020-01-01", "--to", "2099-12-31",
                        "-o", str(target))
    assert code == 0 and "exported 3 events" in out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["action"] for r in rows] == ["create", "create", "create"]
    code, _, err = call(database_url, "audit", "export", "--from", "2026-12-02", "--to", "2026-12-01",
                        "-o", str(target))
    assert code == 2 and "--to must not be before --from" in err

    clock = FakeClock(DEFAULT_NOW)
    services = build_services(database_url, clock)
    try:
        _tamper(services, "UPDATE audit_event SET actor_username = 'mallory' WHERE id = 3")
    finally:
        services.ctx.db.dispose()
    code, _, err = call(database_url, "audit", "verify")
    assert code == 4
    assert err == ("aurora-admin: audit trail BROKEN at event id 3: content does not match its hash "
                   "(3 events checked)\n")


def test_interactive_password_is_asked_twice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    answers = iter([PW, PW + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    args = type("Args", (), {"password_stdin": False})()
    cli = CliContext(resolve(data_dir=tmp_path))
    with pytest.raises(Exception, match="do not match"):
        read_new_password(args, cli, "nina")
    answers = iter([PW, PW])
    assert read_new_password(args, cli, "nina") == PW


TAMPERING = {
    "edited": (["UPDATE audit_event SET details = '{}' WHERE id = 4"], 4),
    "deleted": (["DELETE FROM audit_event WHERE id = 4"], 5),
    "reordered": (["UPDATE audit_event SET id = 100 WHERE id = 7",
                   "UPDATE audit_event SET id = 7 WHERE id = 6",
                   "UPDATE audit_event SET id = 6 WHERE id = 100"], 6),
    "inserted": (["UPDATE audit_event SET id = id + 10 WHERE id >= 5",
                  "INSERT INTO audit_event (id, occurred_at, actor_username, workstation, action, entity,"
                  " entity_id, details, break_glass, prev_hash, hash) SELECT 5, occurred_at,"
                  " actor_username, workstation, 'view', entity, entity_id, details, break_glass,"
                  " hash, 'f' || substr(hash, 2) FROM audit_event WHERE id = 4"], 5),
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_audit_verify_names_the_first_broken_link(database_url: str, kind: str) -> None:
    from aurora_desktop.services.actor import Actor

    statements, broken_id = TAMPERING[kind]
    services = build_services(database_url, FakeClock(DEFAULT_NOW))
    try:
        _write_events(services, Actor.command_line())
        _tamper(services, *statements)
    finally:
        services.ctx.db.dispose()
    code, out, err = call(database_url, "audit", "verify")
    assert code == 4 and out == ""
    assert err.startswith(f"aurora-admin: audit trail BROKEN at event id {broken_id}: ")
