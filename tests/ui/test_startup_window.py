"""Start-up: the sign-in window paints before the database layer loads, then becomes usable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from aurora_desktop import app, startup
from aurora_desktop.settings import resolve
from aurora_desktop.ui.auth.setup_dialog import FirstRunDialog
from aurora_desktop.ui.auth.sign_in_dialog import SignInDialog
from tests.support.fresh_python import run_fresh

PW = "a long enough passphrase 42"
PRE_PAINT = """
import sys
import aurora_desktop.app
from aurora_desktop.ui.auth.sign_in_dialog import SignInDialog
from aurora_desktop.ui.first_paint import show_painted
heavy = ("sqlalchemy", "alembic", "reportlab", "aurora_desktop.db", "aurora_desktop.startup",
         "aurora_desktop.services.container", "aurora_desktop.services.auth")
print(sorted(m for m in sys.modules if m.startswith(heavy)))
"""


def test_the_sign_in_window_needs_no_database_layer() -> None:
    assert run_fresh(PRE_PAINT) == "[]"


def test_warm_up_imports_the_main_window_ahead_of_sign_in() -> None:
    code = ("import gc, sys, weakref\n"
            "from aurora_desktop.ui.warm_up import MAIN_WINDOW_MODULES, warm_up_main_window\n"
            "before = [m for m in MAIN_WINDOW_MODULES if m in sys.modules]\n"
            "warm_up_main_window()\n"
            "class Node: pass\n"
            "later = Node(); later.me = later; ref = weakref.ref(later); del later; gc.collect()\n"
            "print(before, [m for m in MAIN_WINDOW_MODULES if m not in sys.modules],\n"
            "      gc.get_freeze_count() > 10000, ref() is None)\n")
    # imported; the objects alive then are out of the collector's reach (frozen); a cycle made
    # afterwards is still collected
    assert run_fresh(code) == "[] [] True True"


def test_a_waiting_sign_in_window_keeps_typing_and_refuses_until_ready(qtbot, sqlite_services) -> None:  # noqa: ANN001
    dialog = SignInDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ready and not dialog.sign_in_button.isEnabled()
    assert dialog.status.isVisible() and "Opening the database" in dialog.status.text()
    dialog.username.setText("nobody")
    assert dialog.attempt() is False and dialog.actor is None and not dialog.error.isVisible()
    dialog.set_auth(sqlite_services.auth)
    assert dialog.ready and dialog.sign_in_button.isEnabled() and not dialog.status.isVisible()
    assert dialog.username.text() == "nobody"
    assert dialog.attempt() is False and dialog.error.isVisible()  # now the service answers


def _visible_sign_in_dialogs() -> list[SignInDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()]


@pytest.fixture
def watched_start(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Record what is on screen while the database opens."""
    seen: dict = {}
    real_open = startup.open_services

    def open_services(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        shown = _visible_sign_in_dialogs()
        seen["shown_while_opening"] = shown
        seen["button_enabled_while_opening"] = [d.sign_in_button.isEnabled() for d in shown]
        for dialog in shown:
            dialog.username.setText("ada")  # the user types while the database opens
        return real_open(*args, **kwargs)

    monkeypatch.setattr(startup, "open_services", open_services)
    return seen


def test_main_paints_sign_in_first_and_signs_in_with_the_same_window(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watched_start: dict, qapp) -> None:  # noqa: ANN001
    services = startup.open_services(resolve(data_dir=tmp_path, environ={}))
    try:
        services.auth.create_first_admin("ada", "Ada Admin", PW, confirm=PW)
    finally:
        services.ctx.db.dispose()

    def sign_in_exec(dialog: SignInDialog) -> int:
        watched_start["exec"] = (dialog, dialog.ready, dialog.username.text(), dialog.isVisible())
        # the user quits at sign-in; the window closes as a real exec() would close it (left
        # open, it was still on screen for the next test whenever it outlived this one)
        dialog.done(QDialog.DialogCode.Rejected)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", sign_in_exec)
    assert app.main(["--data-dir", str(tmp_path)]) == 0
    shown = watched_start["shown_while_opening"]
    assert len(shown) == 1 and watched_start["button_enabled_while_opening"] == [False]
    dialog, ready, typed, visible = watched_start["exec"]
    assert dialog is shown[0] and ready and typed == "ada" and visible


def test_first_run_replaces_the_waiting_sign_in_window(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watched_start: dict, qapp) -> None:  # noqa: ANN001
    def first_run_exec(dialog: FirstRunDialog) -> int:
        watched_start["sign_in_visible_at_setup"] = _visible_sign_in_dialogs()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FirstRunDialog, "exec", first_run_exec)
    monkeypatch.setattr(SignInDialog, "exec", lambda _d: pytest.fail("no accounts: no sign-in"))
    assert app.main(["--data-dir", str(tmp_path)]) == 0
    assert len(watched_start["shown_while_opening"]) == 1
    assert watched_start["sign_in_visible_at_setup"] == []
