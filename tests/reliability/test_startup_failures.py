"""Corrupt or foreign files, unusable folders and a full disk: a readable StartupError, file untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from aurora_desktop import app
from aurora_desktop.db import database as database_module
from aurora_desktop.settings import resolve
from aurora_desktop.startup import StartupError, open_services


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start(settings) -> StartupError:  # noqa: ANN001
    with pytest.raises(StartupError) as caught:
        open_services(settings)
    message = str(caught.value)
    assert "Traceback" not in message and "\n" not in message
    return caught.value


def test_garbage_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    db_file = tmp_path / "aurora.db"
    db_file.write_bytes(os.urandom(3) + b"this is a spreadsheet, not a database" * 300)
    before = sha(db_file)
    error = start(resolve(data_dir=tmp_path, environ={}))
    assert "file is not a database" in str(error)
    assert "damaged or is not an Aurora Desktop database; it was left untouched" in str(error)
    assert "aurora-admin restore" in str(error)
    assert sha(db_file) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aurora.db"]


def test_damaged_database_pages_are_reported(tmp_path: Path) -> None:
    settings = resolve(data_dir=tmp_path, environ={})
    open_services(settings).ctx.db.dispose()
    db_file = tmp_path / "aurora.db"
    data = bytearray(db_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # destroy the schema page after the header
    db_file.write_bytes(bytes(data))
    before = sha(db_file)
    error = start(settings)
    assert "cannot open database (SQLite: " in str(error) and "malformed" in str(error)
    assert sha(db_file) == before


def test_another_programs_database_is_not_migrated(tmp_path: Path) -> None:
    db_file = tmp_path / "aurora.db"
    raw = sqlite3.connect(db_file)
    raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    raw.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    raw.commit()
    raw.close()
    before = sha(db_file)
    error = start(resolve(data_dir=tmp_path, environ={}))
    assert "1 tables of another program and is not an Aurora Desktop database" in str(error)
    assert sha(db_file) == before


def test_unusable_data_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    error = start(resolve(data_dir=blocker / "data", environ={}))
    assert str(error).startswith(f"cannot create data folder {blocker / 'data'}")


def test_read_only_database(tmp_path: Path) -> None:
    settings = resolve(data_dir=tmp_path, environ={})
    open_services(settings).ctx.db.dispose()
    db_file = tmp_path / "aurora.db"
    before = sha(db_file)
    # Read-only as the operating system reports it to SQLite (root ignores file modes, so
    # chmod cannot simulate it here): the URI opens the file read-only.
    url = f"sqlite:///file:{db_file}?mode=ro&uri=true"
    error = start(resolve(database_url=url, data_dir=tmp_path, environ={}))
    assert "cannot open database (SQLite: " in str(error)
    assert "readonly database" in str(error) and "is writable" in str(error)
    assert sha(db_file) == before


def test_full_disk_while_starting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = resolve(data_dir=tmp_path, environ={})
    db_file = tmp_path / "aurora.db"
    db_file.touch()  # a new, empty database file on a disk with no room left
    original = database_module._install_sqlite_hooks

    def full_disk(engine) -> None:  # noqa: ANN001
        original(engine)

        @event.listens_for(engine, "connect")
        def _no_room(dbapi_connection, _record) -> None:  # noqa: ANN001
            dbapi_connection.execute("PRAGMA max_page_count=1")

    monkeypatch.setattr(database_module, "_install_sqlite_hooks", full_disk)
    error = start(settings)
    assert "database or disk is full" in str(error) and "Free disk space" in str(error)
    raw = sqlite3.connect(db_file)
    assert raw.execute("SELECT COUNT(*) FROM sqlite_master").fetchone() == (0,)  # nothing half-made
    raw.close()


def test_gui_shows_the_error_in_a_dialog_and_exits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   qapp) -> None:  # noqa: ANN001
    (tmp_path / "aurora.db").write_bytes(b"\x00garbage" * 1000)
    shown: list[tuple[str, str]] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    assert app.main(["--data-dir", str(tmp_path)]) == 2
    assert shown and shown[0][0] == "Aurora Desktop cannot start"
    assert "not an Aurora Desktop database" in shown[0][1]
